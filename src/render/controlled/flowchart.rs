//! The controlled document's flowchart: the drawing the HTML page shows,
//! no wider than the text, and cut into bands no taller than a page where
//! it is longer (the split of [`bands`]: at layer
//! boundaries, never through a box, joined by numbered connectors). A
//! picture cannot break across pages; its bands can.

#[cfg(feature = "pdf")]
use super::{Body, Controlled};
use super::{Picture, line};
use crate::layout::Direction;
use crate::render::bands;
use crate::render::diagram::Diagram;
use crate::render::svg::{self, Options};
use crate::render::{Document, Lanes};

/// Drawing units in points at most: 13-unit labels at 0.75 pt are about
/// the size of the text, and a small flowchart is never blown up.
const MAX_SCALE: f64 = 0.75;
/// Below this, text in the drawing is too small to read (about 7 pt): a
/// flowchart that would have to shrink more to fit a page is cut into
/// bands instead, and lanes as columns too many for the page's width give
/// way to each box naming its role, as on the HTML page.
const MIN_SCALE: f64 = 0.55;
/// Room above a picture for the section's heading, in points.
const HEADING_ROOM: f64 = 40.0;
/// More room kept when the picture follows text on the same page: the
/// heading's space above it, which a heading at the top of a page drops.
const AFTER_TEXT: f64 = 24.0;

/// The pictures, in order, and the note that each box names its role.
/// `room`: when known (the PDF's second pass), the height in points left
/// under the text on the page where the flowchart's section starts, so the
/// drawing can begin there rather than leave that page's rest empty.
pub(super) fn pictures(doc: &Document<'_>, room: Option<f64>) -> (Vec<Picture>, Option<String>) {
    if doc.sop.instructions.is_empty() {
        return (Vec::new(), None);
    }
    let mut drawing = Document::new(doc.sop, doc.flow);
    drawing.direction = doc.direction;
    let lanes = doc.wants_lanes(true);
    drawing.lanes = if lanes { Lanes::Always } else { Lanes::Never };
    let (text_width, page) = (
        doc.paper.text_width(),
        doc.paper.text_height() - HEADING_ROOM,
    );
    let mut diagram = Diagram::build(&drawing, lanes);
    let down = diagram.direction == Direction::TopToBottom;
    let mut size = svg::Picture::new(&drawing, &diagram, Options::default()).size();
    let mut note = None;
    if down && lanes && text_width / size.0 < MIN_SCALE {
        diagram = Diagram::build_tagged(&drawing);
        size = svg::Picture::new(&drawing, &diagram, Options::default()).size();
        note = Some(doc.labels.roles_in_boxes.to_owned());
    }
    let (width, height) = size;
    // A drawing that fits a page at a readable size stays whole. Else one
    // scale for every band, so boxes and text are the same size on every
    // page; the bands are as long as a page holds at that scale, less what
    // the first one carries besides the drawing (the title, the lane
    // headings).
    let whole = (text_width / width).min(page / height).min(MAX_SCALE);
    // Room worth starting in: a quarter of a page at least.
    let room = room
        .map(|r| r - HEADING_ROOM - AFTER_TEXT)
        .filter(|&r| r >= page / 4.0 && r < page);
    // What the first band carries besides the drawing (the title, the lane
    // headings), along the flow.
    let extra = if down {
        height - diagram.height
    } else {
        width - diagram.width
    };
    let (scale, max, first) = if whole >= MIN_SCALE {
        // A drawing that fits a page whole is made smaller to fit the room
        // left when it stays readable; else, with half a page or more left,
        // it starts there and goes on over the page; else it moves whole.
        let in_room = room.map_or(whole, |r| whole.min(r / height));
        match room {
            _ if in_room >= MIN_SCALE => (in_room, f64::INFINITY, f64::INFINITY),
            Some(r) if down && r >= page / 2.0 => (whole, page / whole - extra, r / whole - extra),
            _ => (whole, f64::INFINITY, f64::INFINITY),
        }
    } else if down {
        let scale = (text_width / width).min(MAX_SCALE);
        let max = page / scale - extra;
        // The first band no taller than the room left, where the drawing
        // can be cut there.
        (scale, max, room.map_or(max, |r| r / scale - extra))
    } else {
        let scale = (page / height).min(MAX_SCALE);
        let max = text_width / scale - extra;
        (scale, max, max)
    };
    let alt = format!("{}: {}", doc.labels.flowchart, line(&doc.sop.title.value));
    let picture = svg::Picture::new(&drawing, &diagram, Options::default());
    let bands = bands::bands_after(&diagram, first.max(60.0), max.max(60.0));
    let count = bands.len();
    let pictures = bands
        .iter()
        .enumerate()
        .filter_map(|(i, band)| {
            let mut svg = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            picture.band(&mut svg, band, i, count, "connector");
            // A band that continues lanes drawn as columns on a new page
            // has their headings above it again.
            if i > 0 && down {
                let mut headings = String::new();
                picture.heading_row(&mut headings, "lane-headings");
                svg = stacked(&headings, &svg).unwrap_or(svg);
            }
            let (w, h) = svg_size(&svg)?;
            // A band the split could not shorten (one layer taller than a
            // page) is made smaller, never cut.
            let s = scale.min(text_width / w).min(page / h);
            Some(Picture {
                svg,
                svg_width: w,
                path: format!("/flowchart-{}.svg", i + 1),
                width: w * s,
                height: h * s,
                alt: if count > 1 {
                    format!("{alt} ({}/{count})", i + 1)
                } else {
                    alt.clone()
                },
            })
        })
        .collect();
    (pictures, note)
}

/// Redoes the flowchart's pictures to start in `room`, the points left
/// under the text on the page where its section starts (found by
/// typesetting once); `false` when they stay as they were.
#[cfg(feature = "pdf")]
pub(crate) fn refit(c: &mut Controlled, doc: &Document<'_>, room: f64) -> bool {
    let Some(old) = c.sections.iter_mut().find_map(|s| match &mut s.body {
        Body::Flowchart { pictures, .. } => Some(pictures),
        _ => None,
    }) else {
        return false;
    };
    let (new, _) = pictures(doc, Some(room));
    let same = new.len() == old.len()
        && new
            .iter()
            .zip(old.iter())
            .all(|(a, b)| a.height == b.height && a.svg == b.svg);
    if !same {
        *old = new;
    }
    !same
}

/// Two `<svg>` elements of one width as one SVG document, the first above
/// the second (nested `<svg>`s keep their own view boxes); `None` when the
/// first is empty.
fn stacked(top: &str, bottom: &str) -> Option<String> {
    let (width, top_height) = svg_size(top)?;
    let (_, bottom_height) = svg_size(bottom)?;
    let at = bottom.find("<svg")? + "<svg".len();
    let height = top_height + bottom_height;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">{top}{} y=\"{top_height}\"{}</svg>",
        &bottom[bottom.find("<svg")?..at],
        &bottom[at..]
    ))
}

/// The size of an SVG drawing sopkit made: its root's `width` and `height`.
fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<f64> {
        let at = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[at..].split('"').next()?.parse().ok()
    };
    Some((attribute("width")?, attribute("height")?)).filter(|(w, h)| *w > 0.0 && *h > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Flow;
    use crate::load::load_text;
    use crate::render::Paper;

    /// `n` steps in two roles, a retry loop every five.
    fn long_sop(n: usize) -> String {
        let mut text = String::from(
            "title: Long\ndepartment: Ops\npurpose: P.\nterms: {}\nroles:\n  agent: Agent on duty\n  manager: Shift manager\ninstructions:\n",
        );
        for i in 0..n {
            let role = if i % 7 == 3 { "manager" } else { "agent" };
            text += &format!("  - id: s{i}\n    role: {role}\n");
            if i % 5 == 4 {
                text += &format!(
                    "    text: Did step {i} work?\n    branches:\n      \"yes\": s{}\n      \"no\": s{}\n",
                    (i + 1).min(n - 1),
                    i - 2
                );
            } else {
                text += &format!("    text: Do the work of step {i}.\n");
            }
        }
        text
    }

    #[test]
    fn a_long_flowchart_is_cut_into_bands_that_each_fit_a_page() {
        let file = load_text(std::path::Path::new("l.sop.yaml"), long_sop(60));
        let Some(sop) = &file.sop else {
            panic!("loads: {:?}", file.diagnostics);
        };
        let flow = &Flow::build(sop);
        for paper in [Paper::A4, Paper::Letter] {
            let mut doc = Document::new(sop, flow);
            doc.paper = paper;
            let (pictures, note) = pictures(&doc, None);
            assert!(pictures.len() > 2, "{} bands", pictures.len());
            assert_eq!(note, None, "two lanes fit side by side");
            let scale = pictures[0].width / pictures[0].svg_width;
            for (i, p) in pictures.iter().enumerate() {
                assert!(
                    p.height <= paper.text_height() - HEADING_ROOM + 0.01,
                    "band {i}: {}",
                    p.height
                );
                assert!(
                    p.width <= paper.text_width() + 0.01,
                    "band {i}: {}",
                    p.width
                );
                assert!(
                    (p.width / p.svg_width - scale).abs() < 1e-9,
                    "band {i} has its own scale"
                );
                // Every band names the lanes it continues.
                assert!(
                    p.svg.contains("Shift manager"),
                    "band {i} has no lane headings"
                );
                assert_eq!(p.path, format!("/flowchart-{}.svg", i + 1));
            }
        }
    }

    #[test]
    fn sizes_of_sopkits_own_svg() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"x\" class=\"flowchart\" width=\"420\" height=\"981.5\" viewBox=\"0 0 420 981\">";
        assert_eq!(svg_size(svg), Some((420.0, 981.5)));
        assert_eq!(svg_size("<svg width=\"0\" height=\"3\">"), None);
    }

    #[test]
    fn lane_headings_go_above_a_band() {
        let top = "<svg xmlns=\"s\" width=\"300\" height=\"30\" viewBox=\"0 40 300 30\"><text>Agent</text></svg>";
        let band = "<?xml version=\"1.0\"?>\n<svg xmlns=\"s\" width=\"300\" height=\"500\" viewBox=\"0 900 300 500\"><rect/></svg>";
        let both = stacked(top, band).expect("both have sizes");
        assert_eq!(svg_size(&both), Some((300.0, 530.0)));
        assert!(
            both.contains("<svg y=\"30\" xmlns=\"s\" width=\"300\" height=\"500\" viewBox=\"0 900 300 500\"><rect/></svg></svg>"),
            "{both}"
        );
        assert!(!both[1..].contains("<?xml"), "{both}");
        assert_eq!(stacked("", band), None);
    }
}
