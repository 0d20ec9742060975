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

use super::bands::{self, Band, CONNECTOR_RADIUS, Connector};
use super::branch_labels::{LABEL_LINE, label_size};
use super::diagram::{
    Diagram, FONT_SIZE, LABEL_SIZE, LINE_HEIGHT, Shape, TAG_LINE_HEIGHT, TAG_SIZE,
};
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
    let picture = Picture::new(doc, &diagram, Options::default());
    emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    for part in picture.whole() {
        emit(&part)?;
    }
    emit("\n")
}

/// Standalone SVG documents of a flowchart cut into bands no longer than
/// `max` along the flow (in the drawing's pixels), joined by numbered
/// connectors; one document when it fits. The title is drawn in the first.
/// For pages that cannot hold a long flowchart whole (a PDF).
pub fn band_documents(doc: &Document<'_>, diagram: &Diagram, max: f64) -> Vec<String> {
    let picture = Picture::new(doc, diagram, Options::default());
    let bands = bands::bands(diagram, max);
    let count = bands.len();
    bands
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let mut svg = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            picture.band(&mut svg, band, i, count, "connector");
            svg
        })
        .collect()
}

/// How a picture is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Each step links to its place in the page (`#step-…`).
    pub links: bool,
    /// The SOP's title above the drawing (a page has it already).
    pub title: bool,
    /// Appended to the ids the picture defines, unique in its page.
    pub id: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            links: false,
            title: true,
            id: 0,
        }
    }
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

/// A flowchart as a picture: the diagram placed under its title and beside
/// or under its lane headings, drawn whole or one band at a time.
pub(crate) struct Picture<'a> {
    doc: &'a Document<'a>,
    diagram: &'a Diagram,
    options: Options,
    frame: Frame,
    width: f64,
    height: f64,
    title_lines: Vec<String>,
    /// The column of lane headings left of lanes drawn as rows (else 0).
    heading_column: f64,
    /// The row of lane headings above lanes drawn as columns (else 0).
    heading_row: f64,
}

/// The part of the picture one `<svg>` shows.
#[derive(Debug, Clone, Copy)]
struct View {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

impl<'a> Picture<'a> {
    pub(crate) fn new(doc: &'a Document<'a>, diagram: &'a Diagram, options: Options) -> Self {
        let title = &doc.sop.title.value;
        // Lane headings: a column at the left of rows, a row above columns.
        let columns = diagram.direction == Direction::TopToBottom;
        let heading_column = if diagram.lanes.is_empty() || columns {
            0.0
        } else {
            HEADING_WIDTH
        };
        let heading_row = if diagram.lanes.is_empty() || !columns {
            0.0
        } else {
            heading_row_height(diagram)
        };
        let title_lines = match options.title {
            true => font::wrap_bold(
                title,
                TITLE_SIZE,
                (diagram.width + heading_column - 40.0).max(300.0),
            ),
            false => Vec::new(),
        };
        let title_height = match options.title {
            true => TITLE_HEIGHT + (title_lines.len().max(1) - 1) as f64 * 23.0,
            false => 0.0,
        };
        let title_width = title_lines
            .iter()
            .map(|l| font::bold_text_width(l, TITLE_SIZE) + 40.0)
            .fold(0.0, f64::max);
        // A label beside a side channel may reach past the layout's edges:
        // the picture grows to hold it.
        let (left, top, right, bottom) = label_extents(diagram);
        let frame = Frame {
            dx: heading_column + (-left).max(0.0),
            dy: title_height + heading_row + (-top).max(0.0),
        };
        Self {
            doc,
            diagram,
            options,
            width: (frame.dx + diagram.width.max(right)).max(title_width),
            height: frame.dy + diagram.height.max(bottom),
            frame,
            title_lines,
            heading_column,
            heading_row,
        }
    }

    /// The arrowhead's id in band `band`: `<picture>-<band>`.
    fn marker(&self, band: usize) -> String {
        format!("{}-{band}", self.options.id)
    }

    /// The width and height of the whole picture.
    pub(crate) fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }

    /// The whole picture as one `<svg>` element, in three parts that
    /// follow each other: its head (title, lanes), the lines, and the
    /// shapes with their labels. They are not joined, so that a big picture
    /// is never copied whole: the caller writes the parts in order.
    pub(crate) fn whole(&self) -> [String; 3] {
        let view = View {
            x: 0.0,
            y: 0.0,
            width: self.width,
            height: self.height,
        };
        let mut head = String::new();
        self.head(
            &mut head,
            view,
            self.heading_column > 0.0 || self.heading_row > 0.0,
            0,
        );
        let mut lines = String::new();
        let edges = self.diagram.edges.iter().enumerate();
        self.edges(
            &mut lines,
            edges.map(|(k, e)| (k, e.points.as_slice(), true)),
            0,
        );
        let mut shapes = String::new();
        self.nodes(&mut shapes, 0..self.diagram.nodes.len());
        self.labels(&mut shapes, 0..self.diagram.edges.len());
        shapes.push_str("</svg>");
        [head, lines, shapes]
    }

    /// Band `index` of `count` as one `<svg>` element, its connectors of
    /// the given class (`connector`, or `connector page-cut` for those a
    /// page shows only on paper).
    pub(crate) fn band(
        &self,
        svg: &mut String,
        band: &Band<'_>,
        index: usize,
        count: usize,
        class: &str,
    ) {
        let down = self.diagram.direction == Direction::TopToBottom;
        let offset = if down { self.frame.dy } else { self.frame.dx };
        let from = if index == 0 { 0.0 } else { band.from + offset };
        let to = match index + 1 == count {
            true => {
                if down {
                    self.height
                } else {
                    self.width
                }
            }
            false => band.to + offset,
        };
        // A band of lanes drawn as rows repeats the heading column at its
        // left.
        let repeat = !down && index > 0 && self.heading_column > 0.0;
        let view = match down {
            true => View {
                x: 0.0,
                y: from,
                width: self.width,
                height: to - from,
            },
            false => {
                let x = if repeat {
                    from - self.heading_column
                } else {
                    from
                };
                View {
                    x,
                    y: 0.0,
                    width: to - x,
                    height: self.height,
                }
            }
        };
        self.head(svg, view, index == 0 || repeat, index);
        self.edges(
            svg,
            band.pieces.iter().map(|p| (p.edge, &*p.points, p.arrow)),
            index,
        );
        self.nodes(svg, band.nodes.iter().copied());
        self.labels(svg, band.labels.iter().copied());
        self.connectors(svg, &band.connectors, class);
        svg.push_str("</svg>");
    }

    /// The row of lane headings alone, as an `<svg>` to print above a band
    /// that continues lanes drawn as columns on a new page.
    pub(crate) fn heading_row(&self, svg: &mut String, class: &str) {
        if self.heading_row <= 0.0 {
            return;
        }
        let top = self.frame.dy - self.heading_row;
        let view = View {
            x: 0.0,
            y: top,
            width: self.width,
            height: self.heading_row,
        };
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" aria-hidden=\"true\" font-family=\"{}\">",
            Tenths(view.width),
            Tenths(view.height),
            Tenths(view.x),
            Tenths(view.y),
            Tenths(view.width),
            Tenths(view.height),
            escape::xml(font::CSS_STACK)
        );
        self.lanes(svg, view, true);
        svg.push_str("</svg>");
    }

    /// The opening `<svg>` of a view, its title and definitions, the
    /// background, the title text and the lanes.
    /// `band`: which band of the picture the view is, so that the ids it
    /// defines are unique in a page that holds every band.
    fn head(&self, svg: &mut String, view: View, headings: bool, band: usize) {
        let title = &self.doc.sop.title.value;
        let id = self.marker(band);
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" width=\"{}\" height=\"{}\" \
             viewBox=\"{} {} {} {}\" role=\"img\" aria-label=\"{}\" font-family=\"{}\">",
            Tenths(view.width),
            Tenths(view.height),
            Tenths(view.x),
            Tenths(view.y),
            Tenths(view.width),
            Tenths(view.height),
            escape::xml(title),
            escape::xml(font::CSS_STACK)
        );
        let _ = write!(svg, "<title>{}</title>", escape::xml(title));
        let _ = write!(
            svg,
            "<defs><marker id=\"sopkit-arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" \
             markerWidth=\"11\" markerHeight=\"11\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333333\"/></marker></defs>"
        );
        let _ = write!(
            svg,
            "<rect class=\"background\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
            Tenths(view.x),
            Tenths(view.y),
            Tenths(view.width),
            Tenths(view.height)
        );
        if view.x <= 0.0 && view.y <= 0.0 {
            draw_title(svg, &self.title_lines);
        }
        self.lanes(svg, view, headings);
    }
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

impl Picture<'_> {
    /// The lanes across a view: each lane's band, and its heading when
    /// `headings` (a row above columns, a column left of rows, at the
    /// view's start).
    fn lanes(&self, svg: &mut String, view: View, headings: bool) {
        let diagram = self.diagram;
        if diagram.lanes.is_empty() {
            return;
        }
        let _ = write!(
            svg,
            "<g class=\"lanes\" stroke=\"#999999\" stroke-width=\"1\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
        );
        let columns = diagram.direction == Direction::TopToBottom;
        let last = diagram.lanes.len() - 1;
        let frame = self.frame;
        for (i, lane) in diagram.lanes.iter().enumerate() {
            // Across the flow the outer lanes reach the picture's sides,
            // which may lie beyond the layout's to hold a label; along it
            // every lane fills the view, below the heading row.
            let band = frame.rect(lane.band);
            let (lo, hi) = match columns {
                true => (band.x, band.right()),
                false => (band.y, band.bottom()),
            };
            let lo = if i == 0 {
                0.0_f64.max(if columns { 0.0 } else { frame.dy })
            } else {
                lo
            };
            let hi = match (i == last, columns) {
                (true, true) => self.width,
                (true, false) => self.height,
                _ => hi,
            };
            // Where the view cuts a lane, the lane runs on a little past
            // it, so that no border is drawn across it at the cut.
            let (start, end) = match columns {
                true => (view.y, view.y + view.height),
                false => (view.x, view.x + view.width),
            };
            let picture_end = if columns { self.height } else { self.width };
            let first = match columns {
                true => frame.dy - self.heading_row,
                false => 0.0,
            };
            let start = if start > first + 0.5 {
                start - 2.0
            } else {
                first.max(start)
            };
            let end = if end < picture_end - 0.5 {
                end + 2.0
            } else {
                end
            };
            let band = match columns {
                true => Rect {
                    x: lo,
                    y: start,
                    width: hi - lo,
                    height: end - start,
                },
                false => Rect {
                    x: start,
                    y: lo,
                    width: end - start,
                    height: hi - lo,
                },
            };
            let fill = if i % 2 == 0 { "#ffffff" } else { "#f2f2f2" };
            let _ = write!(
                svg,
                "<rect class=\"lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
                Tenths(band.x),
                Tenths(band.y),
                Tenths(band.width),
                Tenths(band.height),
            );
            if !headings {
                continue;
            }
            let (heading, wrap_width) = match columns {
                true => (
                    Rect {
                        y: frame.dy - self.heading_row,
                        height: self.heading_row,
                        ..band
                    },
                    band.width - 16.0,
                ),
                false => (
                    Rect {
                        x: view.x,
                        width: HEADING_WIDTH,
                        ..band
                    },
                    HEADING_WIDTH - 20.0,
                ),
            };
            let _ = write!(
                svg,
                "<rect class=\"lane-heading\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e0e0e0\"/>",
                Tenths(heading.x),
                Tenths(heading.y),
                Tenths(heading.width),
                Tenths(heading.height)
            );
            let lines = font::wrap_bold(&lane.name, FONT_SIZE, wrap_width.max(40.0));
            text_lines(svg, &lines, heading.center(), " font-weight=\"bold\"", INK);
        }
        svg.push_str("</g>");
    }

    /// Edges (or pieces of them): (edge, points, whether it ends in an
    /// arrowhead).
    fn edges<'p>(
        &self,
        svg: &mut String,
        pieces: impl Iterator<Item = (usize, &'p [Point], bool)>,
        band: usize,
    ) {
        // What every edge shares is said once, on the group: a 100,000-step
        // picture is then about half the size.
        let _ = write!(
            svg,
            "<g class=\"edges\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.6\" stroke-linejoin=\"round\" marker-end=\"url(#sopkit-arrow-{})\">",
            self.marker(band)
        );
        for (k, points, arrow) in pieces {
            let edge = &self.diagram.edges[k];
            let Some((first, rest)) = points.split_first() else {
                continue;
            };
            let first = self.frame.at(*first);
            let (class, style) = match (edge.back, edge.handoff) {
                (true, _) => ("edge back", " stroke-dasharray=\"7 4\""),
                (false, true) => ("edge handoff", " stroke-width=\"2.6\""),
                (false, false) => ("edge", ""),
            };
            let _ = write!(svg, "<path class=\"{class}\"{style}");
            if !arrow {
                svg.push_str(" marker-end=\"none\"");
            }
            edge_attributes(svg, self.doc, self.diagram, k);
            let _ = write!(svg, " d=\"M{} {}", Tenths(first.x), Tenths(first.y));
            for p in rest {
                let p = self.frame.at(*p);
                let _ = write!(svg, "L{} {}", Tenths(p.x), Tenths(p.y));
            }
            svg.push_str("\"/>");
        }
        svg.push_str("</g>");
    }

    /// Numbered connector circles where a band's edges go on in another.
    fn connectors(&self, svg: &mut String, connectors: &[Connector], class: &str) {
        if connectors.is_empty() {
            return;
        }
        let _ = write!(
            svg,
            "<g class=\"{class}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\">"
        );
        for c in connectors {
            let at = self.frame.at(c.center);
            let _ = write!(
                svg,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{CONNECTOR_RADIUS}\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.5\"/>\
                 <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
                Tenths(at.x),
                Tenths(at.y),
                Tenths(at.x),
                Tenths(at.y + 4.0),
                c.number
            );
        }
        svg.push_str("</g>");
    }
}

/// The height of the row of lane headings above lanes drawn as columns:
/// room for the longest name wrapped to its lane's width.
fn heading_row_height(diagram: &Diagram) -> f64 {
    let lines = diagram
        .lanes
        .iter()
        .map(|lane| {
            font::wrap_bold(&lane.name, FONT_SIZE, (lane.band.width - 16.0).max(40.0)).len()
        })
        .max()
        .unwrap_or(1);
    lines as f64 * LINE_HEIGHT + 16.0
}

impl Picture<'_> {
    /// The shapes with their text.
    fn nodes(&self, svg: &mut String, which: impl Iterator<Item = usize>) {
        let (diagram, frame, links) = (self.diagram, self.frame, self.options.links);
        let _ = write!(
            svg,
            "<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"1.5\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
        );
        for i in which {
            let (node, rect) = (&diagram.nodes[i], &diagram.rects[i]);
            let r = frame.rect(*rect);
            let c = r.center();
            let anchor = node.step.map(|i| self.doc.anchor_str(i));
            if let (Some(anchor), true) = (anchor, links) {
                svg.push_str("<a href=\"#");
                escape::xml_into(svg, anchor);
                svg.push_str("\">");
            }
            let mut id = String::with_capacity(64);
            if let Some(anchor) = anchor {
                id.push_str(" id=\"node-");
                escape::xml_into(&mut id, anchor);
                id.push('"');
            }
            id.push_str(" data-node=\"");
            name_into(&mut id, node.name(self.doc));
            id.push('"');
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
                        "<circle class=\"start\"{id} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#333333\" stroke=\"none\"/>",
                        Tenths(c.x),
                        Tenths(c.y),
                        Tenths(r.width / 2.0)
                    );
                }
                Shape::End => {
                    let _ = write!(
                        svg,
                        "<circle class=\"end\"{id} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke-width=\"4\"/>",
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
            if node.tag.is_empty() {
                text_lines(svg, &node.lines, c, weight, colour);
            } else {
                tagged_lines(svg, &node.tag, &node.lines, c);
            }
            if links && anchor.is_some() {
                svg.push_str("</a>");
            }
        }
        svg.push_str("</g>");
    }

    /// The branch labels of the given edges (those with one).
    fn labels(&self, svg: &mut String, which: impl Iterator<Item = usize>) {
        let (diagram, frame) = (self.diagram, self.frame);
        let _ = write!(
            svg,
            "<g class=\"edge-labels\" font-size=\"{LABEL_SIZE}\" font-weight=\"bold\" text-anchor=\"middle\">"
        );
        for k in which {
            let edge = &diagram.edges[k];
            if edge.label.is_none() {
                continue;
            }
            let (width, height) = label_size(&edge.label_lines);
            let at = frame.at(edge.label_at);
            svg.push_str("<rect class=\"edge-label\"");
            edge_attributes(svg, self.doc, diagram, k);
            let _ = write!(
                svg,
                " x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" stroke=\"#808080\" stroke-width=\"1\"/>",
                Tenths(at.x - width / 2.0),
                Tenths(at.y - height / 2.0),
                Tenths(width),
                Tenths(height),
            );
            let top = at.y - height / 2.0 + 13.0;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" fill=\"{INK}\" stroke=\"none\">",
                Tenths(at.x),
                Tenths(top)
            );
            for (i, line) in edge.label_lines.iter().enumerate() {
                let dy = if i == 0 {
                    String::new()
                } else {
                    format!(" dy=\"{LABEL_LINE}\"")
                };
                let _ = write!(
                    svg,
                    "<tspan x=\"{}\"{dy}>{}</tspan>",
                    Tenths(at.x),
                    escape::xml(line)
                );
            }
            svg.push_str("</text>");
        }
        svg.push_str("</g>");
    }
}

/// ` data-edge="K" data-from="…" data-to="…"`: which edge an element
/// draws and the nodes it joins (see [`super::diagram::Node::name`]), so
/// that tests and readers of the picture can tell what joins what.
fn edge_attributes(svg: &mut String, doc: &Document<'_>, diagram: &Diagram, k: usize) {
    let edge = &diagram.edges[k];
    let _ = write!(svg, " data-edge=\"{k}\" data-from=\"");
    name_into(svg, diagram.nodes[edge.from].name(doc));
    svg.push_str("\" data-to=\"");
    name_into(svg, diagram.nodes[edge.to].name(doc));
    svg.push('"');
}

/// A node's name (see [`super::diagram::Node::name`]), escaped.
fn name_into(svg: &mut String, (prefix, anchor): (&str, &str)) {
    svg.push_str(prefix);
    escape::xml_into(svg, anchor);
}

/// How far the labels reach past the layout's drawing: (leftmost x,
/// topmost y, rightmost x, lowest y), in the layout's coordinates (0 when
/// none reaches out).
fn label_extents(diagram: &Diagram) -> (f64, f64, f64, f64) {
    let mut extents = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    for (_, r) in bands::label_rects(diagram) {
        extents.0 = extents.0.min(r.x - 4.0);
        extents.1 = extents.1.min(r.y - 4.0);
        extents.2 = extents.2.max(r.right() + 4.0);
        extents.3 = extents.3.max(r.bottom() + 4.0);
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
        let _ = write!(svg, "<tspan x=\"{}\"", Tenths(center.x));
        if i > 0 {
            let _ = write!(svg, " dy=\"{LINE_HEIGHT}\"");
        }
        svg.push('>');
        escape::xml_into(svg, line);
        svg.push_str("</tspan>");
    }
    svg.push_str("</text>");
}

/// A step's role in italics above its text, the two centred together on
/// `center`.
fn tagged_lines(svg: &mut String, tag: &[String], lines: &[String], center: Point) {
    let height = tag.len() as f64 * TAG_LINE_HEIGHT + lines.len() as f64 * LINE_HEIGHT;
    let top = center.y - height / 2.0;
    let _ = write!(
        svg,
        "<g class=\"role-tag\" font-size=\"{TAG_SIZE}\" font-style=\"italic\">"
    );
    for (i, line) in tag.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"#4d4d4d\" stroke=\"none\">{}</text>",
            Tenths(center.x),
            Tenths(top + (i as f64 + 0.75) * TAG_LINE_HEIGHT),
            escape::xml(line)
        );
    }
    svg.push_str("</g>");
    let below = top + tag.len() as f64 * TAG_LINE_HEIGHT;
    let text_center = Point::new(center.x, below + lines.len() as f64 * LINE_HEIGHT / 2.0);
    text_lines(svg, lines, text_center, "", INK);
}
