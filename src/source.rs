//! One SOP file's text, shared by every diagnostic that points into it, and the
//! byte-offset → line/column index that every output format uses.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A byte range in a source file. Stored beside values in the model, but never
/// part of their equality (see [`crate::model::Sp`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// A 1-based line and a 1-based column counted in characters, as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LineCol {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Where each line of a text starts: the one line arithmetic that every
/// place turning byte offsets into lines and columns shares. Diagnostics
/// count columns in characters from 1; the language server counts UTF-16
/// units from 0 ([`crate::lsp`]); both ask this index.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    /// The byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    /// The length of the text.
    len: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line holding a byte offset (clamped to the text).
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.len))
            .saturating_sub(1)
    }

    /// The byte offset where a 0-based line starts; `None` past the last line.
    pub(crate) fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The bytes of a 0-based line, without its `\n`; `None` past the last line.
    pub(crate) fn range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.start(line)?;
        let end = self.start(line + 1).map_or(self.len, |next| next - 1);
        Some(start..end)
    }

    /// The 0-based line of a byte offset of `text` and its column: the
    /// `width` of the characters before it on its line. An offset inside a
    /// character counts from that character's start; one past the text,
    /// from its end.
    pub(crate) fn line_column(
        &self,
        text: &str,
        offset: usize,
        width: impl Fn(char) -> usize,
    ) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let column = text[self.starts[line]..offset].chars().map(width).sum();
        (line, column)
    }

    /// The byte offset of `text` at a 0-based line and a column counted in
    /// `width` units: a column inside a character is that character's end,
    /// one past the line is the line's end (before `\r\n` or `\n`), a line
    /// past the last is the end of the text.
    pub(crate) fn offset(
        &self,
        text: &str,
        (line, column): (usize, usize),
        width: impl Fn(char) -> usize,
    ) -> usize {
        let Some(range) = self.range(line) else {
            return text.len();
        };
        let content = &text[range.clone()];
        let content = content.strip_suffix('\r').unwrap_or(content);
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units >= column {
                return range.start + i;
            }
            units += width(c);
        }
        range.start + content.len()
    }
}

/// The text of one file and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    name: String,
    text: Arc<str>,
    /// Where each line starts, found the first time a position is asked
    /// for: most files checked have nothing to report.
    lines: OnceLock<LineIndex>,
    /// How many characters come before every [`CHAR_STRIDE`]th byte; made
    /// on the first column asked of a long line.
    char_marks: OnceLock<Vec<usize>>,
}

/// Columns on a line longer than this many bytes are counted from the
/// nearest mark of [`SourceFile::char_marks`], not from the line's start:
/// a minified file of one long line may have thousands of diagnostics.
const CHAR_STRIDE: usize = 256;

impl SourceFile {
    pub fn new(path: &Path, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.to_path_buf(),
            name: display_path(path),
            text: text.into(),
            lines: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path as it is shown to users: relative as given, `/` separated.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line and column of a byte offset (clamped to the text, and to a char boundary).
    pub(crate) fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines().line(offset);
        let start = self.line_start(line);
        let column = if offset - start <= 2 * CHAR_STRIDE {
            self.lines().line_column(&self.text, offset, |_| 1).1
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// How many characters the text has before a byte offset (at a
    /// character boundary), in time bounded by [`CHAR_STRIDE`].
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut count = 0;
            let mut marks = Vec::with_capacity(bytes.len() / CHAR_STRIDE + 1);
            for chunk in bytes.chunks(CHAR_STRIDE) {
                marks.push(count);
                count += chars_in(chunk);
            }
            marks.push(count);
            marks
        });
        let mark = offset / CHAR_STRIDE;
        marks[mark] + chars_in(&bytes[mark * CHAR_STRIDE..offset])
    }

    /// The 0-based line holding a byte offset (clamped to the text).
    pub(crate) fn line_index(&self, offset: usize) -> usize {
        self.lines().line(offset)
    }

    /// The byte offset where a 0-based line starts; the end of the text for
    /// a line past the last.
    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.lines().start(line).unwrap_or(self.text.len())
    }
}

/// The characters that start in some UTF-8 bytes: every byte but the
/// continuation bytes (`10xxxxxx`).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A path as it is shown to users: relative as given, `/` separated.
pub(crate) fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = SourceFile::new(Path::new("a"), "ab\nčx: y\n");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.line_col(3), LineCol { line: 2, column: 1 });
        // `x` follows a two-byte `č`
        assert_eq!(src.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(src.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn offsets_and_columns_round_trip_in_any_unit() {
        let text = "a: é😀x\nnext: b\r\nend";
        let lines = LineIndex::new(text);
        let x = "a: é😀".len();
        let utf16 = |c: char| c.len_utf16();
        assert_eq!(lines.line_column(text, x, utf16), (0, 6));
        assert_eq!(lines.line_column(text, x, |_| 1), (0, 5));
        assert_eq!(lines.offset(text, (0, 6), utf16), x);
        // Inside the pair: the end of the character.
        assert_eq!(lines.offset(text, (0, 5), utf16), x);
        // Past the end of a line: before its `\r\n`; past the last line: the end.
        assert_eq!(lines.offset(text, (1, 99), utf16), "a: é😀x\nnext: b".len());
        assert_eq!(lines.offset(text, (9, 0), utf16), text.len());
        assert_eq!(lines.line_column(text, 9999, utf16), (2, 3));
        // An offset inside a character counts from its start.
        assert_eq!(lines.line_column(text, x - 1, utf16), (0, 4));
    }

    #[test]
    fn columns_on_long_lines_are_counted_from_the_marks() {
        let line: String = (0..2000)
            .map(|i| if i % 7 == 0 { 'č' } else { 'a' })
            .collect();
        let text = format!("x\n{line}\n{line}");
        let src = SourceFile::new(Path::new("a"), text.as_str());
        for (offset, _) in text.char_indices() {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(src.line_col(offset).column, column, "at {offset}");
        }
    }

    #[test]
    fn display_path_drops_dot_slash() {
        let src = SourceFile::new(Path::new("./x/a.sop.yaml"), "");
        assert_eq!(src.name(), "x/a.sop.yaml");
    }
}
