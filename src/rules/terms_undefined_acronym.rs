//! ## What it does
//! Reports an acronym (a word of two or more capital letters, such as `SLA`
//! or `CRM`, in any alphabet) that appears in the purpose, scope, steps,
//! substeps, notes, warnings or scripts but is not defined in `terms`. Each
//! acronym is reported once, at its first use. Inline code and URLs are
//! not read.
//!
//! ## Why is this bad?
//! Acronyms are the jargon a new employee stumbles on first. An SOP exists so
//! that a newcomer can follow it alone.
//!
//! ## Example
//! ```yaml
//! terms: {}
//! instructions:
//!   - text: Save the note in the ticket, tagged with the SKU.
//! ```
//! Define it:
//! ```yaml
//! terms:
//!   SKU: Stock keeping unit, the product code on the label.
//! ```

use super::{FileContext, Rule};
use std::collections::HashSet;

use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.sop.terms_unreadable {
        return; // already reported; the terms cannot be compared with the text
    }
    // A term defines an acronym written in any case (`Sla`, `sla`): each
    // term is folded once, so the rule is linear in terms and acronyms.
    let folded: HashSet<String> = ctx
        .sop
        .terms
        .keys()
        .flat_map(|t| [t.to_ascii_lowercase(), t.to_uppercase()])
        .collect();
    let allowed: HashSet<&str> = ctx
        .config
        .allowed_acronyms
        .iter()
        .map(String::as_str)
        .collect();
    for (acronym, &span) in &ctx.prose.acronyms {
        let defined = folded.contains(acronym) || folded.contains(&acronym.to_ascii_lowercase());
        if defined || allowed.contains(acronym.as_str()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::TermsUndefinedAcronym,
                span,
                format!("acronym `{acronym}` is not defined in `terms`"),
            )
            .with_help(ctx.format().add_term_help(acronym)),
        );
    }
}
