//! Hover: on a step id (where it is defined or named), the step's text,
//! role and where it leads; on a role, its description; on a term or an
//! acronym of the prose, its definition from `terms`; on a metric, its
//! target and kind.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::index::{self, Item};
use super::world::{Failure, World};
use crate::model::{MetricKind, Sop};
use crate::prose::as_acronym;

pub(super) fn hover(world: &World<'_>, params: HoverParams) -> Result<Option<Hover>, Failure> {
    let at = params.text_document_position_params;
    let doc = world.document(&at.text_document.uri)?;
    let Some(file) = world.analysis.file(&doc.path) else {
        return Ok(None);
    };
    let Some(sop) = &file.sop else {
        return Ok(None);
    };
    let lines = doc.lines();
    let offset = lines.offset(at.position);
    let found = match index::at(sop, offset) {
        Some((span, item)) => describe(sop, item).map(|text| (span, text)),
        None => index::prose_word(sop, file.source.text(), offset)
            .and_then(|(span, word)| term(sop, word).map(|text| (span, text))),
    };
    Ok(found.map(|(span, value)| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(lines.range(span)),
    }))
}

fn describe(sop: &Sop, item: Item<'_>) -> Option<String> {
    match item {
        Item::StepDef(_) | Item::StepRef(_) => {
            let id = index::step_id(sop, item)?;
            let Some(i) = index::step_of(sop, id) else {
                return Some(format!("no step has the id `{id}`"));
            };
            Some(step(sop, i))
        }
        Item::RoleDef(role) | Item::RoleRef(role) => {
            Some(match sop.roles.as_ref().and_then(|r| r.get(role)) {
                Some(description) => format!("**role `{role}`**: {}", description.value),
                None => format!("role `{role}` is not one of the SOP's `roles`"),
            })
        }
        Item::Metric(i) => {
            let metric = sop.metrics.get(i)?;
            let kind = metric.kind.as_ref().map_or("", |k| match k.value {
                MetricKind::Response => " (response)",
                MetricKind::Turnaround => " (turnaround: the longest the whole procedure may take)",
                MetricKind::Other => " (other)",
            });
            Some(format!(
                "**{}**: target `{}`{kind}",
                metric.name.value, metric.target.value
            ))
        }
        Item::TermDef(t) => term(sop, t),
    }
}

/// A step: its id and number, text, role and where it leads.
fn step(sop: &Sop, i: usize) -> String {
    let step = &sop.instructions[i];
    let id = step.id_str().unwrap_or("");
    let mut out = format!(
        "**step `{id}`** (step {} of {})\n\n{}",
        i + 1,
        sop.instructions.len(),
        step.text.value.trim()
    );
    if let Some(role) = &step.role {
        let what = sop
            .roles
            .as_ref()
            .and_then(|r| r.get(&role.value))
            .map_or(String::new(), |d| format!(": {}", d.value));
        out.push_str(&format!("\n\n*role:* `{}`{what}", role.value));
    }
    if let Some(duration) = &step.duration {
        out.push_str(&format!("\n\n*duration:* {}", duration.value));
    }
    if let Some(branches) = &step.branches {
        let list: Vec<String> = branches
            .iter()
            .map(|(label, target)| format!("- {} → `{}`", label.value, target.value))
            .collect();
        out.push_str(&format!("\n\n*decision:*\n{}", list.join("\n")));
    } else if let Some(next) = &step.next {
        out.push_str(&format!("\n\n*next:* `{}`", next.value));
    } else if step.ends() {
        out.push_str("\n\n*ends the procedure*");
    }
    out
}

/// A term's definition, for a word of the prose or a key of `terms`: the
/// term as written, in any case, or an acronym's singular (`SOPs`).
fn term(sop: &Sop, word: &str) -> Option<String> {
    let stem = as_acronym(word).unwrap_or(word);
    let found = sop
        .terms
        .iter()
        .find(|(k, _)| k.value == word || k.value == stem)
        .or_else(|| {
            sop.terms
                .iter()
                .find(|(k, _)| k.value.eq_ignore_ascii_case(word))
        });
    match found {
        Some((key, definition)) => Some(format!("**{}**: {}", key.value, definition.value)),
        None if as_acronym(word).is_some() => Some(format!("`{stem}` is not defined in `terms`")),
        None => None,
    }
}
