//! The flowchart as a picture to draw: one shape per step plus the start
//! and an end marker after each step that ends, every shape sized to its
//! wrapped text, swimlanes per role, all placed by [`crate::layout`]. The
//! SVG drawing (and so the PNG and the HTML page's picture) is made from
//! this one model.

use crate::flow::EdgeKind;
use crate::layout::{self, Direction, Graph, Layout, NodeSpec, Point, Rect};

use super::branch_labels::{self, Wanted, label_lines, label_size};
use super::{Document, font};

/// Text size in the shapes, and the height of one line.
pub const FONT_SIZE: f64 = 13.0;
pub const LINE_HEIGHT: f64 = 17.0;
/// Text size of branch labels.
pub const LABEL_SIZE: f64 = 12.0;
/// Text size of a role named in a shape, and the height of its lines.
pub const TAG_SIZE: f64 = 11.0;
pub const TAG_LINE_HEIGHT: f64 = 14.0;
/// How wide a step's text may run before it wraps.
const TASK_TEXT_WIDTH: f64 = 180.0;
const DECISION_TEXT_WIDTH: f64 = 130.0;
const PADDING_X: f64 = 12.0;
const PADDING_Y: f64 = 9.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Start,
    End,
    Task,
    Decision,
}

/// One shape: what it is, the step it draws (none for start and end), its
/// text in lines, and its lane.
#[derive(Debug, Clone)]
pub struct Node {
    pub shape: Shape,
    pub step: Option<usize>,
    /// For an end, the step it follows.
    pub after: Option<usize>,
    pub lines: Vec<String>,
    pub lane: Option<usize>,
    /// The step's role, drawn above its text, when the picture has more
    /// roles than lanes fit for (else empty).
    pub tag: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    /// The label as drawn, wrapped.
    pub label_lines: Vec<String>,
    /// The work passes from one role to another.
    pub handoff: bool,
    /// A loop back to an earlier step.
    pub back: bool,
    /// The drawn path: from the source shape's outline to the target's.
    pub points: Vec<Point>,
    /// The centre of the label's box (see [`super::branch_labels`]).
    pub label_at: Point,
}

/// A swimlane: its heading and the band it fills.
#[derive(Debug, Clone)]
pub struct Lane {
    pub name: String,
    pub band: Rect,
}

/// The laid-out flowchart.
#[derive(Debug, Clone)]
pub struct Diagram {
    pub nodes: Vec<Node>,
    pub rects: Vec<Rect>,
    pub edges: Vec<Edge>,
    pub lanes: Vec<Lane>,
    pub direction: Direction,
    pub width: f64,
    pub height: f64,
    /// The graph handed to the layout, kept for geometry checks.
    pub graph: Graph,
    /// The layout as computed (edges at right angles), before edge ends
    /// were moved onto outlines.
    pub layout: Layout,
}

impl Node {
    /// What the picture calls the node (`data-node`, and `data-from` /
    /// `data-to` on its edges): `start`, the step's anchor as in `--to
    /// json` (`step-<id>`), or `end-<anchor>` for the end after a step;
    /// as (prefix, anchor).
    pub fn name<'d>(&self, doc: &'d Document<'_>) -> (&'static str, &'d str) {
        match (self.step, self.after) {
            (Some(step), _) => ("", doc.anchor_str(step)),
            (None, Some(step)) => ("end-", doc.anchor_str(step)),
            (None, None) => ("start", ""),
        }
    }
}

impl Diagram {
    /// The diagram of a document, running the document's way; with `lanes`,
    /// one swimlane per role (and one for steps without a role): columns
    /// when the flow runs down, rows when it runs right.
    pub fn build(doc: &Document<'_>, lanes: bool) -> Self {
        Self::build_with(doc, lanes, false, doc.layout_direction(), None)
    }

    /// As [`Diagram::build`], but a diagram that would run down and is
    /// surely wider than `width` (its widest layer alone is: see
    /// [`layout::least_width_down`]) runs right instead, laid out once.
    pub fn build_within(doc: &Document<'_>, lanes: bool, width: f64) -> Self {
        Self::build_with(doc, lanes, false, doc.layout_direction(), Some(width))
    }

    /// The diagram without lanes, each step's shape naming its role: for a
    /// page with more roles than fit side by side.
    pub fn build_tagged(doc: &Document<'_>) -> Self {
        Self::build_with(doc, false, true, doc.layout_direction(), None)
    }

    /// The diagram running right whatever the document says: for a page
    /// whose flowchart is too wide to run down.
    pub fn build_right(doc: &Document<'_>, lanes: bool) -> Self {
        Self::build_with(doc, lanes, false, Direction::LeftToRight, None)
    }

    fn build_with(
        doc: &Document<'_>,
        lanes: bool,
        tags: bool,
        mut direction: Direction,
        within: Option<f64>,
    ) -> Self {
        let lane_names = if lanes || tags {
            lane_names(doc)
        } else {
            Vec::new()
        };
        let lane_of = |step: usize| lane_index(doc, step, &lane_names);
        let (mut nodes, links) = shapes(doc, &lane_of);
        if tags {
            for node in &mut nodes {
                let declared = node
                    .step
                    .filter(|&i| doc.sop.instructions[i].role.is_some());
                let role = declared.and(node.lane).and_then(|l| lane_names.get(l));
                node.tag = role
                    .map(|r| font::wrap(r, TAG_SIZE, TASK_TEXT_WIDTH))
                    .unwrap_or_default();
                node.lane = None;
            }
        }
        let lane_names = if lanes { lane_names } else { Vec::new() };
        let mut wrapped: Vec<Vec<String>> = links
            .iter()
            .map(|(_, _, label)| label.as_deref().map(label_lines).unwrap_or_default())
            .collect();
        let mut graph = Graph {
            nodes: nodes.iter().map(spec).collect(),
            edges: links.iter().map(|(from, to, _)| (*from, *to)).collect(),
            direction,
            lanes: lane_names.len(),
            labels: links
                .iter()
                .zip(&wrapped)
                .map(|((_, _, label), lines)| match label {
                    Some(_) => label_size(lines),
                    None => (0.0, 0.0),
                })
                .collect(),
        };
        if direction == Direction::TopToBottom
            && within.is_some_and(|width| {
                layout::least_width_down(&graph, &layout::Spacing::default()) > width
            })
        {
            direction = Direction::LeftToRight;
            graph.direction = direction;
        }
        let mut layout = layout::layout(&graph);
        layout::square(&mut layout, direction);
        let edges = links
            .into_iter()
            .zip(&layout.edges)
            .zip(wrapped.iter_mut())
            .map(|(((from, to, label), path), lines)| {
                let points = onto_outlines(&path.points, &nodes, &layout.nodes, from, to);
                Edge {
                    from,
                    to,
                    label_lines: std::mem::take(lines),
                    label,
                    handoff: lanes && nodes[from].lane != nodes[to].lane,
                    back: path.back,
                    points,
                    label_at: path.label_at,
                }
            })
            .collect::<Vec<Edge>>();
        let mut edges = edges;
        place_labels(&nodes, &layout.nodes, &mut edges);
        let lanes = lane_names
            .into_iter()
            .zip(&layout.lanes)
            .map(|(name, band)| Lane {
                name,
                band: band.rect,
            })
            .collect();
        Self {
            rects: layout.nodes.clone(),
            width: layout.width,
            height: layout.height,
            nodes,
            edges,
            lanes,
            direction,
            graph,
            layout,
        }
    }
}

/// Puts every branch label beside its own edge (see
/// [`super::branch_labels`]).
fn place_labels(nodes: &[Node], rects: &[Rect], edges: &mut [Edge]) {
    let shapes: Vec<(Shape, Rect)> = nodes
        .iter()
        .map(|n| n.shape)
        .zip(rects.iter().copied())
        .collect();
    let lines: Vec<&[Point]> = edges.iter().map(|e| e.points.as_slice()).collect();
    let wanted: Vec<Wanted<'_>> = edges
        .iter()
        .enumerate()
        .filter_map(|(k, e)| {
            Some(Wanted {
                edge: k,
                points: &e.points,
                size: e.label.is_some().then(|| label_size(&e.label_lines))?,
                source_center: rects[e.from].center(),
            })
        })
        .collect();
    let at = branch_labels::place(&shapes, &lines, &wanted);
    let which: Vec<usize> = wanted.iter().map(|w| w.edge).collect();
    for (k, at) in which.into_iter().zip(at) {
        edges[k].label_at = at;
    }
}

/// The lanes: each role in the order `roles` gives them, named by its
/// description, then one for steps without a role, if there are any.
pub(crate) fn lane_names(doc: &Document<'_>) -> Vec<String> {
    let mut names: Vec<String> = doc
        .sop
        .roles
        .iter()
        .flat_map(|roles| roles.iter())
        .map(|(id, description)| {
            if description.value.trim().is_empty() {
                id.value.clone()
            } else {
                description.value.clone()
            }
        })
        .collect();
    if doc.sop.instructions.iter().any(|s| s.role.is_none()) || names.is_empty() {
        names.push(doc.labels.no_role.to_owned());
    }
    names
}

pub(crate) fn lane_index(doc: &Document<'_>, step: usize, lane_names: &[String]) -> Option<usize> {
    if lane_names.is_empty() {
        return None;
    }
    let role = doc.sop.instructions[step].role.as_ref();
    let declared =
        role.and_then(|role| doc.sop.roles.as_ref()?.keys().position(|k| k == role.value));
    Some(declared.unwrap_or(lane_names.len() - 1))
}

/// The shapes and the links between them, as (from, to, label).
type Links = Vec<(usize, usize, Option<String>)>;

fn shapes(doc: &Document<'_>, lane_of: &dyn Fn(usize) -> Option<usize>) -> (Vec<Node>, Links) {
    let steps = doc.sop.instructions.len();
    let mut nodes = Vec::with_capacity(steps * 2 + 1);
    nodes.push(Node {
        shape: Shape::Start,
        step: None,
        after: None,
        lines: vec![doc.labels.start.to_owned()],
        lane: if steps > 0 { lane_of(0) } else { None },
        tag: Vec::new(),
    });
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let decision = Document::is_decision(step);
        let width = if decision {
            DECISION_TEXT_WIDTH
        } else {
            TASK_TEXT_WIDTH
        };
        let text = format!("{}. {}", i + 1, doc.step_text(i));
        nodes.push(Node {
            shape: if decision {
                Shape::Decision
            } else {
                Shape::Task
            },
            step: Some(i),
            after: None,
            lines: font::wrap(&text, FONT_SIZE, width),
            lane: lane_of(i),
            tag: Vec::new(),
        });
    }
    let mut links: Links = Vec::with_capacity(steps * 2);
    if steps > 0 {
        links.push((0, 1, None));
    }
    for (from, to, kind) in doc.flow.edges() {
        let label = match kind {
            EdgeKind::Branch(label) => Some(label.clone()),
            _ => None,
        };
        links.push((from + 1, to + 1, label));
    }
    for i in (0..steps).filter(|&i| doc.flow.is_end(i)) {
        let end = nodes.len();
        nodes.push(Node {
            shape: Shape::End,
            step: None,
            after: Some(i),
            lines: vec![doc.labels.end.to_owned()],
            lane: lane_of(i),
            tag: Vec::new(),
        });
        links.push((i + 1, end, None));
    }
    (nodes, links)
}

/// The size a shape needs for its text.
fn spec(node: &Node) -> NodeSpec {
    // Start and end are written in bold.
    let measure = match node.shape {
        Shape::Start | Shape::End => font::bold_text_width,
        Shape::Task | Shape::Decision => font::text_width,
    };
    let text_width = node
        .lines
        .iter()
        .map(|l| measure(l, FONT_SIZE))
        .fold(0.0, f64::max);
    let tag_width = node
        .tag
        .iter()
        .map(|l| font::text_width(l, TAG_SIZE))
        .fold(0.0, f64::max);
    let text_width = text_width.max(tag_width);
    let text_height =
        node.lines.len() as f64 * LINE_HEIGHT + node.tag.len() as f64 * TAG_LINE_HEIGHT;
    let (width, height) = match node.shape {
        Shape::Start | Shape::End => {
            let d = (text_width + 16.0).max(46.0);
            (d, d)
        }
        Shape::Task => (
            (text_width + 2.0 * PADDING_X).max(110.0),
            text_height + 2.0 * PADDING_Y,
        ),
        // The smallest diamond around a box has twice its width and height.
        Shape::Decision => (
            2.0 * (text_width + PADDING_X),
            2.0 * (text_height + PADDING_Y / 2.0),
        ),
    };
    NodeSpec {
        width,
        height,
        lane: node.lane,
    }
}

/// The layout ends edges on the shapes' boxes; a diamond or a circle is
/// smaller than its box, so each end is moved along its last segment onto
/// the outline itself.
fn onto_outlines(
    points: &[Point],
    nodes: &[Node],
    rects: &[Rect],
    from: usize,
    to: usize,
) -> Vec<Point> {
    let mut points = points.to_vec();
    let n = points.len();
    if n < 2 {
        return points;
    }
    points[n - 1] = onto_outline(points[n - 2], points[n - 1], nodes[to].shape, rects[to]);
    points[0] = onto_outline(points[1], points[0], nodes[from].shape, rects[from]);
    points
}

/// The first point of the outline on the ray from `outside` through `end`.
pub(crate) fn onto_outline(outside: Point, end: Point, shape: Shape, rect: Rect) -> Point {
    let c = rect.center();
    let (a, b) = (rect.width / 2.0, rect.height / 2.0);
    // Inside test along the ray: the outline is where it turns true.
    let inside = |p: Point| {
        let (dx, dy) = ((p.x - c.x) / a.max(1e-9), (p.y - c.y) / b.max(1e-9));
        match shape {
            Shape::Decision => dx.abs() + dy.abs() <= 1.0,
            Shape::Start | Shape::End => dx * dx + dy * dy <= 1.0,
            Shape::Task => dx.abs() <= 1.0 && dy.abs() <= 1.0,
        }
    };
    if shape == Shape::Task || inside(outside) {
        return end;
    }
    let at = |t: f64| {
        Point::new(
            outside.x + (end.x - outside.x) * t,
            outside.y + (end.y - outside.y) * t,
        )
    };
    // Beyond the box edge the ray is sure to be inside (it heads for the
    // centre side of the box); bisect between outside and there.
    let mut far = 1.0;
    while !inside(at(far)) && far < 64.0 {
        far *= 2.0;
    }
    if !inside(at(far)) {
        return end;
    }
    let (mut lo, mut hi) = (0.0, far);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if inside(at(mid)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    at(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_ends_on_a_diamond_not_its_box() {
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            width: 100.0,
            height: 60.0,
        };
        // Coming straight down to the top edge 20 px right of the centre.
        let end = onto_outline(
            Point::new(70.0, -40.0),
            Point::new(70.0, 0.0),
            Shape::Decision,
            rect,
        );
        assert!((end.x - 70.0).abs() < 1e-6);
        // |dx|/50 + |dy|/30 = 1 at dx = 20: dy = -18, so y = 12.
        assert!((end.y - 12.0).abs() < 1e-3, "{end:?}");
        // 20 px right of the centre of a circle of radius 30: y = 30 - √500.
        let on_circle = onto_outline(
            Point::new(50.0, -40.0),
            Point::new(50.0, 0.0),
            Shape::Start,
            Rect {
                width: 60.0,
                height: 60.0,
                ..rect
            },
        );
        assert!(
            (on_circle.y - (30.0 - 500f64.sqrt())).abs() < 1e-3,
            "{on_circle:?}"
        );
    }
}
