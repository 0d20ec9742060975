//! Coordinates across the flow, by Brandes and Köpf's method ("Fast and
//! Simple Horizontal Coordinate Assignment", 2001), in linear time plus the
//! sorting of each node's neighbours.
//!
//! Four times (aligning with the neighbours above or below, sweeping from
//! the left or the right) nodes are joined into vertical blocks, each node
//! with a median neighbour when no earlier alignment crosses it; then the
//! blocks are packed as tightly as the gaps allow (a longest path over the
//! block graph, then a pull towards the successors, as dagre does, in place
//! of the paper's class shifting whose published form is flawed). The result
//! is the mean of the two middle candidates of each node, which keeps every
//! gap because each candidate does.
//!
//! sopkit's flowcharts add three preferences to the median choice, so that
//! the main path stays straight: a step continues straight into the step
//! written after it when nothing else leads there; a join continues the
//! branch that came straight down; and a real node's neighbour is a real
//! node before it is a dummy (a bend in a long edge, not in the main path).
//!
//! Each swimlane is positioned on its own (no block or gap crosses lanes)
//! and then put in its band by [`place_lanes`].

use super::Spacing;
use super::csr::Csr;
use super::layers::Layered;
use super::ports::Pads;

mod align;

/// The x coordinate (centre) of every node, each lane starting near 0.
pub(crate) fn assign(g: &Layered, pads: &Pads, sp: &Spacing) -> Vec<f64> {
    let prefs = align::Preferences::new(g);
    let candidates: Vec<Vec<f64>> = [(false, false), (false, true), (true, false), (true, true)]
        .into_iter()
        .map(|(down, right)| {
            let root = align::blocks(g, &prefs, down, right);
            compact(g, &root, right, pads, sp).unwrap_or_else(|| {
                // Unreachable (alignments never cross), but a layout must not
                // fail: single-node blocks always pack.
                let alone: Vec<usize> = (0..g.len()).collect();
                compact(g, &alone, right, pads, sp).unwrap_or_else(|| vec![0.; g.len()])
            })
        })
        .collect();
    balance(g, &candidates, pads)
}

/// Where node `v` and the room beside it begin and end across the flow.
pub(crate) fn extent(g: &Layered, pads: &Pads, x: &[f64], v: usize) -> (f64, f64) {
    (
        x[v] - g.w[v] / 2. - pads.left[v],
        x[v] + g.w[v] / 2. + pads.right[v],
    )
}

/// The least distance between the centres of `a` and `b`, adjacent in a
/// layer with `a` on the left.
fn separation(g: &Layered, pads: &Pads, sp: &Spacing, a: usize, b: usize) -> f64 {
    let gap = match (g.is_dummy(a), g.is_dummy(b)) {
        (false, false) => sp.node_gap,
        (true, true) => sp.edge_gap,
        _ => (sp.node_gap + sp.edge_gap) / 2.,
    };
    g.w[a] / 2. + pads.right[a] + gap + pads.left[b] + g.w[b] / 2.
}

/// Packs the blocks given by `root` from the left (or from the right,
/// mirrored); `None` if the block graph has a cycle.
fn compact(
    g: &Layered,
    root: &[usize],
    right: bool,
    pads: &Pads,
    sp: &Spacing,
) -> Option<Vec<f64>> {
    let n = g.len();
    // (block on the left, block on the right, least distance), in the
    // direction of the sweep.
    let mut edges: Vec<(usize, usize, f64)> = Vec::with_capacity(n);
    for r in 0..g.layers() {
        for pair in g.layer(r).windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if g.lane[a] == g.lane[b] {
                let gap = separation(g, pads, sp, a, b);
                edges.push(match right {
                    false => (root[a], root[b], gap),
                    true => (root[b], root[a], gap),
                });
            }
        }
    }
    let out = Csr::group(n, edges.len(), |i| Some(edges[i].0));
    let into = Csr::group(n, edges.len(), |i| Some(edges[i].1));
    let mut indegree: Vec<usize> = (0..n).map(|b| into.of(b).len()).collect();
    let mut topo: Vec<usize> = (0..n)
        .filter(|&b| root[b] == b && indegree[b] == 0)
        .collect();
    let mut head = 0;
    while let Some(&b) = topo.get(head) {
        head += 1;
        for &i in out.of(b) {
            let next = edges[i].1;
            indegree[next] -= 1;
            if indegree[next] == 0 {
                topo.push(next);
            }
        }
    }
    if topo.len() != (0..n).filter(|&b| root[b] == b).count() {
        return None;
    }
    let mut x = vec![0.; n];
    for &b in &topo {
        x[b] = (into.of(b).iter()).fold(0., |m: f64, &i| m.max(x[edges[i].0] + edges[i].2));
    }
    for &b in topo.iter().rev() {
        let room = (out.of(b).iter()).fold(f64::INFINITY, |m: f64, &i| {
            m.min(x[edges[i].1] - edges[i].2)
        });
        if room.is_finite() && room > x[b] {
            x[b] = room;
        }
    }
    let sign = if right { -1. } else { 1. };
    Some((0..n).map(|v| sign * x[root[v]]).collect())
}

/// Per lane, aligns the four candidates on the narrowest one (the left
/// sweeps on its left edge, the right sweeps on its right edge), then takes
/// for each node the mean of its two middle candidates.
fn balance(g: &Layered, candidates: &[Vec<f64>], pads: &Pads) -> Vec<f64> {
    let lanes = g.lane.iter().max().map_or(1, |&l| l + 1);
    let mut lo = vec![[f64::INFINITY; 4]; lanes];
    let mut hi = vec![[f64::NEG_INFINITY; 4]; lanes];
    for v in 0..g.len() {
        let l = g.lane[v];
        for (k, x) in candidates.iter().enumerate() {
            let (a, b) = extent(g, pads, x, v);
            (lo[l][k], hi[l][k]) = (lo[l][k].min(a), hi[l][k].max(b));
        }
    }
    let shift: Vec<[f64; 4]> = (0..lanes)
        .map(|l| {
            let width = |k: usize| hi[l][k] - lo[l][k];
            let best = (0..4)
                .min_by(|&a, &b| width(a).total_cmp(&width(b)))
                .unwrap_or(0);
            // Candidates 1 and 3 were swept from the right.
            [0, 1, 2, 3].map(|k| match k % 2 {
                0 => lo[l][best] - lo[l][k],
                _ => hi[l][best] - hi[l][k],
            })
        })
        .collect();
    (0..g.len())
        .map(|v| {
            let mut xs = [0, 1, 2, 3].map(|k| candidates[k][v] + shift[g.lane[v]][k]);
            xs.sort_by(f64::total_cmp);
            (xs[1] + xs[2]) / 2.
        })
        .collect()
}

/// Moves each lane into its own band across the flow, in lane order, with
/// `padding` inside the band on both sides; returns the bands.
pub(crate) fn place_lanes(
    g: &Layered,
    x: &mut [f64],
    pads: &Pads,
    lanes: usize,
    padding: f64,
) -> Vec<(f64, f64)> {
    let mut lo = vec![f64::INFINITY; lanes];
    let mut hi = vec![f64::NEG_INFINITY; lanes];
    for v in 0..g.len() {
        let (l, (a, b)) = (g.lane[v], extent(g, pads, x, v));
        (lo[l], hi[l]) = (lo[l].min(a), hi[l].max(b));
    }
    let mut bands = Vec::with_capacity(lanes);
    let mut shift = vec![0.; lanes];
    let mut at = 0.;
    for l in 0..lanes {
        let used = if lo[l] <= hi[l] { hi[l] - lo[l] } else { 0. };
        if lo[l] <= hi[l] {
            shift[l] = at + padding - lo[l];
        }
        let end = at + used + 2. * padding;
        bands.push((at, end));
        at = end;
    }
    for v in 0..g.len() {
        x[v] += shift[g.lane[v]];
    }
    bands
}
