//! `--to pdf`: the controlled document typeset by typst, used as a library
//! (only with the `pdf` feature). [`controlled::build`] decides what the
//! document says; the template (`assets/controlled.typ`) lays it out —
//! line breaking and hyphenation in the SOP's language, tables that break
//! across pages with their heading row repeated, a header and a footer with
//! "Page X of Y" on every page; typst-pdf writes a tagged PDF with its fonts
//! embedded, the language and title in its metadata, the flowchart as
//! vector graphics with selectable text, and PDF/A-2b when the document
//! allows it.
//!
//! A flowchart that does not fit under the text before it would leave the
//! rest of that page empty: the document is typeset once to find where that
//! text ends (the template marks it), and again with the flowchart made to
//! start there ([`controlled::refit`]) when it can at a readable size.
//!
//! The writer's text reaches typst as JSON data, never as Typst markup, so
//! nothing an SOP holds can change the layout or run code in the template.

#[cfg(test)]
mod tests;
mod world;

use std::io::{self, Write};

use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Label, Smart};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::controlled::{self, Body, Controlled, Paper};
use super::{Document, Renderer};

pub(crate) use world::engine;

pub(crate) struct Pdf;

impl Renderer for Pdf {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let pdf = pdf(&typeset_fitted(doc).map_err(io::Error::other)?).map_err(io::Error::other)?;
        out.write_all(&pdf)
    }
}

/// The typeset document, page by page (for the PDF, and for tests that
/// read its text).
pub(crate) fn typeset(c: &Controlled) -> Result<PagedDocument, String> {
    let data = serde_json::to_vec(c).map_err(|e| e.to_string())?;
    let files = c
        .sections
        .iter()
        .filter_map(|s| match &s.body {
            Body::Flowchart { pictures, .. } => Some(pictures),
            _ => None,
        })
        .flatten()
        .map(|p| (world::file_id(&p.path), Bytes::from_string(p.svg.clone())))
        .collect();
    let sources = world::Sources {
        engine: engine(),
        data: Bytes::new(data),
        files,
    };
    typst::compile::<PagedDocument>(&sources)
        .output
        .map_err(|errors| messages(&errors))
}

/// The controlled document of an SOP, typeset with its flowchart starting
/// under the text before it when it can (see the module's documentation).
pub(crate) fn typeset_fitted(doc: &Document<'_>) -> Result<PagedDocument, String> {
    let mut c = controlled::build(doc);
    let document = typeset(&c)?;
    match room_before_flowchart(&document, doc.paper) {
        Some(room) if controlled::refit(&mut c, doc, room) => typeset(&c),
        _ => Ok(document),
    }
}

/// The height in points between where the text before the flowchart ends
/// and the bottom of the text on that page.
fn room_before_flowchart(document: &PagedDocument, paper: Paper) -> Option<f64> {
    let (_, y) = flowchart_mark(document)?;
    Some(paper.size().1 - Paper::BOTTOM_MARGIN - y)
}

/// Where the text before the flowchart ends (the template's
/// `<sopkit-flowchart>` mark): its page, from 1, and its height on the
/// page in points.
fn flowchart_mark(document: &PagedDocument) -> Option<(usize, f64)> {
    let label = Label::new(PicoStr::intern("sopkit-flowchart"))?;
    let introspector = document.introspector();
    let mark = introspector.elements().query_label(label).ok()?;
    let at = introspector.position(mark.location()?)?;
    Some((at.page.get(), at.point.y.to_pt()))
}

/// The PDF file: PDF/A-2b when the document allows it (every glyph in the
/// fonts, nothing PDF/A forbids), else a plain tagged PDF 1.7.
pub(crate) fn pdf(document: &PagedDocument) -> Result<Vec<u8>, String> {
    let options = |standards| PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some(format!("sopkit {}", env!("CARGO_PKG_VERSION")))),
        standards,
        ..PdfOptions::default()
    };
    let archival = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| e.message().to_string())?;
    typst_pdf::pdf(document, &options(archival))
        .or_else(|_| typst_pdf::pdf(document, &options(PdfStandards::default())))
        .map_err(|errors| messages(&errors))
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("the PDF cannot be typeset: {}", all.join("; "))
}
