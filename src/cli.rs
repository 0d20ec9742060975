//! The command line as clap sees it: raw arguments only. Turning them into
//! a checked configuration happens in the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
