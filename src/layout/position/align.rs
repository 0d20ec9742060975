//! Vertical alignment for Brandes–Köpf: which nodes form a straight block.
//!
//! The paper's rules: a node aligns with a median neighbour in the layer
//! before it, never with one at or left of the last neighbour aligned in its
//! layer (so blocks do not cross), never along a segment marked as crossing
//! an inner segment (dummy to dummy), so long edges stay straight. Plus the
//! main-path preferences described in `position.rs`.

use crate::layout::layers::Layered;

/// What the four alignments share: conflicts and preferred partners.
pub(crate) struct Preferences {
    /// Per segment: crosses an inner segment (type 1 conflict).
    conflict: Vec<bool>,
    /// Per node: the segment from above it prefers to continue.
    from_above: Vec<Option<usize>>,
    /// Per node: the segment below it prefers to continue.
    to_below: Vec<Option<usize>>,
    /// Per node: how many real nodes of its lane it has above / below.
    real_above: Vec<usize>,
    real_below: Vec<usize>,
}

impl Preferences {
    pub(crate) fn new(g: &Layered) -> Self {
        let n = g.len();
        let same_lane_real =
            |v: usize, other: usize| !g.is_dummy(other) && g.lane[other] == g.lane[v];
        let mut p = Preferences {
            conflict: type1_conflicts(g),
            from_above: vec![None; n],
            to_below: vec![None; n],
            real_above: (0..n)
                .map(|v| {
                    (g.up.of(v).iter())
                        .filter(|&&s| same_lane_real(v, g.segs[s].from))
                        .count()
                })
                .collect(),
            real_below: (0..n)
                .map(|v| {
                    (g.down.of(v).iter())
                        .filter(|&&s| same_lane_real(v, g.segs[s].to))
                        .count()
                })
                .collect(),
        };
        // A step continues into the next written step when nothing else leads there.
        for (s, seg) in g.segs.iter().enumerate() {
            if seg.main && g.lane[seg.from] == g.lane[seg.to] && g.up.of(seg.to).len() == 1 {
                p.from_above[seg.to] = Some(s);
                p.to_below[seg.from] = Some(s);
            }
        }
        // A join continues the (first written) branch that came straight down.
        for &v in &g.order {
            if g.is_dummy(v) || p.from_above[v].is_some() || p.real_above[v] < 2 {
                continue;
            }
            let straight = (g.up.of(v).iter())
                .map(|&s| (g.segs[s].from, s))
                .filter(|&(u, _)| same_lane_real(v, u))
                .filter(|&(u, _)| p.from_above[u].is_some() && p.to_below[u].is_none())
                .min();
            if let Some((u, s)) = straight {
                p.from_above[v] = Some(s);
                p.to_below[u] = Some(s);
            }
        }
        p
    }
}

/// Marks the segments that cross an inner segment, layer pair by layer pair,
/// in one scan of each (Brandes and Köpf's Alg. 1).
fn type1_conflicts(g: &Layered) -> Vec<bool> {
    let mut marked = vec![false; g.segs.len()];
    for r in 1..g.layers() {
        let above = g.layer(r - 1).len();
        let layer = g.layer(r);
        let (mut k0, mut scanned) = (0, 0);
        for (i, &v) in layer.iter().enumerate() {
            let inner = (g.up.of(v).iter())
                .map(|&s| g.segs[s].from)
                .find(|&u| g.is_dummy(u) && g.is_dummy(v));
            if inner.is_none() && i + 1 != layer.len() {
                continue;
            }
            let k1 = inner.map_or(above, |u| g.pos[u]);
            for &w in &layer[scanned..=i] {
                for &s in g.up.of(w) {
                    let u = g.segs[s].from;
                    let outside = g.pos[u] < k0 || g.pos[u] > k1;
                    if outside && !(g.is_dummy(u) && g.is_dummy(w)) {
                        marked[s] = true;
                    }
                }
            }
            scanned = i + 1;
            k0 = k1;
        }
    }
    marked
}

/// The root (top node in the sweep's direction) of every node's block.
pub(crate) fn blocks(g: &Layered, p: &Preferences, down: bool, right: bool) -> Vec<usize> {
    let mut root: Vec<usize> = (0..g.len()).collect();
    let mut candidates = Vec::new();
    let layers = g.layers();
    for i in 0..layers {
        let r = if down { layers - 1 - i } else { i };
        let layer = g.layer(r);
        let mut last = None;
        for j in 0..layer.len() {
            let v = layer[if right { layer.len() - 1 - j } else { j }];
            let sweep = Sweep { down, right, last };
            if let Some((at, w)) = partner(g, p, v, sweep, &mut candidates) {
                root[v] = root[w];
                last = Some(at);
            }
        }
    }
    root
}

#[derive(Clone, Copy)]
struct Sweep {
    /// Align with the neighbours below (else above).
    down: bool,
    /// Sweep each layer from the right (positions mirrored).
    right: bool,
    /// Mirrored position of the last neighbour aligned in this layer.
    last: Option<usize>,
}

/// The neighbour `v` aligns with, and its mirrored position.
fn partner(
    g: &Layered,
    p: &Preferences,
    v: usize,
    sweep: Sweep,
    candidates: &mut Vec<(usize, usize, usize)>,
) -> Option<(usize, usize)> {
    let Sweep { down, right, last } = sweep;
    let at = |w: usize| match right {
        false => g.pos[w],
        true => g.layer(g.rank[w]).len() - 1 - g.pos[w],
    };
    let free = |at: usize| last.is_none_or(|l| l < at);
    let segs = if down { g.down.of(v) } else { g.up.of(v) };
    let other = |s: usize| if down { g.segs[s].to } else { g.segs[s].from };
    candidates.clear();
    candidates.extend(
        (segs.iter())
            .filter(|&&s| !p.conflict[s] && g.lane[other(s)] == g.lane[v])
            .map(|&s| (at(other(s)), other(s), s)),
    );
    let preferred = if down { p.to_below[v] } else { p.from_above[v] };
    let preferred = candidates.iter().find(|c| Some(c.2) == preferred);
    if let Some(&(at, w, _)) = preferred.filter(|c| free(c.0)) {
        return Some((at, w));
    }
    let real = !g.is_dummy(v);
    let real_neighbour = real && candidates.iter().any(|c| !g.is_dummy(c.1));
    candidates.retain(|&(_, w, _)| {
        // w prefers another partner in v's layer.
        let taken = match down {
            true => p.from_above[w].is_some_and(|s| g.segs[s].from != v),
            false => p.to_below[w].is_some_and(|s| g.segs[s].to != v),
        };
        let real_w = !g.is_dummy(w);
        let reals = if down {
            p.real_above[w]
        } else {
            p.real_below[w]
        };
        let skip = taken || (real_neighbour && !real_w) || (!real && real_w && reals > 0);
        !skip
    });
    candidates.sort_unstable();
    let d = candidates.len();
    if d == 0 {
        return None;
    }
    [(d - 1) / 2, d / 2]
        .into_iter()
        .map(|m| candidates[m])
        .find(|c| free(c.0))
        .map(|(at, w, _)| (at, w))
}
