//! The flowchart as inline SVG for the HTML page, laid out in Rust by
//! layout-rs. layout-rs draws no diamonds, so sopkit draws the picture
//! itself through layout-rs's `RenderBackend` trait: each element carries
//! its step in `properties`, decisions become diamonds, every node links to
//! its step, and all text goes through [`super::escape::xml`].

use std::fmt::Write as _;

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::escape::xml as escape;
use super::{Document, wrap};
use crate::flow::EdgeKind;

/// Larger flowcharts are not drawn: the layout grows faster than linearly,
/// and a picture of hundreds of boxes helps nobody. The steps are all listed.
pub const MAX_STEPS: usize = 300;

const FONT_SIZE: usize = 13;
const CHAR_WIDTH: f64 = 7.4;
const LINE_HEIGHT: f64 = 17.0;

/// The flowchart as an `<svg>` element, or `None` when it is too large or
/// the layout failed.
pub fn flowchart(doc: &Document<'_>) -> Option<String> {
    if doc.flow.is_empty() || doc.flow.len() > MAX_STEPS {
        return None;
    }
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let look = StyleAttr::new(Color::fast("black"), 1, None, 0, FONT_SIZE);
    let start = graph.add_node(Element::create_with_properties(
        ShapeKind::new_circle(doc.labels.start),
        look.clone(),
        Orientation::TopToBottom,
        Point::new(64., 64.),
        "start",
    ));
    let mut nodes = Vec::with_capacity(doc.flow.len());
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let decision = Document::is_decision(step);
        let lines = wrap(
            &format!("{}. {}", i + 1, doc.step_text(i)),
            if decision { 18 } else { 26 },
        );
        let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
        let (w, h) = (
            widest * CHAR_WIDTH + 24.,
            lines.len() as f64 * LINE_HEIGHT + 18.,
        );
        let (size, kind) = if decision {
            (Point::new(w * 1.9, h * 1.9), "d")
        } else {
            (Point::new(w, h), "t")
        };
        nodes.push(graph.add_node(Element::create_with_properties(
            ShapeKind::new_box(&lines.join("\n")),
            look.clone(),
            Orientation::TopToBottom,
            size,
            format!("{kind} {}", doc.anchor(i)),
        )));
    }
    graph.add_edge(Arrow::simple(""), start, nodes[0]);
    for (from, to, kind) in doc.flow.edges() {
        let text = match kind {
            EdgeKind::Branch(label) => label.clone(),
            _ => String::new(),
        };
        graph.add_edge(Arrow::simple(&text), nodes[from], nodes[to]);
    }
    let ends: Vec<usize> = (0..doc.flow.len())
        .filter(|&i| doc.flow.is_end(i))
        .collect();
    if !ends.is_empty() {
        let end = graph.add_node(Element::create_with_properties(
            ShapeKind::new_circle(doc.labels.end),
            look,
            Orientation::TopToBottom,
            Point::new(64., 64.),
            "end",
        ));
        for i in ends {
            graph.add_edge(Arrow::simple(""), nodes[i], end);
        }
    }
    let mut canvas = Canvas::default();
    // layout-rs is not written to fail gracefully; a panic inside it must
    // not take sopkit down, so it is contained here and the page is written
    // without the picture.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let laid_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        graph.do_it(false, false, false, &mut canvas);
    }));
    std::panic::set_hook(previous_hook);
    laid_out.ok()?;
    Some(canvas.finish(&doc.sop.title.value))
}

/// Collects what layout-rs draws. Edges go under the nodes, labels on top.
#[derive(Default)]
struct Canvas {
    edges: String,
    nodes: String,
    labels: String,
    min: Option<(f64, f64)>,
    max: (f64, f64),
    open_link: bool,
    /// A node shape was just drawn, so the next text is its label; any other
    /// text is a branch label (layout-rs draws those on connector nodes).
    in_shape: bool,
    /// The decisions drawn so far, as (centre, half width, half height):
    /// layout-rs ends edges on a node's box, which for a diamond is outside it.
    diamonds: Vec<(Point, f64, f64)>,
    clips: usize,
}

impl Canvas {
    fn grow(&mut self, p: Point, size: Point) {
        let (x0, y0) = self.min.unwrap_or((p.x, p.y));
        self.min = Some((x0.min(p.x), y0.min(p.y)));
        self.max = (self.max.0.max(p.x + size.x), self.max.1.max(p.y + size.y));
    }

    fn finish(self, title: &str) -> String {
        let pad = 12.;
        let (x0, y0) = self.min.unwrap_or((0., 0.));
        let (w, h) = (self.max.0 - x0 + 2. * pad, self.max.1 - y0 + 2. * pad);
        format!(
            "<svg class=\"flowchart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{:.0} {:.0} {w:.0} {h:.0}\" \
             width=\"{w:.0}\" role=\"img\" aria-label=\"{}\">\
             <defs><marker id=\"sopkit-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker></defs>\
             <g class=\"edges\">{}</g><g class=\"nodes\">{}</g><g class=\"edge-labels\">{}</g></svg>",
            x0 - pad,
            y0 - pad,
            escape(title),
            self.edges,
            self.nodes,
            self.labels
        )
    }
}

impl Canvas {
    /// A point on a decision's box moved onto its diamond, along the line to
    /// the centre; other points unchanged.
    fn onto_diamond(&self, p: Point) -> Point {
        for &(c, hw, hh) in &self.diamonds {
            let (dx, dy) = (p.x - c.x, p.y - c.y);
            let inside_box = dx.abs() <= hw + 1. && dy.abs() <= hh + 1.;
            let norm = dx.abs() / hw + dy.abs() / hh;
            if inside_box && norm > 0. {
                return Point::new(c.x + dx / norm, c.y + dy / norm);
            }
        }
        p
    }

    /// A branch label on a white box, above the edges and nodes.
    fn edge_label(&mut self, at: Point, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let width = text.chars().count() as f64 * 6.8 + 12.;
        let _ = write!(
            self.labels,
            "<rect class=\"edge-label\" x=\"{:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"18\" rx=\"4\"/>\
             <text class=\"edge-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            at.x - width / 2.,
            at.y - 9.,
            at.x,
            at.y,
            escape(text)
        );
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _: &StyleAttr,
        properties: Option<String>,
        _: Option<ClipHandle>,
    ) {
        self.grow(xy, size);
        self.in_shape = true;
        let props = properties.unwrap_or_default();
        let (kind, anchor) = props.split_once(' ').unwrap_or(("t", ""));
        if !anchor.is_empty() {
            let _ = write!(self.nodes, "<a href=\"#{}\">", escape(anchor));
            self.open_link = true;
        }
        if kind == "d" {
            let (cx, cy) = (xy.x + size.x / 2., xy.y + size.y / 2.);
            self.diamonds
                .push((Point::new(cx, cy), size.x / 2., size.y / 2.));
            let _ = write!(
                self.nodes,
                "<polygon class=\"decision\" points=\"{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}\"/>",
                xy.y,
                xy.x + size.x,
                xy.y + size.y,
                xy.x
            );
        } else {
            let _ = write!(
                self.nodes,
                "<rect class=\"step\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/>",
                xy.x, xy.y, size.x, size.y
            );
        }
    }

    fn draw_line(&mut self, start: Point, stop: Point, _: &StyleAttr, _: Option<String>) {
        let _ = write!(
            self.edges,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"edge\"/>",
            start.x, start.y, stop.x, stop.y
        );
    }

    fn draw_circle(&mut self, xy: Point, size: Point, _: &StyleAttr, properties: Option<String>) {
        self.grow(Point::new(xy.x - size.x / 2., xy.y - size.y / 2.), size);
        self.in_shape = true;
        let class = if properties.as_deref() == Some("end") {
            "end"
        } else {
            "start"
        };
        let _ = write!(
            self.nodes,
            "<circle class=\"{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/>",
            xy.x,
            xy.y,
            size.x.min(size.y) / 2.
        );
    }

    fn draw_text(&mut self, xy: Point, text: &str, _: &StyleAttr) {
        if !std::mem::take(&mut self.in_shape) {
            self.edge_label(xy, text);
            return;
        }
        let lines: Vec<&str> = text.lines().collect();
        let first_y = xy.y - (lines.len().saturating_sub(1) as f64) * LINE_HEIGHT / 2.;
        let _ = write!(self.nodes, "<text x=\"{:.1}\" y=\"{first_y:.1}\">", xy.x);
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { 0. } else { LINE_HEIGHT };
            let _ = write!(
                self.nodes,
                "<tspan x=\"{:.1}\" dy=\"{dy}\">{}</tspan>",
                xy.x,
                escape(line)
            );
        }
        self.nodes.push_str("</text>");
        if std::mem::take(&mut self.open_link) {
            self.nodes.push_str("</a>");
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        text: &str,
    ) {
        if path.len() < 2 {
            return;
        }
        let mut path = path.to_vec();
        path[0].0 = self.onto_diamond(path[0].0);
        let last = path.len() - 1;
        path[last].1 = self.onto_diamond(path[last].1);
        let (first, second) = (&path[0], &path[1]);
        for (a, b) in path.clone() {
            self.grow(a, Point::new(0., 0.));
            self.grow(b, Point::new(0., 0.));
        }
        let mut d = format!(
            "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
            first.0.x,
            first.0.y,
            first.1.x,
            first.1.y,
            second.0.x,
            second.0.y,
            second.1.x,
            second.1.y
        );
        for (a, b) in path.iter().skip(2) {
            let _ = write!(d, " S {:.1} {:.1}, {:.1} {:.1}", a.x, a.y, b.x, b.y);
        }
        let dash = if dashed {
            " stroke-dasharray=\"5,5\""
        } else {
            ""
        };
        // layout-rs reverses loop-back edges to lay the graph out as a DAG and
        // says so by moving the arrowhead to the start: honour it, or a loop
        // back to an earlier step would point the wrong way.
        let start = if head.0 {
            " marker-start=\"url(#sopkit-arrow)\""
        } else {
            ""
        };
        let end = if head.1 {
            " marker-end=\"url(#sopkit-arrow)\""
        } else {
            ""
        };
        let _ = write!(
            self.edges,
            "<path class=\"edge\" d=\"{d}\"{dash}{start}{end}/>"
        );
        if !text.is_empty() {
            self.edge_label(path[path.len() / 2].1, text);
        }
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        self.clips += 1;
        self.clips
    }
}
