//! Rendering one SOP: every output format is one small type behind the
//! [`Renderer`] trait, reading the typed model and the flowchart that
//! `check` already built. Renderers write to `&mut dyn Write`; they never
//! open files, print or exit.
//!
//! Escaping has one home, [`escape`], with one function per format; the
//! writer's Markdown is rendered for each format by [`markup`].

mod bands;
pub mod bpmn;
mod branch_labels;
pub(crate) mod confluence;
pub(crate) mod controlled;
pub mod diagram;
pub(crate) mod docx;
mod dot;
pub(crate) mod escape;
pub mod font;
pub(crate) mod html;
mod json;
pub(crate) mod labels;
mod markdown;
mod markup;
mod mermaid;
mod number;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
pub(crate) mod png;
mod shape;
pub(crate) mod svg;
mod swimlanes;

use std::io::{self, Write};

pub use crate::config::FlowDirection;
use crate::flow::Flow;
use crate::model::{Sop, Step};

pub(crate) use controlled::Paper;
pub use labels::Labels;

/// An output format of `sopkit render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// CommonMark with GitHub tables and a Mermaid flowchart (also `md`).
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML page with the flowchart as inline SVG.
    Html,
    /// A Graphviz digraph of the flowchart.
    Dot,
    /// The flowchart alone, as Mermaid `flowchart TD` text.
    Mermaid,
    /// The typed model with the flowchart's edges resolved.
    Json,
    /// The flowchart alone, as a standalone SVG picture.
    Svg,
    /// The flowchart alone, as a PNG picture (`--scale` sets its size).
    Png,
    /// The flowchart as a BPMN 2.0 process with its diagram, for bpmn.io
    /// and Camunda Modeler (lanes whenever the SOP has roles).
    Bpmn,
    /// One Confluence page body in storage format (XHTML with `ac:` and
    /// `ri:` elements); the flowchart is the attachment `flowchart.png`.
    Confluence,
    /// The controlled document as PDF: header, footer, page numbers and
    /// sign-off (in a sopkit built with `--features pdf`).
    Pdf,
    /// The controlled document as a Word file (DOCX).
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Dot => "dot",
            Self::Mermaid => "mmd",
            Self::Json => "json",
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Bpmn => "bpmn",
            Self::Confluence => "xml",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
        }
    }

    /// Whether the output is binary (not text for a terminal).
    pub(crate) fn is_binary(self) -> bool {
        matches!(self, Self::Png | Self::Pdf | Self::Docx)
    }

    /// Why this sopkit cannot write the format, if it cannot: PDF needs the
    /// typesetting engine, a cargo feature that is off by default.
    pub(crate) fn unavailable(self) -> Option<&'static str> {
        match self {
            Self::Pdf if !cfg!(feature = "pdf") => Some(
                "this sopkit was built without PDF output; build it with the `pdf` feature: cargo install --path . --features pdf",
            ),
            _ => None,
        }
    }

    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            Self::Markdown => &markdown::Markdown,
            Self::Html => &html::Html,
            Self::Dot => &dot::Dot,
            Self::Mermaid => &mermaid::Mermaid,
            Self::Json => &json::Json,
            Self::Svg => &svg::Svg,
            Self::Png => &png::Png,
            Self::Bpmn => &bpmn::Bpmn,
            Self::Confluence => &confluence::LONE,
            #[cfg(feature = "pdf")]
            Self::Pdf => &pdf::Pdf,
            #[cfg(not(feature = "pdf"))]
            Self::Pdf => &Unavailable,
            Self::Docx => &docx::Docx,
        }
    }
}

/// Whether a flowchart is drawn with one swimlane per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lanes {
    /// The format's own choice: the HTML page and BPMN draw lanes when the
    /// SOP has roles; a standalone SVG or PNG draws none.
    #[default]
    Default,
    /// `--lanes`: always, one for steps without a role too.
    Always,
    /// `--no-lanes`: never.
    Never,
}

/// A link to the same SOP in another language ("Also in: Português").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The language's own name, e.g. `Čeština`.
    pub language: String,
    /// A relative link to that page.
    pub href: String,
}

/// What a renderer reads: one SOP, its flowchart, and its surroundings.
pub struct Document<'a> {
    pub sop: &'a Sop,
    pub flow: &'a Flow,
    pub labels: &'static Labels,
    /// The other languages of this SOP, when rendered as part of a site.
    pub translations: Vec<Translation>,
    /// A relative link back to the site's index, when part of a site.
    pub index_href: Option<String>,
    /// Whether the flowchart has one swimlane per role (`--lanes`,
    /// `--no-lanes`).
    pub lanes: Lanes,
    /// Which way the flowchart runs (`--direction`, `[render] direction`).
    pub direction: FlowDirection,
    /// How much larger than the SVG a PNG is drawn (`--scale`).
    pub scale: f32,
    /// The paper of a controlled document (`--paper`).
    pub paper: Paper,
    /// Append the printable checklist to a controlled document (`--checklist`).
    pub checklist: bool,
    /// Each step's anchor, unique in the page.
    anchors: Vec<String>,
}

impl<'a> Document<'a> {
    pub fn new(sop: &'a Sop, flow: &'a Flow) -> Self {
        Self {
            sop,
            flow,
            labels: Labels::for_language(sop.language()),
            translations: Vec::new(),
            index_href: None,
            lanes: Lanes::Default,
            direction: FlowDirection::Down,
            scale: 2.0,
            paper: Paper::A4,
            checklist: false,
            anchors: anchors(sop),
        }
    }

    /// Whether to draw swimlanes, for a format that draws them by default
    /// when the SOP has roles (`by_default`) or only when asked.
    pub(crate) fn wants_lanes(&self, by_default: bool) -> bool {
        match self.lanes {
            Lanes::Always => true,
            Lanes::Never => false,
            Lanes::Default => by_default && self.sop.roles.as_ref().is_some_and(|r| !r.is_empty()),
        }
    }

    /// The layout's direction for [`Self::direction`].
    pub(crate) fn layout_direction(&self) -> crate::layout::Direction {
        match self.direction {
            FlowDirection::Down => crate::layout::Direction::TopToBottom,
            FlowDirection::Right => crate::layout::Direction::LeftToRight,
        }
    }

    /// The HTML id / Markdown anchor of step `i`: `step-<id>` or `step-<n>`.
    pub fn anchor(&self, i: usize) -> String {
        self.anchors[i].clone()
    }

    /// The name a step's role is shown by: its description, or its id
    /// when the SOP does not describe it.
    pub(crate) fn role_name<'r>(&'r self, role: &'r str) -> &'r str {
        self.sop
            .roles
            .as_ref()
            .and_then(|r| r.get(role))
            .map_or(role, |d| d.value.as_str())
    }

    /// [`Self::anchor`], borrowed.
    pub(crate) fn anchor_str(&self, i: usize) -> &str {
        &self.anchors[i]
    }

    /// A step's whole text as one line of plain text, for flowchart nodes.
    pub(crate) fn step_text(&self, i: usize) -> String {
        markup::plain_text(&self.sop.instructions[i].text.value)
    }

    /// A step as a short line of plain text, for links to it.
    pub(crate) fn step_summary(&self, i: usize, max_chars: usize) -> String {
        shorten(
            &markup::plain_text(&self.sop.instructions[i].text.value),
            max_chars,
        )
    }

    pub(crate) fn is_decision(step: &Step) -> bool {
        step.branches.as_ref().is_some_and(|b| !b.is_empty())
    }
}

/// Every step's anchor: `step-<id>`, or `step-<n>` for a step without an
/// id, made unique when a step's id is itself a number (`id: 3`).
fn anchors(sop: &Sop) -> Vec<String> {
    let taken: std::collections::HashSet<String> = sop
        .instructions
        .iter()
        .filter_map(|s| s.id_str().map(|id| format!("step-{id}")))
        .collect();
    let mut anchors = Vec::with_capacity(sop.instructions.len());
    for (i, step) in sop.instructions.iter().enumerate() {
        let anchor = match step.id_str() {
            Some(id) => format!("step-{id}"),
            None => {
                let plain = format!("step-{}", i + 1);
                let mut anchor = plain.clone();
                let mut k = 2;
                while taken.contains(&anchor) {
                    anchor = format!("{plain}-{k}");
                    k += 1;
                }
                anchor
            }
        };
        anchors.push(anchor);
    }
    anchors
}

pub trait Renderer {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()>;

    /// Renders like [`Self::render`], and returns what the user should be
    /// told about the output (a picture drawn smaller than asked), for the
    /// command to print; most formats have nothing to say.
    fn render_noting(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<Vec<String>> {
        self.render(doc, out).map(|()| Vec::new())
    }
}

/// A format this sopkit cannot write: the commands refuse it before they
/// check anything ([`Format::unavailable`]); a caller that did not ask gets
/// the same reason as an error.
#[cfg(not(feature = "pdf"))]
struct Unavailable;

#[cfg(not(feature = "pdf"))]
impl Renderer for Unavailable {
    fn render(&self, _: &Document<'_>, _: &mut dyn Write) -> io::Result<()> {
        Err(io::Error::other(Format::Pdf.unavailable().unwrap_or("")))
    }
}

/// Text built with `push_str` and `write!`, handed on to a writer every
/// 64 KiB: a renderer that builds its output as text holds a small buffer,
/// never the whole output beside the copy its writer keeps (a 100,000-step
/// BPMN file is 140 MB).
pub(crate) struct Spool<'a> {
    buf: String,
    out: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl<'a> Spool<'a> {
    const FLUSH_AT: usize = 1 << 16;

    pub(crate) fn new(out: &'a mut dyn Write) -> Self {
        Self {
            buf: String::with_capacity(Self::FLUSH_AT + 1024),
            out,
            error: None,
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
        if self.buf.len() >= Self::FLUSH_AT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(self.buf.as_bytes())
        {
            self.error = Some(e);
        }
        self.buf.clear();
    }

    /// Writes what is left; the first write error, if any.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.flush();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl std::fmt::Write for Spool<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// At most `max_chars` characters, ending in `…` when cut (at a word if it can).
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > cut.len() / 2)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// Words wrapped into lines of at most `width` characters (longer words stay whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Lines joined into one label, each escaped for its format, with the
/// format's own line break (`\n` in DOT, `<br>` in Mermaid).
pub(crate) fn join_lines(lines: &[String], escape: fn(&str) -> String, line_break: &str) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join(line_break)
}

/// The label of a flowchart node: the step number and its whole text, wrapped.
pub(crate) fn node_lines(doc: &Document<'_>, i: usize) -> Vec<String> {
    wrap(&format!("{}. {}", i + 1, doc.step_text(i)), 26)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_and_wrap() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four five", 12), "one two…");
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
    }
}
