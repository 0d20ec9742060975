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
//! The writer's text reaches typst as JSON data, never as Typst markup, so
//! nothing an SOP holds can change the layout or run code in the template.

#[cfg(test)]
mod tests;
mod world;

use std::io::{self, Write};

use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::controlled::{self, Body, Controlled};
use super::{Document, Renderer};

pub(crate) use world::engine;

pub(crate) struct Pdf;

impl Renderer for Pdf {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let pdf = pdf(&controlled::build(doc)).map_err(io::Error::other)?;
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

/// The PDF file: PDF/A-2b when the document allows it (every glyph in the
/// fonts, nothing PDF/A forbids), else a plain tagged PDF 1.7.
pub(crate) fn pdf(c: &Controlled) -> Result<Vec<u8>, String> {
    let document = typeset(c)?;
    let options = |standards| PdfOptions {
        ident: Smart::Auto,
        creator: Smart::Custom(Some(format!("sopkit {}", env!("CARGO_PKG_VERSION")))),
        standards,
        ..PdfOptions::default()
    };
    let archival = PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| e.message().to_string())?;
    typst_pdf::pdf(&document, &options(archival))
        .or_else(|_| typst_pdf::pdf(&document, &options(PdfStandards::default())))
        .map_err(|errors| messages(&errors))
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    let all: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    format!("the PDF cannot be typeset: {}", all.join("; "))
}
