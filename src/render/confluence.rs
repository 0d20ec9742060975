//! `--to confluence`: one Confluence page body in storage format, the XHTML
//! with `ac:` and `ri:` elements that Confluence keeps its pages in.
//!
//! The document control (title, id, department, version, status, owner,
//! dates) is a Page Properties (`details`) macro, so a Page Properties
//! Report (`detailssummary`, on each department's page: [`department_page`])
//! lists every SOP with its owner, status and review date. The keys of that
//! table are English whatever the SOP's language: the report joins pages by
//! their keys, and one report spans SOPs in several languages. The rest of
//! the page speaks the SOP's language.
//!
//! The flowchart is the attachment `flowchart.png` (with the flowchart's
//! text as alt text) and a link to `flowchart.svg`; `sopkit publish`
//! uploads both. References to other SOPs become links to their pages when
//! the page is part of a build or a publish ([`SiteLinks`]); a lone render
//! keeps them as text.
//!
//! Every string from an SOP goes through [`escape::xml`](super::escape::xml); the writer's
//! Markdown through [`markup::to_storage`].

mod page_properties;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::escape::xml as escape;
use super::markup::{self, to_storage as markdown, to_storage_inline as markdown_inline};
use super::{Document, Renderer, Spool};
use crate::flow::EdgeKind;
use page_properties::properties;

pub(crate) use page_properties::{PROPERTIES_ID, department_page};

/// The attachment the page shows as its flowchart.
pub(crate) const FLOWCHART_PNG: &str = "flowchart.png";
/// The attachment the page links to, for a sharp picture at any size.
pub(crate) const FLOWCHART_SVG: &str = "flowchart.svg";

/// What a page of a build or a publish knows beyond its SOP.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SiteLinks<'a> {
    /// The SOP's file, relative to the folder being built or published.
    pub(crate) source: &'a str,
    /// The page title of every SOP with an `id`, by that id.
    pub(crate) titles: &'a HashMap<String, String>,
    /// The flowchart's width in CSS pixels: the PNG is drawn larger, for
    /// sharp screens, and shown at this width.
    pub(crate) picture_width: Option<u32>,
}

/// The storage-format renderer; `site` is `None` for a lone `render`.
pub(crate) struct Confluence<'a> {
    pub(crate) site: Option<SiteLinks<'a>>,
}

/// The renderer of `sopkit render --to confluence`.
pub(crate) static LONE: Confluence<'static> = Confluence { site: None };

impl Renderer for Confluence<'_> {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut b = Spool::new(out);
        properties(doc, self.site, &mut b);
        sections(doc, &mut b);
        flowchart(doc, self.site.and_then(|s| s.picture_width), &mut b);
        steps(doc, &mut b);
        history(doc, self.site, &mut b);
        b.finish()
    }
}

/// A macro with a title and a rich-text body (`info`, `note`, `warning`).
fn panel(b: &mut Spool<'_>, name: &str, title: &str, body: &str) {
    let _ = writeln!(
        b,
        "<ac:structured-macro ac:name=\"{name}\"><ac:parameter ac:name=\"title\">{}</ac:parameter><ac:rich-text-body>{body}</ac:rich-text-body></ac:structured-macro>",
        escape(title)
    );
}

fn heading(b: &mut Spool<'_>, text: &str) {
    let _ = writeln!(b, "<h2>{}</h2>", escape(text));
}

/// A table with a header row; the cells are storage format already.
fn table(b: &mut Spool<'_>, head: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    b.push_str("<table><tbody>\n<tr>");
    for h in head {
        let _ = write!(b, "<th>{}</th>", escape(h));
    }
    b.push_str("</tr>\n");
    for row in rows {
        b.push_str("<tr>");
        for cell in row {
            let _ = write!(b, "<td>{cell}</td>");
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody></table>\n");
}

fn sections(doc: &Document<'_>, b: &mut Spool<'_>) {
    let (sop, l) = (doc.sop, doc.labels);
    heading(b, l.purpose);
    b.push_str(&markdown(&sop.purpose.value));
    if let Some(scope) = &sop.scope {
        heading(b, l.scope);
        b.push_str(&markdown(&scope.value));
    }
    if !sop.terms.is_empty() {
        heading(b, l.terms);
        let rows = sop.terms.iter().map(|(term, definition)| {
            vec![
                format!("<strong>{}</strong>", escape(&term.value)),
                escape(&definition.value),
            ]
        });
        table(b, &[l.term, l.definition], rows);
    }
    if let Some(roles) = sop.roles.as_ref().filter(|r| !r.is_empty()) {
        heading(b, l.roles);
        let rows = roles
            .iter()
            .map(|(role, description)| vec![escape(&role.value), escape(&description.value)]);
        table(b, &[l.role, l.description], rows);
    }
    if !sop.metrics.is_empty() {
        heading(b, l.metrics);
        let rows = sop.metrics.iter().map(|m| {
            let kind = m.kind.as_ref().map_or("", |k| l.metric_kind_name(k.value));
            vec![
                escape(&m.name.value),
                escape(&m.target.value.to_string()),
                escape(kind),
            ]
        });
        table(b, &[l.metric, l.target, l.kind], rows);
    }
}

/// The flowchart as text, for the picture's alt text: every step with its
/// number, and where it leads when that is not simply the next step.
pub(crate) fn flowchart_text(doc: &Document<'_>) -> String {
    let l = doc.labels;
    let mut text = format!("{}:", l.flowchart);
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let _ = write!(text, " {}. {}", i + 1, doc.step_text(i));
        let successors = doc.flow.successors(i);
        if let Some(branches) = step.branches.as_ref().filter(|b| !b.is_empty()) {
            let ways: Vec<String> = branches
                .iter()
                .zip(&successors)
                .map(|((label, _), (to, _))| {
                    format!("{} → {}", markup::plain_text(&label.value), to + 1)
                })
                .collect();
            let _ = write!(text, " ({})", ways.join("; "));
        } else if doc.flow.is_end(i) {
            let _ = write!(text, " ({})", l.end);
        } else if let Some((to, EdgeKind::Next)) = successors.first() {
            let _ = write!(text, " (→ {})", to + 1);
        }
    }
    text
}

fn flowchart(doc: &Document<'_>, width: Option<u32>, b: &mut Spool<'_>) {
    let l = doc.labels;
    heading(b, l.flowchart);
    let width = width.map_or(String::new(), |w| format!(" ac:width=\"{w}\""));
    let _ = write!(
        b,
        "<p><ac:image{width} ac:alt=\"{}\"><ri:attachment ri:filename=\"{FLOWCHART_PNG}\" /></ac:image></p>\n<p><ac:link><ri:attachment ri:filename=\"{FLOWCHART_SVG}\" /><ac:link-body>{} (SVG)</ac:link-body></ac:link></p>\n",
        escape(&flowchart_text(doc)),
        escape(l.flowchart)
    );
}

/// A link to step `to` on this page: "step 7, *Escalate to the manager*".
fn jump(doc: &Document<'_>, to: usize) -> String {
    format!(
        "<ac:link ac:anchor=\"{}\"><ac:link-body>{} {}, <em>{}</em></ac:link-body></ac:link>",
        escape(&doc.anchor(to)),
        escape(doc.labels.step),
        to + 1,
        escape(&doc.step_summary(to, 60))
    )
}

fn steps(doc: &Document<'_>, b: &mut Spool<'_>) {
    let l = doc.labels;
    heading(b, l.instructions);
    b.push_str("<ol>\n");
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let _ = writeln!(
            b,
            "<li><ac:structured-macro ac:name=\"anchor\"><ac:parameter ac:name=\"\">{}</ac:parameter></ac:structured-macro>",
            escape(&doc.anchor(i))
        );
        b.push_str(&markdown(&step.text.value));
        let mut facts = Vec::new();
        if let Some(role) = &step.role {
            let name = doc.role_name(&role.value);
            facts.push(format!("{}: {}", escape(l.role), escape(name)));
        }
        if let Some(d) = &step.duration {
            facts.push(format!(
                "{}: {}",
                escape(l.duration),
                escape(&d.value.to_string())
            ));
        }
        if !facts.is_empty() {
            let _ = writeln!(b, "<p><em>{}</em></p>", facts.join(" · "));
        }
        if !step.substeps.is_empty() {
            b.push_str("<ul>");
            for sub in &step.substeps {
                let _ = write!(b, "<li>{}</li>", markdown_inline(&sub.value));
            }
            b.push_str("</ul>\n");
        }
        if let Some(script) = &step.script {
            let body = format!("<p>“{}”</p>", escape(&script.value));
            panel(b, "info", l.say, &body);
        }
        let successors = doc.flow.successors(i);
        if let Some(branches) = step.branches.as_ref().filter(|br| !br.is_empty()) {
            b.push_str("<ul>");
            for ((label, _), (to, _)) in branches.iter().zip(&successors) {
                let _ = write!(
                    b,
                    "<li><strong>{}</strong> → {}</li>",
                    escape(&label.value),
                    jump(doc, *to)
                );
            }
            b.push_str("</ul>\n");
        } else if doc.flow.is_end(i) {
            let _ = writeln!(b, "<p><em>{}</em></p>", escape(l.ends));
        } else if let Some((to, EdgeKind::Next)) = successors.first() {
            let _ = writeln!(b, "<p>→ {}</p>", jump(doc, *to));
        }
        if let Some(warning) = &step.warning {
            panel(b, "warning", l.warning, &markdown(&warning.value));
        }
        if let Some(note) = &step.note {
            panel(b, "note", l.note, &markdown(&note.value));
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
}

/// A reference: a link to the other SOP's page when it is one (in a build
/// or publish), else the writer's text.
fn reference(text: &str, site: Option<SiteLinks<'_>>) -> String {
    let page = site.and_then(|s| s.titles.get(text.trim()));
    match page {
        Some(title) => format!(
            "<ac:link><ri:page ri:content-title=\"{}\" /><ac:link-body>{}</ac:link-body></ac:link>",
            escape(title),
            escape(&format!("{} — {title}", text.trim()))
        ),
        None => markdown_inline(text),
    }
}

/// Plain text in a table cell, escaped, its line breaks kept as `<br />`:
/// a bare newline is only a space in XHTML, and converters read the line
/// after it as Markdown (`- list` as a list item).
fn lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br />");
        }
        super::escape::xml_into(&mut out, line);
    }
    out
}

fn history(doc: &Document<'_>, site: Option<SiteLinks<'_>>, b: &mut Spool<'_>) {
    let (sop, l) = (doc.sop, doc.labels);
    if !sop.revisions.is_empty() {
        heading(b, l.revisions);
        let text = |v: &Option<crate::model::Sp<String>>| {
            v.as_ref().map_or(String::new(), |v| lines(&v.value))
        };
        let rows = sop.revisions.iter().map(|r| {
            vec![
                text(&r.version),
                r.date
                    .as_ref()
                    .map_or(String::new(), |d| d.value.0.to_string()),
                text(&r.author),
                text(&r.summary),
            ]
        });
        table(b, &[l.version, l.date, l.author, l.summary], rows);
    }
    if !sop.approvals.is_empty() {
        heading(b, l.approvals);
        let rows = sop.approvals.iter().map(|a| {
            vec![
                lines(&a.name.value),
                lines(&a.role.value),
                a.date
                    .as_ref()
                    .map_or(String::new(), |d| d.value.0.to_string()),
            ]
        });
        table(b, &[l.name, l.role, l.date], rows);
    }
    if !sop.references.is_empty() {
        heading(b, l.references);
        b.push_str("<ul>");
        for r in &sop.references {
            let _ = write!(b, "<li>{}</li>", reference(&r.value, site));
        }
        b.push_str("</ul>\n");
    }
    if !sop.tags.is_empty() {
        let tags: Vec<String> = sop.tags.iter().map(|t| escape(&t.value)).collect();
        let _ = writeln!(
            b,
            "<p><strong>{}:</strong> {}</p>",
            escape(l.tags),
            tags.join(", ")
        );
    }
}
