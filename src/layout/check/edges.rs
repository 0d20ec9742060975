//! Edges against boxes: every edge runs from border to border, and no
//! piece of an edge passes through a box. Horizontal and vertical pieces
//! (nearly all of them in this engine's drawings) are checked by one sweep
//! each, in O((V + S) log(V + S)); slanted pieces and label points with a
//! grid of boxes.

use std::collections::BTreeMap;

use super::{BORDER, GRAZE, Key, inflate, inside};
use crate::layout::{Graph, Layout, Point, Rect};

/// A straight piece of edge `edge`, which joins nodes `ends`.
struct Piece {
    a: Point,
    b: Point,
    edge: usize,
    ends: (usize, usize),
}

pub(super) fn check_edges(graph: &Graph, layout: &Layout) -> Result<(), String> {
    let pieces = pieces(graph, layout)?;
    let boxes = &layout.nodes;
    // Whether a piece really passes through a box: its own boxes may be
    // grazed a little deeper than others, where it leaves and enters them.
    let through = |p: &Piece, k: usize| {
        let depth = if k == p.ends.0 || k == p.ends.1 {
            BORDER
        } else {
            GRAZE
        };
        segment_hits(p.a, p.b, &inflate(&boxes[k], -depth))
    };
    let (mut level, mut upright, mut slanted) = (Vec::new(), Vec::new(), Vec::new());
    for (i, p) in pieces.iter().enumerate() {
        match ((p.a.y - p.b.y).abs() < 1e-9, (p.a.x - p.b.x).abs() < 1e-9) {
            (true, _) => level.push(i),
            (_, true) => upright.push(i),
            _ => slanted.push(i),
        }
    }
    let grid = Grid::new(boxes);
    let found = sweep(boxes, &pieces, &level, false, &through)
        .or_else(|| sweep(boxes, &pieces, &upright, true, &through))
        .or_else(|| grid.find(&pieces, &slanted, &through));
    if let Some((i, k)) = found {
        let p = &pieces[i];
        return Err(format!(
            "edge {} ({} -> {}) passes through node {k}: {:?} to {:?} across {:?}",
            p.edge, p.ends.0, p.ends.1, p.a, p.b, boxes[k]
        ));
    }
    let mut near = Vec::new();
    for (e, path) in layout.edges.iter().enumerate() {
        let at = path.label_at;
        grid.near(at, at, &mut near);
        if let Some(&k) = near
            .iter()
            .find(|&&k| inside(at, &inflate(&boxes[k], -GRAZE)))
        {
            return Err(format!("edge {e}: label point {at:?} inside node {k}"));
        }
    }
    Ok(())
}

/// Checks where every edge starts and ends, and cuts the edges in pieces.
fn pieces(graph: &Graph, layout: &Layout) -> Result<Vec<Piece>, String> {
    let n = layout.nodes.len();
    let mut pieces = Vec::new();
    for (e, (&(u, v), path)) in graph.edges.iter().zip(&layout.edges).enumerate() {
        let p = &path.points;
        if u >= n || v >= n {
            if p.is_empty() {
                continue;
            }
            return Err(format!("edge {e} ({u} -> {v}) names no node but is drawn"));
        }
        let (Some(&first), Some(&last)) = (p.first(), p.last()) else {
            return Err(format!("edge {e} ({u} -> {v}) is not drawn"));
        };
        if p.len() < 2 || p.iter().any(|q| !q.x.is_finite() || !q.y.is_finite()) {
            return Err(format!("edge {e} ({u} -> {v}): bad points {p:?}"));
        }
        if !on_border(first, &layout.nodes[u]) || !on_border(last, &layout.nodes[v]) {
            return Err(format!(
                "edge {e} ({u} -> {v}) does not run from border to border: {p:?}, {:?} {:?}",
                layout.nodes[u], layout.nodes[v]
            ));
        }
        pieces.extend(p.windows(2).map(|w| Piece {
            a: w[0],
            b: w[1],
            edge: e,
            ends: (u, v),
        }));
    }
    Ok(pieces)
}

fn on_border(p: Point, r: &Rect) -> bool {
    let outer = inflate(r, BORDER);
    let within = outer.x <= p.x && p.x <= outer.right() && outer.y <= p.y && p.y <= outer.bottom();
    within && !inside(p, &inflate(r, -BORDER))
}

/// Whether segment `a`–`b` meets the closed rectangle `r` (Liang–Barsky);
/// a rectangle with no area is met by nothing.
fn segment_hits(a: Point, b: Point, r: &Rect) -> bool {
    if r.width <= 0. || r.height <= 0. {
        return false;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0f64, 1f64);
    for (p, q) in [
        (-dx, a.x - r.x),
        (dx, r.right() - a.x),
        (-dy, a.y - r.y),
        (dy, r.bottom() - a.y),
    ] {
        if p == 0. {
            if q < 0. {
                return false;
            }
        } else if p < 0. {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    t0 <= t1
}

/// A horizontal piece (`upright`: a vertical one) through a box, if any.
/// The sweep runs down (right) and keeps the boxes it cuts ordered across;
/// boxes that do not overlap are disjoint across, so a piece need only look
/// at the boxes just before its far end.
fn sweep(
    boxes: &[Rect],
    pieces: &[Piece],
    which: &[usize],
    upright: bool,
    through: &dyn Fn(&Piece, usize) -> bool,
) -> Option<(usize, usize)> {
    let turn = |p: Point| if upright { Point::new(p.y, p.x) } else { p };
    // (first, last) across the sweep, then along it.
    let spans: Vec<(Point, Point)> = (boxes.iter())
        .map(|r| inflate(r, -GRAZE))
        .map(|r| {
            (
                turn(Point::new(r.x, r.y)),
                turn(Point::new(r.right(), r.bottom())),
            )
        })
        .collect();
    // (along, 0 = box opens, 1 = piece, 2 = box closes, index)
    let mut events: Vec<(Key, u8, usize)> = Vec::with_capacity(2 * boxes.len() + which.len());
    for (k, (lo, hi)) in spans.iter().enumerate() {
        if lo.x < hi.x && lo.y < hi.y {
            events.extend([(Key(lo.y), 0, k), (Key(hi.y), 2, k)]);
        }
    }
    events.extend(which.iter().map(|&i| (Key(turn(pieces[i].a).y), 1, i)));
    events.sort_unstable();
    let mut cut: BTreeMap<(Key, usize), f64> = BTreeMap::new();
    for (_, kind, i) in events {
        match kind {
            0 => {
                cut.insert((Key(spans[i].0.x), i), spans[i].1.x);
            }
            2 => {
                cut.remove(&(Key(spans[i].0.x), i));
            }
            _ => {
                let (a, b) = (turn(pieces[i].a), turn(pieces[i].b));
                let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
                for (&(_, k), &end) in cut.range(..=(Key(hi), usize::MAX)).rev() {
                    if end < lo {
                        break;
                    }
                    if through(&pieces[i], k) {
                        return Some((i, k));
                    }
                }
            }
        }
    }
    None
}

/// Boxes bucketed by horizontal bands ("rows"), each row's boxes sorted
/// by their left edge: the boxes near a slanted piece or a point are found
/// by a binary search in the one or two rows the piece spans.
struct Grid {
    top: f64,
    height: f64,
    /// Per row, (left edge, box) in order.
    rows: Vec<Vec<(f64, usize)>>,
    /// Per row, the widest box in it.
    widest: Vec<f64>,
}

impl Grid {
    fn new(boxes: &[Rect]) -> Self {
        let top = boxes.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
        let bottom = boxes
            .iter()
            .map(|r| r.bottom())
            .fold(f64::NEG_INFINITY, f64::max);
        let mean = boxes.iter().map(|r| r.height).sum::<f64>() / boxes.len().max(1) as f64;
        // Rows about as tall as a box, but never more rows than 4 per box.
        let span = if bottom > top { bottom - top } else { 1. };
        let height = mean.max(8.).max(span / (4 * boxes.len() + 4) as f64);
        let count = (span / height).ceil() as usize + 1;
        let mut grid = Grid {
            top: if top.is_finite() { top } else { 0. },
            height,
            rows: vec![Vec::new(); count],
            widest: vec![0.; count],
        };
        for (k, r) in boxes.iter().enumerate() {
            for row in grid.rows_of(r.y, r.bottom()) {
                grid.rows[row].push((r.x, k));
                grid.widest[row] = grid.widest[row].max(r.width);
            }
        }
        for row in &mut grid.rows {
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        grid
    }

    /// The rows a vertical extent overlaps.
    fn rows_of(&self, y0: f64, y1: f64) -> std::ops::RangeInclusive<usize> {
        let last = self.rows.len().saturating_sub(1) as f64;
        let at = |y: f64| ((y - self.top) / self.height).floor().clamp(0., last) as usize;
        at(y0)..=at(y1)
    }

    /// The boxes that may meet the bounding box of `a`–`b`, each once.
    fn near(&self, a: Point, b: Point, out: &mut Vec<usize>) {
        out.clear();
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        for row in self.rows_of(a.y.min(b.y), a.y.max(b.y)) {
            let boxes = &self.rows[row];
            let from = boxes.partition_point(|&(left, _)| left < x0 - self.widest[row]);
            let upto = boxes.partition_point(|&(left, _)| left <= x1);
            out.extend(boxes[from..upto.max(from)].iter().map(|&(_, k)| k));
        }
        out.sort_unstable();
        out.dedup();
    }

    /// A piece among `which` through a box, if any.
    fn find(
        &self,
        pieces: &[Piece],
        which: &[usize],
        through: &dyn Fn(&Piece, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let mut near = Vec::new();
        for &i in which {
            self.near(pieces[i].a, pieces[i].b, &mut near);
            if let Some(&k) = near.iter().find(|&&k| through(&pieces[i], k)) {
                return Some((i, k));
            }
        }
        None
    }
}
