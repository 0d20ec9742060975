//! Where the process is drawn (its BPMN DI): every event, task and gateway
//! placed by [`crate::layout`], running down or right as the document
//! asks, in lanes when there are any, at the sizes bpmn-js draws them
//! (events 36×36, gateways 50×50, tasks 100×80 or larger for a long name).
//!
//! bpmn-js writes the names of events and gateways *outside* their shapes
//! ("external labels"), so the box each one gets from the layout has room
//! for its name on both sides across the flow (above and below it when
//! the flow runs right, left and right of it when the flow runs down),
//! with the shape in the middle where the flows meet it; [`labels`] puts
//! the name on a side no flow uses. Flows end on the circle or diamond
//! itself, not on the box around it.
//!
//! A pool and its lanes have their names in a band across their start:
//! at the left, written upwards, when the lanes are rows (the flow runs
//! right), at the top when they are columns (the flow runs down). A lane
//! too narrow for its name in two lines is made wider, everything in it
//! moved with it.

use crate::layout::{self, Direction, Graph, Layout, NodeSpec, Point, Rect, Spacing};
use crate::render::diagram::Shape;
use crate::render::font;
use crate::render::shape::onto_outline;

use super::labels::{self, LABEL_GAP, label_size};
use super::process::{Kind, Process};
use super::route;

/// bpmn-js's text size in tasks and lanes.
pub(crate) const TASK_FONT: f64 = 12.0;
/// bpmn-js's line height is 1.2 times the font size.
const LINE: f64 = 1.2;
/// Room between a task's edge and its name (bpmn-js keeps 7 px).
const TASK_PADDING: f64 = 8.0;
/// The widths a task tries, narrowest first, before it grows taller.
const TASK_WIDTHS: [f64; 6] = [100.0, 120.0, 140.0, 160.0, 180.0, 200.0];
const TASK_HEIGHT: f64 = 80.0;
const EVENT_SIZE: f64 = 36.0;
const GATEWAY_SIZE: f64 = 50.0;
/// The band at the start of a pool and of each lane that holds its name.
const HEADER: f64 = 30.0;

/// The drawing of a [`Process`]: one entry per node, per flow and per lane.
#[derive(Debug, Clone)]
pub struct Geometry {
    /// Which way the flow runs: lanes are rows when it runs right,
    /// columns when it runs down.
    pub direction: Direction,
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
    /// name), and the layout after lanes were made wide enough: for checks.
    pub graph: Graph,
    pub layout: Layout,
}

impl Geometry {
    pub fn build(process: &Process, direction: Direction) -> Self {
        let lanes = process.lanes.len();
        let (graph, sizes) = graph(process, direction);
        // More room between layers than the flowchart's: for right-angled
        // runs and for branch labels.
        let spacing = Spacing {
            layer_gap: 64.0,
            ..Spacing::default()
        };
        let mut layout = layout::layout_with(&graph, &spacing);
        let names: Vec<&str> = process.lanes.iter().map(|l| l.name.as_str()).collect();
        route::stretch_lanes(&graph, &mut layout, &names, TASK_FONT);
        layout::square(&mut layout, direction);

        // The pool's and the lanes' names take a band each before the lanes.
        let (dx, dy) = match (lanes, direction) {
            (0, _) => (0.0, 0.0),
            (_, Direction::LeftToRight) => (2.0 * HEADER, 0.0),
            (_, Direction::TopToBottom) => (0.0, 2.0 * HEADER),
        };
        let boxes: Vec<Rect> = layout
            .nodes
            .iter()
            .map(|r| Rect {
                x: r.x + dx,
                y: r.y + dy,
                ..*r
            })
            .collect();
        let shapes = shapes(&boxes, &sizes);
        let flows = flows(process, &layout, (dx, dy), &boxes, &shapes);
        let node_labels = labels::node_labels(process, &shapes, &flows, direction);
        let area = Rect {
            x: dx,
            y: dy,
            width: layout.width,
            height: layout.height,
        };
        let flow_labels = labels::flow_labels(process, &flows, &shapes, &node_labels, area);
        let (pool, lane_rects) = if lanes > 0 {
            let pool = Rect {
                x: 0.0,
                y: 0.0,
                width: layout.width + dx,
                height: layout.height + dy,
            };
            (Some(pool), lane_rects(&layout, pool, direction))
        } else {
            (None, Vec::new())
        };
        Self {
            direction,
            shapes,
            labels: node_labels,
            flows,
            flow_labels,
            pool,
            lanes: lane_rects,
            graph,
            layout,
        }
    }
}

/// The graph for the layout (one box per node, with room for its name),
/// and the size of each node's round or diamond shape (0 for a task).
fn graph(process: &Process, direction: Direction) -> (Graph, Vec<f64>) {
    let (nodes, sizes) = process
        .nodes
        .iter()
        .map(|n| {
            let (width, height, shape) = box_size(n.kind, &n.name, direction);
            let spec = NodeSpec {
                width,
                height,
                lane: n.lane,
            };
            (spec, shape)
        })
        .unzip();
    let graph = Graph {
        nodes,
        edges: process.flows.iter().map(|f| (f.from, f.to)).collect(),
        direction,
        lanes: process.lanes.len(),
        labels: Vec::new(),
    };
    (graph, sizes)
}

/// Each node's shape: its box, or the circle's or diamond's square of
/// `size` in the middle of it.
fn shapes(boxes: &[Rect], sizes: &[f64]) -> Vec<Rect> {
    boxes
        .iter()
        .zip(sizes)
        .map(|(b, &size)| {
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
        .collect()
}

/// Each flow's waypoints, moved by `(dx, dy)` and carried from the boxes'
/// borders on to the shapes.
fn flows(
    process: &Process,
    layout: &Layout,
    (dx, dy): (f64, f64),
    boxes: &[Rect],
    shapes: &[Rect],
) -> Vec<Vec<Point>> {
    let outline = |v: usize| match process.nodes[v].kind {
        Kind::Task => Shape::Task,
        Kind::Split | Kind::Join => Shape::Decision,
        Kind::Start | Kind::End => Shape::Start,
    };
    process
        .flows
        .iter()
        .zip(&layout.edges)
        .map(|(f, path)| {
            let mut points: Vec<Point> = path
                .points
                .iter()
                .map(|p| Point::new(p.x + dx, p.y + dy))
                .collect();
            if points.len() >= 2 {
                let (from, to) = (f.from, f.to);
                points.reverse();
                reach_shape(&mut points, outline(to), boxes[to], shapes[to]);
                points.reverse();
                reach_shape(&mut points, outline(from), boxes[from], shapes[from]);
            }
            straighten(points)
        })
        .collect()
}

/// The lanes inside the pool, after the pool's name band.
fn lane_rects(layout: &Layout, pool: Rect, direction: Direction) -> Vec<Rect> {
    layout
        .lanes
        .iter()
        .map(|band| match direction {
            Direction::LeftToRight => Rect {
                x: HEADER,
                y: band.rect.y,
                width: pool.width - HEADER,
                height: band.rect.height,
            },
            Direction::TopToBottom => Rect {
                x: band.rect.x,
                y: HEADER,
                width: band.rect.width,
                height: pool.height - HEADER,
            },
        })
        .collect()
}

/// Carries a flow that ends (at `points[0]`) on the border of a node's
/// box on to its shape inside: straight in from the box's side, onto the
/// circle or diamond; when a straight line in would miss the shape, to the
/// shape's point on the port's side, with a right angle.
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
        // The port is beside the shape (the layout spreads the flows of a
        // gateway along its box): the flow meets the shape at its point on
        // that side, level with its centre, and turns there to the port.
        let (point, elbow) = if inward.x != 0.0 {
            let y = if p.y < c.y { c.y - b } else { c.y + b };
            (Point::new(c.x, y), Point::new(c.x, p.y))
        } else {
            let x = if p.x < c.x { c.x - a } else { c.x + a };
            (Point::new(x, c.y), Point::new(p.x, c.y))
        };
        points.splice(0..0, [point, elbow]);
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
/// or diamond shape in the middle of it (0 for a task, whose box is its
/// shape). A named event or gateway has room for its name on both sides
/// across the flow.
fn box_size(kind: Kind, name: &str, direction: Direction) -> (f64, f64, f64) {
    let shape = match kind {
        Kind::Task => {
            let (w, h) = task_size(name);
            return (w, h, 0.0);
        }
        Kind::Join => return (GATEWAY_SIZE, GATEWAY_SIZE, GATEWAY_SIZE),
        Kind::Split => GATEWAY_SIZE,
        Kind::Start | Kind::End => EVENT_SIZE,
    };
    let (w, h) = label_size(name, direction);
    match direction {
        Direction::LeftToRight => {
            let room = if h > 0.0 { h + LABEL_GAP } else { 0.0 };
            (shape.max(w), shape + 2.0 * room, shape)
        }
        Direction::TopToBottom => {
            let room = if w > 0.0 { w + LABEL_GAP } else { 0.0 };
            (shape + 2.0 * room, shape.max(h), shape)
        }
    }
}

/// The size of a task whose name fits inside it: the narrowest of
/// [`TASK_WIDTHS`] that holds the name in the standard height, else the
/// widest, as tall as the name needs.
pub(crate) fn task_size(name: &str) -> (f64, f64) {
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
        for direction in [Direction::LeftToRight, Direction::TopToBottom] {
            let g = Geometry::build(&p, direction);
            layout::check_geometry(&g.graph, &g.layout).expect("a sound layout");
            for (node, shape) in p.nodes.iter().zip(&g.shapes) {
                let size = match node.kind {
                    Kind::Start | Kind::End => (36.0, 36.0),
                    Kind::Split | Kind::Join => (50.0, 50.0),
                    Kind::Task => (100.0, 80.0),
                };
                assert_eq!((shape.width, shape.height), size, "{}", node.id);
            }
            // The start's flow ends on the join's diamond: its left corner,
            // or its top one.
            let join = p
                .nodes
                .iter()
                .position(|n| n.kind == Kind::Join)
                .expect("a join");
            let first = p.flows.iter().position(|f| f.to == join).expect("a flow");
            let end = *g.flows[first].last().expect("points");
            let (s, c) = (g.shapes[join], g.shapes[join].center());
            let corner = match direction {
                Direction::LeftToRight => Point::new(s.x, c.y),
                Direction::TopToBottom => Point::new(c.x, s.y),
            };
            assert!(
                (end.x - corner.x).abs() < 0.5 && (end.y - corner.y).abs() < 0.5,
                "{direction:?}: {end:?} {s:?}"
            );
            // The lane is broad enough for its name in two lines.
            let lane = g.lanes[0];
            let breadth = match direction {
                Direction::LeftToRight => lane.height,
                Direction::TopToBottom => lane.width,
            };
            let name = &p.lanes[0].name;
            assert!(font::wrap(name, TASK_FONT, breadth - route::LANE_PADDING).len() <= 2);
            // Labels of the start, the split and the end; none for the join;
            // none on a shape.
            let labelled: Vec<Kind> = (p.nodes.iter().zip(&g.labels))
                .filter(|(_, l)| l.is_some())
                .map(|(n, _)| n.kind)
                .collect();
            assert_eq!(labelled, [Kind::Start, Kind::Split, Kind::End]);
            let on = |a: &Rect, b: &Rect| {
                a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
            };
            for label in g.labels.iter().chain(&g.flow_labels).flatten() {
                assert!(
                    !g.shapes.iter().any(|s| on(s, label)),
                    "{direction:?}: {label:?} on a shape"
                );
            }
            assert_eq!(g.flow_labels.iter().flatten().count(), 2);
        }
    }
}
