//! ## What it does
//! Reports a step whose `id` is already the id of an earlier step, and points
//! at the first definition.
//!
//! ## Why is this bad?
//! `next` and branches name steps by id. With two steps of one id, a jump
//! goes to the first, and the second can only be reached by falling through:
//! almost never what the writer meant.
//!
//! ## Example
//! ```yaml
//! instructions:
//!   - id: refund
//!     text: Refund the first charge.
//!   - id: refund
//!     text: Refund the second charge.
//! ```
//! Give every step its own id:
//! ```yaml
//!   - id: refund-second
//!     text: Refund the second charge.
//! ```

use super::{FileContext, Rule, step_span};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for &(step, first) in &ctx.flow.duplicates {
        let steps = &ctx.sop.instructions;
        let Some(id) = steps[step].id_str() else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Rule::FlowDuplicateStepId,
                step_span(&steps[step]),
                format!("step id `{id}` is already used by step {}", first + 1),
            )
            .with_label("defined again here")
            .with_related(step_span(&steps[first]), "first defined here")
            .with_help("give this step an id of its own"),
        );
    }
}
