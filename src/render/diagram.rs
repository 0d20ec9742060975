//! The flowchart as a picture to draw: one shape per step plus the start
//! and an end marker after each step that ends, every shape sized to its
//! wrapped text, swimlanes per role, all placed by [`crate::layout`]. The
//! SVG drawing (and so the PNG and the HTML page's picture) is made from
//! this one model.

mod edges;

use crate::flow::EdgeKind;
use crate::layout::{self, Direction, Graph, Layout, NodeSpec, Point, Rect};

use super::branch_labels::{label_lines, label_size};
use super::swimlanes::{lane_index, lane_names};
use super::{Document, font};
use edges::{edges, place_labels};

pub use super::shape::Shape;
pub(crate) use super::shape::{FONT_SIZE, LABEL_SIZE, LINE_HEIGHT, TAG_LINE_HEIGHT, TAG_SIZE};

/// How wide a step's text may run before it wraps.
const TASK_TEXT_WIDTH: f64 = 180.0;
const DECISION_TEXT_WIDTH: f64 = 130.0;
const PADDING_X: f64 = 12.0;
const PADDING_Y: f64 = 9.0;

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
    pub(crate) fn build_within(doc: &Document<'_>, lanes: bool, width: f64) -> Self {
        Self::build_with(doc, lanes, false, doc.layout_direction(), Some(width))
    }

    /// The diagram without lanes, each step's shape naming its role: for a
    /// page with more roles than fit side by side.
    pub(crate) fn build_tagged(doc: &Document<'_>) -> Self {
        Self::build_with(doc, false, true, doc.layout_direction(), None)
    }

    /// The diagram running right whatever the document says: for a page
    /// whose flowchart is too wide to run down.
    pub(crate) fn build_right(doc: &Document<'_>, lanes: bool) -> Self {
        Self::build_with(doc, lanes, false, Direction::LeftToRight, None)
    }

    fn build_with(
        doc: &Document<'_>,
        lanes: bool,
        tags: bool,
        direction: Direction,
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
            tag_with_roles(doc, &mut nodes, &lane_names);
        }
        let lane_names = if lanes { lane_names } else { Vec::new() };
        let wrapped: Vec<Vec<String>> = links
            .iter()
            .map(|(_, _, label)| label.as_deref().map(label_lines).unwrap_or_default())
            .collect();
        let graph = graph(
            &nodes,
            &links,
            &wrapped,
            direction,
            lane_names.len(),
            within,
        );
        let direction = graph.direction;
        let mut layout = layout::layout(&graph);
        layout::square(&mut layout, direction);
        let mut edges = edges(links, wrapped, &nodes, &layout, lanes);
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

/// The graph handed to the layout: a diagram that would run down and is
/// surely wider than `within` runs right instead.
fn graph(
    nodes: &[Node],
    links: &Links,
    wrapped: &[Vec<String>],
    direction: Direction,
    lanes: usize,
    within: Option<f64>,
) -> Graph {
    let mut graph = Graph {
        nodes: nodes.iter().map(spec).collect(),
        edges: links.iter().map(|(from, to, _)| (*from, *to)).collect(),
        direction,
        lanes,
        labels: links
            .iter()
            .zip(wrapped)
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
        graph.direction = Direction::LeftToRight;
    }
    graph
}

/// Names in each step's shape the role it declares (for a flowchart drawn
/// without lanes), instead of putting it in that role's lane.
fn tag_with_roles(doc: &Document<'_>, nodes: &mut [Node], lane_names: &[String]) {
    for node in nodes {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shape::onto_outline;

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
