//! ## What it does
//! Reports steps from which no end of the procedure can be reached: a loop
//! with no exit, or a path that runs into one. Each trapped group of steps is
//! reported once, naming its steps.
//!
//! ## Why is this bad?
//! Loops are fine ("retry until it works"), but a reader who enters one of
//! these steps can never finish the procedure: there is no way out, not even
//! escalation.
//!
//! ## Example
//! ```yaml
//! instructions:
//!   - id: retry
//!     text: Retry the payment.
//!   - id: failed
//!     text: Did it fail again?
//!     branches:
//!       "failed": retry
//!       "failed twice": retry
//! ```
//! Give the loop an exit:
//! ```yaml
//!     branches:
//!       "failed": retry
//!       "failed twice": escalate
//!   - id: escalate
//!     text: Escalate to the payments lead.
//! ```

use petgraph::visit::NodeIndexable;

use super::{FileContext, Rule, step_name, step_span};
use crate::diagnostic::Diagnostic;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let reachable = ctx.flow.reachable();
    let finishes = ctx.flow.can_finish();
    let trapped: Vec<bool> = (0..ctx.flow.len())
        .map(|i| reachable[i] && !finishes[i])
        .collect();
    if !trapped.contains(&true) {
        return;
    }
    // Group trapped steps that are connected, so one loop is one report.
    let graph = ctx.flow.graph();
    let mut group_of = vec![usize::MAX; trapped.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for start in (0..trapped.len()).filter(|&i| trapped[i]) {
        if group_of[start] != usize::MAX {
            continue;
        }
        let mut members = vec![start];
        group_of[start] = groups.len();
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            let node = graph.from_index(i);
            for n in graph.neighbors_undirected(node) {
                let n = n.index();
                if trapped[n] && group_of[n] == usize::MAX {
                    group_of[n] = groups.len();
                    members.push(n);
                    stack.push(n);
                }
            }
        }
        members.sort_unstable();
        groups.push(members);
    }
    for members in groups {
        out.push(report(ctx, &members));
    }
}

/// Most steps a message names, and most "trapped too" labels: a trap of
/// 100,000 steps is still one short report.
const MAX_LISTED: usize = 10;

fn report(ctx: &FileContext<'_>, members: &[usize]) -> Diagnostic {
    let steps = &ctx.sop.instructions;
    let mut names: Vec<String> = members
        .iter()
        .take(MAX_LISTED)
        .map(|&i| step_name(ctx.sop, i))
        .collect();
    // Two steps with one id (already an error) must still be told apart.
    let repeated: Vec<bool> = names
        .iter()
        .map(|n| names.iter().filter(|m| *m == n).count() > 1)
        .collect();
    for ((name, &i), repeated) in names.iter_mut().zip(members).zip(repeated) {
        if repeated {
            name.push_str(&format!(" (step {})", i + 1));
        }
    }
    let more = members.len().saturating_sub(MAX_LISTED);
    let mut list = names.join(", ");
    if more > 0 {
        list.push_str(&format!(" … and {more} more"));
    }
    let mut diagnostic = Diagnostic::new(
        Rule::FlowNoWayOut,
        step_span(&steps[members[0]]),
        format!("no end can be reached from {list}"),
    )
    .with_label("a reader who gets here can never finish")
    .with_help(format!(
        "give the loop an exit: a branch to a later step, or {}",
        ctx.format().end_of_procedure()
    ));
    for &i in members.iter().skip(1).take(MAX_LISTED - 1) {
        diagnostic = diagnostic.with_related(step_span(&steps[i]), "trapped too");
    }
    diagnostic
}
