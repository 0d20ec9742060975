//! Where the names drawn outside shapes go: the external labels of events
//! and gateways, and the names of a decision's branches on their flows.
//!
//! bpmn-js draws an external label's text wrapped to its box's width, so
//! each box is sized for the whole name wrapped at the width chosen here:
//! a question is never cut. An event's or a gateway's label goes on a side
//! of its shape that no flow uses; the layout gave its box room on the two
//! sides across the flow (see [`super::geometry`]). A branch's name goes
//! beside one of its flow's straight runs, the first that leaves it clear of
//! every shape, every other label and, if it can, every other flow.
//!
//! What is placed is kept in a grid of cells, so that each label looks only
//! at what is near it: placing every label is linear in the drawing.

use rustc_hash::FxHashMap as HashMap;

use crate::layout::{Direction, Point, Rect};
use crate::render::font;

use super::process::{Kind, Process};

/// bpmn-js's size of external labels, and its line height (1.2 × size).
pub(super) const LABEL_FONT: f64 = 11.0;
const LINE: f64 = 1.2;
/// The widths an external label tries, narrowest first.
const LABEL_WIDTHS: [f64; 5] = [110.0, 130.0, 150.0, 180.0, 210.0];
/// A branch's name wraps at this width at most.
const FLOW_LABEL_WIDTH: f64 = 110.0;
/// Between a shape and its label, and between a line and a branch's name.
pub(super) const LABEL_GAP: f64 = 4.0;

/// The size of an external label: its name wrapped at the narrowest of
/// [`LABEL_WIDTHS`] that keeps it within `max_lines` (or the widest), as
/// tall as all its lines. Labels beside their shape (a flow running down)
/// may have more lines than those under it (a flow running right).
pub(super) fn label_size(name: &str, direction: Direction) -> (f64, f64) {
    let max_lines = match direction {
        Direction::TopToBottom => 6,
        Direction::LeftToRight => 3,
    };
    for width in LABEL_WIDTHS {
        if font::wrap(name, LABEL_FONT, width).len() <= max_lines {
            return wrapped_size(name, width);
        }
    }
    wrapped_size(name, LABEL_WIDTHS[LABEL_WIDTHS.len() - 1])
}

/// The box of `name` wrapped at `width`: as wide as its widest line (plus
/// a little, as browsers' fonts vary), as tall as its lines.
fn wrapped_size(name: &str, width: f64) -> (f64, f64) {
    let lines = font::wrap(name, LABEL_FONT, width);
    if lines.is_empty() {
        return (0.0, 0.0);
    }
    let widest = lines
        .iter()
        .map(|l| font::text_width(l, LABEL_FONT))
        .fold(0.0, f64::max);
    (
        (widest + 4.0).ceil(),
        (lines.len() as f64 * LABEL_FONT * LINE + 2.0).ceil(),
    )
}

/// A side of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Above,
    Below,
    Left,
    Right,
}

/// The side of a shape where a flow's end meets it, from the flow's
/// straight run at that end (`end` is the point on the shape, `next` the
/// one before or after it).
fn side_of(end: Point, next: Point) -> Side {
    let (dx, dy) = (next.x - end.x, next.y - end.y);
    if dy.abs() >= dx.abs() {
        if dy < 0.0 { Side::Above } else { Side::Below }
    } else if dx < 0.0 {
        Side::Left
    } else {
        Side::Right
    }
}

/// The label of each named event and splitting gateway, on the first side
/// of its shape that no flow meets, in the order a reader looks: below or
/// above when the flow runs right, right or left when it runs down (the
/// sides its box has room on); when every side is taken, the first.
pub(super) fn node_labels(
    process: &Process,
    shapes: &[Rect],
    flows: &[Vec<Point>],
    direction: Direction,
) -> Vec<Option<Rect>> {
    let mut taken = vec![[false; 4]; shapes.len()];
    for (f, points) in process.flows.iter().zip(flows) {
        if let [first, second, ..] = points[..] {
            taken[f.from][side_of(first, second) as usize] = true;
        }
        if let [.., before, last] = points[..] {
            taken[f.to][side_of(last, before) as usize] = true;
        }
    }
    let order = match direction {
        Direction::LeftToRight => [Side::Below, Side::Above, Side::Right, Side::Left],
        Direction::TopToBottom => [Side::Right, Side::Left, Side::Below, Side::Above],
    };
    process
        .nodes
        .iter()
        .enumerate()
        .map(|(v, node)| {
            if matches!(node.kind, Kind::Task | Kind::Join) || node.name.trim().is_empty() {
                return None;
            }
            let (w, h) = label_size(&node.name, direction);
            let side = (order.iter())
                .find(|s| !taken[v][**s as usize])
                .copied()
                .unwrap_or(order[0]);
            let s = shapes[v];
            let c = s.center();
            let (x, y) = match side {
                Side::Below => (c.x - w / 2.0, s.bottom() + LABEL_GAP),
                Side::Above => (c.x - w / 2.0, s.y - LABEL_GAP - h),
                Side::Right => (s.right() + LABEL_GAP, c.y - h / 2.0),
                Side::Left => (s.x - LABEL_GAP - w, c.y - h / 2.0),
            };
            Some(Rect {
                x,
                y,
                width: w,
                height: h,
            })
        })
        .collect()
}

/// Rectangles placed so far, each with its owner (a flow, or none), by the
/// cells of a grid they touch.
struct Grid {
    cells: HashMap<(i64, i64), Vec<(Rect, usize)>>,
}

impl Grid {
    const CELL: f64 = 128.0;
    /// A rectangle touching more cells than this (a long run of a flow
    /// across the drawing) is left out: a soft obstacle only, and rare.
    const MOST_CELLS: i64 = 32;
    const NO_OWNER: usize = usize::MAX;

    fn new() -> Self {
        Self {
            cells: HashMap::default(),
        }
    }

    fn span(r: Rect) -> (i64, i64, i64, i64) {
        let cell = |v: f64| (v / Self::CELL).floor() as i64;
        (cell(r.x), cell(r.y), cell(r.right()), cell(r.bottom()))
    }

    fn add(&mut self, r: Rect, owner: usize) {
        let (x0, y0, x1, y1) = Self::span(r);
        if (x1 - x0 + 1) * (y1 - y0 + 1) > Self::MOST_CELLS {
            return;
        }
        for cx in x0..=x1 {
            for cy in y0..=y1 {
                self.cells.entry((cx, cy)).or_default().push((r, owner));
            }
        }
    }

    /// Whether `r` overlaps anything not owned by `owner`.
    fn hits(&self, r: Rect, owner: usize) -> bool {
        let (x0, y0, x1, y1) = Self::span(r);
        (x0..=x1).any(|cx| {
            (y0..=y1).any(|cy| {
                self.cells.get(&(cx, cy)).is_some_and(|placed| {
                    placed
                        .iter()
                        .any(|&(o, by)| (by != owner || by == Self::NO_OWNER) && overlap(o, r))
                })
            })
        })
    }
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// How far a branch's name keeps from other flows, if it can.
const CLEARANCE: f64 = 6.0;

fn grown(r: Rect, by: f64) -> Rect {
    Rect {
        x: r.x - by,
        y: r.y - by,
        width: r.width + 2.0 * by,
        height: r.height + 2.0 * by,
    }
}

/// Where each named flow's name goes (see the module documentation), given
/// the shapes, the labels of events and gateways, and the area the names
/// must stay in (the lanes, or the whole drawing).
pub(super) fn flow_labels(
    process: &Process,
    flows: &[Vec<Point>],
    shapes: &[Rect],
    node_labels: &[Option<Rect>],
    area: Rect,
) -> Vec<Option<Rect>> {
    let mut hard = Grid::new();
    for r in shapes.iter().chain(node_labels.iter().flatten()) {
        hard.add(*r, Grid::NO_OWNER);
    }
    let mut soft = Grid::new();
    for (f, points) in flows.iter().enumerate() {
        for s in points.windows(2) {
            soft.add(line_box(s[0], s[1]), f);
        }
    }
    process
        .flows
        .iter()
        .zip(flows)
        .enumerate()
        .map(|(f, (flow, points))| {
            let name = flow.name.as_deref().filter(|n| !n.trim().is_empty())?;
            let candidates = candidates(name, points);
            // Clear of everything and along its run; clear of everything;
            // clear of shapes and labels; else the first place.
            let inside = |r: Rect| {
                r.x >= area.x
                    && r.y >= area.y
                    && r.right() <= area.right()
                    && r.bottom() <= area.bottom()
            };
            let on_shape = |c: &Candidate| !inside(c.rect) || hard.hits(c.rect, Grid::NO_OWNER);
            let clear = |c: &&Candidate| !on_shape(c) && !soft.hits(grown(c.rect, CLEARANCE), f);
            let best = (candidates.iter().find(|c| c.along && clear(c)))
                .or_else(|| candidates.iter().find(clear))
                .or_else(|| candidates.iter().find(|c| !on_shape(c)))
                .or(candidates.first())?
                .rect;
            hard.add(best, Grid::NO_OWNER);
            Some(best)
        })
        .collect()
}

/// The thin box around a straight run, for the obstacle grid.
fn line_box(a: Point, b: Point) -> Rect {
    Rect {
        x: a.x.min(b.x) - 0.5,
        y: a.y.min(b.y) - 0.5,
        width: (a.x - b.x).abs() + 1.0,
        height: (a.y - b.y).abs() + 1.0,
    }
}

/// A place for a branch's name, and whether it fits along its run.
struct Candidate {
    rect: Rect,
    along: bool,
}

/// The places a branch's name may go, best first: beside each of its
/// flow's straight runs, on either side, where the run starts (just after
/// a bend) or where it ends (just before the next bend or the arrow); the
/// first run last, since it may be the stub that the branches of one
/// gateway share.
fn candidates(name: &str, points: &[Point]) -> Vec<Candidate> {
    let runs = points.len().saturating_sub(1);
    let order = (1..runs).chain((runs > 0).then_some(0));
    let mut out = Vec::new();
    for k in order {
        let (a, b) = (points[k], points[k + 1]);
        let length = (b.x - a.x).abs() + (b.y - a.y).abs();
        if length < 1.0 {
            continue;
        }
        // (along the run: where the label starts for each end; across it:
        // the two sides), in the drawing's x and y.
        let (w, h, along, starts, sides) = if (a.y - b.y).abs() < 0.01 {
            // A level run: above it, or below.
            let (w, h) = wrapped_size(name, (length - 16.0).clamp(40.0, FLOW_LABEL_WIDTH));
            let (lo, hi) = (a.x.min(b.x), a.x.max(b.x));
            let ends = [lo + 6.0, hi - 6.0 - w];
            let ends = if b.x > a.x { ends } else { [ends[1], ends[0]] };
            let sides = [a.y - h - 2.0, a.y + 2.0];
            (w, h, w + 12.0 <= length, ends, sides)
        } else if (a.x - b.x).abs() < 0.01 {
            // An upright run: right of it, or left.
            let (w, h) = wrapped_size(name, FLOW_LABEL_WIDTH);
            let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
            let ends = [lo + LABEL_GAP, hi - LABEL_GAP - h];
            let ends = if b.y > a.y { ends } else { [ends[1], ends[0]] };
            let sides = [a.x + LABEL_GAP, a.x - LABEL_GAP - w];
            (w, h, h + 2.0 * LABEL_GAP <= length, ends, sides)
        } else {
            continue;
        };
        let level = (a.y - b.y).abs() < 0.01;
        for start in starts {
            for side in sides {
                let (x, y) = if level { (start, side) } else { (side, start) };
                out.push(Candidate {
                    rect: Rect {
                        x,
                        y,
                        width: w,
                        height: h,
                    },
                    along,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_question_is_wrapped_whole_never_cut() {
        let question = "Has the customer confirmed, in writing and within the last thirty days, that the charge is disputed and not merely unexpected?";
        for direction in [Direction::LeftToRight, Direction::TopToBottom] {
            let (w, h) = label_size(question, direction);
            let lines = font::wrap(question, LABEL_FONT, w);
            assert_eq!(lines.join(" "), question, "every word kept");
            assert!(
                h >= lines.len() as f64 * LABEL_FONT * LINE,
                "tall enough: {h}"
            );
            assert!(w <= 214.0, "{w}");
        }
        // Beside the shape (flow down) it may run longer and narrower.
        let (across, _) = label_size(question, Direction::TopToBottom);
        let (under, _) = label_size(question, Direction::LeftToRight);
        assert!(across <= under, "{across} {under}");
        assert_eq!(label_size("", Direction::TopToBottom), (0.0, 0.0));
    }

    #[test]
    fn a_branch_name_goes_beside_its_own_run_clear_of_shapes() {
        let p = Point::new;
        // Down from a gateway, right, and down into a task.
        let points = [
            p(100.0, 50.0),
            p(100.0, 80.0),
            p(300.0, 80.0),
            p(300.0, 120.0),
        ];
        let c = candidates("yes", &points);
        // The level run first: above it, just after the bend.
        assert_eq!((c[0].rect.x, c[0].rect.bottom()), (106.0, 78.0));
        assert!(c[0].along);
        // A shape over that place moves the name below the run.
        let mut hard = Grid::new();
        let shape = Rect {
            x: 100.0,
            y: 40.0,
            width: 50.0,
            height: 38.5,
        };
        hard.add(shape, Grid::NO_OWNER);
        let first_free = (c.iter()).find(|c| !hard.hits(c.rect, 0)).expect("a place");
        assert_eq!(first_free.rect.y, 82.0);
    }
}
