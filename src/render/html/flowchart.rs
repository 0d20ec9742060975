//! The page's flowchart section: which drawing fits the column (down, with
//! lanes or roles in the boxes, or turned to run right), cut into bands
//! for the screen and for paper.

use std::fmt::Write as _;

use crate::layout;
use crate::render::diagram::Diagram;
use crate::render::escape::html as escape;
use crate::render::svg::{self, Picture};
use crate::render::{Document, Labels, bands};

/// The width of the page's column that a flowchart may fill on screen
/// (60rem less the page's and the figure's padding), in CSS px.
const SCREEN_WIDTH: f64 = 880.0;
/// A flowchart is shrunk to fit the screen's width no further than this:
/// its 13 px text stays at least 9 px.
const MIN_SCALE: f64 = 9.0 / 13.0;
/// What a printed page holds (A4 and Letter, 14–16 mm margins, less room
/// for a row of lane headings), in CSS px.
const PRINT_WIDTH: f64 = 680.0;
const PRINT_HEIGHT: f64 = 860.0;

/// The drawing chosen for the page, and how it came to be.
struct Fitted {
    diagram: Diagram,
    /// It runs down (else right).
    down: bool,
    /// Lanes gave way to each step's role named in its box.
    tagged: bool,
    /// It was asked to run down and runs right, being too wide.
    turned: bool,
}

/// The flowchart's section in parts (none for an SOP without steps),
/// fitted to the page's width on screen and on paper.
///
/// Flowing down, it is one drawing cut into page-high bands at layer
/// boundaries: on screen they follow each other seamlessly and shrink
/// together to the column's width; printed, each band keeps to one page,
/// with numbered connectors (shown only on paper) where an edge goes on
/// to the next page, and the lane headings repeated. Lanes as columns too
/// many to read at the column's width give way to each step's role named
/// in its box, and a note under the chart says so; a drawing too wide even
/// so (a decision with many branches) runs right instead, and the note says
/// that. Flowing right, it is cut into bands as wide as the column,
/// stacked, joined by numbered connectors.
pub(super) fn flowchart(doc: &Document<'_>) -> Vec<String> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.instructions.is_empty() {
        return Vec::new();
    }
    let options = svg::Options {
        links: true,
        title: false,
        id: 0,
    };
    let Fitted {
        diagram,
        down,
        tagged,
        turned,
    } = fit(doc, options);
    let picture = Picture::new(doc, &diagram, options);
    let (width, _) = picture.size();
    let (bands, class) = if down {
        let print_scale = (PRINT_WIDTH / width).min(1.0);
        (
            bands::bands(&diagram, PRINT_HEIGHT / print_scale),
            "connector page-cut",
        )
    } else {
        let headings = if diagram.lanes.is_empty() { 0.0 } else { 150.0 };
        (
            bands::bands(&diagram, SCREEN_WIDTH - headings - 40.0),
            "connector",
        )
    };
    let direction = if down { "runs-down" } else { "runs-right" };
    let mut head = format!(
        "<section id=\"flowchart\"><h2>{}</h2>\n<figure class=\"flowchart {direction}\">",
        escape(l.flowchart),
    );
    let count = bands.len();
    let mut parts = Vec::with_capacity(count + 1);
    for (i, band) in bands.iter().enumerate() {
        let mut part = std::mem::take(&mut head);
        // About what a band's drawing takes, so its text is not copied as
        // it grows.
        part.reserve(2048 + 420 * band.nodes.len() + 160 * band.pieces.len());
        part.push_str("<div class=\"band\">");
        if i > 0 && down {
            picture.heading_row(&mut part, "lane-headings page-cut");
        }
        picture.band(&mut part, band, i, count, class);
        part.push_str("</div>");
        parts.push(part);
    }
    parts.push(figure_end(l, tagged, turned));
    parts
}

/// The drawing that fits the column: as asked, else with each step's role
/// in its box instead of lanes, else running right.
fn fit(doc: &Document<'_>, options: svg::Options) -> Fitted {
    let mut down = doc.direction == crate::render::FlowDirection::Down;
    // Roles get swimlanes without being asked: the page is where a
    // reader sees who does what.
    let lanes = doc.wants_lanes(true);
    // A drawing wide even without lanes (a decision with many branches)
    // runs right, where it grows along the flow and bands can cut it.
    // Whether its widest layer alone is too wide is known before it is
    // laid out: a big one is laid out once, not down and then right.
    let mut diagram = Diagram::build_within(doc, lanes, SCREEN_WIDTH / MIN_SCALE);
    let mut turned = down && diagram.direction == layout::Direction::LeftToRight;
    let too_wide = |diagram: &Diagram| {
        let (width, _) = Picture::new(doc, diagram, options).size();
        width * MIN_SCALE > SCREEN_WIDTH
    };
    let mut tagged = false;
    if down && !turned && lanes && too_wide(&diagram) {
        diagram = Diagram::build_tagged(doc);
        tagged = true;
    }
    if down && !turned && too_wide(&diagram) {
        // Lanes run as rows when the flow runs right: they fit again.
        diagram = Diagram::build_right(doc, lanes);
        (turned, tagged) = (true, false);
    }
    down &= !turned;
    Fitted {
        diagram,
        down,
        tagged,
        turned,
    }
}

/// The end of the figure: the note saying why the chart is not as asked,
/// if it is not.
fn figure_end(l: &Labels, tagged: bool, turned: bool) -> String {
    let mut tail = String::new();
    let note = match (tagged, turned) {
        (true, _) => Some(l.roles_in_boxes),
        (_, true) => Some(l.turned_to_fit),
        _ => None,
    };
    if let Some(note) = note {
        let _ = write!(
            tail,
            "<figcaption class=\"flowchart-note\">{}</figcaption>",
            escape(note)
        );
    }
    tail.push_str("</figure></section>\n");
    tail
}
