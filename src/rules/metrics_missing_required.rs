//! ## What it does
//! Reports an SOP that does not state a metric kind that `sopkit.toml`
//! requires (`[metrics] require = ["response", "turnaround"]`), for all SOPs
//! or for the SOPs of one department (`[metrics.departments."Customer
//! Service"]`).
//!
//! ## Why is this bad?
//! Customer service procedures promise response and turnaround times. An
//! SOP that does not state them leaves the team without a target and
//! `metrics/turnaround-exceeded` without anything to check.
//!
//! ## Example
//! With `[metrics] require = ["turnaround"]`, an SOP with no such metric:
//! ```yaml
//! metrics:
//!   - name: First response time
//!     target: 2m
//!     kind: response
//! ```
//! State the target:
//! ```yaml
//!   - name: Turnaround time
//!     target: 2d
//!     kind: turnaround
//! ```

use super::{FileContext, Rule};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let sop = ctx.sop;
    for kind in ctx.config.required_metrics_for(&sop.department.value) {
        if sop
            .metrics
            .iter()
            .any(|m| m.kind.as_ref().is_some_and(|k| k.value == *kind))
        {
            continue;
        }
        let name = crate::model::MetricKind::ALL
            .iter()
            .find(|(_, k)| k == kind)
            .map_or("", |(n, _)| n);
        let span = sop.metrics.first().map_or(sop.span, |m| m.span);
        out.push(
            Diagnostic::new(
                Rule::MetricsMissingRequired,
                span,
                format!(
                    "the SOP states no `{name}` metric, which sopkit.toml requires of `{}`",
                    sop.department.value
                ),
            )
            .with_help(format!("add a metric with `kind: {name}` and its `target`")),
        );
    }
}
