//! `--format short`: `PATH:LINE:COL: SEVERITY[RULE]: MESSAGE`, then a summary.

use std::io::{self, Write};

use crate::check::CheckReport;

pub(super) fn print(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let at = file.source.line_col(d.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            file.source.name(),
            at.line,
            at.column,
            d.severity.as_str(),
            d.rule.id(),
            d.message
        )?;
    }
    writeln!(out, "{}", super::summary_line(report))
}
