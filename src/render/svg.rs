//! `--to svg`: the flowchart as a standalone SVG picture, and the same
//! drawing inside the HTML page. It draws the laid-out [`Diagram`]: the
//! start and end as circles, steps as boxes, decisions as diamonds, branch
//! labels on their edges, loops back as dashed lines, hand-offs between
//! roles as heavier lines, and swimlanes with their role as a heading.
//!
//! Colours are greys, so the picture prints the same in black and white;
//! shapes and line styles, not colour, tell the kinds apart. Every string
//! goes through [`escape::xml`]. Styling is done with presentation
//! attributes, so the picture looks the same in a browser, in an image
//! viewer and in resvg (the PNG).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::diagram::{Diagram, FONT_SIZE, LABEL_SIZE, LINE_HEIGHT, Shape};
use super::number::Tenths;
use super::{Document, Renderer, escape, font};
use crate::layout::{Direction, Point, Rect};

pub struct Svg;

impl Renderer for Svg {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        standalone_pieces(doc, |piece| out.write_all(piece.as_bytes()))
    }
}

/// The standalone SVG document of a flowchart.
pub fn standalone(doc: &Document<'_>) -> String {
    let mut svg = String::new();
    let _ = standalone_pieces(doc, |piece| {
        svg.push_str(piece);
        Ok(())
    });
    svg
}

/// The standalone SVG document, handed to `emit` in the pieces it is
/// drawn in, so that a big picture is never joined into one more string.
fn standalone_pieces(
    doc: &Document<'_>,
    mut emit: impl FnMut(&str) -> io::Result<()>,
) -> io::Result<()> {
    let diagram = Diagram::build(doc, doc.wants_lanes(false));
    emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    for part in draw(doc, &diagram, false) {
        emit(&part)?;
    }
    emit("\n")
}

/// The `<svg>` element of a flowchart for the HTML page, each step linked
/// to its place in the page, in the parts it was drawn in.
pub fn inline(doc: &Document<'_>, diagram: &Diagram) -> [String; 3] {
    draw(doc, diagram, true)
}

const INK: &str = "#1a1a1a";
const LINE: &str = "#4d4d4d";
const TITLE_SIZE: f64 = 18.0;
const TITLE_HEIGHT: f64 = 44.0;
/// The column of lane headings, left of the lanes.
const HEADING_WIDTH: f64 = 150.0;

/// Where the layout's drawing sits in the picture.
#[derive(Clone, Copy)]
struct Frame {
    dx: f64,
    dy: f64,
}

impl Frame {
    fn at(self, p: Point) -> Point {
        Point::new(p.x + self.dx, p.y + self.dy)
    }

    fn rect(self, r: Rect) -> Rect {
        Rect {
            x: r.x + self.dx,
            y: r.y + self.dy,
            ..r
        }
    }
}

/// The `<svg>` element, in three parts that follow each other: its head
/// (title, lanes), the lines, and the shapes with their labels. They are
/// not joined, so that a big picture is never copied whole: the caller
/// writes the parts in order.
fn draw(doc: &Document<'_>, diagram: &Diagram, links: bool) -> [String; 3] {
    let mut head = String::new();
    let svg = &mut head;
    let title = &doc.sop.title.value;
    // Lane headings: a column at the left of rows, a row above columns.
    let columns = diagram.direction == Direction::TopToBottom;
    let heading = if diagram.lanes.is_empty() || columns {
        0.0
    } else {
        HEADING_WIDTH
    };
    let heading_row = if diagram.lanes.is_empty() || !columns {
        0.0
    } else {
        heading_row_height(diagram)
    };
    let title_lines = font::wrap(
        title,
        TITLE_SIZE,
        (diagram.width + heading - 40.0).max(300.0),
    );
    let title_height = TITLE_HEIGHT + (title_lines.len().max(1) - 1) as f64 * 23.0;
    let title_width = title_lines
        .iter()
        .map(|l| font::text_width(l, TITLE_SIZE))
        .fold(0.0, f64::max);
    // A label on a side channel may reach past the layout's edges: the
    // picture grows to hold it.
    let (left, right, bottom) = label_extents(diagram);
    let dx = heading + (-left).max(0.0);
    let width = (dx + diagram.width.max(right)).max(title_width + 40.0);
    let height = diagram.height.max(bottom) + title_height + heading_row;
    let frame = Frame {
        dx,
        dy: title_height + heading_row,
    };
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\" font-family=\"{}\">",
        escape::xml(title),
        escape::xml(font::CSS_STACK)
    );
    let _ = write!(svg, "<title>{}</title>", escape::xml(title));
    svg.push_str(
        "<defs><marker id=\"sopkit-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" \
         markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333333\"/></marker></defs>",
    );
    let _ = write!(
        svg,
        "<rect class=\"background\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
    );
    draw_title(svg, &title_lines);
    draw_lanes(svg, diagram, frame, width, heading_row);
    let mut edges = String::new();
    draw_edges(&mut edges, diagram, frame);
    let mut nodes = String::new();
    draw_nodes(&mut nodes, doc, diagram, frame, links);
    draw_labels(&mut nodes, diagram, frame);
    nodes.push_str("</svg>");
    [head, edges, nodes]
}

fn draw_title(svg: &mut String, lines: &[String]) {
    svg.push_str("<g class=\"title\">");
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"20\" y=\"{:.1}\" font-size=\"{TITLE_SIZE}\" font-weight=\"bold\" fill=\"{INK}\">{}</text>",
            28.0 + i as f64 * 23.0,
            escape::xml(line)
        );
    }
    svg.push_str("</g>");
}

fn draw_lanes(svg: &mut String, diagram: &Diagram, frame: Frame, width: f64, heading_row: f64) {
    if diagram.lanes.is_empty() {
        return;
    }
    let _ = write!(
        svg,
        "<g class=\"lanes\" stroke=\"#999999\" stroke-width=\"1\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
    );
    let columns = diagram.direction == Direction::TopToBottom;
    for (i, lane) in diagram.lanes.iter().enumerate() {
        let band = frame.rect(lane.band);
        let fill = if i % 2 == 0 { "#ffffff" } else { "#f2f2f2" };
        // The band and its heading: a column under a heading row, or a row
        // beside a heading column.
        let (band, heading, wrap_width) = if columns {
            let top = frame.dy - heading_row;
            (
                Rect {
                    y: top,
                    height: band.bottom() - top,
                    ..band
                },
                Rect {
                    y: top,
                    height: heading_row,
                    ..band
                },
                band.width - 16.0,
            )
        } else {
            (
                Rect {
                    x: 0.0,
                    width,
                    ..band
                },
                Rect {
                    x: 0.0,
                    width: HEADING_WIDTH,
                    ..band
                },
                HEADING_WIDTH - 20.0,
            )
        };
        let _ = write!(
            svg,
            "<rect class=\"lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>\
             <rect class=\"lane-heading\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e0e0e0\"/>",
            Tenths(band.x),
            Tenths(band.y),
            Tenths(band.width),
            Tenths(band.height),
            Tenths(heading.x),
            Tenths(heading.y),
            Tenths(heading.width),
            Tenths(heading.height)
        );
        let lines = font::wrap(&lane.name, FONT_SIZE, wrap_width.max(40.0));
        text_lines(svg, &lines, heading.center(), " font-weight=\"bold\"", INK);
    }
    svg.push_str("</g>");
}

/// The height of the row of lane headings above lanes drawn as columns:
/// room for the longest name wrapped to its lane's width.
fn heading_row_height(diagram: &Diagram) -> f64 {
    let lines = diagram
        .lanes
        .iter()
        .map(|lane| font::wrap(&lane.name, FONT_SIZE, (lane.band.width - 16.0).max(40.0)).len())
        .max()
        .unwrap_or(1);
    lines as f64 * LINE_HEIGHT + 16.0
}

fn draw_edges(svg: &mut String, diagram: &Diagram, frame: Frame) {
    // What every edge shares is said once, on the group: a 100,000-step
    // picture is then about half the size.
    let _ = write!(
        svg,
        "<g class=\"edges\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.6\" stroke-linejoin=\"round\" marker-end=\"url(#sopkit-arrow)\">"
    );
    for edge in &diagram.edges {
        let Some((first, rest)) = edge.points.split_first() else {
            continue;
        };
        let first = frame.at(*first);
        let (class, style) = match (edge.back, edge.handoff) {
            (true, _) => ("edge back", " stroke-dasharray=\"7 4\""),
            (false, true) => ("edge handoff", " stroke-width=\"2.6\""),
            (false, false) => ("edge", ""),
        };
        let _ = write!(
            svg,
            "<path class=\"{class}\"{style} d=\"M{} {}",
            Tenths(first.x),
            Tenths(first.y)
        );
        for p in rest {
            let p = frame.at(*p);
            let _ = write!(svg, "L{} {}", Tenths(p.x), Tenths(p.y));
        }
        svg.push_str("\"/>");
    }
    svg.push_str("</g>");
}

fn draw_nodes(svg: &mut String, doc: &Document<'_>, diagram: &Diagram, frame: Frame, links: bool) {
    let _ = write!(
        svg,
        "<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"1.5\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
    );
    for (node, rect) in diagram.nodes.iter().zip(&diagram.rects) {
        let r = frame.rect(*rect);
        let c = r.center();
        let anchor = node.step.map(|i| escape::xml(&doc.anchor(i)));
        if let (Some(anchor), true) = (&anchor, links) {
            let _ = write!(svg, "<a href=\"#{anchor}\">");
        }
        let id = anchor
            .as_ref()
            .map(|a| format!(" id=\"node-{a}\""))
            .unwrap_or_default();
        match node.shape {
            Shape::Task => {
                let _ = write!(
                    svg,
                    "<rect class=\"step\"{id} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\"/>",
                    Tenths(r.x),
                    Tenths(r.y),
                    Tenths(r.width),
                    Tenths(r.height)
                );
            }
            Shape::Decision => {
                let _ = write!(
                    svg,
                    "<polygon class=\"decision\"{id} points=\"{},{} {},{} {},{} {},{}\" fill=\"#e6e6e6\"/>",
                    Tenths(c.x),
                    Tenths(r.y),
                    Tenths(r.right()),
                    Tenths(c.y),
                    Tenths(c.x),
                    Tenths(r.bottom()),
                    Tenths(r.x),
                    Tenths(c.y)
                );
            }
            Shape::Start => {
                let _ = write!(
                    svg,
                    "<circle class=\"start\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#333333\" stroke=\"none\"/>",
                    Tenths(c.x),
                    Tenths(c.y),
                    Tenths(r.width / 2.0)
                );
            }
            Shape::End => {
                let _ = write!(
                    svg,
                    "<circle class=\"end\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke-width=\"4\"/>",
                    Tenths(c.x),
                    Tenths(c.y),
                    Tenths(r.width / 2.0 - 2.0)
                );
            }
        }
        let (weight, colour) = match node.shape {
            Shape::Start => (" font-weight=\"bold\"", "#ffffff"),
            Shape::End => (" font-weight=\"bold\"", INK),
            _ => ("", INK),
        };
        text_lines(svg, &node.lines, c, weight, colour);
        if links && anchor.is_some() {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</g>");
}

fn draw_labels(svg: &mut String, diagram: &Diagram, frame: Frame) {
    let _ = write!(
        svg,
        "<g class=\"edge-labels\" font-size=\"{LABEL_SIZE}\" font-weight=\"bold\" text-anchor=\"middle\">"
    );
    for edge in &diagram.edges {
        let Some(label) = &edge.label else {
            continue;
        };
        let width = label_width(label);
        let at = frame.at(beside_the_line(&edge.points, edge.label_at, width));
        let _ = write!(
            svg,
            "<rect class=\"edge-label\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"3\" fill=\"#ffffff\" stroke=\"#808080\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{INK}\" stroke=\"none\">{}</text>",
            Tenths(at.x - width / 2.0),
            Tenths(at.y - 9.0),
            Tenths(width),
            Tenths(at.x),
            Tenths(at.y + 4.0),
            escape::xml(label)
        );
    }
    svg.push_str("</g>");
}

/// Where a label's box goes so that it does not hide its line: above a
/// level piece, beside an upright one.
fn beside_the_line(points: &[Point], at: Point, width: f64) -> Point {
    let on = |a: f64, b: f64, v: f64| v >= a.min(b) - 0.5 && v <= a.max(b) + 0.5;
    let piece = points
        .windows(2)
        .find(|s| on(s[0].x, s[1].x, at.x) && on(s[0].y, s[1].y, at.y));
    match piece {
        Some(s) if (s[0].y - s[1].y).abs() < 0.5 => Point::new(at.x, at.y - 11.0),
        Some(s) if (s[0].x - s[1].x).abs() < 0.5 => Point::new(at.x + width / 2.0 + 3.0, at.y),
        _ => at,
    }
}

/// The width of a branch label's box.
fn label_width(label: &str) -> f64 {
    font::text_width(label, LABEL_SIZE) + 12.0
}

/// How far the labels reach: (leftmost x, rightmost x, lowest y), in the
/// layout's coordinates.
fn label_extents(diagram: &Diagram) -> (f64, f64, f64) {
    let mut extents = (0.0_f64, 0.0_f64, 0.0_f64);
    for edge in &diagram.edges {
        if let Some(label) = &edge.label {
            let half = label_width(label) / 2.0 + 4.0;
            extents.0 = extents.0.min(edge.label_at.x - half);
            extents.1 = extents.1.max(edge.label_at.x + 2.0 * half);
            extents.2 = extents.2.max(edge.label_at.y + 13.0);
        }
    }
    extents
}

/// Lines of text centred on `center`, one `<tspan>` each. Size and
/// anchoring come from the enclosing group.
fn text_lines(svg: &mut String, lines: &[String], center: Point, weight: &str, colour: &str) {
    let top = center.y - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0 + FONT_SIZE * 0.35;
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\"{weight} fill=\"{colour}\" stroke=\"none\">",
        Tenths(center.x),
        Tenths(top)
    );
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(
                svg,
                "<tspan x=\"{}\">{}</tspan>",
                Tenths(center.x),
                escape::xml(line)
            );
        } else {
            let _ = write!(
                svg,
                "<tspan x=\"{}\" dy=\"{LINE_HEIGHT}\">{}</tspan>",
                Tenths(center.x),
                escape::xml(line)
            );
        }
    }
    svg.push_str("</text>");
}
