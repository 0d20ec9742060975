//! Which swimlane each step of a flowchart goes in: one lane per role, in
//! the order `roles` gives them, and one for steps without a role. The
//! SVG flowchart and the BPMN process both draw these lanes.

use super::Document;

/// The lanes: each role in the order `roles` gives them, named by its
/// description, then one for steps without a role, if there are any.
pub(crate) fn lane_names(doc: &Document<'_>) -> Vec<String> {
    let mut names: Vec<String> = doc
        .sop
        .roles
        .iter()
        .flat_map(|roles| roles.iter())
        .map(|(id, description)| {
            if description.value.trim().is_empty() {
                id.value.clone()
            } else {
                description.value.clone()
            }
        })
        .collect();
    if doc.sop.instructions.iter().any(|s| s.role.is_none()) || names.is_empty() {
        names.push(doc.labels.no_role.to_owned());
    }
    names
}

/// The lane of step `step`: its role's, or the last one (no role).
pub(crate) fn lane_index(doc: &Document<'_>, step: usize, lane_names: &[String]) -> Option<usize> {
    if lane_names.is_empty() {
        return None;
    }
    let role = doc.sop.instructions[step].role.as_ref();
    let declared =
        role.and_then(|role| doc.sop.roles.as_ref()?.keys().position(|k| k == role.value));
    Some(declared.unwrap_or(lane_names.len() - 1))
}
