//! Where the process is drawn (its BPMN DI): every event, task and gateway
//! placed by [`crate::layout`], left to right, in lanes when there are any,
//! at the sizes bpmn-js draws them (events 36×36, gateways 50×50, tasks
//! 100×80 or larger for a long name).
//!
//! bpmn-js writes the names of events and gateways *outside* their shapes
//! ("external labels"), so the box each one gets from the layout has room
//! for its name above and below the shape, which sits in the middle where
//! the flows meet it; the name goes on the side no flow uses. Flows end on
//! the circle or diamond itself, not on the box around it.
//!
//! bpmn-js writes a lane's name turned on its side, in the lane's height;
//! a lane too short for its name in two lines is made taller, everything in
//! it moved down with it.

use crate::layout::{self, Direction, Graph, Layout, NodeSpec, Point, Rect, Spacing};
use crate::render::diagram::{Shape, onto_outline};
use crate::render::font;

use super::process::{Kind, Process};
use super::route::{self, label_run};

/// bpmn-js's text sizes: names in tasks and lanes, and external labels.
pub const TASK_FONT: f64 = 12.0;
pub const LABEL_FONT: f64 = 11.0;
/// bpmn-js's line height is 1.2 times the font size.
const LINE: f64 = 1.2;
/// Room between a task's edge and its name (bpmn-js keeps 7 px).
const TASK_PADDING: f64 = 8.0;
/// The widths a task tries, narrowest first, before it grows taller.
const TASK_WIDTHS: [f64; 6] = [100.0, 120.0, 140.0, 160.0, 180.0, 200.0];
const TASK_HEIGHT: f64 = 80.0;
const EVENT_SIZE: f64 = 36.0;
const GATEWAY_SIZE: f64 = 50.0;
/// External labels wrap at this width, and sit this far from their shape.
const LABEL_WIDTH: f64 = 110.0;
const LABEL_GAP: f64 = 4.0;
/// The band at the left of a pool and of each lane that holds its name.
const HEADER: f64 = 30.0;

/// The drawing of a [`Process`]: one entry per node, per flow and per lane.
#[derive(Debug, Clone)]
pub struct Geometry {
    /// The shape of each node, as bpmn-js draws it.
    pub shapes: Vec<Rect>,
    /// Where each named event's and splitting gateway's name goes.
    pub labels: Vec<Option<Rect>>,
    /// Each flow's waypoints, from the source's outline to the target's.
    pub flows: Vec<Vec<Point>>,
    /// Where each named flow's name goes.
    pub flow_labels: Vec<Option<Rect>>,
    /// The pool (participant) around the lanes, when there are lanes.
    pub pool: Option<Rect>,
    pub lanes: Vec<Rect>,
    /// The graph handed to the layout (one box per node, with room for its
    /// name), and the layout after lanes were made tall enough: for checks.
    pub graph: Graph,
    pub layout: Layout,
}

impl Geometry {
    pub fn build(process: &Process) -> Self {
        let lanes = process.lanes.len();
        let specs: Vec<(NodeSpec, f64)> = process
            .nodes
            .iter()
            .map(|n| {
                let (width, height, shape) = box_size(n.kind, &n.name);
                (
                    NodeSpec {
                        width,
                        height,
                        lane: n.lane,
                    },
                    shape,
                )
            })
            .collect();
        let graph = Graph {
            nodes: specs.iter().map(|(s, _)| *s).collect(),
            edges: process.flows.iter().map(|f| (f.from, f.to)).collect(),
            direction: Direction::LeftToRight,
            lanes,
            labels: Vec::new(),
        };
        // More room between columns than the flowchart's: for right-angled
        // runs and for branch labels.
        let spacing = Spacing {
            layer_gap: 64.0,
            ..Spacing::default()
        };
        let mut layout = layout::layout_with(&graph, &spacing);
        let names: Vec<&str> = process.lanes.iter().map(|l| l.name.as_str()).collect();
        route::stretch_lanes(&graph, &mut layout, &names, TASK_FONT);
        crate::layout::square(&mut layout, crate::layout::Direction::LeftToRight);

        let dx = if lanes > 0 { 2.0 * HEADER } else { 0.0 };
        let at = |p: Point| Point::new(p.x + dx, p.y);
        let boxes: Vec<Rect> = layout
            .nodes
            .iter()
            .map(|r| Rect { x: r.x + dx, ..*r })
            .collect();
        let shapes: Vec<Rect> = boxes
            .iter()
            .zip(&specs)
            .map(|(b, &(_, size))| {
                if size == 0.0 {
                    return *b;
                }
                let c = b.center();
                Rect {
                    x: c.x - size / 2.0,
                    y: c.y - size / 2.0,
                    width: size,
                    height: size,
                }
            })
            .collect();
        let outline = |v: usize| match process.nodes[v].kind {
            Kind::Task => Shape::Task,
            Kind::Split | Kind::Join => Shape::Decision,
            Kind::Start | Kind::End => Shape::Start,
        };
        let flows: Vec<Vec<Point>> = process
            .flows
            .iter()
            .zip(&layout.edges)
            .map(|(f, path)| {
                let mut points: Vec<Point> = path.points.iter().map(|&p| at(p)).collect();
                if points.len() >= 2 {
                    let (from, to) = (f.from, f.to);
                    points.reverse();
                    reach_shape(&mut points, outline(to), boxes[to], shapes[to]);
                    points.reverse();
                    reach_shape(&mut points, outline(from), boxes[from], shapes[from]);
                }
                straighten(points)
            })
            .collect();
        let labels = node_labels(process, &shapes, &flows);
        let tops: Vec<f64> = layout.lanes.iter().map(|b| b.rect.y).collect();
        let flow_labels = process
            .flows
            .iter()
            .zip(&flows)
            .map(|(f, points)| {
                let name = f.name.as_deref().filter(|n| !n.trim().is_empty())?;
                flow_label(name, points, &tops)
            })
            .collect();
        let (pool, lane_rects) = if lanes > 0 {
            let pool = Rect {
                x: 0.0,
                y: 0.0,
                width: layout.width + dx,
                height: layout.height,
            };
            let rects = layout
                .lanes
                .iter()
                .map(|band| Rect {
                    x: HEADER,
                    y: band.rect.y,
                    width: pool.width - HEADER,
                    height: band.rect.height,
                })
                .collect();
            (Some(pool), rects)
        } else {
            (None, Vec::new())
        };
        Self {
            shapes,
            labels,
            flows,
            flow_labels,
            pool,
            lanes: lane_rects,
            graph,
            layout,
        }
    }
}

/// Carries a flow that ends (at `points[0]`) on the border of a node's
/// box on to its shape inside: straight in from the box's side, onto the
/// circle or diamond (or along the flow's own first segment, when a
/// straight line in would miss the shape).
fn reach_shape(points: &mut Vec<Point>, shape: Shape, bounds: Rect, drawn: Rect) {
    let p = points[0];
    let inward = if (p.x - bounds.x).abs() < 0.5 {
        Point::new(1.0, 0.0)
    } else if (p.x - bounds.right()).abs() < 0.5 {
        Point::new(-1.0, 0.0)
    } else if (p.y - bounds.y).abs() < 0.5 {
        Point::new(0.0, 1.0)
    } else {
        Point::new(0.0, -1.0)
    };
    // Straight in, up to the line through the shape's centre.
    let c = drawn.center();
    let across = if inward.x != 0.0 {
        Point::new(c.x, p.y)
    } else {
        Point::new(p.x, c.y)
    };
    let (a, b) = (drawn.width / 2.0, drawn.height / 2.0);
    let covers = |q: Point| {
        let (dx, dy) = ((q.x - c.x).abs() / a, (q.y - c.y).abs() / b);
        match shape {
            Shape::Decision => dx + dy <= 1.0 + 1e-9,
            Shape::Start | Shape::End => dx * dx + dy * dy <= 1.0 + 1e-9,
            Shape::Task => dx <= 1.0 + 1e-9 && dy <= 1.0 + 1e-9,
        }
    };
    if covers(p) {
        // Already on the outline: a box that is the shape's own.
        return;
    }
    if covers(across) {
        let hit = onto_outline(p, across, shape, drawn);
        if (hit.x - p.x).abs() > 0.01 || (hit.y - p.y).abs() > 0.01 {
            points.insert(0, hit);
        }
    } else {
        points[0] = onto_outline(points[1], p, shape, drawn);
    }
}

/// A polyline without repeated points, and without points in the middle of
/// a straight level or upright run.
fn straighten(points: Vec<Point>) -> Vec<Point> {
    let same = |a: f64, b: f64| (a - b).abs() < 0.01;
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|q| same(q.x, p.x) && same(q.y, p.y)) {
            continue;
        }
        if let [.., a, b] = out[..]
            && ((same(a.x, b.x) && same(b.x, p.x)) || (same(a.y, b.y) && same(b.y, p.y)))
        {
            out.pop();
        }
        out.push(p);
    }
    out
}

/// A node's box for the layout (width, height), and the size of its round
/// or diamond shape in the middle of it (0 for a task, whose box is its shape).
fn box_size(kind: Kind, name: &str) -> (f64, f64, f64) {
    let shape = match kind {
        Kind::Task => {
            let (w, h) = task_size(name);
            return (w, h, 0.0);
        }
        Kind::Join => return (GATEWAY_SIZE, GATEWAY_SIZE, GATEWAY_SIZE),
        Kind::Split => GATEWAY_SIZE,
        Kind::Start | Kind::End => EVENT_SIZE,
    };
    let (w, h) = label_size(name);
    let room = if h > 0.0 { h + LABEL_GAP } else { 0.0 };
    (shape.max(w), shape + 2.0 * room, shape)
}

/// The size of a task whose name fits inside it: the narrowest of
/// [`TASK_WIDTHS`] that holds the name in the standard height, else the
/// widest, as tall as the name needs.
pub fn task_size(name: &str) -> (f64, f64) {
    let lines = |width: f64| font::wrap(name, TASK_FONT, width - 2.0 * TASK_PADDING).len() as f64;
    let height = |lines: f64| lines * TASK_FONT * LINE + 2.0 * TASK_PADDING;
    for width in TASK_WIDTHS {
        if height(lines(width)) <= TASK_HEIGHT {
            return (width, TASK_HEIGHT);
        }
    }
    let widest = TASK_WIDTHS[TASK_WIDTHS.len() - 1];
    let needed = height(lines(widest));
    (widest, (needed / 10.0).ceil() * 10.0)
}

/// A branch's label on its own level run (see [`label_run`]): above the
/// line (below, when above would leave its lane, whose tops are `tops`),
/// wrapped to the run's length (but not narrower than 40 px); for a branch
/// running straight on, ending just before its arrow.
fn flow_label(name: &str, points: &[Point], tops: &[f64]) -> Option<Rect> {
    let (at, room, straight) = label_run(points)?;
    let (w, h) = wrapped_size(name, room.clamp(40.0, LABEL_WIDTH));
    let x = if straight { at.x - w } else { at.x };
    let top = tops
        .iter()
        .rev()
        .find(|&&t| t <= at.y)
        .copied()
        .unwrap_or(0.0);
    let above = at.y - h - 2.0;
    Some(Rect {
        x,
        y: if above < top + 2.0 { at.y + 2.0 } else { above },
        width: w,
        height: h,
    })
}

/// The size of an external label: its lines wrapped at [`LABEL_WIDTH`].
fn label_size(name: &str) -> (f64, f64) {
    wrapped_size(name, LABEL_WIDTH)
}

fn wrapped_size(name: &str, width: f64) -> (f64, f64) {
    let lines = font::wrap(name, LABEL_FONT, width);
    if lines.is_empty() {
        return (0.0, 0.0);
    }
    let width = lines
        .iter()
        .map(|l| font::text_width(l, LABEL_FONT))
        .fold(0.0, f64::max);
    (
        (width + 4.0).ceil(),
        (lines.len() as f64 * LABEL_FONT * LINE + 2.0).ceil(),
    )
}

/// The label of each named event and splitting gateway: below its shape,
/// or above when a flow meets the shape from below and none from above.
fn node_labels(process: &Process, shapes: &[Rect], flows: &[Vec<Point>]) -> Vec<Option<Rect>> {
    let mut above = vec![false; shapes.len()];
    let mut below = vec![false; shapes.len()];
    for (f, points) in process.flows.iter().zip(flows) {
        for (v, p) in [(f.from, points.first()), (f.to, points.last())] {
            let (Some(p), c) = (p, shapes[v].center()) else {
                continue;
            };
            above[v] |= p.y < c.y - 1.0;
            below[v] |= p.y > c.y + 1.0;
        }
    }
    process
        .nodes
        .iter()
        .enumerate()
        .map(|(v, node)| {
            if matches!(node.kind, Kind::Task | Kind::Join) || node.name.trim().is_empty() {
                return None;
            }
            let (w, h) = label_size(&node.name);
            let s = shapes[v];
            let y = if below[v] && !above[v] {
                s.y - LABEL_GAP - h
            } else {
                s.bottom() + LABEL_GAP
            };
            Some(Rect {
                x: s.center().x - w / 2.0,
                y,
                width: w,
                height: h,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::bpmn::tests::process_of;

    #[test]
    fn tasks_grow_wider_then_taller_for_long_names() {
        assert_eq!(task_size("Close the ticket."), (100.0, 80.0));
        let long = "Issue a credit for the disputed amount and tell the customer when it appears on the bill.";
        let (w, h) = task_size(long);
        assert!(w > 100.0 && h == 80.0, "{w} x {h}");
        let (w, h) = task_size(&long.repeat(4));
        assert!(w == 200.0 && h > 80.0, "{w} x {h}");
    }

    #[test]
    fn shapes_have_bpmn_sizes_and_flows_end_on_them() {
        let p = process_of(
            "roles:\n  agent: Customer service agent on the billing line, day shift\ninstructions:\n  - id: ask\n    text: Big?\n    role: agent\n    branches:\n      \"yes\": ask\n      \"no\": done\n  - id: done\n    text: Done.\n",
            false,
        );
        let g = Geometry::build(&p);
        layout::check_geometry(&g.graph, &g.layout).expect("a sound layout");
        for (node, shape) in p.nodes.iter().zip(&g.shapes) {
            let size = match node.kind {
                Kind::Start | Kind::End => (36.0, 36.0),
                Kind::Split | Kind::Join => (50.0, 50.0),
                Kind::Task => (100.0, 80.0),
            };
            assert_eq!((shape.width, shape.height), size, "{}", node.id);
        }
        // The start's flow ends on the join's diamond: its left corner.
        let join = p
            .nodes
            .iter()
            .position(|n| n.kind == Kind::Join)
            .expect("a join");
        let first = p.flows.iter().position(|f| f.to == join).expect("a flow");
        let end = *g.flows[first].last().expect("points");
        let s = g.shapes[join];
        assert!(
            (end.x - s.x).abs() < 0.5 && (end.y - s.center().y).abs() < 0.5,
            "{end:?} {s:?}"
        );
        // The lane is tall enough for its name in two lines.
        let lane = g.lanes[0];
        let name = &p.lanes[0].name;
        assert!(font::wrap(name, TASK_FONT, lane.height - route::LANE_PADDING).len() <= 2);
        // Labels of the start, the split and the end; none for the join.
        let labelled: Vec<Kind> = (p.nodes.iter().zip(&g.labels))
            .filter(|(_, l)| l.is_some())
            .map(|(n, _)| n.kind)
            .collect();
        assert_eq!(labelled, [Kind::Start, Kind::Split, Kind::End]);
        assert_eq!(g.flow_labels.iter().flatten().count(), 2);
    }
}
