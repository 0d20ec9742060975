//! The pieces of every edge, sorted by where they run, so a label finds the
//! edges near a place it tries by binary search.

use crate::layout::{Point, Rect};

/// Every edge's pieces, upright ones by x and level ones by y, each sorted
/// by the line they lie on and where they start, with the furthest end so
/// far on that line, so the pieces near a box are found by binary search.
/// A slanted piece (none in sopkit's squared drawings) is kept as the
/// upright and level pieces of its bounding box, which only makes the
/// search stricter.
pub(super) struct Lines {
    upright: Runs,
    level: Runs,
}

/// Pieces: (line, start, end, edge), sorted by line then start; `reach[i]`
/// is the furthest end among the pieces of its line up to `i`.
#[derive(Default)]
struct Runs {
    pieces: Vec<(i64, f64, f64, usize)>,
    reach: Vec<f64>,
}

/// Lines are keyed in eighths of a pixel.
fn key(v: f64) -> i64 {
    (v * 8.0).round() as i64
}

impl Lines {
    pub(super) fn new(edges: &[&[Point]]) -> Self {
        let (mut upright, mut level) = (Runs::default(), Runs::default());
        for (e, points) in edges.iter().enumerate() {
            for s in points.windows(2) {
                let (a, b) = (s[0], s[1]);
                if (a.x - b.x).abs() > 1e-6 || (a.y - b.y).abs() <= 1e-6 {
                    let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
                    level.pieces.push((key(a.y), lo, hi, e));
                    if key(a.y) != key(b.y) {
                        level.pieces.push((key(b.y), lo, hi, e));
                    }
                }
                if (a.y - b.y).abs() > 1e-6 || (a.x - b.x).abs() <= 1e-6 {
                    let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
                    upright.pieces.push((key(a.x), lo, hi, e));
                    if key(a.x) != key(b.x) {
                        upright.pieces.push((key(b.x), lo, hi, e));
                    }
                }
            }
        }
        upright.finish();
        level.finish();
        Self { upright, level }
    }

    /// Whether a piece of an edge that `which` accepts touches `r`.
    pub(super) fn any(&self, r: &Rect, which: impl Fn(usize) -> bool) -> bool {
        if r.width < 0.0 || r.height < 0.0 {
            return false;
        }
        self.upright
            .any((r.x, r.right()), (r.y, r.bottom()), &which)
            || self.level.any((r.y, r.bottom()), (r.x, r.right()), &which)
    }
}

impl Runs {
    fn finish(&mut self) {
        self.pieces
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut line = None;
        let mut far = f64::NEG_INFINITY;
        self.reach = self
            .pieces
            .iter()
            .map(|p| {
                if line != Some(p.0) {
                    (line, far) = (Some(p.0), f64::NEG_INFINITY);
                }
                far = far.max(p.2);
                far
            })
            .collect();
    }

    /// Whether a piece on a line within `lines` that `which` accepts
    /// overlaps `from..to` along it.
    fn any(
        &self,
        (lo, hi): (f64, f64),
        (from, to): (f64, f64),
        which: &impl Fn(usize) -> bool,
    ) -> bool {
        let p = &self.pieces;
        let (first, last) = (key(lo), key(hi));
        let mut at = p.partition_point(|q| q.0 < first);
        let end = p.partition_point(|q| q.0 <= last);
        while at < end {
            let line = p[at].0;
            let group_end = at + p[at..end].partition_point(|q| q.0 == line);
            // Pieces of this line starting after `to` cannot overlap; walk
            // back from the last one that starts before, while some piece
            // still reaches `from`.
            let stop = at + p[at..group_end].partition_point(|q| q.1 <= to);
            let hit = (at..stop)
                .rev()
                .take_while(|&i| self.reach[i] >= from)
                .any(|i| p[i].2 >= from && which(p[i].3));
            if hit {
                return true;
            }
            at = group_end;
        }
        false
    }
}
