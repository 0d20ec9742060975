//! Printing what `check` found, in each output format. Printing lives here
//! and only here; each format is one file.

mod excerpt;
mod github;
mod human;
mod json;
mod sarif;
mod short;

use std::io::{self, Write};

use crate::check::CheckReport;
use crate::rule::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with the offending source lines.
    Human,
    /// One line per problem: PATH:LINE:COL: SEVERITY[RULE]: MESSAGE.
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

pub fn print(
    report: &CheckReport,
    format: Format,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::print(report, style, out),
        Format::Short => short::print(report, out),
        Format::Json => json::print(report, out),
        Format::Sarif => sarif::print(report, out),
        Format::Github => github::print(report, out),
    }
}

/// One file's problems as `--format human` prints them (without the
/// summary line), for the live preview's error pages.
pub fn human_file(file: &crate::load::LoadedFile, style: Style) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only if miette cannot format; say so then.
    if let Err(e) = human::print_file(file, style, &mut out) {
        return format!("cannot show the problems: {e}");
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A configuration error as miette draws it, pointing into the TOML.
pub fn config_error(error: &crate::config::ConfigError, style: Style) -> String {
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

/// "3 errors, 1 warning in 12 files".
pub fn summary_line(report: &CheckReport) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let files = report.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 && warnings == 0 {
        format!("no problems in {}", plural(files, "file"))
    } else {
        format!(
            "{}, {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files, "file")
        )
    }
}
