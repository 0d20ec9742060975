//! The arguments of `sopkit serve`.

use std::path::PathBuf;

use clap::Args;

use super::AFTER_HELP;

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct ServeArgs {
    /// Files or folders of SOPs (folders searched recursively, honouring
    /// .gitignore). Default: `.`.
    pub(crate) paths: Vec<PathBuf>,

    /// The port on 127.0.0.1. Default: 3000, or the next free one up to
    /// 3009; 0 takes any free port.
    #[arg(short, long, value_name = "N")]
    pub(crate) port: Option<u16>,

    /// Open the site in the default web browser.
    #[arg(long)]
    pub(crate) open: bool,

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
