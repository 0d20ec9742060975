//! One file per subcommand, each with one `execute` that returns the exit code.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod convert;
pub(crate) mod explain;
mod findings;
pub(crate) mod fix;
pub(crate) mod lsp;
pub(crate) mod new;
pub(crate) mod publish;
pub(crate) mod render;
pub(crate) mod rules;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod watch;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crate::render::escape;

/// The exit codes every command shares (CLI.md).
pub(crate) const SUCCESS: u8 = 0;
pub(crate) const FINDINGS: u8 = 1;
pub(crate) const FAILURE: u8 = 2;

/// Writes to stdout; a closed pipe (`sopkit rules | head`) is not an error.
pub(crate) fn write_stdout(
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExitCode> {
    // Standard output flushes at every line break; a report of 50,000
    // diagnostics would be a million writes.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ExitCode::from(SUCCESS)),
        Err(e) => {
            eprintln!("sopkit: error: cannot write to standard output: {e}");
            Err(ExitCode::from(FAILURE))
        }
    }
}

/// Colour on standard output: on a terminal only, and never with NO_COLOR.
pub(crate) fn use_color() -> bool {
    color_on(io::stdout().is_terminal())
}

/// Colour on standard error, by the same rule.
fn use_color_on_stderr() -> bool {
    color_on(io::stderr().is_terminal())
}

fn color_on(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The width human output wraps at: `COLUMNS` when set, else the width of
/// the terminal on standard output or error, else 100.
pub(crate) fn output_width() -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    let from_terminal = || {
        terminal_size::terminal_size_of(io::stdout())
            .or_else(|| terminal_size::terminal_size_of(io::stderr()))
            .map(|(terminal_size::Width(w), _)| usize::from(w))
    };
    from_env
        .or_else(from_terminal)
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

/// Prints a check report as human diagnostics to standard error, for the
/// commands whose standard output is something else (render, build).
pub(crate) fn print_diagnostics_to_stderr(report: &crate::check::CheckReport) {
    let style = crate::report::Style {
        color: use_color_on_stderr(),
        width: output_width(),
    };
    let mut stderr = io::stderr().lock();
    let root = crate::report::Root::current_dir();
    let _ = crate::report::print(
        report,
        crate::report::Format::Human,
        style,
        &root,
        &mut stderr,
    );
}

/// Prints a configuration error, pointing into the TOML, to standard error.
pub(crate) fn print_config_error(error: &crate::config::ConfigError) {
    let style = crate::report::Style {
        color: use_color_on_stderr(),
        width: output_width(),
    };
    eprint!("{}", crate::report::config_error(error, style));
}

/// The rule options and configuration resolver for the `--today` and
/// `--config` flags. A bad `--config` file is printed and is exit code 2.
pub(crate) fn setup(
    today: Option<jiff::civil::Date>,
    config: Option<&std::path::Path>,
) -> Result<(crate::rules::RuleOptions, crate::config::Resolver), ExitCode> {
    let resolver = crate::config::Resolver::new(config).map_err(|error| {
        print_config_error(&error);
        ExitCode::from(FAILURE)
    })?;
    let mut options = crate::rules::RuleOptions::default();
    if let Some(today) = today {
        options.today = today;
    }
    Ok((options, resolver))
}

/// Prints what kept a run from checking everything it was given: paths
/// that could not be read, bad configurations, folders with no SOP.
/// Returns whether the run must exit 2.
pub(crate) fn print_usage_problems(report: &crate::check::CheckReport) -> bool {
    for error in &report.path_errors {
        eprintln!("sopkit: error: {}", escape::terminal(&error.to_string()));
    }
    for error in &report.config_errors {
        print_config_error(error);
    }
    if !report.unchecked.is_empty() {
        let n = report.unchecked.len();
        eprintln!(
            "sopkit: error: {n} file{} not checked because {} configuration has errors",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" }
        );
    }
    for folder in &report.empty_folders {
        eprintln!(
            "sopkit: warning: no SOP files in {} (looked for {})",
            escape::terminal(&folder.path),
            crate::format::patterns().collect::<Vec<_>>().join(", ")
        );
        if let Some(first) = folder.skipped.first() {
            let others = folder.skipped.len() - 1;
            let more = if others > 0 {
                format!(" and {others} more")
            } else {
                String::new()
            };
            let first = escape::terminal(first);
            eprintln!(
                "  note: skipped {first}{more}: rename a file to end in .sop.yaml to check it, or name it on the command line"
            );
        }
    }
    report.has_usage_errors()
}
