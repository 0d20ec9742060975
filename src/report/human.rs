//! `--format human`: miette's graphical reports, with the offending lines
//! and labels, one per problem, then a summary line.

use std::fmt;
use std::io::{self, Write};

use std::borrow::Cow;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use rayon::prelude::*;

use super::Style;
use super::excerpt::{CONTEXT_LINES, Excerpt};
use crate::check::CheckReport;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedFile;
use crate::render::escape;
use crate::rule::Severity;
use crate::source::{SourceFile, Span};

/// One diagnostic seen through miette's eyes: its texts escaped for the
/// terminal, and its labels in its own [`Excerpt`] of the file.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    message: Cow<'a, str>,
    excerpt: Excerpt<'a>,
}

impl<'a> View<'a> {
    fn new(diagnostic: &'a Diagnostic, file: &'a SourceFile) -> Self {
        let spans: Vec<Span> = std::iter::once(diagnostic.span)
            .chain(diagnostic.related.iter().map(|l| l.span))
            .collect();
        Self {
            diagnostic,
            message: escape::terminal(&diagnostic.message),
            excerpt: Excerpt::new(file, &spans),
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
            .map(|h| Box::new(escape::terminal(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let text = |t: &str| escape::terminal(t).into_owned();
        let primary =
            LabeledSpan::new_primary_with_span(d.label.as_deref().map(text), self.excerpt.label(0));
        let related = d.related.iter().enumerate().map(move |(i, l)| {
            LabeledSpan::new_with_span(Some(text(&l.message)), self.excerpt.label(i + 1))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

pub(super) fn print(report: &CheckReport, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        print_file(file, style, out)?;
    }
    writeln!(out, "{}", super::summary_line(report))
}

/// The reports of one file's problems, each followed by a blank line.
pub(super) fn print_file(file: &LoadedFile, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(CONTEXT_LINES)
        .with_links(false);
    let unwrapped = handler.clone().with_wrap_lines(false);
    // Each report is drawn on its own (on every core, in chunks so the
    // output stays in order and memory stays bounded), then printed.
    for chunk in file.diagnostics.chunks(4096) {
        let rendered: Vec<Result<String, fmt::Error>> = chunk
            .par_iter()
            .map(|diagnostic| {
                let mut rendered = String::new();
                let view = View::new(diagnostic, &file.source);
                // Wrapping is most of the drawing of a report; a report
                // whose every line fits is drawn the same without it.
                match fits(&view, style.width) {
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
fn fits(view: &View<'_>, width: usize) -> bool {
    let fits_one_line = |text: &str| {
        text.len() + 10 <= width && text.trim() == text && !text.chars().any(char::is_control)
    };
    fits_one_line(&view.message)
        && view
            .diagnostic
            .help
            .as_deref()
            .is_none_or(|h| fits_one_line(&escape::terminal(h)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::LoadedFile;
    use crate::rule::Rule;
    use std::sync::Arc;

    /// The human report of one file's diagnostics.
    fn report(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> String {
        let source = Arc::new(SourceFile::new(std::path::Path::new(path), text));
        let file = LoadedFile::new(source, None, diagnostics);
        let style = Style {
            color: false,
            width: 100,
        };
        let mut out = Vec::new();
        print_file(&file, style, &mut out).expect("printing to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn control_characters_from_the_file_are_shown_escaped() {
        let text = "title: a\u{1b}[2J\u{7}Z\u{9b}c\rd\u{7f}\ndepartment: x\n";
        let at = text.find('Z').expect("Z");
        let diagnostic = Diagnostic::new(
            Rule::SchemaInvalidValue,
            Span::new(at, at + 1),
            "`a\u{1b}]0;pwned\u{7}` is wrong\nsecond line",
        )
        .with_label("the \u{1b}[1mlabel")
        .with_help("try \u{1b}[31mred")
        .with_related(Span::new(0, 5), "and \u{0} here");
        let out = report("evil\u{1b}[8m\n.sop.yaml", text, vec![diagnostic]);
        assert!(
            !out.chars().any(|c| c != '\n' && c.is_control()),
            "no control character reaches the terminal: {out:?}"
        );
        for shown in [
            r"a\u{1b}[2J\u{7}Z\u{9b}c\u{d}d\u{7f}",
            r"`a\u{1b}]0;pwned\u{7}` is wrong\u{a}second line",
            r"the \u{1b}[1mlabel",
            r"try \u{1b}[31mred",
            r"and \u{0} here",
            r"evil\u{1b}[8m\u{a}.sop.yaml:1:14]",
        ] {
            assert!(out.contains(shown), "{shown} in {out}");
        }
        // The caret is under `Z`, after the escapes before it.
        let line = out
            .lines()
            .find(|l| l.contains("title:"))
            .expect("the line");
        let caret = out.lines().find(|l| l.contains('┬')).expect("the caret");
        let column = |l: &str, c: char| l.chars().collect::<Vec<_>>().iter().rposition(|&x| x == c);
        assert_eq!(column(line, 'Z'), column(caret, '┬'), "{out}");
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let filler = "é".repeat(50_000);
        let text = format!("{{title: {filler}, bad: x, more: {filler}}}\n");
        let at = text.find("bad").expect("bad");
        let diagnostics = (0..200)
            .map(|_| Diagnostic::new(Rule::SchemaUnknownKey, Span::new(at, at + 3), "unknown key"))
            .collect();
        let out = report("long.sop.yaml", &text, diagnostics);
        assert!(out.len() < 200 * 1500, "{} bytes", out.len());
        let first = out.split("\n\n").nth(1).expect("a report");
        assert!(
            first.contains("[long.sop.yaml:1:50011]"),
            "columns in characters: {first}"
        );
        assert!(first.contains("…é") && first.contains("é…"), "{first}");
        assert!(first.contains("bad: x"), "{first}");
    }

    #[test]
    fn windows_line_breaks_and_a_last_line_without_one_are_drawn_as_before() {
        let diagnostic = |text: &str| {
            let at = text.find("two").expect("two");
            vec![Diagnostic::new(
                Rule::SchemaUnknownKey,
                Span::new(at, at + 3),
                "m",
            )]
        };
        let lf = "one: 1\ntwo: 2\nthree: 3";
        let crlf = "one: 1\r\ntwo: 2\r\nthree: 3";
        assert_eq!(
            report("a", lf, diagnostic(lf)),
            report("a", crlf, diagnostic(crlf))
        );
        assert!(report("a", lf, diagnostic(lf)).contains(" 3 │ three: 3"));
    }

    /// Every message and help that [`fits`] lets through is drawn exactly
    /// as miette's wrapping would draw it, at the edge of the width too.
    #[test]
    fn reports_that_fit_are_drawn_the_same_without_wrapping() {
        let file = SourceFile::new(std::path::Path::new("t.sop.yaml"), "title: x\nsteps: []\n");
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
                let view = View::new(&diagnostic, &file);
                if !fits(&view, width) {
                    continue;
                }
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
            !fits(&View::new(&long, &file), width),
            "a message that needs wrapping is wrapped"
        );
    }
}
