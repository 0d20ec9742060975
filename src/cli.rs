//! The command line as clap sees it: raw arguments only. Turning them into
//! a checked configuration happens in the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render;
use crate::report::Format;

/// Lint, render and export standard operating procedures (SOPs) written in YAML.
#[derive(Debug, Parser)]
#[command(name = "sopkit", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check SOP files and report every problem.
    Check(CheckArgs),
    /// Render one SOP as Markdown, HTML, DOT, Mermaid or JSON.
    Render(RenderArgs),
    /// Check every SOP under DIR, then write a static site or wiki tree.
    Build(BuildArgs),
    /// Print the JSON Schema of the SOP file format.
    Schema,
    /// List every rule with its default severity.
    Rules,
    /// Explain what a rule checks, why, with an example.
    Explain {
        /// A rule id, such as `flow/unknown-target`.
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files (checked whatever their name) or directories (searched for
    /// *.sop.yaml and *.sop.yml, honouring .gitignore). Default: `.`.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// The date `meta/review-overdue` compares with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,

    /// Exit 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The SOP file to render.
    pub file: PathBuf,

    /// Output format.
    #[arg(long = "to", value_enum)]
    pub to: render::Format,

    /// Write here instead of standard output (written whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// The date rules compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
}

/// The formats a site can be built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SiteFormat {
    /// A static site: one HTML page per SOP and index.html.
    Html,
    /// A wiki tree: one Markdown page per SOP and index.md.
    Markdown,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The folder of SOPs (searched recursively, honouring .gitignore).
    pub dir: PathBuf,

    /// The folder to write into.
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: PathBuf,

    /// Output format.
    #[arg(long = "to", value_enum, default_value = "html")]
    pub to: SiteFormat,

    /// The date rules and overdue marks compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
}
