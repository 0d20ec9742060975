//! The Markdown source of a part of the file, as the model keeps it: HTML
//! comments left out, the indentation of list items and the `>` of quotes
//! taken off each line, surrounding blank lines trimmed.
//!
//! A value that spans several lines ends with a newline, as a YAML block
//! scalar (`purpose: |`) does; a one-line value has none, as a plain YAML
//! scalar. So an SOP written in either form, the idiomatic way, reads into
//! the same model.

use std::borrow::Cow;

use crate::source::Span;

/// The file's text and where its HTML comments are.
pub(super) struct Source<'a> {
    pub(super) text: &'a str,
    /// Every HTML comment (block or inline), in source order.
    pub(super) comments: Vec<Span>,
}

/// How each line of an excerpt is stripped.
#[derive(Clone, Copy)]
pub(super) enum Strip {
    /// Up to this many columns of leading white space on the lines after
    /// the first (the first starts where the content starts): a list
    /// item's content.
    Indent(usize),
    /// On every line, leading white space, then one `>` and one space: the
    /// content of a quote.
    Quote,
}

impl<'a> Source<'a> {
    /// The comments that overlap `span`.
    fn comments_in(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        let first = self.comments.partition_point(|c| c.end <= span.start);
        self.comments[first..]
            .iter()
            .take_while(move |c| c.start < span.end)
            .map(move |c| Span::new(c.start.max(span.start), c.end.min(span.end)))
    }

    /// `text[span]` with every comment byte but newlines turned into a
    /// space, so that offsets stay as they are.
    pub(super) fn blanked(&self, span: Span) -> Cow<'a, str> {
        let raw = &self.text[span.start..span.end];
        let mut bytes: Option<Vec<u8>> = None;
        for comment in self.comments_in(span) {
            let bytes = bytes.get_or_insert_with(|| raw.as_bytes().to_vec());
            for b in &mut bytes[comment.start - span.start..comment.end - span.start] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        match bytes {
            // A comment and a span both start and end on character
            // boundaries, so whole characters were replaced: never lossy.
            Some(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
            None => Cow::Borrowed(raw),
        }
    }

    /// `text[span]` without its comments, but with their newlines, so that
    /// its lines are the lines of the span.
    fn cleaned(&self, span: Span) -> Cow<'a, str> {
        let raw = &self.text[span.start..span.end];
        let mut out: Option<String> = None;
        let mut from = span.start;
        for comment in self.comments_in(span) {
            let out = out.get_or_insert_with(|| String::with_capacity(raw.len()));
            out.push_str(&self.text[from..comment.start]);
            let newlines = self.text[comment.start..comment.end].matches('\n').count();
            out.extend(std::iter::repeat_n('\n', newlines));
            from = comment.end;
        }
        match out {
            Some(mut out) => {
                out.push_str(&self.text[from..span.end]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(raw),
        }
    }

    /// The column (in characters, a tab to the next multiple of 4) at which
    /// `offset` stands on its line.
    pub(super) fn column(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        columns(&self.text[line_start..offset])
    }

    /// The source of `span` as a model value, and the span of what is kept
    /// (white space trimmed).
    pub(super) fn excerpt(&self, span: Span, strip: Strip) -> (String, Span) {
        let raw = &self.text[span.start..span.end];
        let cleaned = self.cleaned(span);
        let mut out = String::with_capacity(cleaned.len());
        let mut blanks = 0;
        let mut comment_in_blanks = false;
        for (i, (line, original)) in cleaned.split('\n').zip(raw.split('\n')).enumerate() {
            let kept = strip_line(line, strip, i == 0);
            if kept.trim().is_empty() {
                if strip_line(original, strip, i == 0).trim().is_empty() {
                    blanks += usize::from(!out.is_empty());
                } else {
                    // A line that held only a comment is no line of the text.
                    comment_in_blanks = true;
                }
                continue;
            }
            if !out.is_empty() {
                let blanks = if comment_in_blanks {
                    blanks.min(1)
                } else {
                    blanks
                };
                out.extend(std::iter::repeat_n('\n', blanks + 1));
            }
            (blanks, comment_in_blanks) = (0, false);
            let kept = if out.is_empty() {
                kept.trim_start()
            } else {
                kept
            };
            out.push_str(kept.trim_end_matches(['\r', ' ', '\t']));
        }
        if out.contains('\n') {
            out.push('\n');
        }
        (out, trimmed(&self.blanked(span), span))
    }
}

/// A line of an excerpt without what [`Strip`] takes off.
fn strip_line(line: &str, strip: Strip, first: bool) -> &str {
    let line = line.strip_suffix('\r').unwrap_or(line);
    match strip {
        Strip::Indent(_) if first => line,
        Strip::Indent(indent) => {
            let mut column = 0;
            for (i, c) in line.char_indices() {
                if column >= indent || !matches!(c, ' ' | '\t') {
                    return &line[i..];
                }
                column = if c == '\t' {
                    (column / 4 + 1) * 4
                } else {
                    column + 1
                };
            }
            ""
        }
        Strip::Quote => {
            let line = line.trim_start_matches([' ', '\t']);
            match line.strip_prefix('>') {
                Some(rest) => rest.strip_prefix([' ', '\t']).unwrap_or(rest),
                None => line,
            }
        }
    }
}

/// How many columns `text` takes, a tab reaching the next multiple of 4.
fn columns(text: &str) -> usize {
    text.chars().fold(0, |column, c| {
        if c == '\t' {
            (column / 4 + 1) * 4
        } else {
            column + 1
        }
    })
}

/// `span` without the white space at either end of `text` (its text).
pub(super) fn trimmed(text: &str, span: Span) -> Span {
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.start + text.trim_end().len();
    Span::new(start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source<'_> {
        let comments = text
            .match_indices("<!--")
            .map(|(i, _)| Span::new(i, i + text[i..].find("-->").expect("closed") + 3))
            .collect();
        Source { text, comments }
    }

    fn excerpt(text: &str, strip: Strip) -> String {
        source(text).excerpt(Span::new(0, text.len()), strip).0
    }

    #[test]
    fn one_line_has_no_newline_and_several_end_with_one() {
        assert_eq!(excerpt("Greet them.  \n", Strip::Indent(3)), "Greet them.");
        assert_eq!(
            excerpt("Greet\n   them.\n\n", Strip::Indent(3)),
            "Greet\nthem.\n"
        );
    }

    #[test]
    fn indentation_beyond_the_item_is_kept() {
        let text = "Run:\n\n       code\n   - sub\n";
        assert_eq!(excerpt(text, Strip::Indent(3)), "Run:\n\n    code\n- sub\n");
    }

    #[test]
    fn comments_are_no_content_and_leave_no_blank_lines() {
        let text = "One.\n\n<!-- sopkit: allow(x) -->\n\nTwo <!-- c --> too.\n";
        assert_eq!(excerpt(text, Strip::Indent(0)), "One.\n\nTwo  too.\n");
        let src = source("a <!-- c -->");
        assert_eq!(
            src.excerpt(Span::new(0, 12), Strip::Indent(0)).1,
            Span::new(0, 1)
        );
    }

    #[test]
    fn quotes_lose_their_markers() {
        let text = "> Thank you.\n   > How can I help?\n   >\n   > > nested\n";
        assert_eq!(
            excerpt(text, Strip::Quote),
            "Thank you.\nHow can I help?\n\n> nested\n"
        );
    }

    #[test]
    fn columns_count_characters_and_tabs() {
        let src = source("ab\n1. Über {#x}");
        assert_eq!(src.column(6), 3);
        assert_eq!(columns("\t x"), 6);
    }
}
