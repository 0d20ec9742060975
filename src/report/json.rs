//! `--format json`: one document, version 1, as CLI.md defines it.

use std::io::{self, Write};

use serde::Serialize;

use super::Root;
use crate::check::CheckReport;
use crate::rule::Severity;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    rule: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

pub(super) fn print(report: &CheckReport, root: &Root, out: &mut dyn Write) -> io::Result<()> {
    let paths = super::paths_from(root, report);
    let diagnostics = (report.files.iter().zip(&paths))
        .flat_map(|(file, path)| file.diagnostics.iter().map(move |d| (file, path, d)))
        .map(|(file, path, d)| {
            let start = file.source.line_col(d.span.start);
            let end = file.source.line_col(d.span.end.max(d.span.start));
            JsonDiagnostic {
                file: path,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                severity: d.severity,
                rule: d.rule.id(),
                message: &d.message,
                help: d.help.as_deref(),
            }
        })
        .collect();
    let doc = Document {
        version: 1,
        files_checked: report.files.len(),
        diagnostics,
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
