//! The arguments `sopkit build` and `sopkit serve` share: how the SOPs are
//! found, which day their dates are compared with, and their configuration.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct SourceArgs {
    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (like ripgrep's -L); without it such a link is reported
    /// (io/link-outside) and not read.
    #[arg(short = 'L', long)]
    pub(crate) follow_links: bool,

    /// The date rules and overdue marks compare with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<jiff::civil::Date>,

    /// Configuration file; default: the nearest sopkit.toml here or above.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}
