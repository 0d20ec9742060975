//! `--format human`: miette's graphical reports, with the offending lines
//! and labels, one per problem, then a summary line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use rayon::prelude::*;

use super::Style;
use crate::check::CheckReport;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedFile;
use crate::rule::Severity;
use crate::source::SourceFile;

/// One diagnostic seen through miette's eyes.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Window<'a>,
}

/// A file as miette reads it, one excerpt at a time. miette finds the lines
/// of an excerpt by scanning the text from its start, so 10,000 problems in
/// one large file would take quadratic time; here each excerpt is cut from
/// the file's line index first, and miette scans only those few lines.
struct Window<'a> {
    file: &'a SourceFile,
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.file;
        let text = file.text();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first_line = file
            .line_index(start)
            .saturating_sub(context_lines_before + 4);
        let last_line = file.line_index(end) + context_lines_after + 4;
        let (from, to) = (file.line_start(first_line), file.line_start(last_line));
        let local = SourceSpan::new((start - from).into(), end.saturating_sub(start));
        let inner = text[from..to].read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts the column of a span that starts its excerpt in
        // bytes; every other format, and editors, count characters.
        let column = match context_lines_before {
            0 => file.line_col(start).column - 1,
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            file.name().to_owned(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first_line,
            column,
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule.id()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary =
            LabeledSpan::new_primary_with_span(d.label.clone(), (d.span.start, d.span.len()));
        let related = d.related.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), (l.span.start, l.span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

pub fn print(report: &CheckReport, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        print_file(file, style, out)?;
    }
    writeln!(out, "{}", super::summary_line(report))
}

/// The reports of one file's problems, each followed by a blank line.
pub fn print_file(file: &LoadedFile, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let unwrapped = handler.clone().with_wrap_lines(false);
    let source = Window { file: &file.source };
    // Each report is drawn on its own (on every core, in chunks so the
    // output stays in order and memory stays bounded), then printed.
    for chunk in file.diagnostics.chunks(4096) {
        let rendered: Vec<Result<String, fmt::Error>> = chunk
            .par_iter()
            .map(|diagnostic| {
                let mut rendered = String::new();
                let view = View {
                    diagnostic,
                    source: &source,
                };
                // Wrapping is most of the drawing of a report; a report
                // whose every line fits is drawn the same without it.
                match fits(diagnostic, style.width) {
                    true => unwrapped.render_report(&mut rendered, &view)?,
                    false => handler.render_report(&mut rendered, &view)?,
                }
                Ok(rendered)
            })
            .collect();
        for report in rendered {
            let report = report.map_err(io::Error::other)?;
            write!(out, "{report}")?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Whether miette's wrapping would leave every line of `diagnostic` as it
/// is: its message and its help are single lines without whitespace at
/// their ends, and fit `width` after the widest indent miette gives them
/// (`  help: `, 8 columns) and the 2 columns it keeps free. Bytes stand in
/// for columns: no character is wider on screen than it is long in UTF-8,
/// once tabs and other control characters are ruled out.
fn fits(diagnostic: &Diagnostic, width: usize) -> bool {
    let fits_one_line = |text: &str| {
        text.len() + 10 <= width && text.trim() == text && !text.chars().any(char::is_control)
    };
    fits_one_line(&diagnostic.message) && diagnostic.help.as_deref().is_none_or(fits_one_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Rule;
    use crate::source::Span;

    /// Every message and help that [`fits`] lets through is drawn exactly
    /// as miette's wrapping would draw it, at the edge of the width too.
    #[test]
    fn reports_that_fit_are_drawn_the_same_without_wrapping() {
        let file = SourceFile::new(std::path::Path::new("t.sop.yaml"), "title: x\nsteps: []\n");
        let source = Window { file: &file };
        let width = 40;
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(width)
            .with_links(false);
        let unwrapped = handler.clone().with_wrap_lines(false);
        let words = [
            "a",
            "word",
            "naïve",
            "größer",
            "日本語",
            "x  y",
            "`id`",
            "🙂",
        ];
        let mut checked = 0;
        for length in 0..width {
            for (i, word) in words.iter().enumerate() {
                let mut text = String::new();
                while text.len() < length {
                    text.push_str(words[(i + text.len()) % words.len()]);
                    text.push(' ');
                }
                let text = format!("{}{word}", text.trim_start());
                let diagnostic = Diagnostic::new(Rule::SchemaMissingKey, Span::new(0, 5), &text)
                    .with_help(text.clone());
                if !fits(&diagnostic, width) {
                    continue;
                }
                let view = View {
                    diagnostic: &diagnostic,
                    source: &source,
                };
                let (mut wrapped, mut plain) = (String::new(), String::new());
                handler.render_report(&mut wrapped, &view).unwrap();
                unwrapped.render_report(&mut plain, &view).unwrap();
                assert_eq!(plain, wrapped, "{text:?}");
                checked += 1;
            }
        }
        assert!(checked > 100, "only {checked} texts fit");
        let long = Diagnostic::new(
            Rule::SchemaMissingKey,
            Span::new(0, 5),
            "word ".repeat(8).trim_end(),
        );
        assert!(
            !fits(&long, width),
            "a message that needs wrapping is wrapped"
        );
    }
}
