//! The arguments of `sopkit build` and the formats a site is built in.

use std::path::PathBuf;

use clap::Args;

use super::{AFTER_HELP, SourceArgs};
use crate::render;

/// The formats a site can be built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum SiteFormat {
    /// A static site: one HTML page per SOP and index.html.
    Html,
    /// A wiki tree: one Markdown page per SOP and index.md.
    Markdown,
    /// Confluence pages: per SOP its body in storage format (.xml) with its
    /// flowchart (.png, .svg), per department its page, and manifest.json.
    Confluence,
    /// One controlled document per SOP, as PDF, named like the site's
    /// pages (in a sopkit built with `--features pdf`).
    Pdf,
    /// One controlled document per SOP, as a Word file (DOCX).
    Docx,
}

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct BuildArgs {
    /// The folder of SOPs (searched recursively, honouring .gitignore).
    pub(crate) dir: PathBuf,

    /// The folder to write into.
    #[arg(short, long, value_name = "OUTDIR")]
    pub(crate) output: PathBuf,

    /// Output format.
    #[arg(long = "to", value_enum, default_value = "html")]
    pub(crate) to: SiteFormat,

    /// The paper of the controlled documents (pdf, docx).
    #[arg(long, value_enum, default_value = "a4")]
    pub(crate) paper: render::Paper,

    #[command(flatten)]
    pub(crate) sources: SourceArgs,
}
