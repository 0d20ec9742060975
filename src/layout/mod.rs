//! Layered ("Sugiyama-style") layout of flowcharts: node sizes and directed
//! edges in, boxes and edge polylines out.
//!
//! Written by hand because no maintained Rust crate does a layered layout
//! with swimlanes, back-edge routing and linear-time guarantees. layout-rs,
//! which drew sopkit's flowcharts before, is exponential on flowcharts whose
//! decision branches rejoin (100 steps took 11.7 s, 150 steps more than two
//! minutes), panics from about 28 steps, and draws a back edge from step 5 to
//! step 3 under step 6's box.
//!
//! The engine is pure: [`layout`] reads a [`Graph`] and returns a [`Layout`];
//! it draws nothing and never fails. The stages, one file each:
//!
//! 1. `rank.rs`: cycle removal by an iterative depth-first search from node 0
//!    in edge order (edges to a node on the search stack are the back edges,
//!    the loops), then longest-path layering of what is left.
//! 2. `layers.rs`: a forward edge spanning at most [`MAX_SPAN`](layers::MAX_SPAN) layers gets a
//!    dummy node in each layer it crosses; longer edges and all back edges are
//!    routed in side channels instead, which bounds the dummies by
//!    `MAX_SPAN · E`.
//! 3. `order.rs`: barycenter sweeps within layers, keeping the order with the
//!    fewest crossings.
//! 4. `ports.rs`: which side each channel edge and self-loop uses, where it
//!    leaves and enters its nodes, and its track in the channel (`channel.rs`).
//! 5. `position.rs`: coordinates across the flow by Brandes–Köpf (straight
//!    vertical chains, compact), each swimlane in its own band.
//! 6. `route.rs`: layer rows and every edge's polyline.
//!
//! `check/` holds [`check_geometry`] and [`crossings`], for the tests here
//! and the renderers' tests; `tests/` lays out the shapes sopkit meets,
//! random flowcharts, and (in release builds) 2,000 and 100,000 steps
//! against the time budget.
//!
//! The output is deterministic: the same graph gives the same layout.
//!
//! Internally layers are rows and the flow runs down; [`Direction::LeftToRight`]
//! is a transpose at the end.
//!
//! ## Cost
//!
//! Time O((V + E) · log(V + E)), memory O(V + E + lanes); every graph walk is
//! iterative (the only recursion is a segment tree's, log(layers) deep), so a
//! 100,000-step chain cannot overflow the stack.

mod channel;
mod check;
mod csr;
mod layers;
mod order;
mod ports;
mod position;
mod rank;
mod route;
mod split;
mod square;
#[cfg(test)]
mod tests;

pub use check::{check_geometry, crossings};
pub use split::split;
pub(crate) use split::split_after;
pub use square::square;

/// Which way the flow runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Layers are rows; the flow runs down. The HTML page's flowchart.
    #[default]
    TopToBottom,
    /// Layers are columns; the flow runs right. Swimlanes are then
    /// horizontal bands stacked top to bottom (BPMN's usual look).
    LeftToRight,
}

/// One node to place: its size as drawn, and its swimlane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeSpec {
    pub width: f64,
    pub height: f64,
    /// Index of the node's swimlane, below [`Graph::lanes`]. Ignored when
    /// the graph has no lanes; `None` in a graph with lanes means lane 0, and
    /// an index past the last lane means the last lane.
    pub lane: Option<usize>,
}

/// What to lay out. Node 0 is the start; edges are `(from, to)` node indices.
///
/// Nothing here can make [`layout`] fail: negative or non-finite sizes count
/// as 0, and an edge naming a node that does not exist gets an empty path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<NodeSpec>,
    pub edges: Vec<(usize, usize)>,
    pub direction: Direction,
    /// Number of swimlanes; 0 = no lanes.
    pub lanes: usize,
    /// The size (width, height) of each edge's label, in edge order, for
    /// the edges that have one (a missing entry: no label). The gap below
    /// a layer grows so that the labels of the edges leaving it fit beside
    /// them before any edge turns, as Graphviz's `dot` makes room for
    /// labels between ranks.
    pub labels: Vec<(f64, f64)>,
}

/// A point of the drawing; y grows downwards, as in SVG.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// An axis-parallel rectangle given by its top-left corner and size, as an
/// SVG `<rect>` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2., self.y + self.height / 2.)
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

/// How one input edge is drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgePath {
    /// A polyline from the border of the source's box to the border of the
    /// target's box (the arrowhead goes at the last point). Consecutive
    /// segments are horizontal, vertical, or diagonal inside the free gap
    /// between two layers. Empty for an edge naming a node that does not exist.
    pub points: Vec<Point>,
    /// Where the edge's label goes: the middle of its longest segment that
    /// touches no node (of its longest segment if every one touches a node).
    pub label_at: Point,
    /// A loop back to an earlier step, or a self-loop: routed in a side
    /// channel (or as a small loop beside the node), to be drawn as such.
    pub back: bool,
}

/// A swimlane's band: all the drawing along the flow, its share across it.
/// The bands tile the drawing; the first and the last also hold the side
/// channels and the margins.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LaneBand {
    pub rect: Rect,
}

/// The geometry of a laid-out [`Graph`], with the origin at the top left.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// One per input node, same order; each exactly the size asked for.
    pub nodes: Vec<Rect>,
    /// One per input edge, same order.
    pub edges: Vec<EdgePath>,
    /// One per lane when the graph has lanes, else empty.
    pub lanes: Vec<LaneBand>,
    pub width: f64,
    pub height: f64,
}

/// Distances the layout keeps, in the units of the node sizes (px).
/// "Across" is across the flow (x in [`Direction::TopToBottom`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// Free space between two layers, along the flow.
    pub layer_gap: f64,
    /// Free space between two boxes of a layer, across the flow.
    pub node_gap: f64,
    /// Space between two edges running side by side through a layer.
    pub edge_gap: f64,
    /// Space between the drawing and its side channels, and between tracks.
    pub track_gap: f64,
    /// Free space around the drawing.
    pub margin: f64,
    /// Free space inside a swimlane's band on each side of its boxes.
    pub lane_padding: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Self {
            layer_gap: 40.,
            node_gap: 24.,
            edge_gap: 12.,
            track_gap: 12.,
            margin: 20.,
            lane_padding: 16.,
        }
    }
}

/// Lays out a graph with the default [`Spacing`].
pub fn layout(graph: &Graph) -> Layout {
    layout_with(graph, &Spacing::default())
}

/// Lays out a graph.
pub fn layout_with(graph: &Graph, spacing: &Spacing) -> Layout {
    let input = Input::new(graph);
    let class = rank::classify(input.len(), &input.edges);
    let ranks = rank::layer(input.len(), &input.edges, &class);
    let mut g = layers::Layered::build(&input, &class, &ranks);
    order::reduce_crossings(&mut g);
    let plan = ports::Plan::new(&g, &input.edges, input.lanes);
    let pads = plan.pads(&g);
    let mut x = position::assign(&g, &pads, spacing);
    let padding = if graph.lanes > 0 {
        spacing.lane_padding
    } else {
        0.
    };
    let bands = position::place_lanes(&g, &mut x, &pads, input.lanes, padding);
    let rows = route::Rows::new(&g, &input, &plan, spacing);
    let frame = route::Frame::new(&g, &input, &x, &rows, &pads, spacing);
    let edges = route::paths(&g, &class, &plan, &frame);
    let nodes = (0..input.len()).map(|v| frame.rect(v)).collect();
    let bands = if graph.lanes > 0 { bands } else { Vec::new() };
    finish(nodes, edges, &bands, graph.direction, spacing.margin)
}

/// The least width `graph` can take laid out top to bottom, whatever its
/// `direction`: its widest layer's nodes side by side, `node_gap` apart,
/// with no room for edges, lanes or margins. Ranks the nodes and no more
/// (linear), so a caller can see that a drawing is too wide to run down
/// before paying for laying it out.
pub fn least_width_down(graph: &Graph, spacing: &Spacing) -> f64 {
    let n = graph.nodes.len();
    let edges: Vec<Option<(usize, usize)>> = graph
        .edges
        .iter()
        .map(|&(u, v)| (u < n && v < n).then_some((u, v)))
        .collect();
    let class = rank::classify(n, &edges);
    let ranks = rank::layer(n, &edges, &class);
    let layers = ranks.iter().max().map_or(0, |&r| r + 1);
    let mut widths = vec![-spacing.node_gap; layers];
    for (node, &r) in graph.nodes.iter().zip(&ranks) {
        let w = if node.width.is_finite() && node.width > 0. {
            node.width
        } else {
            0.
        };
        widths[r] += w + spacing.node_gap;
    }
    widths.into_iter().fold(0., f64::max)
}

/// The graph in the internal frame (layers are rows): sizes checked, lanes
/// and edges resolved.
pub(crate) struct Input {
    /// Extent of each node across the flow.
    pub(crate) w: Vec<f64>,
    /// Extent of each node along the flow.
    pub(crate) h: Vec<f64>,
    pub(crate) lane: Vec<usize>,
    /// At least 1: a graph without lanes is one lane internally.
    pub(crate) lanes: usize,
    /// `None` for an edge naming a node that does not exist.
    pub(crate) edges: Vec<Option<(usize, usize)>>,
    /// Per edge, the room its label needs along the flow below its source
    /// (0 without a label).
    pub(crate) label_room: Vec<f64>,
}

/// Free space kept along the flow on each side of a label.
const LABEL_PAD: f64 = 4.;

impl Input {
    fn new(graph: &Graph) -> Self {
        let size = |s: f64| if s.is_finite() && s > 0. { s } else { 0. };
        let across = |n: &NodeSpec| match graph.direction {
            Direction::TopToBottom => (size(n.width), size(n.height)),
            Direction::LeftToRight => (size(n.height), size(n.width)),
        };
        let lanes = graph.lanes.max(1);
        let n = graph.nodes.len();
        Self {
            w: graph.nodes.iter().map(|s| across(s).0).collect(),
            h: graph.nodes.iter().map(|s| across(s).1).collect(),
            lane: graph
                .nodes
                .iter()
                .map(|s| match graph.lanes {
                    0 => 0,
                    _ => s.lane.unwrap_or(0).min(lanes - 1),
                })
                .collect(),
            lanes,
            edges: graph
                .edges
                .iter()
                .map(|&(u, v)| (u < n && v < n).then_some((u, v)))
                .collect(),
            label_room: (0..graph.edges.len())
                .map(|e| {
                    let (w, h) = graph.labels.get(e).copied().unwrap_or_default();
                    let along = match graph.direction {
                        Direction::TopToBottom => size(h),
                        Direction::LeftToRight => size(w),
                    };
                    if along > 0. {
                        along + 2. * LABEL_PAD
                    } else {
                        0.
                    }
                })
                .collect(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.w.len()
    }
}

/// Moves the drawing to the origin with a margin, stretches the lane bands
/// over the whole drawing and turns it for [`Direction::LeftToRight`].
fn finish(
    mut nodes: Vec<Rect>,
    mut edges: Vec<EdgePath>,
    bands: &[(f64, f64)],
    direction: Direction,
    margin: f64,
) -> Layout {
    let (lo, hi) = bounds(&nodes, &edges, bands);
    let (dx, dy) = (margin - lo.x, margin - lo.y);
    let (width, height) = (hi.x - lo.x + 2. * margin, hi.y - lo.y + 2. * margin);
    let shift = |p: &mut Point| *p = Point::new(p.x + dx, p.y + dy);
    for r in &mut nodes {
        (r.x, r.y) = (r.x + dx, r.y + dy);
    }
    for e in &mut edges {
        e.points.iter_mut().for_each(shift);
        shift(&mut e.label_at);
    }
    let last = bands.len().saturating_sub(1);
    let lanes = bands
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            let a = if i == 0 { 0. } else { a + dx };
            let b = if i == last { width } else { b + dx };
            LaneBand {
                rect: Rect {
                    x: a,
                    y: 0.,
                    width: b - a,
                    height,
                },
            }
        })
        .collect();
    let mut out = Layout {
        nodes,
        edges,
        lanes,
        width,
        height,
    };
    match direction {
        Direction::TopToBottom => out,
        Direction::LeftToRight => {
            transpose(&mut out);
            out
        }
    }
}

/// The corners of the smallest rectangle holding every box, edge point and
/// band (bands only across the flow).
fn bounds(nodes: &[Rect], edges: &[EdgePath], bands: &[(f64, f64)]) -> (Point, Point) {
    let mut lo = Point::new(f64::INFINITY, f64::INFINITY);
    let mut hi = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |p: Point| {
        lo = Point::new(lo.x.min(p.x), lo.y.min(p.y));
        hi = Point::new(hi.x.max(p.x), hi.y.max(p.y));
    };
    for r in nodes {
        grow(Point::new(r.x, r.y));
        grow(Point::new(r.right(), r.bottom()));
    }
    edges.iter().flat_map(|e| &e.points).for_each(|&p| grow(p));
    if lo.x > hi.x {
        lo = Point::default();
        hi = Point::default();
    }
    for &(a, b) in bands {
        (lo.x, hi.x) = (lo.x.min(a), hi.x.max(b));
    }
    (lo, hi)
}

/// Mirrors the drawing on its main diagonal: rows become columns, and a
/// top-to-bottom layout is seen as left to right.
pub fn transpose(layout: &mut Layout) {
    let flip = |r: &mut Rect| {
        *r = Rect {
            x: r.y,
            y: r.x,
            width: r.height,
            height: r.width,
        }
    };
    layout.nodes.iter_mut().for_each(flip);
    layout.lanes.iter_mut().for_each(|b| flip(&mut b.rect));
    for e in &mut layout.edges {
        for p in e.points.iter_mut().chain([&mut e.label_at]) {
            *p = Point::new(p.y, p.x);
        }
    }
    (layout.width, layout.height) = (layout.height, layout.width);
}
