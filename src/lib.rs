//! sopkit: a linter, renderer and exporter for standard operating procedures
//! written as YAML (`*.sop.yaml`).
//!
//! The pipeline: [`load`] reads a file into the typed [`model`] with a span on
//! every value; [`rules`] check it; [`report`] prints what was found. The
//! `sopkit` binary is a thin layer over [`commands`].

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod flow;
pub mod load;
pub mod model;
pub mod output;
pub mod prose;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod site;
pub mod source;
pub mod suppress;
pub mod template;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// Parses the command line and runs the command; returns the exit code.
pub fn run() -> ExitCode {
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
        Command::New(args) => commands::new::execute(args),
        Command::Schema => commands::schema::execute(),
        Command::Rules => commands::rules::execute(),
        Command::Explain { rule } => commands::explain::execute(rule),
        Command::Completions { shell } => commands::completions::completions(*shell),
        Command::Man { out } => commands::completions::man(out.as_deref()),
    }
}
