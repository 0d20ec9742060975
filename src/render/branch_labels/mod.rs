//! Where each branch label ("yes", "no", "escalate") goes: beside its own
//! edge, as near the decision as there is room, on no shape, no other
//! label and nearer to its own edge than to any other, so a reader can
//! tell which way each answer goes.
//!
//! Each label tries places along its edge from the decision onwards, on
//! both sides of each piece, and takes the first one that is free. Shapes
//! and labels already placed are found through a grid of cells; edges
//! through [`Lines`], their upright and level pieces sorted by where they
//! run, so each try costs a logarithm, not a pass over the drawing: a
//! 100,000-step flowchart places its labels in linear-logarithmic time.

mod grid;
mod lines;

use self::grid::{Grid, Item};
use self::lines::Lines;
use super::font;
use super::shape::{LABEL_SIZE, Shape};
use crate::layout::{Point, Rect};

/// The height of a one-line label's box, and of each further line.
const LABEL_HEIGHT: f64 = 18.0;
pub(super) const LABEL_LINE: f64 = 14.0;
/// A label longer than this wraps, so it fits beside its edge.
const LABEL_TEXT_WIDTH: f64 = 110.0;
/// Free space between a label and its own edge.
const GAP: f64 = 3.0;
/// Free space between a label and any shape or other label.
const CLEAR: f64 = 3.0;
/// Another edge must be at least this much further from the label than
/// its own edge is.
const OTHER_EDGE: f64 = 4.0;
/// How far apart the places a label tries along a piece are.
const STEP: f64 = 6.0;
/// Places a label tries before it takes the best of the bad ones.
const TRIES: usize = 160;

/// A branch label's lines: wrapped when it is long.
pub(super) fn label_lines(label: &str) -> Vec<String> {
    let lines = font::wrap_bold(label, LABEL_SIZE, LABEL_TEXT_WIDTH);
    if lines.is_empty() {
        vec![label.to_owned()]
    } else {
        lines
    }
}

/// The size (width, height) of the box of a label of these lines.
pub(super) fn label_size(lines: &[String]) -> (f64, f64) {
    let width = lines
        .iter()
        .map(|l| font::bold_text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max);
    (
        width + 12.0,
        LABEL_HEIGHT + lines.len().saturating_sub(1) as f64 * LABEL_LINE,
    )
}

/// One labelled edge: its polyline (from its source) and its box's size.
pub(super) struct Wanted<'a> {
    pub(super) edge: usize,
    pub(super) points: &'a [Point],
    /// The label box's width and height.
    pub(super) size: (f64, f64),
    /// The source's centre across the flow, to leave it outwards.
    pub(super) source_center: Point,
}

/// The centre of every wanted label's box, in the order given.
pub(super) fn place(
    shapes: &[(Shape, Rect)],
    edges: &[&[Point]],
    wanted: &[Wanted<'_>],
) -> Vec<Point> {
    let lines = Lines::new(edges);
    let mut grid = Grid::new(shapes.iter().map(|(_, r)| *r), shapes.len() + wanted.len());
    for (i, (_, r)) in shapes.iter().enumerate() {
        grid.insert(Item::Shape(i), *r);
    }
    let mut placed: Vec<Rect> = Vec::with_capacity(wanted.len());
    let mut near = Vec::new();
    for want in wanted {
        let size = want.size;
        let mut free_of_things = |r: &Rect, near: &mut Vec<Item>| {
            grid.near(&inflate(r, CLEAR), near);
            near.iter().all(|item| match *item {
                Item::Shape(i) => {
                    let (shape, rect) = shapes[i];
                    !shape_overlaps(shape, &rect, &inflate(r, CLEAR))
                }
                Item::Label(i) => !overlaps(&placed[i], &inflate(r, CLEAR)),
            })
        };
        let mut fallback = None;
        let mut chosen = None;
        for (k, (r, own)) in candidates(want, size).take(TRIES).enumerate() {
            if !free_of_things(&r, &mut near) {
                continue;
            }
            // Beside its own edge, not on it: the label hides no line.
            if lines.any(&inflate(&r, -1.0), |e| e == want.edge) {
                continue;
            }
            if !lines.any(&inflate(&r, own + OTHER_EDGE), |e| e != want.edge) {
                chosen = Some(r);
                break;
            }
            if fallback.is_none() || k == 0 {
                fallback = fallback.or(Some(r));
            }
        }
        let r = chosen.or(fallback).unwrap_or_else(|| {
            let at = want.points.first().copied().unwrap_or_default();
            Rect {
                x: at.x + GAP,
                y: at.y + GAP,
                width: size.0,
                height: size.1,
            }
        });
        grid.insert(Item::Label(placed.len()), r);
        placed.push(r);
    }
    placed.iter().map(Rect::center).collect()
}

/// The boxes a label tries, best first, each with its distance from its
/// own edge: along every piece of the edge from its source, first on the
/// side away from the source's centre.
fn candidates<'a>(
    want: &'a Wanted<'a>,
    (w, h): (f64, f64),
) -> impl Iterator<Item = (Rect, f64)> + 'a {
    want.points.windows(2).flat_map(move |s| {
        let (a, b) = (s[0], s[1]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = dx.hypot(dy);
        let upright = dx.abs() < dy.abs();
        // The two sides of the piece, outwards first.
        let out = if upright {
            if a.x < want.source_center.x {
                -1.0
            } else {
                1.0
            }
        } else if a.y < want.source_center.y {
            -1.0
        } else {
            1.0
        };
        let along = if upright { h } else { w };
        let steps = ((length - along).max(0.0) / STEP).floor() as usize + 1;
        (0..steps).flat_map(move |i| {
            // The label's near end, from the piece's start; a piece shorter
            // than the label centres it.
            let t = if length > along {
                (i as f64 * STEP + along / 2.0) / length
            } else {
                0.5
            };
            let m = Point::new(a.x + dx * t, a.y + dy * t);
            [out, -out].map(move |side| {
                let r = if upright {
                    let x = if side > 0.0 { m.x + GAP } else { m.x - GAP - w };
                    Rect {
                        x,
                        y: m.y - h / 2.0,
                        width: w,
                        height: h,
                    }
                } else {
                    let y = if side > 0.0 { m.y + GAP } else { m.y - GAP - h };
                    Rect {
                        x: m.x - w / 2.0,
                        y,
                        width: w,
                        height: h,
                    }
                };
                (r, GAP)
            })
        })
    })
}

fn inflate(r: &Rect, by: f64) -> Rect {
    Rect {
        x: r.x - by,
        y: r.y - by,
        width: r.width + 2.0 * by,
        height: r.height + 2.0 * by,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Whether `r` reaches into the shape drawn in `rect`: its box, diamond or
/// circle (not just the box around a diamond or circle).
pub(super) fn shape_overlaps(shape: Shape, rect: &Rect, r: &Rect) -> bool {
    if !overlaps(rect, r) {
        return false;
    }
    let c = rect.center();
    // How far the rectangle's nearest point is from the centre, per axis.
    let dx = (r.x - c.x).max(c.x - r.right()).max(0.0);
    let dy = (r.y - c.y).max(c.y - r.bottom()).max(0.0);
    let (a, b) = (rect.width / 2.0, rect.height / 2.0);
    match shape {
        Shape::Task => true,
        Shape::Decision => dx / a.max(1e-9) + dy / b.max(1e-9) < 1.0,
        Shape::Start | Shape::End => dx.hypot(dy) < a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn a_label_goes_beside_its_edge_away_from_others() {
        // Two branches leave a diamond downwards, 30 px apart; a box below.
        let shapes = [
            (Shape::Decision, rect(0.0, 0.0, 120.0, 60.0)),
            (Shape::Task, rect(0.0, 120.0, 120.0, 40.0)),
        ];
        let left = [Point::new(45.0, 52.5), Point::new(45.0, 120.0)];
        let right = [
            Point::new(75.0, 52.5),
            Point::new(75.0, 100.0),
            Point::new(200.0, 100.0),
        ];
        let edges: [&[Point]; 2] = [&left, &right];
        let wanted = [
            Wanted {
                edge: 0,
                points: &left,
                size: (30.0, 18.0),
                source_center: Point::new(60.0, 30.0),
            },
            Wanted {
                edge: 1,
                points: &right,
                size: (30.0, 18.0),
                source_center: Point::new(60.0, 30.0),
            },
        ];
        let at = place(&shapes, &edges, &wanted);
        // Left of the left branch, right of the right one.
        assert!(at[0].x < 45.0, "{at:?}");
        assert!(at[1].x > 75.0, "{at:?}");
        for (c, (shape, r)) in at.iter().zip([shapes[0], shapes[0]]) {
            let label = rect(c.x - 15.0, c.y - 9.0, 30.0, 18.0);
            assert!(!shape_overlaps(shape, &r, &label), "{c:?}");
        }
    }

    #[test]
    fn lines_find_only_other_edges() {
        let a = [Point::new(0.0, 0.0), Point::new(0.0, 100.0)];
        let b = [
            Point::new(10.0, 50.0),
            Point::new(10.0, 300.0),
            Point::new(80.0, 300.0),
        ];
        let lines = Lines::new(&[&a, &b]);
        let other = |r: Rect, own: usize| lines.any(&r, |e| e != own);
        assert!(!other(rect(-5.0, 10.0, 10.0, 10.0), 0));
        assert!(other(rect(-5.0, 10.0, 10.0, 10.0), 1));
        assert!(!other(rect(5.0, 10.0, 10.0, 10.0), 0));
        assert!(other(rect(5.0, 60.0, 10.0, 10.0), 0));
        assert!(other(rect(40.0, 295.0, 5.0, 10.0), 0));
        assert!(!other(rect(40.0, 305.0, 5.0, 10.0), 0));
    }
}
