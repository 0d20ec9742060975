//! sopkit: a linter, renderer and exporter for standard operating procedures
//! written as YAML (`*.sop.yaml`).
//!
//! The pipeline: [`load`] reads a file into the typed [`model`] with a span on
//! every value; [`rules`] check it; [`report`] prints what was found. The
//! `sopkit` binary is a thin layer over the commands ([`run`]).
//!
//! The public surface is what the binary, the integration tests and the
//! fuzz targets use; everything else is `pub(crate)` or private, which
//! `unreachable_pub` enforces, so the compiler finds code nothing uses.

#![warn(unreachable_pub)]
// The crate's documentation is for the people who change sopkit, read with
// `cargo doc --document-private-items`: a module's doc names its private parts.
#![allow(rustdoc::private_intra_doc_links)]

pub mod check;
mod cli;
mod commands;
pub mod config;
mod confluence;
pub mod convert;
pub mod diagnostic;
pub mod fix;
pub mod flow;
pub mod format;
pub mod layout;
pub mod load;
pub mod lsp;
pub mod model;
mod output;
mod prose;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
mod schema;
mod serve;
mod site;
pub mod source;
pub mod suppress;
mod template;
mod watch;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// Parses the command line and runs the command; returns the exit code.
///
/// A bug that panics must not end in a stack trace (CLI.md: exit 2, never a
/// panic): the hook prints one line naming the place, and the panic becomes
/// exit code 2.
pub fn run() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        eprintln!(
            "sopkit: internal error: {message}{place}; this is a bug in sopkit, please report it"
        );
    }));
    std::panic::catch_unwind(dispatch).unwrap_or(ExitCode::from(commands::FAILURE))
}

fn dispatch() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0), usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                commands::FAILURE
            } else {
                commands::SUCCESS
            });
        }
    };
    match &cli.command {
        Command::Check(args) => commands::check::execute(args),
        Command::Render(args) => commands::render::execute(args),
        Command::Build(args) => commands::build::execute(args),
        Command::Serve(args) => commands::serve::execute(args),
        Command::Publish(args) => commands::publish::execute(args),
        Command::New(args) => commands::new::execute(args),
        Command::Convert(args) => commands::convert::execute(args),
        Command::Schema { front_matter } => commands::schema::execute(*front_matter),
        Command::Rules => commands::rules::execute(),
        Command::Explain { rule } => commands::explain::execute(rule),
        Command::Lsp => commands::lsp::execute(),
        Command::Completions { shell } => commands::completions::completions(*shell),
        Command::Man { out } => commands::completions::man(out.as_deref()),
    }
}
