//! The order of the nodes within each layer: fewer crossings.
//!
//! The start order is the written one (node index; `layers.rs`). Then
//! [`SWEEPS`] barycenter sweeps alternate down and up: each node moves to the
//! mean position of its neighbours in the layer just fixed, ties keeping the
//! current order, and lanes staying contiguous. Sweeps only ever keep the best
//! order seen, counted exactly (Barth, Jünger and Mutzel's accumulator tree),
//! so a sweep that makes things worse is undone. Each sweep and each count is
//! O(E log V); a fixed number of them keeps the whole O((V + E) log V).

use super::layers::Layered;

/// Barycenter sweeps: four down, four up, alternating.
const SWEEPS: usize = 8;

/// Reorders the layers of `g` to reduce edge crossings.
pub(crate) fn reduce_crossings(g: &mut Layered) {
    let mut best = g.order.clone();
    let mut best_crossings = count_crossings(g);
    let mut keys = Vec::new();
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        barycenter_sweep(g, sweep % 2 == 0, &mut keys);
        let crossings = count_crossings(g);
        if crossings < best_crossings {
            best_crossings = crossings;
            best.clone_from(&g.order);
        }
    }
    g.order = best;
    g.refresh_positions();
}

/// One pass over the layers, down (each layer after the one above) or up.
fn barycenter_sweep(g: &mut Layered, down: bool, keys: &mut Vec<(usize, f64, usize, usize)>) {
    let layers = g.layers();
    for i in 1..layers {
        let r = if down { i } else { layers - 1 - i };
        keys.clear();
        for &v in g.layer(r) {
            let segs = if down { g.up.of(v) } else { g.down.of(v) };
            let other = |s: usize| {
                let seg = g.segs[s];
                if down { seg.from } else { seg.to }
            };
            let bary = if segs.is_empty() {
                g.pos[v] as f64
            } else {
                segs.iter().map(|&s| g.pos[other(s)] as f64).sum::<f64>() / segs.len() as f64
            };
            keys.push((g.lane[v], bary, g.pos[v], v));
        }
        keys.sort_by(|a, b| {
            (a.0.cmp(&b.0))
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let range = g.layer_range(r);
        for (i, &(.., v)) in range.clone().zip(keys.iter()) {
            g.order[i] = v;
            g.pos[v] = i - range.start;
        }
    }
}

/// The number of pairs of segments that cross, summed over adjacent layers.
pub(crate) fn count_crossings(g: &Layered) -> usize {
    let mut targets = Vec::new();
    let mut tree = Vec::new();
    (1..g.layers())
        .map(|r| crossings_above(g, r, &mut targets, &mut tree))
        .sum()
}

/// Crossings between layer `r - 1` and layer `r`: the inversions in the
/// sequence of segment targets, taken in the order of their sources.
fn crossings_above(
    g: &Layered,
    r: usize,
    targets: &mut Vec<usize>,
    tree: &mut Vec<usize>,
) -> usize {
    targets.clear();
    for &u in g.layer(r - 1) {
        let start = targets.len();
        targets.extend(g.down.of(u).iter().map(|&s| g.pos[g.segs[s].to]));
        targets[start..].sort_unstable();
    }
    // A Fenwick tree over the positions of layer r counts, for each target,
    // the earlier targets lying strictly to its right.
    let size = g.layer(r).len();
    tree.clear();
    tree.resize(size + 1, 0);
    let mut crossings = 0;
    for (seen, &t) in targets.iter().enumerate() {
        let mut at_most = 0;
        let mut i = t + 1;
        while i > 0 {
            at_most += tree[i];
            i &= i - 1;
        }
        crossings += seen - at_most;
        let mut i = t + 1;
        while i <= size {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    crossings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layers::tests::build;

    #[test]
    fn a_crossing_written_in_is_counted_and_then_undone() {
        // 0 -> {1, 2}; 1 -> 4, 2 -> 3: written order 3, 4 crosses.
        let mut g = build(5, &[(0, 1), (0, 2), (1, 4), (2, 3)]);
        assert_eq!(count_crossings(&g), 1);
        reduce_crossings(&mut g);
        assert_eq!(count_crossings(&g), 0);
    }

    #[test]
    fn k33_keeps_its_unavoidable_crossings_counted() {
        // K(3,3) between layers 1 and 2 has at least 9 crossings in any order.
        let mut list = vec![(0, 1), (0, 2), (0, 3)];
        for u in 1..=3 {
            list.extend((4..=6).map(|v| (u, v)));
        }
        let mut g = build(7, &list);
        reduce_crossings(&mut g);
        assert_eq!(count_crossings(&g), 9);
    }
}
