//! `sopkit lsp`: the language server on standard input and output.

use std::process::ExitCode;

pub(crate) fn execute() -> ExitCode {
    ExitCode::from(crate::lsp::run())
}
