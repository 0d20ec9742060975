//! The arguments of `sopkit serve`.

use std::path::PathBuf;

use clap::Args;

use super::{AFTER_HELP, SourceArgs};

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

    #[command(flatten)]
    pub(crate) sources: SourceArgs,
}
