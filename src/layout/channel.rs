//! Tracks in a side channel: each edge routed there runs on a track of its
//! own over the layers it spans, and tracks nest.
//!
//! Edges are taken shortest first; each gets the track just outside every
//! track already used over its span (a range-maximum segment tree over the
//! layers). So an edge spanning another's layers runs outside it and the two
//! do not cross, while edges over disjoint spans share a track; the channel
//! is as wide as the deepest nesting, not as the number of edges. Cost:
//! O(C log C + C log L) for C edges over L layers.

/// Assigns a track (0 = nearest the drawing) to each span of layers
/// `(first, last)`, inclusive, with `last < layers`.
pub(crate) fn assign_tracks(spans: &[(usize, usize)], layers: usize) -> Vec<usize> {
    let mut by_length: Vec<usize> = (0..spans.len()).collect();
    by_length.sort_by_key(|&i| (spans[i].1 - spans[i].0, spans[i].0, i));
    let mut tree = MaxTree::new(layers.max(1));
    let mut tracks = vec![0; spans.len()];
    for i in by_length {
        let (first, last) = spans[i];
        let track = tree.max(first, last + 1).map_or(0, |t| t + 1);
        tree.raise(first, last + 1, track);
        tracks[i] = track;
    }
    tracks
}

/// Over positions `0..size`: raise a range to at least a value, and ask
/// the largest value in a range. Recursion depth is log2(size).
struct MaxTree {
    size: usize,
    /// Largest value raised anywhere inside a node's range.
    within: Vec<Option<usize>>,
    /// Largest value raised over a node's whole range.
    over: Vec<Option<usize>>,
}

impl MaxTree {
    fn new(size: usize) -> Self {
        let nodes = 4 * size;
        Self {
            size,
            within: vec![None; nodes],
            over: vec![None; nodes],
        }
    }

    fn max(&self, from: usize, to: usize) -> Option<usize> {
        self.query(1, 0, self.size, from, to)
    }

    fn raise(&mut self, from: usize, to: usize, value: usize) {
        self.update(1, 0, self.size, from, to, value);
    }

    fn query(&self, node: usize, lo: usize, hi: usize, from: usize, to: usize) -> Option<usize> {
        if to <= lo || hi <= from {
            return None;
        }
        if from <= lo && hi <= to {
            return self.within[node];
        }
        let mid = (lo + hi) / 2;
        let left = self.query(2 * node, lo, mid, from, to);
        let right = self.query(2 * node + 1, mid, hi, from, to);
        self.over[node].max(left).max(right)
    }

    fn update(&mut self, node: usize, lo: usize, hi: usize, from: usize, to: usize, value: usize) {
        if to <= lo || hi <= from {
            return;
        }
        self.within[node] = self.within[node].max(Some(value));
        if from <= lo && hi <= to {
            self.over[node] = self.over[node].max(Some(value));
            return;
        }
        let mid = (lo + hi) / 2;
        self.update(2 * node, lo, mid, from, to, value);
        self.update(2 * node + 1, mid, hi, from, to, value);
    }
}

#[cfg(test)]
mod tests {
    use super::assign_tracks;

    #[test]
    fn nested_spans_nest_outwards_and_disjoint_spans_share_a_track() {
        let spans = [(0, 9), (2, 3), (5, 7), (1, 8), (6, 6)];
        let tracks = assign_tracks(&spans, 10);
        assert_eq!(tracks, [3, 0, 1, 2, 0]);
    }

    #[test]
    fn spans_touching_at_a_layer_do_not_share_a_track() {
        assert_eq!(assign_tracks(&[(0, 3), (3, 5)], 6), [1, 0]);
    }

    #[test]
    fn overlapping_spans_always_get_different_tracks() {
        let mut seed = 7u64;
        let mut next = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % m
        };
        let spans: Vec<(usize, usize)> = (0..300)
            .map(|_| {
                let a = next(100);
                (a, a + next(100 - a))
            })
            .collect();
        let tracks = assign_tracks(&spans, 100);
        for (i, a) in spans.iter().enumerate() {
            for (j, b) in spans.iter().enumerate().skip(i + 1) {
                let overlap = a.0 <= b.1 && b.0 <= a.1;
                assert!(!overlap || tracks[i] != tracks[j], "{a:?} {b:?}");
            }
        }
    }
}
