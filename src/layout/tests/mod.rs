//! Shapes laid out and checked with [`check_geometry`]: the flowcharts
//! sopkit meets (chains, rejoining decisions, retry loops, swimlanes), random
//! ones, and, in release builds, large ones against the time budget.

use super::*;

mod random;
mod shapes;
mod timing;

/// A small deterministic generator (SplitMix64): no crate needed.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Step boxes of varied sizes, as sopkit's wrapped labels give.
pub(super) fn steps(n: usize) -> Vec<NodeSpec> {
    (0..n)
        .map(|i| NodeSpec {
            width: 90. + (i * 37 % 100) as f64,
            height: 36. + (i * 13 % 40) as f64,
            lane: None,
        })
        .collect()
}

pub(super) fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
    Graph {
        nodes: steps(n),
        edges: edges.to_vec(),
        ..Graph::default()
    }
}

/// Lays out and checks; panics with the reason and the graph.
pub(super) fn checked(g: &Graph) -> Layout {
    let out = layout(g);
    if let Err(e) = check_geometry(g, &out) {
        panic!("{e}\nfor {g:?}");
    }
    out
}

pub(super) fn chain_edges(n: usize) -> Vec<(usize, usize)> {
    (1..n).map(|i| (i - 1, i)).collect()
}

/// `k` decisions one after the other, each with two branches that rejoin
/// at the next decision: the shape that made layout-rs exponential.
pub(super) fn rejoining(k: usize) -> Graph {
    let mut edges = Vec::new();
    for d in (0..k).map(|i| 3 * i) {
        edges.extend([(d, d + 1), (d, d + 2), (d + 1, d + 3), (d + 2, d + 3)]);
    }
    graph(3 * k + 1, &edges)
}

/// `k` decisions nested in their "yes" branches; each "no" branch has a
/// step of its own and rejoins after all the inner ones.
pub(super) fn nested(k: usize) -> Graph {
    let middle = k;
    let join = |i: usize| 2 * k - i;
    let alt = |i: usize| 2 * k + 1 + i;
    let mut edges = Vec::new();
    for i in 0..k {
        edges.push((i, if i + 1 < k { i + 1 } else { middle }));
        edges.extend([(i, alt(i)), (alt(i), join(i))]);
        if i > 0 {
            edges.push((join(i), join(i - 1)));
        }
    }
    edges.push((middle, join(k - 1)));
    graph(3 * k + 1, &edges)
}

/// A chain closed by one loop from the last step to the first.
pub(super) fn giant_cycle(n: usize) -> Graph {
    let mut edges = chain_edges(n);
    edges.push((n - 1, 0));
    graph(n, &edges)
}

/// A chain where every fifth step retries the two before it.
pub(super) fn small_cycles(n: usize) -> Graph {
    let mut edges = chain_edges(n);
    edges.extend((4..n).step_by(5).map(|i| (i, i - 2)));
    graph(n, &edges)
}

/// A flowchart as written: mostly falling through, with decisions jumping
/// forward (`forward` of them), loops jumping back (`back`), self-loops,
/// ends, and repeated edges.
pub(super) fn written(rng: &mut Rng, n: usize, forward: f64, back: f64) -> Graph {
    let mut edges = Vec::new();
    for i in 0..n {
        if i + 1 < n && rng.chance(0.9) {
            edges.push((i, i + 1));
        }
        if i + 2 < n && rng.chance(forward) {
            let far = if rng.chance(0.1) {
                n - i - 1
            } else {
                12.min(n - i - 1)
            };
            edges.push((i, i + 1 + rng.below(far)));
        }
        if i > 0 && rng.chance(back) {
            let near = if rng.chance(0.1) { i } else { 8.min(i) };
            edges.push((i, i - 1 - rng.below(near)));
        }
        if rng.chance(0.02) {
            edges.push((i, i));
        }
        if let (Some(&e), true) = (edges.last(), rng.chance(0.03)) {
            edges.push(e);
        }
    }
    graph(n, &edges)
}

/// Puts every node in a random one of `lanes` lanes.
pub(super) fn with_lanes(mut g: Graph, rng: &mut Rng, lanes: usize, direction: Direction) -> Graph {
    for node in &mut g.nodes {
        node.lane = Some(rng.below(lanes));
    }
    g.lanes = lanes;
    g.direction = direction;
    g
}
