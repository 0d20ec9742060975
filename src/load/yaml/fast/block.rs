//! `|` and `>` blocks: literal and folded text over several lines, with
//! their chomping (`-` strips the final line breaks, `+` keeps them all).

use granit_parser::ScalarStyle;

use super::reader::Reader;
use super::{Kind, Text};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// What a block scalar's header and its first line say.
struct Header {
    folded: bool,
    chomp: Chomp,
    /// Where the first line starts, and where its text starts.
    first: usize,
    start: usize,
    /// The indentation of the text.
    indent: usize,
}

/// A block scalar's lines, as read.
struct Body {
    /// The text, built only when it is not one slice of the source (the
    /// first line's text, `one_line`) or more than one line.
    text: String,
    one_line: (usize, usize),
    lines: usize,
    /// Empty lines since the last line of text, each ended by a break.
    blanks: usize,
    /// Where the block stops.
    stop: usize,
}

impl Reader<'_> {
    /// A block scalar whose `|` or `>` is at `p`, in a block collection in
    /// column `col`. Returns where it stops, as granit's span does: the
    /// first character of the first line indented less than its text, or
    /// the end of the text.
    ///
    /// Not owned: an indentation indicator, a block with no text or that
    /// starts with an empty line, a line of spaces indented more than the
    /// text, and in a folded block a line indented more than the others.
    pub(super) fn block_scalar(&mut self, p: usize, col: usize) -> Option<usize> {
        let header = self.block_header(p, col)?;
        let body = self.block_body(&header)?;
        let stop = body.stop;
        let value = self.block_value(body, header.chomp);
        let style = if header.folded {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        self.push(Kind::Scalar(style, value), header.start, stop);
        Some(stop)
    }

    /// The header (`|`, `>`, with `-` or `+`) at `p` and the first line's
    /// indentation, which must be more than `col`.
    fn block_header(&self, p: usize, col: usize) -> Option<Header> {
        let len = self.b.len();
        let folded = self.at(p) == b'>';
        let (chomp, header_end) = match self.at(p + 1) {
            b'-' => (Chomp::Strip, p + 2),
            b'+' => (Chomp::Keep, p + 2),
            _ => (Chomp::Clip, p + 1),
        };
        let eol = self.line_rest(header_end)?;
        if eol >= len {
            return None;
        }
        let first = self.after_break(eol);
        let start = self.spaces(first);
        let indent = start - first;
        if self.is_break(start) || indent <= col {
            return None;
        }
        Some(Header {
            folded,
            chomp,
            first,
            start,
            indent,
        })
    }

    /// The block's lines, up to the first one indented less than its text.
    fn block_body(&self, header: &Header) -> Option<Body> {
        let &Header {
            folded,
            first,
            start,
            indent,
            ..
        } = header;
        let len = self.b.len();
        let mut text = String::new();
        let mut one_line = (start, start);
        let mut lines = 0;
        let mut blanks = 0;
        let mut line = first;
        let stop = loop {
            let q = self.spaces(line);
            let spaces = q - line;
            if self.is_break(q) {
                if spaces > indent {
                    return None;
                }
                if q >= len {
                    break len;
                }
                blanks += 1;
                line = self.after_break(q);
                continue;
            }
            if spaces < indent {
                break q;
            }
            if folded && spaces > indent {
                return None;
            }
            let end = self.line_end(q);
            if lines == 0 {
                one_line = (line + indent, end);
            } else {
                if lines == 1 {
                    text.push_str(&self.text[one_line.0..one_line.1]);
                }
                let breaks = if folded { blanks } else { blanks + 1 };
                if breaks == 0 {
                    text.push(' ');
                }
                text.extend(std::iter::repeat_n('\n', breaks));
                text.push_str(&self.text[line + indent..end]);
            }
            lines += 1;
            blanks = 0;
            if end >= len {
                break len;
            }
            line = self.after_break(end);
        };
        Some(Body {
            text,
            one_line,
            lines,
            blanks,
            stop,
        })
    }

    /// The block's value, its final line breaks chomped: a slice of the
    /// source when it is one, else owned text.
    fn block_value(&mut self, body: Body, chomp: Chomp) -> Text {
        let Body {
            mut text,
            one_line,
            lines,
            blanks,
            ..
        } = body;
        let finals = match chomp {
            Chomp::Strip => 0,
            Chomp::Clip => 1,
            Chomp::Keep => 1 + blanks,
        };
        if lines == 1 && finals == 0 {
            Text::Slice(one_line.0, one_line.1)
        } else if lines == 1 && finals == 1 && self.at(one_line.1) == b'\n' {
            Text::Slice(one_line.0, one_line.1 + 1)
        } else {
            if lines == 1 {
                text.push_str(&self.text[one_line.0..one_line.1]);
            }
            text.extend(std::iter::repeat_n('\n', finals));
            self.owned.push(text);
            Text::Owned(self.owned.len() - 1)
        }
    }
}
