//! What `check`, `check --fix` and `check --watch` share: printing a
//! report as the arguments ask, and the exit code its findings give.

use std::process::ExitCode;

use super::{FINDINGS, SUCCESS, output_width, print_usage_problems, use_color, write_stdout};
use crate::check::CheckReport;
use crate::cli::CheckArgs;
use crate::report::{self, Root, Style};
use crate::rule::Severity;

/// Prints a report as `args` asks: the report on standard output, what
/// kept files from being checked on standard error. Returns whether there
/// were such usage problems; `Err` when standard output is closed.
pub(super) fn print(args: &CheckArgs, report: &CheckReport) -> Result<bool, ExitCode> {
    if args.verbose {
        print_configs(report);
    }
    let usage_problems = print_usage_problems(report);
    let style = Style {
        color: use_color(),
        width: output_width(),
    };
    // A run that could check nothing it was given has no human report; the
    // machine formats still print a document for the tools that read them.
    let nothing_checked = report.files.is_empty() && usage_problems;
    if !(nothing_checked && args.format == report::Format::Human) {
        let root = root(args);
        write_stdout(|out| report::print(report, args.format, style, &root, out))?;
    }
    Ok(usage_problems)
}

/// What the paths of json, sarif and github output are relative to.
pub(super) fn root(args: &CheckArgs) -> Root {
    args.root
        .as_deref()
        .map_or_else(Root::current_dir, Root::new)
}

/// `--verbose`: which configuration each file uses.
fn print_configs(report: &CheckReport) {
    let here = std::env::current_dir().unwrap_or_default();
    for file in &report.files {
        let config = file.config.path.as_ref().map_or_else(
            || "no sopkit.toml (defaults)".to_owned(),
            |p| p.strip_prefix(&here).unwrap_or(p).display().to_string(),
        );
        eprintln!(
            "sopkit: {}: config {}",
            crate::render::escape::terminal(file.source.name()),
            crate::render::escape::terminal(&config)
        );
    }
}

/// The exit code for the findings, saying why when warnings fail the run.
pub(super) fn verdict(args: &CheckArgs, report: &CheckReport) -> u8 {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if errors > 0 {
        return FINDINGS;
    }
    let plural = if warnings == 1 { "" } else { "s" };
    if args.deny_warnings && warnings > 0 {
        eprintln!(
            "sopkit: failing because of {warnings} warning{plural} (--deny-warnings makes warnings fail the run)"
        );
        return FINDINGS;
    }
    if let Some(max) = args.max_warnings
        && warnings > max
    {
        eprintln!(
            "sopkit: failing because of {warnings} warning{plural}, more than --max-warnings {max}"
        );
        return FINDINGS;
    }
    SUCCESS
}
