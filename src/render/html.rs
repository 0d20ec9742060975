//! `--to html`: one self-contained page (inline CSS, no script, font or
//! external style; no JavaScript needed), valid HTML5, with the flowchart as
//! inline SVG. Markdown fields are rendered with pulldown-cmark and then
//! made safe by [`super::markup`], so no script from an SOP runs; every
//! other string goes through [`super::escape::html`].

use std::fmt::Write as _;
use std::io::{self, Write};

use super::diagram::Diagram;
use super::escape::html as escape;
use super::markup::{to_html as markdown, to_html_inline as markdown_inline};
use super::svg::Picture;
use super::{Document, Renderer, bands, svg};
use crate::flow::EdgeKind;
use crate::layout;
use crate::model::Status;

pub(crate) struct Html;

const PAGE: &str = include_str!("assets/page.html");
pub(crate) const STYLE: &str = include_str!("assets/style.css");

/// A whole page around `body`, in `lang`.
pub(crate) fn page(lang: &str, title: &str, body: &str) -> String {
    let mut page = String::with_capacity(PAGE.len() + STYLE.len() + body.len());
    page_pieces(lang, title, &[body], |piece| page.push_str(piece));
    page
}

/// [`page`] around a body given in parts, handed to `emit` piece by piece:
/// a 100,000-step page is 70 MB, and its body is then never copied into a
/// second string.
fn page_pieces(lang: &str, title: &str, body: &[&str], mut emit: impl FnMut(&str)) {
    let (lang, title) = (escape(lang), escape(title));
    let slots = [("lang", &*lang), ("title", &*title), ("style", STYLE)];
    let (before, after) = PAGE
        .split_once("{{body}}")
        .expect("invariant: the page template has a body");
    crate::template::fill_each(before, &slots, &mut emit);
    body.iter().for_each(|part| emit(part));
    crate::template::fill_each(after, &slots, &mut emit);
}

impl Renderer for Html {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut head = String::new();
        head.push_str("<div class=\"page\">\n");
        header(doc, &mut head);
        head.push_str("<main>\n");
        sections(doc, &mut head);
        // The picture and the text of the steps are each about half the
        // work on a long SOP, and neither needs the other.
        let (picture, text) = rayon::join(
            || flowchart(doc),
            || {
                let mut text = String::new();
                steps(doc, &mut text);
                history(doc, &mut text);
                text.push_str("</main>\n<footer>sopkit</footer>\n</div>");
                text
            },
        );
        let mut body = vec![head.as_str()];
        body.extend(picture.iter().map(String::as_str));
        body.push(&text);
        let mut written = Ok(());
        page_pieces(doc.sop.language(), &doc.sop.title.value, &body, |piece| {
            if written.is_ok() {
                written = out.write_all(piece.as_bytes());
            }
        });
        written
    }
}

fn header(doc: &Document<'_>, b: &mut String) {
    let (sop, l) = (doc.sop, doc.labels);
    if doc.index_href.is_some() || !doc.translations.is_empty() {
        b.push_str("<nav class=\"links\">");
        if let Some(index) = &doc.index_href {
            let _ = write!(b, "<a href=\"{}\">← {}</a>", escape(index), escape(l.index));
        }
        if !doc.translations.is_empty() {
            let links: Vec<String> = doc
                .translations
                .iter()
                .map(|t| {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        escape(&t.href),
                        escape(&t.language)
                    )
                })
                .collect();
            let sep = if doc.index_href.is_some() {
                " — "
            } else {
                ""
            };
            let _ = write!(b, "{sep}{}: {}", escape(l.also_in), links.join(" · "));
        }
        b.push_str("</nav>\n");
    }
    let _ = write!(
        b,
        "<header>\n<p class=\"department\">{}</p>\n<h1>{}</h1>\n<dl class=\"meta\">",
        escape(&sop.department.value),
        escape(&sop.title.value)
    );
    let mut item = |label: &str, value: String| {
        let _ = write!(b, "<div><dt>{}</dt><dd>{value}</dd></div>", escape(label));
    };
    if let Some(id) = &sop.id {
        item(l.id, escape(&id.value));
    }
    if let Some(v) = &sop.version {
        item(l.version, escape(&v.value));
    }
    let status = sop.status();
    let class = match status {
        Status::Approved => "approved",
        Status::Review => "review",
        Status::Retired => "retired",
        Status::Draft => "draft",
    };
    item(
        l.status,
        format!(
            "<span class=\"badge {class}\">{}</span>",
            escape(l.status_name(status))
        ),
    );
    if let Some(v) = &sop.owner {
        item(l.owner, escape(&v.value));
    }
    if let Some(v) = &sop.effective {
        item(l.effective, escape(&v.value.0.to_string()));
    }
    if let Some(v) = &sop.review_by {
        item(l.review_by, escape(&v.value.0.to_string()));
    }
    b.push_str("</dl>\n</header>\n");
}

fn sections(doc: &Document<'_>, b: &mut String) {
    let (sop, l) = (doc.sop, doc.labels);
    let _ = write!(
        b,
        "<section id=\"purpose\"><h2>{}</h2>\n{}</section>\n",
        escape(l.purpose),
        markdown(&sop.purpose.value)
    );
    if let Some(scope) = &sop.scope {
        let _ = write!(
            b,
            "<section id=\"scope\"><h2>{}</h2>\n{}</section>\n",
            escape(l.scope),
            markdown(&scope.value)
        );
    }
    if !sop.terms.is_empty() {
        let _ = write!(
            b,
            "<section id=\"terms\"><h2>{}</h2>\n<dl class=\"terms\">",
            escape(l.terms)
        );
        for (term, definition) in sop.terms.iter() {
            let _ = write!(
                b,
                "<dt>{}</dt><dd>{}</dd>",
                escape(&term.value),
                escape(&definition.value)
            );
        }
        b.push_str("</dl></section>\n");
    }
    if let Some(roles) = sop.roles.as_ref().filter(|r| !r.is_empty()) {
        let _ = write!(
            b,
            "<section id=\"roles\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.roles),
            escape(l.role),
            escape(l.description)
        );
        for (role, description) in roles.iter() {
            let _ = write!(
                b,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(&role.value),
                escape(&description.value)
            );
        }
        b.push_str("</tbody></table></section>\n");
    }
    if !sop.metrics.is_empty() {
        let _ = write!(
            b,
            "<section id=\"metrics\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.metrics),
            escape(l.metric),
            escape(l.target),
            escape(l.kind)
        );
        for m in &sop.metrics {
            let kind = m.kind.as_ref().map_or("", |k| l.metric_kind_name(k.value));
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&m.name.value),
                escape(&m.target.value.to_string()),
                escape(kind)
            );
        }
        b.push_str("</tbody></table></section>\n");
    }
}

/// The flowchart's section in parts (none for an SOP without steps).
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

/// The flowchart, fitted to the page's width on screen and on paper.
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
fn flowchart(doc: &Document<'_>) -> Vec<String> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.instructions.is_empty() {
        return Vec::new();
    }
    let options = svg::Options {
        links: true,
        title: false,
        id: 0,
    };
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
    parts.push(tail);
    parts
}

fn link(doc: &Document<'_>, to: usize) -> String {
    format!(
        "<a href=\"#{}\">{} {}, <em>{}</em></a>",
        escape(&doc.anchor(to)),
        escape(doc.labels.step),
        to + 1,
        escape(&doc.step_summary(to, 60))
    )
}

fn steps(doc: &Document<'_>, b: &mut String) {
    let l = doc.labels;
    let _ = write!(
        b,
        "<section id=\"instructions\"><h2>{}</h2>\n<ol class=\"steps\">\n",
        escape(l.instructions)
    );
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let class = if Document::is_decision(step) {
            " class=\"decision\""
        } else {
            ""
        };
        let _ = write!(
            b,
            "<li id=\"{}\"{class}>\n<div class=\"step-text\">{}</div>\n",
            escape(&doc.anchor(i)),
            markdown(&step.text.value)
        );
        let mut facts = Vec::new();
        if let Some(role) = &step.role {
            let name = doc.role_name(&role.value);
            facts.push(format!(
                "<span class=\"role\">{}: {}</span>",
                escape(l.role),
                escape(name)
            ));
        }
        if let Some(d) = &step.duration {
            facts.push(format!(
                "<span>{}: {}</span>",
                escape(l.duration),
                escape(&d.value.to_string())
            ));
        }
        if !facts.is_empty() {
            let _ = writeln!(b, "<p class=\"facts\">{}</p>", facts.join(""));
        }
        if !step.substeps.is_empty() {
            b.push_str("<ul class=\"substeps\">");
            for sub in &step.substeps {
                let _ = write!(b, "<li>{}</li>", markdown_inline(&sub.value));
            }
            b.push_str("</ul>\n");
        }
        if let Some(script) = &step.script {
            let _ = writeln!(
                b,
                "<blockquote class=\"script\"><strong>{}:</strong> “{}”</blockquote>",
                escape(l.say),
                escape(&script.value)
            );
        }
        let successors = doc.flow.successors(i);
        if let Some(branches) = step.branches.as_ref().filter(|br| !br.is_empty()) {
            b.push_str("<ul class=\"branches\">");
            for ((label, _), (to, _)) in branches.iter().zip(&successors) {
                let _ = write!(
                    b,
                    "<li><span class=\"label\">{}</span> → {}</li>",
                    escape(&label.value),
                    link(doc, *to)
                );
            }
            b.push_str("</ul>\n");
        } else if doc.flow.is_end(i) {
            let _ = writeln!(b, "<p class=\"ends\">{}</p>", escape(l.ends));
        } else if let Some((to, EdgeKind::Next)) = successors.first() {
            let _ = writeln!(b, "<p class=\"jump\">→ {}</p>", link(doc, *to));
        }
        for (class, title, text) in [
            ("warning", l.warning, &step.warning),
            ("note", l.note, &step.note),
        ] {
            if let Some(text) = text {
                let _ = writeln!(
                    b,
                    "<aside class=\"callout {class}\"><p class=\"callout-title\">{}</p>{}</aside>",
                    escape(title),
                    markdown(&text.value)
                );
            }
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol></section>\n");
}

fn history(doc: &Document<'_>, b: &mut String) {
    let (sop, l) = (doc.sop, doc.labels);
    if !sop.revisions.is_empty() {
        let _ = write!(
            b,
            "<section id=\"revisions\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.revisions),
            escape(l.version),
            escape(l.date),
            escape(l.author),
            escape(l.summary)
        );
        for r in &sop.revisions {
            let text = |v: &Option<crate::model::Sp<String>>| {
                v.as_ref().map_or(String::new(), |v| escape(&v.value))
            };
            let date = r
                .date
                .as_ref()
                .map_or(String::new(), |d| d.value.0.to_string());
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{date}</td><td>{}</td><td>{}</td></tr>",
                text(&r.version),
                text(&r.author),
                text(&r.summary)
            );
        }
        b.push_str("</tbody></table></section>\n");
    }
    if !sop.approvals.is_empty() {
        let _ = write!(
            b,
            "<section id=\"approvals\"><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(l.approvals),
            escape(l.name),
            escape(l.role),
            escape(l.date)
        );
        for a in &sop.approvals {
            let date = a
                .date
                .as_ref()
                .map_or(String::new(), |d| d.value.0.to_string());
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{date}</td></tr>",
                escape(&a.name.value),
                escape(&a.role.value)
            );
        }
        b.push_str("</tbody></table></section>\n");
    }
    if !sop.references.is_empty() {
        let _ = write!(
            b,
            "<section id=\"references\"><h2>{}</h2><ul>",
            escape(l.references)
        );
        for r in &sop.references {
            let _ = write!(b, "<li>{}</li>", markdown_inline(&r.value));
        }
        b.push_str("</ul></section>\n");
    }
    if !sop.tags.is_empty() {
        let _ = write!(
            b,
            "<section id=\"tags\"><h2>{}</h2><ul class=\"tags\">",
            escape(l.tags)
        );
        for t in &sop.tags {
            let _ = write!(b, "<li>{}</li>", escape(&t.value));
        }
        b.push_str("</ul></section>\n");
    }
}
