//! `--format github`: one GitHub Actions workflow command per diagnostic,
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`,
//! which GitHub shows as annotations on the pull request's lines. Control
//! characters in a path or a message are escaped for the terminal first
//! (the log shows them), so that each command is one line; the help is
//! joined to the message by an escaped line break, which GitHub shows.

use std::io::{self, Write};

use super::Root;
use crate::check::CheckReport;
use crate::render::escape;
use crate::rule::Severity;

/// A command's message: `%`, CR and LF escaped, as GitHub's toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn print(report: &CheckReport, root: &Root, out: &mut dyn Write) -> io::Result<()> {
    let paths = super::paths_from(root, report);
    let diagnostics = (report.files.iter().zip(&paths))
        .flat_map(|(file, path)| file.diagnostics.iter().map(move |d| (file, path, d)));
    for (file, path, d) in diagnostics {
        let start = file.source.line_col(d.span.start);
        let end = file.source.line_col(d.span.end.max(d.span.start));
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = escape::terminal(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {}", escape::terminal(help)));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&escape::terminal(path)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(d.rule.id()),
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_requires() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
