//! The fix of a badly formed step id (`Check Amount` → `check-amount`),
//! attached after every file of a run is checked, because whether it is
//! safe depends on the whole file and on the files checked with it.
//!
//! The slug is offered only when renaming the id changes nothing else: the
//! slug is a valid id no other step has, no `next` or branch names the old
//! id (they would break), and the SOP is not a translation nor translated
//! (a translation must keep its source's step ids).

use std::collections::HashSet;

use crate::diagnostic::Fix;
use crate::load::LoadedFile;
use crate::load::scalars::slug;
use crate::model::{Sop, StepId};
use crate::rule::Rule;

/// Attaches the slug fix to each badly formed step id where it is safe.
pub(super) fn attach(files: &mut [LoadedFile]) {
    let translated: HashSet<String> = files
        .iter()
        .filter_map(|f| Some(f.sop.as_ref()?.translation_of.as_ref()?.value.clone()))
        .collect();
    for file in files {
        let Some(sop) = &file.sop else {
            continue;
        };
        let in_family = sop.translation_of.is_some()
            || sop
                .id
                .as_ref()
                .is_some_and(|id| translated.contains(&id.value));
        if in_family {
            continue;
        }
        for d in &mut file.diagnostics {
            if d.rule != Rule::SchemaInvalidValue || d.fix.is_some() {
                continue;
            }
            let Some(step) = sop
                .instructions
                .iter()
                .find(|s| s.id.as_ref().is_some_and(|id| id.span == d.span))
            else {
                continue;
            };
            let Some(old) = step.id_str() else {
                continue;
            };
            let new = slug(old);
            if StepId::is_valid(old) || !StepId::is_valid(&new) || !safe_to_rename(sop, old, &new) {
                continue;
            }
            d.fix = crate::format::spelling::replace_value(&file.source, d.span, &new)
                .map(|edit| Fix {
                    title: format!("Rename the step to `{new}`"),
                    edits: vec![edit],
                })
                .map(Box::new);
        }
    }
}

/// Whether no other step is `new` already, and nothing names `old`.
fn safe_to_rename(sop: &Sop, old: &str, new: &str) -> bool {
    let taken = sop.instructions.iter().any(|s| s.id_str() == Some(new));
    let twice = sop
        .instructions
        .iter()
        .filter(|s| s.id_str() == Some(old))
        .count()
        > 1;
    let named = sop.instructions.iter().any(|s| {
        s.next.as_ref().is_some_and(|n| n.value == old)
            || s.branches
                .as_ref()
                .is_some_and(|b| b.iter().any(|(_, t)| t.value == old))
    });
    !(taken || twice || named)
}
