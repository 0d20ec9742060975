//! ## What it does
//! Across all the files of one `sopkit check`, reports SOPs that share an
//! `id`, in each of the files, naming the other.
//!
//! ## Why is this bad?
//! A document number names one document. Two SOPs with one number make
//! references, translations and audits point at the wrong procedure.
//!
//! ## Example
//! `billing/refund.sop.yaml` and `billing/dispute.sop.yaml` both say:
//! ```yaml
//! id: FIN-007
//! ```
//! Give one of them the next free number (`FIN-008`).

use std::collections::HashMap;

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedFile;

/// The message names this many of the other files at most.
const MAX_LISTED: usize = 10;

pub(super) fn check_all(files: &mut [LoadedFile]) {
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        if let Some(id) = file.sop.as_ref().and_then(|s| s.id.as_ref()) {
            by_id.entry(id.value.clone()).or_default().push(f);
        }
    }
    let mut groups: Vec<_> = by_id.into_iter().filter(|(_, g)| g.len() > 1).collect();
    groups.sort();
    for (id, group) in groups {
        let places: Vec<String> = group
            .iter()
            .map(|&f| {
                let file = &files[f];
                let span = file
                    .sop
                    .as_ref()
                    .and_then(|s| s.id.as_ref())
                    .map(|i| i.span)
                    .unwrap_or_default();
                let at = file.source.line_col(span.start);
                format!("{}:{}:{}", file.source.name(), at.line, at.column)
            })
            .collect();
        for (k, &f) in group.iter().enumerate() {
            // The first few others are named; a thousand copies of one id
            // would otherwise list a thousand places in each.
            let mut others = places
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, p)| p.as_str())
                .take(MAX_LISTED)
                .collect::<Vec<&str>>()
                .join(", ");
            let more = (places.len() - 1).saturating_sub(MAX_LISTED);
            if more > 0 {
                others.push_str(&format!(" … and {more} more"));
            }
            let file = &mut files[f];
            let Some(span) = file
                .sop
                .as_ref()
                .and_then(|s| s.id.as_ref())
                .map(|i| i.span)
            else {
                continue;
            };
            file.diagnostics.push(
                Diagnostic::new(
                    Rule::MetaDuplicateId,
                    span,
                    format!("SOP id `{id}` is also used by {others}"),
                )
                .with_help("give every SOP its own id"),
            );
        }
    }
}
