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
        // The text is built only when it is not one slice of the source.
        let mut text = String::new();
        let mut one_line = (start, start);
        let mut lines = 0;
        // Empty lines since the last line of text, each ended by a break.
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
        let finals = match chomp {
            Chomp::Strip => 0,
            Chomp::Clip => 1,
            Chomp::Keep => 1 + blanks,
        };
        let value = if lines == 1 && finals == 0 {
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
        };
        let style = if folded {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        self.push(Kind::Scalar(style, value), start, stop);
        Some(stop)
    }
}
