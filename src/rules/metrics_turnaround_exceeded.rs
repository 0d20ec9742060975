//! ## What it does
//! Adds up the `duration` of the steps on the longest path from the start to
//! an end, and reports a `kind: turnaround` metric whose `target` is shorter.
//! Each loop is counted once: the steps of a loop are taken together, as if
//! the loop ran one time. Steps without a `duration` count as zero.
//!
//! ## Why is this bad?
//! The turnaround target is the longest the whole procedure may take. If the
//! steps, as written, can take longer, the SOP promises something its own
//! instructions cannot keep.
//!
//! ## Example
//! ```yaml
//! metrics:
//!   - name: Turnaround time
//!     target: 1d
//!     kind: turnaround
//! instructions:
//!   - text: Collect the documents.
//!     duration: 4h
//!   - text: Get the manager's approval.
//!     duration: 1d
//! ```
//! Shorten the steps, or state the target the procedure can meet (`2d`).

use petgraph::algo::kosaraju_scc;
use petgraph::visit::EdgeRef;

use super::{FileContext, Rule, step_name};
use crate::diagnostic::Diagnostic;
use crate::model::{Duration, MetricKind};

/// Most steps named in a message; a longer path is shortened with "…".
const MAX_NAMED_STEPS: usize = 12;

pub(super) fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut targets = ctx
        .sop
        .metrics
        .iter()
        .filter(|m| {
            m.kind
                .as_ref()
                .is_some_and(|k| k.value == MetricKind::Turnaround)
        })
        .peekable();
    if targets.peek().is_none() {
        return;
    }
    let Some((total, path)) = longest_path(ctx) else {
        return;
    };
    for metric in targets {
        if total <= metric.target.value {
            continue;
        }
        let mut names: Vec<String> = path
            .iter()
            .take(MAX_NAMED_STEPS)
            .map(|&i| step_name(ctx.sop, i))
            .collect();
        if path.len() > MAX_NAMED_STEPS {
            names.push(format!("… ({} steps in all)", path.len()));
        }
        out.push(
            Diagnostic::new(
                Rule::MetricsTurnaroundExceeded,
                metric.target.span,
                format!(
                    "the longest path takes {total}, more than the turnaround target of {} (`{}`): {}",
                    metric.target.value,
                    metric.name.value,
                    names.join(" → ")
                ),
            )
            .with_label(format!("the steps can take {total}"))
            .with_help("shorten the steps on that path, or set a target the procedure can meet"),
        );
    }
}

/// The longest start-to-end path, each loop (strongly connected component)
/// taken once with the sum of its steps' durations: the total and the steps.
fn longest_path(ctx: &FileContext<'_>) -> Option<(Duration, Vec<usize>)> {
    let flow = ctx.flow;
    if flow.is_empty() {
        return None;
    }
    let graph = flow.graph();
    // kosaraju_scc yields components in reverse topological order. (tarjan_scc
    // recurses once per step and overflows the stack on a 100,000-step SOP.)
    let mut components = kosaraju_scc(graph);
    components.reverse();
    let mut component_of = vec![0; flow.len()];
    for (c, members) in components.iter_mut().enumerate() {
        members.sort_unstable();
        for n in members.iter() {
            component_of[n.index()] = c;
        }
    }
    let seconds = |i: usize| {
        ctx.sop.instructions[i]
            .duration
            .as_ref()
            .map_or(0, |d| d.value.seconds())
    };
    let weight: Vec<i64> = components
        .iter()
        .map(|m| m.iter().map(|n| seconds(n.index())).sum())
        .collect();
    let mut best: Vec<Option<i64>> = vec![None; components.len()];
    let mut came_from = vec![usize::MAX; components.len()];
    best[component_of[0]] = Some(weight[component_of[0]]);
    for (c, members) in components.iter().enumerate() {
        let Some(here) = best[c] else {
            continue;
        };
        for n in members {
            for edge in graph.edges(*n) {
                let to = component_of[edge.target().index()];
                let candidate = here.saturating_add(weight[to]);
                if to != c && best[to].is_none_or(|b| candidate > b) {
                    best[to] = Some(candidate);
                    came_from[to] = c;
                }
            }
        }
    }
    let end = (0..components.len())
        .filter(|&c| components[c].iter().any(|n| flow.is_exit(n.index())))
        .filter_map(|c| best[c].map(|b| (b, c)))
        .max()?;
    let mut chain = vec![end.1];
    while let Some(&c) = chain.last() {
        if came_from[c] == usize::MAX {
            break;
        }
        chain.push(came_from[c]);
    }
    let path = chain
        .iter()
        .rev()
        .flat_map(|&c| components[c].iter().map(|n| n.index()))
        .collect();
    Some((Duration::from_secs(end.0), path))
}
