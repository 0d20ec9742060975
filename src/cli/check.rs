//! The arguments of `sopkit check`.

use std::path::PathBuf;

use clap::Args;

use super::AFTER_HELP;
use crate::report::Format;

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct CheckArgs {
    /// Files (checked whatever their name) or directories (searched for
    /// *.sop.yaml, *.sop.yml and *.sop.md, honouring .gitignore); `-` reads
    /// one SOP from standard input. Default: `.`.
    pub(crate) paths: Vec<PathBuf>,

    /// The file name to show for an SOP read from standard input (`-`); its
    /// folder also decides which sopkit.toml applies.
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<PathBuf>,

    /// Print which sopkit.toml each file uses.
    #[arg(short, long)]
    pub(crate) verbose: bool,

    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (like ripgrep's -L); without it such a link is reported
    /// (io/link-outside) and not read.
    #[arg(short = 'L', long)]
    pub(crate) follow_links: bool,

    /// Load the files and run no rule (for benchmarks).
    #[arg(long, hide = true)]
    pub(crate) parse_only: bool,

    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub(crate) format: Format,

    /// Paths in json, sarif and github output are relative to DIR (the
    /// repository's root, for code scanning); default: the current folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,

    /// The date `meta/review-overdue` compares with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<jiff::civil::Date>,

    /// Exit 1 when there are warnings, too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,

    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Apply every safe fix and write the fixed files (with `-`, print the
    /// fixed text); then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub(crate) fix: bool,

    /// Print the safe fixes as a unified diff and write nothing; exit 1
    /// when there is anything to fix.
    #[arg(long)]
    pub(crate) diff: bool,

    /// Check again whenever an SOP file or sopkit.toml changes, until
    /// Ctrl-C; never exits on findings.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub(crate) watch: bool,
}
