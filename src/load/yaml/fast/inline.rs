//! What stands on one line: keys, plain and quoted scalars, and the
//! one-line lists in brackets.

use granit_parser::{ScalarStyle, StructureStyle};

use super::reader::{Key, Reader};
use super::{Kind, MAX_KEY, Text};

impl Reader<'_> {
    /// A key at `p`: a plain or quoted scalar on one line, then `:` and a
    /// space or the line's end. Nothing is pushed.
    pub(super) fn key_at(&self, p: usize) -> Option<Key> {
        let (end, style, text) = match self.at(p) {
            b'"' => {
                let (end, text) = self.quoted(p)?;
                (end, ScalarStyle::DoubleQuoted, text)
            }
            b'\'' => {
                let (end, text) = self.quoted(p)?;
                (end, ScalarStyle::SingleQuoted, text)
            }
            _ if self.plain_start(p, false) => {
                let (end, _) = self.plain(p, false);
                (end, ScalarStyle::Plain, Text::Slice(p, end))
            }
            _ => return None,
        };
        let colon = self.spaces(end);
        let is_key = self.at(colon) == b':' && self.is_blank(colon + 1) && colon - p <= MAX_KEY;
        is_key.then_some(Key {
            start: p,
            end,
            style,
            text,
            colon,
        })
    }

    /// Whether a plain scalar may start at `p` (YAML's indicators may not
    /// start one, except `-`, `?` and `:` before a character).
    pub(super) fn plain_start(&self, p: usize, flow: bool) -> bool {
        match self.at(p) {
            b'-' | b'?' | b':' => {
                let next = self.at(p + 1);
                !(self.is_blank(p + 1) || flow && matches!(next, b',' | b'[' | b']' | b'{' | b'}'))
            }
            0 | b' ' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*'
            | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => false,
            _ => true,
        }
    }

    /// A one-line plain scalar from `p`: where its text ends (trailing
    /// spaces left out), and where reading stopped (a line break, a
    /// comment, `: `, or in brackets a flow indicator, `:` or `#`).
    pub(super) fn plain(&self, p: usize, flow: bool) -> (usize, usize) {
        // Plain scalars are short (keys, ids, durations): a loop over the
        // bytes beats a search that must be set up first.
        let mut i = p;
        let mut end = p;
        loop {
            match self.at(i) {
                0 | b'\n' | b'\r' => return (end, i),
                b' ' => i += 1,
                b'#' if i > p && self.b[i - 1] == b' ' => return (end, i),
                b':' if self.is_blank(i + 1) => return (end, i),
                b',' | b'[' | b']' | b'{' | b'}' | b':' | b'#' if flow => return (end, i),
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A quoted scalar on one line, its quote at `p`: where it ends (after
    /// the closing quote) and its text. Escapes are not owned.
    pub(super) fn quoted(&self, p: usize) -> Option<(usize, Text)> {
        let quote = self.at(p);
        let mut i = p + 1;
        let mut doubled = false;
        loop {
            // The closing quote, or what ends the fast path's reading: a
            // line break (a lone CR is never in its texts), a backslash.
            let rest = self.b.get(i..)?;
            let found = if quote == b'"' {
                memchr::memchr3(b'"', b'\\', b'\n', rest)
            } else {
                memchr::memchr2(b'\'', b'\n', rest)
            };
            i += found?;
            match self.b[i] {
                b'\'' if quote == b'\'' && self.at(i + 1) == b'\'' => {
                    doubled = true;
                    i += 2;
                }
                c if c == quote => break,
                _ => return None,
            }
        }
        let text = if doubled {
            Text::Unquote(p + 1, i)
        } else {
            Text::Slice(p + 1, i)
        };
        Some((i + 1, text))
    }

    /// `[a, "b", c]` on one line, its bracket at `p`: where it ends.
    pub(super) fn flow_sequence(&mut self, p: usize) -> Option<usize> {
        self.push(Kind::SequenceStart(StructureStyle::Flow), p, p + 1);
        let mut i = self.spaces(p + 1);
        if self.at(i) != b']' {
            loop {
                let end = match self.at(i) {
                    b'"' | b'\'' => {
                        let (end, text) = self.quoted(i)?;
                        let style = if self.at(i) == b'"' {
                            ScalarStyle::DoubleQuoted
                        } else {
                            ScalarStyle::SingleQuoted
                        };
                        self.push(Kind::Scalar(style, text), i, end);
                        end
                    }
                    _ if self.plain_start(i, true) => {
                        let (end, stop) = self.plain(i, true);
                        self.push(
                            Kind::Scalar(ScalarStyle::Plain, Text::Slice(i, end)),
                            i,
                            end,
                        );
                        stop
                    }
                    _ => return None,
                };
                let sep = self.spaces(end);
                match self.at(sep) {
                    b',' => {
                        i = self.spaces(sep + 1);
                        if self.at(i) == b']' {
                            break;
                        }
                    }
                    b']' => {
                        i = sep;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.push(Kind::SequenceEnd, i, i + 1);
        Some(i + 1)
    }
}
