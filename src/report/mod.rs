//! Printing what `check` found, in each output format. Printing lives here
//! and only here; each format is one file.

mod excerpt;
mod github;
mod human;
mod json;
mod paths;
mod sarif;
mod short;

use std::io::{self, Write};

use crate::check::CheckReport;
use crate::rule::Severity;

pub use paths::Root;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with the offending source lines.
    Human,
    /// One line per problem: PATH:LINE:COL: SEVERITY\[RULE\]: MESSAGE.
    Short,
    /// One JSON document (version 1).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

/// How the human format looks: colour, and the width it wraps at.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// Prints `report` in `format`; the paths of `json`, `sarif` and `github`
/// are relative to `root` (`human` and `short` show them as given).
pub fn print(
    report: &CheckReport,
    format: Format,
    style: Style,
    root: &Root,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::print(report, style, out),
        Format::Short => short::print(report, out),
        Format::Json => json::print(report, root, out),
        Format::Sarif => sarif::print(report, root, out),
        Format::Github => github::print(report, root, out),
    }
}

/// Each file's path from `root`, as `json` and `github` show it: the path
/// as given when no relative path leads there.
fn paths_from(root: &Root, report: &CheckReport) -> Vec<String> {
    (report.files.iter())
        .map(|file| {
            root.relative(file.source.path())
                .unwrap_or_else(|| file.source.name().to_owned())
        })
        .collect()
}

/// One file's problems as `--format human` prints them (without the
/// summary line), for the live preview's error pages.
pub(crate) fn human_file(file: &crate::load::LoadedFile, style: Style) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only if miette cannot format; say so then.
    if let Err(e) = human::print_file(file, style, &mut out) {
        return format!("cannot show the problems: {e}");
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A configuration error as miette draws it, pointing into the TOML.
pub(crate) fn config_error(error: &crate::config::ConfigError, style: Style) -> String {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut text = String::new();
    if handler.render_report(&mut text, error).is_err() {
        text = error.to_string();
    }
    text
}

/// "3 errors, 1 warning in 12 files", and how many files were not checked
/// because their `sopkit.toml` has errors: "no problems in 0 files" alone
/// would read as a clean run.
pub(crate) fn summary_line(report: &CheckReport) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let files = report.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = if errors == 0 && warnings == 0 {
        format!("no problems in {}", plural(files, "file"))
    } else {
        format!(
            "{}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    };
    let unchecked = report.unchecked.len();
    if unchecked > 0 {
        let whose = if unchecked == 1 { "its" } else { "their" };
        line.push_str(&format!(
            "; {} not checked: {whose} sopkit.toml has errors",
            plural(unchecked, "file")
        ));
    }
    line
}
