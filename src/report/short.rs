//! `--format short`: `PATH:LINE:COL: SEVERITY[RULE]: MESSAGE`, then a summary.
//! The path and the message are escaped for the terminal, so each problem
//! stays one line whatever a file's name or an SOP's text holds.

use std::io::{self, Write};

use crate::check::CheckReport;
use crate::render::escape;

pub(super) fn print(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let at = file.source.line_col(d.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            escape::terminal(file.source.name()),
            at.line,
            at.column,
            d.severity.as_str(),
            d.rule.id(),
            escape::terminal(&d.message)
        )?;
    }
    writeln!(out, "{}", super::summary_line(report))
}
