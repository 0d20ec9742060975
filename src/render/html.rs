//! `--to html`: one self-contained page (inline CSS, no script, font or
//! external style; no JavaScript needed), valid HTML5, with the flowchart as
//! inline SVG. Markdown fields are rendered with pulldown-cmark and then
//! made safe by [`super::markup`], so no script from an SOP runs; every
//! other string goes through [`super::escape::html`].

mod flowchart;
mod steps;

use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::html as escape;
use super::markup::{to_html as markdown, to_html_inline as markdown_inline};
use super::{Document, Renderer};
use crate::model::Status;
use flowchart::flowchart;
use steps::steps;

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
