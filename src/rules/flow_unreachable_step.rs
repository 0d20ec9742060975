//! ## What it does
//! Reports a step that no path from the first step reaches: nothing falls
//! through to it, and no `next` or branch names it. A `next` or branch that
//! names a missing step (`flow/unknown-target`) counts as a way to the step
//! it most likely meant; when sopkit cannot tell which step that is, it
//! reports no step as unreachable, so that one typo is one error.
//!
//! ## Why is this bad?
//! Nobody following the procedure will ever do this step. Either it is dead
//! text, or a jump that should lead to it is missing or misspelt.
//!
//! ## Example
//! ```yaml
//! instructions:
//!   - text: Take the call.
//!     end: true
//!   - text: Log the call.
//! ```
//! Let the steps flow into each other (or jump to the step):
//! ```yaml
//! instructions:
//!   - text: Take the call.
//!   - text: Log the call.
//! ```

use super::{FileContext, Rule, step_name, step_span};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    // Where a reachable step leads is unknown (already reported): any claim
    // of unreachability could be wrong, and would repeat that one mistake.
    if ctx.flow.is_uncertain() {
        return;
    }
    let reachable = ctx.flow.reachable();
    for (i, step) in ctx.sop.instructions.iter().enumerate() {
        if reachable[i] {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::FlowUnreachableStep,
                step_span(step),
                format!("step {} can never be reached from the start", step_name(ctx.sop, i)),
            )
            .with_help("jump to it with `next` or a branch, or remove `end`/`next` from the step before it"),
        );
    }
}
