//! The arguments of `sopkit new`.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// Where to write the SOP; `-` or nothing prints it.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// The SOP's title.
    #[arg(long)]
    pub(crate) title: Option<String>,

    /// The SOP's department.
    #[arg(long)]
    pub(crate) department: Option<String>,

    /// The language of the text and comments (en, pt, it, cs; others get English comments).
    #[arg(long, default_value = "en")]
    pub(crate) language: String,

    /// The source form to write: yaml (*.sop.yaml) or md (*.sop.md).
    /// Default: md when FILE ends in .md, else yaml.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(crate) format: Option<crate::format::SourceFormat>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub(crate) force: bool,
}
