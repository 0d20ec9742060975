//! The arguments of `sopkit convert` and what its `--help` adds.

use std::path::PathBuf;

use clap::Args;

/// What `convert --help` adds: what converting keeps and what it does not.
const CONVERT_HELP: &str = "\
Converting keeps the SOP exactly: `sopkit render --to json` prints the same for
the original, the converted file, and that file converted back. Only comments
(and `x-` keys, which sopkit ignores) are not carried over.

A few values have no Markdown form that reads back the same (a step text that
starts with `>` or `-`, a line ending in spaces, an HTML comment): such an SOP
is not converted, and the message names the value. So is a file with syntax,
schema or Markdown structure errors (exit code 1); the other files still are.

Exit codes: 0 every SOP converted; 1 an SOP was not (errors, or a value the
target form cannot hold); 2 usage error, or a file to write exists (nothing is
written then; --force overwrites) or cannot be written.

Examples:
  sopkit convert refund.sop.yaml --to md > refund.sop.md
  sopkit convert sops/ --to md -o sops-md/      (the folder tree is mirrored)
  sopkit convert refund.sop.md --to yaml -o refund.sop.yaml --force";

#[derive(Debug, Args)]
#[command(after_help = CONVERT_HELP)]
pub(crate) struct ConvertArgs {
    /// SOP files (converted whatever their name), or folders (searched for
    /// *.sop.yaml, *.sop.yml and *.sop.md, honouring .gitignore; only the
    /// SOPs not already in the target form are converted).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub(crate) paths: Vec<PathBuf>,

    /// The form to write: md (*.sop.md) or yaml (*.sop.yaml).
    #[arg(long = "to", value_enum)]
    pub(crate) to: crate::format::SourceFormat,

    /// Where to write: for one file, a file (default: standard output); for
    /// several files or a folder, a folder, which gets the source tree's
    /// layout (x.sop.yaml → x.sop.md). Files are written whole or not at all.
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,

    /// Overwrite files that exist.
    #[arg(long)]
    pub(crate) force: bool,
}
