//! `sopkit check [PATH]...`

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, FINDINGS, SUCCESS, output_width, print_usage_problems, setup, use_color, write_stdout,
};
use crate::check::{CheckReport, Input, check};
use crate::cli::CheckArgs;
use crate::report::{self, Root, Style};
use crate::rule::Severity;

pub fn execute(args: &CheckArgs) -> ExitCode {
    if let Some(root) = &args.root
        && !root.is_dir()
    {
        eprintln!("sopkit: error: --root {}: not a folder", root.display());
        return ExitCode::from(FAILURE);
    }
    let (mut options, mut resolver) = match setup(args.today, args.config.as_deref()) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    options.parse_only = args.parse_only;
    options.follow_links = args.follow_links;
    if args.watch {
        return super::watch::execute(args);
    }
    let inputs = match inputs(args) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    if args.fix || args.diff {
        return super::fix::execute(args, &inputs, &options, &mut resolver);
    }
    let report = check(&inputs, &options, &mut resolver);
    let usage_problems = match print(args, &report) {
        Ok(usage_problems) => usage_problems,
        Err(code) => return code,
    };
    if usage_problems {
        return ExitCode::from(FAILURE);
    }
    ExitCode::from(verdict(args, &report))
}

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

/// Standard input is read up to this much; the configuration's limit on
/// file size then applies as for any file.
const STDIN_LIMIT: u64 = 4096 * 1024 * 1024 + 1;

/// The paths to check; `-` is one SOP read from standard input.
fn inputs(args: &CheckArgs) -> Result<Vec<Input>, ExitCode> {
    if args.paths.is_empty() {
        return Ok(vec![Input::Path(PathBuf::from("."))]);
    }
    let mut inputs = Vec::with_capacity(args.paths.len());
    let mut stdin_read = false;
    for path in &args.paths {
        if path.as_os_str() != "-" {
            inputs.push(Input::Path(path.clone()));
            continue;
        }
        if std::mem::replace(&mut stdin_read, true) {
            eprintln!("sopkit: error: `-` (standard input) can be given once");
            return Err(ExitCode::from(FAILURE));
        }
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().take(STDIN_LIMIT).read_to_end(&mut bytes) {
            eprintln!("sopkit: error: cannot read standard input: {e}");
            return Err(ExitCode::from(FAILURE));
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        inputs.push(Input::Stdin { name, bytes });
    }
    Ok(inputs)
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
