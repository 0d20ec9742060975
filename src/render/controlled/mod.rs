//! The SOP as a controlled document (`--to pdf`, `--to docx`): what every
//! page and every section says, decided once, here, for both formats.
//!
//! [`build`](fn@build) turns a [`Document`](super::Document) into a [`Controlled`]: the page header
//! (id, title, version) and footer (status, effective date, owner, review
//! date, "Page X of Y"), then the sections in the contract's order —
//! purpose, scope, terms, roles, the numbered steps, the flowchart,
//! metrics, references, the change history, the approval block, and with
//! `--checklist` the printable checklist. The PDF (`render::pdf`, behind the `pdf` feature) and the
//! DOCX ([`super::docx`]) writers only lay this out; neither decides what
//! is said. Every string from the SOP in it has passed
//! [`escape::document`] exactly once (in [`Inline::text`], [`plain`] and
//! [`line`](fn@line)), and the writer's Markdown has been read into [`Block`]s by
//! [`prose`].
//!
//! [`escape::document`]: crate::render::escape::document

mod build;
mod flowchart;
pub(crate) mod prose;
mod step;

use serde::Serialize;

pub(crate) use build::build;
#[cfg(feature = "pdf")]
pub(crate) use flowchart::refit;

/// The paper a controlled document is printed on (`--paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 in).
    pub fn size(self) -> (f64, f64) {
        match self {
            Self::A4 => (595.28, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }

    /// The margin left and right, in points (2 cm).
    pub(crate) const SIDE_MARGIN: f64 = 56.69;
    /// The margins above and below the text, in points, which hold the
    /// header and the footer.
    pub(crate) const TOP_MARGIN: f64 = 76.0;
    pub(crate) const BOTTOM_MARGIN: f64 = 70.0;

    /// The width of the text, in points.
    pub(crate) fn text_width(self) -> f64 {
        self.size().0 - 2.0 * Self::SIDE_MARGIN
    }

    /// The height of the text on a page, in points.
    pub(crate) fn text_height(self) -> f64 {
        self.size().1 - Self::TOP_MARGIN - Self::BOTTOM_MARGIN
    }
}

/// Inline text: the writer's words with their emphasis, links, code and
/// line breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", content = "c", rename_all = "lowercase")]
pub(crate) enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    /// A link with an `http`, `https`, `mailto` or `tel` target.
    Link {
        url: String,
        text: Vec<Inline>,
    },
    Break,
}

impl Inline {
    /// Plain text from an SOP, escaped for the controlled document.
    pub(crate) fn text(text: &str) -> Self {
        Self::Text(crate::render::escape::document(text))
    }
}

/// Text from an SOP that is not Markdown (a term, a role's description, a
/// script) as inline text, its line breaks kept as breaks.
pub(crate) fn plain(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::Break);
        }
        if !line.is_empty() {
            out.push(Inline::text(line));
        }
    }
    out
}

/// Text from an SOP on one line (a header, a fact, a table of the
/// checklist): its line breaks and tabs become spaces.
pub(crate) fn line(text: &str) -> String {
    crate::render::escape::document(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

/// A block of the writer's Markdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub(crate) enum Block {
    Para {
        c: Vec<Inline>,
    },
    /// A heading inside the writer's text (level 1 to 6 as written; the
    /// writers place them below the section's own heading).
    Heading {
        level: u8,
        c: Vec<Inline>,
    },
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote {
        c: Vec<Block>,
    },
    Code {
        c: String,
    },
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
}

/// A table cell: inline text.
pub(crate) type Cell = Vec<Inline>;

/// The whole document.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Controlled {
    /// ISO 639 language code (`pt`) and ISO 3166 region (`BR`), for
    /// hyphenation and the PDF's `/Lang`.
    pub(crate) lang: String,
    pub(crate) region: Option<String>,
    /// The BCP 47 tag as written (`pt-BR`), for DOCX's `w:lang`.
    pub(crate) tag: String,
    pub(crate) paper: Paper,
    /// The document's date in its metadata, `[year, month, day]`: the date
    /// it takes effect, or its last revision's; today when it has neither.
    pub(crate) date: [i32; 3],
    /// The SOP's title, for the heading and the metadata.
    pub(crate) title: String,
    pub(crate) department: String,
    pub(crate) header: Header,
    /// How many lines the header takes (a long title wraps), so the PDF's
    /// top margin can hold it.
    pub(crate) header_lines: usize,
    pub(crate) footer: Footer,
    pub(crate) sections: Vec<Section>,
}

/// What the top of every page says.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Header {
    /// The SOP's `id`, if it has one.
    pub(crate) id: Option<String>,
    pub(crate) title: String,
    /// "Version 2.1", if the SOP has a version.
    pub(crate) version: Option<String>,
}

/// What the bottom of every page says.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Footer {
    /// "Status: Approved", "Effective: 2026-03-01", …: the document-control
    /// facts the SOP gives, each as a label and a value.
    pub(crate) facts: Vec<Fact>,
    /// "Page 3 of 7" around the two numbers: the text before the page
    /// number, between it and the page count, and after.
    pub(crate) page_of: [String; 3],
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Fact {
    pub(crate) label: String,
    pub(crate) value: String,
}

/// One section: a heading and what is under it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    /// A stable name (`purpose`, `terms` …) for the writers' styling.
    pub(crate) id: &'static str,
    pub(crate) heading: String,
    pub(crate) body: Body,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub(crate) enum Body {
    /// The writer's Markdown (purpose, scope).
    Prose { blocks: Vec<Block> },
    /// A table with a heading row; `widths` are relative column widths.
    Table {
        columns: Vec<String>,
        widths: Vec<u32>,
        rows: Vec<Vec<Cell>>,
    },
    /// The numbered steps.
    Steps { steps: Vec<StepItem> },
    /// The flowchart, as one picture or as several bands, each no taller
    /// than a page, joined by numbered connectors; `note` says when each
    /// box names its role because the lanes would not fit side by side.
    Flowchart {
        pictures: Vec<Picture>,
        note: Option<String>,
    },
    /// A bulleted list (references).
    List { items: Vec<Cell> },
    /// The approval block: one row per approval (or per blank sign-off),
    /// each with a line to sign on.
    Approvals {
        columns: [String; 4],
        rows: Vec<[Cell; 3]>,
    },
    /// The printable checklist: a tick box per step, its number and text,
    /// its role, and blank initials and time.
    Checklist {
        columns: [String; 5],
        rows: Vec<ChecklistRow>,
    },
}

/// One step of the instructions, ready to print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StepItem {
    /// 1-based, as the reader counts.
    pub(crate) number: usize,
    pub(crate) decision: bool,
    pub(crate) text: Vec<Block>,
    /// "Role: Shift manager · Duration: 5m".
    pub(crate) facts: Vec<Fact>,
    pub(crate) substeps: Vec<Vec<Block>>,
    /// "Say:" and the words to say.
    pub(crate) script: Option<Labelled<Cell>>,
    pub(crate) warning: Option<Labelled<Vec<Block>>>,
    pub(crate) note: Option<Labelled<Vec<Block>>>,
    /// Where the step leads: each branch, or a jump ("Go to").
    pub(crate) leads: Vec<Lead>,
    /// "The procedure ends here.", when it does.
    pub(crate) ends: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Labelled<T> {
    pub(crate) label: String,
    pub(crate) c: T,
}

/// One way out of a step: a branch's label (or "Go to" for a jump), and
/// the step it goes to ("step 6: Issue a credit …").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Lead {
    pub(crate) label: String,
    pub(crate) to: String,
}

/// A picture of the flowchart: SVG for the PDF (vector), rasterized for
/// DOCX; `width` and `height` are its printed size in points.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Picture {
    #[serde(skip)]
    pub(crate) svg: String,
    /// The SVG's own width, in its units.
    #[serde(skip)]
    pub(crate) svg_width: f64,
    /// Where the PDF's template finds it (`/flowchart-1.svg`).
    pub(crate) path: String,
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// A short description for readers who cannot see it.
    pub(crate) alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChecklistRow {
    pub(crate) number: usize,
    pub(crate) text: String,
    pub(crate) role: String,
}
