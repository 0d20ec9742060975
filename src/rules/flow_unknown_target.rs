//! ## What it does
//! Reports a `next` or a branch that names a step id that no step has, and
//! suggests the closest id that exists.
//!
//! ## Why is this bad?
//! The reader is sent to a step that is not there: the procedure breaks at
//! exactly the point where someone needs it.
//!
//! ## Example
//! ```yaml
//! instructions:
//!   - id: read
//!     text: Read the report.
//!     next: reproduce
//!   - id: reprodce
//!     text: Reproduce the bug.
//! ```
//! Name a step that exists (here, fix the typo in the id):
//! ```yaml
//!   - id: reproduce
//!     text: Reproduce the bug.
//! ```

use super::{FileContext, Rule, step_name};
use crate::diagnostic::Diagnostic;
use crate::model::StepId;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for unknown in &ctx.flow.unknown_targets {
        let target = &unknown.target.value;
        let guess = unknown.guess.and_then(|i| ctx.sop.instructions[i].id_str());
        // The guess is a step that exists: naming it is the one right
        // answer, when it is a well-formed id (a badly formed one is
        // reported, and its own fix may rename it).
        let fix = guess.filter(|id| StepId::is_valid(id)).and_then(|id| {
            crate::format::spelling::replace_with(ctx.source, unknown.target.span, id)
        });
        let help = guess.map_or_else(
            || "name the `id` of a step of these instructions".to_owned(),
            |id| format!("did you mean `{id}`?"),
        );
        out.push(
            Diagnostic::new(
                Rule::FlowUnknownTarget,
                unknown.target.span,
                format!(
                    "step {} goes to `{target}`, which does not exist",
                    step_name(ctx.sop, unknown.step)
                ),
            )
            .with_label("no step has this id")
            .with_help(help)
            .with_fix(fix),
        );
    }
}
