//! Cycle removal and layering.
//!
//! A depth-first search from node 0 (the start), following each node's
//! edges in input order, then from each node not yet reached in index
//! order, finds the back edges: edges to a node still on the search stack.
//! These are the procedure's loops ("retry until it works"); they are left
//! out of the layering and drawn in a side channel. What is left is acyclic
//! and is layered by longest path, so every forward edge points down at least
//! one layer. Both passes are iterative and linear.

use super::csr::Csr;

/// What an input edge is, for the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Names a node that does not exist; not drawn.
    Invalid,
    /// From a node to itself.
    SelfLoop,
    /// To a node on the search stack: closes a loop.
    Back,
    /// Everything else: the acyclic part that is layered.
    Forward,
}

/// Classifies every edge by an iterative depth-first search.
pub(crate) fn classify(n: usize, edges: &[Option<(usize, usize)>]) -> Vec<Class> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let out = Csr::group(n, edges.len(), |e| edges[e].map(|(u, _)| u));
    let mut class: Vec<Class> = edges
        .iter()
        .map(|e| match e {
            Some(_) => Class::Forward,
            None => Class::Invalid,
        })
        .collect();
    let mut state = vec![NEW; n];
    // (node, index of its next edge to follow)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            let Some(&e) = out.of(v).get(top.1) else {
                state[v] = DONE;
                stack.pop();
                continue;
            };
            top.1 += 1;
            let Some((_, w)) = edges[e] else { continue };
            class[e] = if w == v {
                Class::SelfLoop
            } else if state[w] == OPEN {
                Class::Back
            } else {
                if state[w] == NEW {
                    state[w] = OPEN;
                    stack.push((w, 0));
                }
                Class::Forward
            };
        }
    }
    class
}

/// The layer of every node: the longest path to it over forward edges
/// (Kahn's order). A node no forward edge enters, other than the start,
/// moves down to just above its highest successor, so that a step nothing
/// leads to sits beside the step it leads to, not at the top.
pub(crate) fn layer(n: usize, edges: &[Option<(usize, usize)>], class: &[Class]) -> Vec<usize> {
    let forward = |e: usize| match class[e] {
        Class::Forward => edges[e],
        _ => None,
    };
    let out = Csr::group(n, edges.len(), |e| forward(e).map(|(u, _)| u));
    let mut indegree = vec![0usize; n];
    for (_, v) in (0..edges.len()).filter_map(forward) {
        indegree[v] += 1;
    }
    let sources: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut rank = vec![0usize; n];
    let mut queue = sources.clone();
    let mut head = 0;
    while let Some(&u) = queue.get(head) {
        head += 1;
        for (_, v) in out.of(u).iter().filter_map(|&e| forward(e)) {
            rank[v] = rank[v].max(rank[u] + 1);
            indegree[v] -= 1;
            if indegree[v] == 0 {
                queue.push(v);
            }
        }
    }
    for v in sources.into_iter().filter(|&v| v != 0) {
        let lowest = out
            .of(v)
            .iter()
            .filter_map(|&e| forward(e))
            .map(|(_, w)| rank[w])
            .min();
        if let Some(lowest) = lowest {
            rank[v] = lowest.saturating_sub(1);
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(list: &[(usize, usize)]) -> Vec<Option<(usize, usize)>> {
        list.iter().map(|&e| Some(e)).collect()
    }

    #[test]
    fn the_incident_loop_is_the_only_back_edge() {
        let e = edges(&[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (4, 2), (5, 6)]);
        let class = classify(7, &e);
        let back: Vec<usize> = (0..e.len()).filter(|&i| class[i] == Class::Back).collect();
        assert_eq!(back, [5]);
        assert_eq!(layer(7, &e, &class), [0, 1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn rejoining_branches_are_not_loops_and_the_join_sits_below_both() {
        // 0 decides: 1 or 2; both go to 3.
        let e = edges(&[(0, 1), (0, 2), (1, 3), (2, 3)]);
        let class = classify(4, &e);
        assert!(class.iter().all(|&c| c == Class::Forward));
        assert_eq!(layer(4, &e, &class), [0, 1, 1, 2]);
    }

    #[test]
    fn self_loops_and_unknown_targets_are_told_apart() {
        let e = vec![Some((0, 0)), None, Some((0, 1))];
        assert_eq!(
            classify(2, &e),
            [Class::SelfLoop, Class::Invalid, Class::Forward]
        );
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let mut list: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        list.push((n - 1, 0));
        let e = edges(&list);
        let class = classify(n, &e);
        assert_eq!(class[n - 1], Class::Back);
        assert_eq!(layer(n, &e, &class)[n - 1], n - 1);
    }

    #[test]
    fn an_unreached_step_sits_just_above_its_successor() {
        // 0 -> 1 -> 2 -> 3, and 4 (nothing leads to it) -> 3.
        let e = edges(&[(0, 1), (1, 2), (2, 3), (4, 3)]);
        let class = classify(5, &e);
        assert_eq!(layer(5, &e, &class), [0, 1, 2, 3, 2]);
    }
}
