//! ## What it does
//! Reports an SOP whose `review_by` date is before today (or before the
//! date given with `--today`).
//!
//! ## Why is this bad?
//! Procedures drift away from practice: tools change, teams are renamed,
//! targets move. An SOP past its review date may no longer be what people
//! do, and auditors ask for reviews on time.
//!
//! ## Example
//! ```yaml
//! review_by: 2025-12-31
//! ```
//! Review the SOP, then move the date forward (and add a `revisions` entry):
//! ```yaml
//! review_by: 2026-12-31
//! ```

use super::{FileContext, Rule};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(review_by) = &ctx.sop.review_by else {
        return;
    };
    if review_by.value.0 >= ctx.options.today {
        return;
    }
    let days = (ctx.options.today - review_by.value.0).get_days();
    out.push(
        Diagnostic::new(
            Rule::MetaReviewOverdue,
            review_by.span,
            format!(
                "the review was due on {}, {days} day{} before {}",
                review_by.value.0,
                if days == 1 { "" } else { "s" },
                ctx.options.today
            ),
        )
        .with_help("review the SOP, then set `review_by` to the next review date"),
    );
}
