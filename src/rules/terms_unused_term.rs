//! ## What it does
//! Reports a term defined in `terms` that the SOP never uses: not in its
//! title, purpose, scope, steps, substeps, notes, warnings, scripts or metric
//! names. A term is used when it appears as a whole word or phrase, in any
//! case, singular or with a plural `s`.
//!
//! ## Why is this bad?
//! A glossary entry nobody needs is noise, and often a sign that the text
//! changed (the jargon was renamed) and the glossary did not.
//!
//! ## Example
//! ```yaml
//! terms:
//!   IVR: Interactive voice response menu.
//!   ACD: Automatic call distributor.
//! instructions:
//!   - text: Note which IVR option the customer chose.
//! ```
//! Remove `ACD`, or use it where it belongs.

use super::{FileContext, Rule};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.sop.terms_unreadable {
        return; // already reported; the terms cannot be compared with the text
    }
    for (i, (term, _)) in ctx.sop.terms.iter().enumerate() {
        if ctx.prose.uses_term(i) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::TermsUnusedTerm,
                term.span,
                format!("term `{}` is defined but never used", term.value),
            )
            .with_help("remove it from `terms`, or use it in the text"),
        );
    }
}
