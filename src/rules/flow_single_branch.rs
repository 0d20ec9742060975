//! ## What it does
//! Reports a decision (a step with `branches`) that has fewer than two
//! branches.
//!
//! ## Why is this bad?
//! A decision with one way forward decides nothing: the reader looks for the
//! other option and finds none. Use `next` for a plain jump.
//!
//! ## Example
//! ```yaml
//!   - id: check
//!     text: Is the customer verified?
//!     branches:
//!       "yes": refund
//! ```
//! Say what happens otherwise:
//! ```yaml
//!     branches:
//!       "yes": refund
//!       "no": verify
//! ```

use super::{FileContext, Rule, step_name, step_span};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (i, step) in ctx.sop.instructions.iter().enumerate() {
        let Some(branches) = &step.branches else {
            continue;
        };
        if branches.len() >= 2 {
            continue;
        }
        let span = branches
            .iter()
            .next()
            .map_or_else(|| step_span(step), |(label, _)| label.span);
        let count = match branches.len() {
            0 => "no branches".to_owned(),
            _ => "only one branch".to_owned(),
        };
        out.push(
            Diagnostic::new(
                Rule::FlowSingleBranch,
                span,
                format!("decision {} has {count}", step_name(ctx.sop, i)),
            )
            .with_help("add the other branch, or use `next` for a plain jump"),
        );
    }
}
