//! Checks that a [`Layout`] is a drawing of its [`Graph`] a reader can
//! trust: no box on another, no edge through a box, every box in its lane,
//! every edge starting and ending on its nodes. For the layout's tests and
//! the renderers' tests; [`crossings`] counts edge crossings for reports.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

use super::{Graph, Layout, Point, Rect};

mod edges;

/// Boxes must be at least this far apart (px).
const BOX_GAP: f64 = 1.;
/// An edge may graze another box by this much (px): rounding, not drawing.
pub(super) const GRAZE: f64 = 0.5;
/// An edge's ends must lie this close to their box's border, and its other
/// points no deeper than this inside its own boxes (px).
pub(super) const BORDER: f64 = 1.;

/// `Ok` if `layout` is a sound drawing of `graph`, else what is wrong first:
///
/// - one box per node, of the node's size, inside the drawing;
/// - no two boxes overlap or come within 1 px;
/// - with lanes, one band per lane and every box inside its lane's band;
/// - every edge (one per input edge) starts within 1 px of its source's
///   border and ends within 1 px of its target's; no segment passes through
///   a box other than its ends' (more than 0.5 px deep), nor more than 1 px
///   deep through its ends' own boxes (so an edge cannot cut back through the
///   node it left); and its label point is in no box.
///
/// Runs in O((V + S) log(V + S)) for S edge segments whose pieces are
/// horizontal or vertical, by sweeps; slanted pieces are found with a grid.
pub fn check_geometry(graph: &Graph, layout: &Layout) -> Result<(), String> {
    check_nodes(graph, layout)?;
    check_overlaps(&layout.nodes)?;
    check_lanes(graph, layout)?;
    edges::check_edges(graph, layout)
}

fn check_nodes(graph: &Graph, layout: &Layout) -> Result<(), String> {
    let (n, m) = (graph.nodes.len(), graph.edges.len());
    if layout.nodes.len() != n || layout.edges.len() != m {
        return Err(format!(
            "{} boxes and {} edges for {n} nodes and {m} edges",
            layout.nodes.len(),
            layout.edges.len()
        ));
    }
    let size = |s: f64| if s.is_finite() && s > 0. { s } else { 0. };
    for (i, (r, spec)) in layout.nodes.iter().zip(&graph.nodes).enumerate() {
        let finite = [r.x, r.y, r.width, r.height].iter().all(|c| c.is_finite());
        if !finite
            || (r.width - size(spec.width)).abs() > 1e-6
            || (r.height - size(spec.height)).abs() > 1e-6
        {
            return Err(format!("node {i}: box {r:?} is not of size {spec:?}"));
        }
        let inside = r.x >= -1e-6
            && r.y >= -1e-6
            && r.right() <= layout.width + 1e-6
            && r.bottom() <= layout.height + 1e-6;
        if !inside {
            return Err(format!(
                "node {i}: box {r:?} outside the drawing {} x {}",
                layout.width, layout.height
            ));
        }
    }
    Ok(())
}

/// Sweeps the boxes from left to right; those cut by the sweep line are
/// disjoint along y, so a new box need only be compared with its two
/// neighbours along y among them.
fn check_overlaps(nodes: &[Rect]) -> Result<(), String> {
    let grown: Vec<Rect> = nodes.iter().map(|r| inflate(r, BOX_GAP / 2.)).collect();
    let mut by_left: Vec<usize> = (0..grown.len()).collect();
    by_left.sort_by(|&a, &b| grown[a].x.total_cmp(&grown[b].x));
    let mut active: BTreeMap<(Key, usize), ()> = BTreeMap::new();
    let mut leaving: BinaryHeap<Reverse<(Key, usize)>> = BinaryHeap::new();
    for i in by_left {
        let r = grown[i];
        while let Some(&Reverse((Key(right), j))) = leaving.peek() {
            if right > r.x {
                break;
            }
            leaving.pop();
            active.remove(&(Key(grown[j].y), j));
        }
        let below = active.range(..(Key(r.y), i)).next_back();
        let above = active.range((Key(r.y), i)..).next();
        for (&(_, j), _) in below.into_iter().chain(above) {
            let o = grown[j];
            if o.y < r.bottom() && r.y < o.bottom() {
                return Err(format!(
                    "nodes {j} and {i} overlap or are closer than {BOX_GAP} px: {:?} {:?}",
                    nodes[j], nodes[i]
                ));
            }
        }
        active.insert((Key(r.y), i), ());
        leaving.push(Reverse((Key(r.right()), i)));
    }
    Ok(())
}

/// An `f64` ordered by `total_cmp`, for the sweep's sorted sets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key(pub f64);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

fn check_lanes(graph: &Graph, layout: &Layout) -> Result<(), String> {
    if graph.lanes == 0 {
        return match layout.lanes.is_empty() {
            true => Ok(()),
            false => Err("lane bands in a graph without lanes".to_owned()),
        };
    }
    if layout.lanes.len() != graph.lanes {
        return Err(format!(
            "{} bands for {} lanes",
            layout.lanes.len(),
            graph.lanes
        ));
    }
    for (i, (r, spec)) in layout.nodes.iter().zip(&graph.nodes).enumerate() {
        let lane = spec.lane.unwrap_or(0).min(graph.lanes - 1);
        let band = inflate(&layout.lanes[lane].rect, 1e-6);
        let inside = band.x <= r.x
            && band.y <= r.y
            && r.right() <= band.right()
            && r.bottom() <= band.bottom();
        if !inside {
            return Err(format!(
                "node {i}: box {r:?} outside its lane {lane}, {band:?}"
            ));
        }
    }
    Ok(())
}

pub(super) fn inflate(r: &Rect, by: f64) -> Rect {
    Rect {
        x: r.x - by,
        y: r.y - by,
        width: (r.width + 2. * by).max(0.),
        height: (r.height + 2. * by).max(0.),
    }
}

pub(super) fn inside(p: Point, r: &Rect) -> bool {
    r.x < p.x && p.x < r.right() && r.y < p.y && p.y < r.bottom()
}

/// The number of points where two edges cross (segments of different edges
/// meeting at a point inside both). Edges merely touching, or running
/// together, are not counted. Quadratic in the worst case: for reports and
/// tests, not for large drawings.
pub fn crossings(layout: &Layout) -> usize {
    let mut segments: Vec<(Point, Point, usize)> = Vec::new();
    for (e, path) in layout.edges.iter().enumerate() {
        segments.extend(path.points.windows(2).map(|w| (w[0], w[1], e)));
    }
    let lo = |s: &(Point, Point, usize)| s.0.x.min(s.1.x);
    segments.sort_by(|a, b| lo(a).total_cmp(&lo(b)));
    let mut count = 0;
    for (i, a) in segments.iter().enumerate() {
        let hi = a.0.x.max(a.1.x);
        for b in segments[i + 1..].iter().take_while(|b| lo(b) <= hi) {
            if a.2 != b.2 && cross(a.0, a.1, b.0, b.1) {
                count += 1;
            }
        }
    }
    count
}

/// Whether segments `a`–`b` and `c`–`d` cross at a point inside both.
fn cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let side = |p: Point, q: Point, r: Point| {
        let v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
        let scale = (q.x - p.x).hypot(q.y - p.y) * (r.x - p.x).hypot(r.y - p.y);
        if v.abs() <= 1e-9 * scale {
            0.
        } else {
            v.signum()
        }
    };
    side(a, b, c) * side(a, b, d) < 0. && side(c, d, a) * side(c, d, b) < 0.
}

#[cfg(test)]
mod tests;
