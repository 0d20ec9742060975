//! The structure: block mappings and sequences, found by their
//! indentation line by line, and where granit places their events.

use granit_parser::{ScalarStyle, StructureStyle};

use super::{CHUNK, Fast, Kind, MAX_DEPTH, Sink, Text};

/// A mapping key on its line.
pub(super) struct Key {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) style: ScalarStyle,
    pub(super) text: Text,
    pub(super) colon: usize,
}

/// What a value belongs to: a key (an empty value is placed at the key's
/// colon, as granit does) or a sequence item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Key { colon: usize },
    Item,
}

/// Where the next line with content starts, and its column; `(len, 0)` at
/// the end of the text.
type Next = (usize, usize);

/// `None` everywhere below means "not mine".
pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) b: &'a [u8],
    events: &'a mut Vec<Fast>,
    pub(super) owned: &'a mut Vec<String>,
    /// Takes the events each time the buffer is full.
    sink: &'a mut Sink<'a>,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(
        text: &'a str,
        events: &'a mut Vec<Fast>,
        owned: &'a mut Vec<String>,
        sink: &'a mut Sink<'a>,
    ) -> Self {
        Self {
            text,
            b: text.as_bytes(),
            events,
            owned,
            sink,
            depth: 0,
        }
    }

    /// The byte at `p`; 0 past the end (the text holds no NUL).
    pub(super) fn at(&self, p: usize) -> u8 {
        self.b.get(p).copied().unwrap_or(0)
    }

    pub(super) fn is_break(&self, p: usize) -> bool {
        matches!(self.at(p), b'\n' | b'\r' | 0)
    }

    pub(super) fn is_blank(&self, p: usize) -> bool {
        matches!(self.at(p), b' ' | b'\n' | b'\r' | 0)
    }

    pub(super) fn spaces(&self, mut p: usize) -> usize {
        while self.at(p) == b' ' {
            p += 1;
        }
        p
    }

    /// Where the line holding `p` ends: at its CR LF, its LF, or the end.
    pub(super) fn line_end(&self, p: usize) -> usize {
        match memchr::memchr(b'\n', &self.b[p.min(self.b.len())..]) {
            Some(i) if i > 0 && self.b[p + i - 1] == b'\r' => p + i - 1,
            Some(i) => p + i,
            None => self.b.len(),
        }
    }

    /// The start of the line after the break at `p`.
    pub(super) fn after_break(&self, p: usize) -> usize {
        match self.at(p) {
            b'\r' => p + 2,
            b'\n' => p + 1,
            _ => p,
        }
    }

    pub(super) fn push(&mut self, kind: Kind, start: usize, end: usize) {
        self.events.push(Fast { kind, start, end });
        if self.events.len() >= CHUNK {
            (self.sink)(self.events, self.owned);
        }
    }

    pub(super) fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// The whole text: one document whose top is a block mapping or
    /// sequence.
    pub(super) fn stream(&mut self) -> Option<()> {
        let (p, col) = self.content_from(0)?;
        if p == self.b.len() {
            return None;
        }
        self.push(Kind::StreamStart, 0, 0);
        self.push(Kind::DocumentStart, p, p);
        let (next, _) = self.block_node(p, col)?;
        if next != self.b.len() {
            return None;
        }
        let end = self.b.len();
        self.push(Kind::DocumentEnd, end, end);
        self.push(Kind::StreamEnd, end, end);
        Some(())
    }

    /// The first content from the line starting at `line`, skipping blank
    /// and comment lines. A document marker (`---`, `...`) is not owned.
    pub(super) fn content_from(&self, mut line: usize) -> Option<Next> {
        loop {
            let p = self.spaces(line);
            if p >= self.b.len() {
                return Some((self.b.len(), 0));
            }
            if self.is_break(p) || self.at(p) == b'#' {
                line = self.after_break(self.line_end(p));
                continue;
            }
            if p == line && self.is_marker(p) {
                return None;
            }
            return Some((p, p - line));
        }
    }

    pub(super) fn is_marker(&self, p: usize) -> bool {
        let three = self.b.get(p..p + 3);
        matches!(three, Some(b"---" | b"...")) && self.is_blank(p + 3)
    }

    /// The next content after the line break (or end) at `p`.
    pub(super) fn next_content(&self, p: usize) -> Option<Next> {
        if p >= self.b.len() {
            return Some((self.b.len(), 0));
        }
        self.content_from(self.after_break(p))
    }

    /// The next content from `p`, the first non-space character of a line
    /// (or the end), where a block scalar stopped.
    pub(super) fn content_at(&self, p: usize) -> Option<Next> {
        if p >= self.b.len() {
            return Some((self.b.len(), 0));
        }
        if self.at(p) == b'#' {
            return self.next_content(self.line_end(p));
        }
        let line = self.b[..p]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        if p == line && self.is_marker(p) {
            return None;
        }
        Some((p, p - line))
    }

    /// After a value on its line: spaces and a comment up to the line
    /// break; where the break is.
    pub(super) fn line_rest(&self, p: usize) -> Option<usize> {
        let q = self.spaces(p);
        if self.is_break(q) {
            return Some(q);
        }
        (self.at(q) == b'#' && q > p).then(|| self.line_end(q))
    }

    pub(super) fn is_item(&self, p: usize) -> bool {
        self.at(p) == b'-' && self.is_blank(p + 1)
    }

    /// A block mapping or sequence starting at `p`, in column `col`.
    fn block_node(&mut self, p: usize, col: usize) -> Option<Next> {
        if self.is_item(p) {
            self.block_sequence(p, col)
        } else {
            let key = self.key_at(p)?;
            self.block_mapping(key, col)
        }
    }

    fn block_mapping(&mut self, first: Key, col: usize) -> Option<Next> {
        self.enter()?;
        self.push(
            Kind::MappingStart(StructureStyle::Block),
            first.start,
            first.start,
        );
        let mut key = first;
        loop {
            let colon = key.colon;
            self.push(Kind::Scalar(key.style, key.text), key.start, key.end);
            let (next, next_col) = self.value(colon + 1, col, Owner::Key { colon })?;
            if next == self.b.len() || next_col < col {
                self.push(Kind::MappingEnd, next, next);
                self.depth -= 1;
                return Some((next, next_col));
            }
            if next_col > col || self.is_item(next) {
                return None;
            }
            key = self.key_at(next)?;
        }
    }

    /// A block sequence whose first `-` is at `p`, in column `col`.
    fn block_sequence(&mut self, mut p: usize, col: usize) -> Option<Next> {
        self.enter()?;
        self.push(Kind::SequenceStart(StructureStyle::Block), p, p);
        loop {
            let (next, next_col) = self.value(p + 1, col, Owner::Item)?;
            if next == self.b.len() || next_col < col {
                self.push(Kind::SequenceEnd, next, next);
                self.depth -= 1;
                return Some((next, next_col));
            }
            if next_col > col || !self.is_item(next) {
                return None;
            }
            p = next;
        }
    }

    /// A sequence whose `-` stand in the column of the key it belongs to
    /// (`key:` then `- a` below it). granit starts it after the first `-`.
    fn indentless_sequence(&mut self, mut p: usize, col: usize) -> Option<Next> {
        self.enter()?;
        let after = self.spaces(p + 1);
        let start = if self.at(after) == b'#' {
            self.line_end(after)
        } else {
            after
        };
        self.push(Kind::SequenceStart(StructureStyle::Block), start, start);
        loop {
            let (next, next_col) = self.value(p + 1, col, Owner::Item)?;
            if next == self.b.len() || next_col < col || !self.is_item(next) {
                self.push(Kind::SequenceEnd, next, next);
                self.depth -= 1;
                return Some((next, next_col));
            }
            if next_col > col {
                return None;
            }
            p = next;
        }
    }

    /// The value after a key's colon or an item's `-` (at `after`, in a
    /// block collection in column `col`), and where the next content is.
    fn value(&mut self, after: usize, col: usize, owner: Owner) -> Option<Next> {
        if !self.is_blank(after) {
            return None;
        }
        let q = self.spaces(after);
        let q = if self.at(q) == b'#' {
            self.line_end(q)
        } else {
            q
        };
        if self.is_break(q) {
            return self.value_below(q, col, owner);
        }
        let end = match self.at(q) {
            b'|' | b'>' => {
                let stop = self.block_scalar(q, col)?;
                return self.content_at(stop);
            }
            b'"' | b'\'' => {
                let (end, text) = self.quoted(q)?;
                let style = if self.at(q) == b'"' {
                    ScalarStyle::DoubleQuoted
                } else {
                    ScalarStyle::SingleQuoted
                };
                if owner == Owner::Item && self.at(self.spaces(end)) == b':' {
                    let key = self.key_at(q)?;
                    return self.block_mapping(key, col + q - (after - 1));
                }
                self.push(Kind::Scalar(style, text), q, end);
                end
            }
            b'[' => self.flow_sequence(q)?,
            b'{' => {
                let close = self.spaces(q + 1);
                if self.at(close) != b'}' {
                    return None;
                }
                self.push(Kind::MappingStart(StructureStyle::Flow), q, q + 1);
                self.push(Kind::MappingEnd, close, close + 1);
                close + 1
            }
            _ => {
                if owner == Owner::Item {
                    if self.is_item(q) {
                        return None;
                    }
                    if let Some(key) = self.key_at(q) {
                        return self.block_mapping(key, col + q - (after - 1));
                    }
                }
                if !self.plain_start(q, false) {
                    return None;
                }
                let (end, stop) = self.plain(q, false);
                if self.at(stop) == b':' {
                    return None;
                }
                self.push(
                    Kind::Scalar(ScalarStyle::Plain, Text::Slice(q, end)),
                    q,
                    end,
                );
                stop
            }
        };
        let eol = self.line_rest(end)?;
        self.next_content(eol)
    }

    /// A value with nothing after its colon or `-` on the line (the line
    /// ends at `q`): the block node on the lines below, an indentless
    /// sequence under a key, or else null.
    fn value_below(&mut self, q: usize, col: usize, owner: Owner) -> Option<Next> {
        let (next, next_col) = self.next_content(q)?;
        let more = next < self.b.len();
        if more && next_col > col {
            return self.block_node(next, next_col);
        }
        if more && next_col == col && self.is_item(next) && owner != Owner::Item {
            return self.indentless_sequence(next, col);
        }
        let at = match owner {
            Owner::Key { colon } => colon,
            Owner::Item => q,
        };
        self.push(Kind::Scalar(ScalarStyle::Plain, Text::Null), at, at);
        Some((next, next_col))
    }
}
