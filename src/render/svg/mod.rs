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

mod edges;
mod lanes;
mod shapes;

use std::fmt::Write as _;
use std::io::{self, Write};

use self::lanes::heading_row_height;
use self::shapes::label_extents;
use super::bands::{self, Band};
use super::diagram::Diagram;
use super::number::Tenths;
use super::{Document, Renderer, escape, font};
use crate::layout::{Direction, Point, Rect};

pub(crate) struct Svg;

impl Renderer for Svg {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        standalone_pieces(doc, |piece| out.write_all(piece.as_bytes()))
    }
}

/// The standalone SVG document of a flowchart.
pub(crate) fn standalone(doc: &Document<'_>) -> String {
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
// Nothing calls it today; kept for the PDF output (issue 25) it was written for.
#[allow(dead_code)]
pub(crate) fn band_documents(doc: &Document<'_>, diagram: &Diagram, max: f64) -> Vec<String> {
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
    pub(crate) links: bool,
    /// The SOP's title above the drawing (a page has it already).
    pub(crate) title: bool,
    /// Appended to the ids the picture defines, unique in its page.
    pub(crate) id: usize,
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
