//! The edges of a diagram as laid out: ending on the shapes' outlines,
//! their branch labels placed beside them.

use super::{Edge, Links, Node, Shape};
use crate::layout::{Layout, Point, Rect};
use crate::render::branch_labels::{self, Wanted, label_size};
use crate::render::shape::onto_outline;

/// The edges as laid out, each running from its source's outline to its
/// target's, with its label's lines; a handoff when `lanes` are drawn and
/// it crosses from one to another.
pub(super) fn edges(
    links: Links,
    wrapped: Vec<Vec<String>>,
    nodes: &[Node],
    layout: &Layout,
    lanes: bool,
) -> Vec<Edge> {
    links
        .into_iter()
        .zip(&layout.edges)
        .zip(wrapped)
        .map(|(((from, to, label), path), label_lines)| {
            let points = onto_outlines(&path.points, nodes, &layout.nodes, from, to);
            Edge {
                from,
                to,
                label_lines,
                label,
                handoff: lanes && nodes[from].lane != nodes[to].lane,
                back: path.back,
                points,
                label_at: path.label_at,
            }
        })
        .collect()
}

/// Puts every branch label beside its own edge (see
/// [`branch_labels`]).
pub(super) fn place_labels(nodes: &[Node], rects: &[Rect], edges: &mut [Edge]) {
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
