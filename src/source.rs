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
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The text of one file and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    name: String,
    text: Arc<str>,
    line_starts: Vec<usize>,
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
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.to_path_buf(),
            name: display_path(path),
            text,
            line_starts,
            char_marks: OnceLock::new(),
        }
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

    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// Line and column of a byte offset (clamped to the text, and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = if offset - start <= 2 * CHAR_STRIDE {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        LineCol {
            line: line + 1,
            column,
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
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset.min(self.text.len()))
            .saturating_sub(1)
    }

    /// The byte offset where a 0-based line starts; the end of the text for
    /// a line past the last.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_text.len(), |(i, _)| start + i)
    }
}

/// The characters that start in some UTF-8 bytes: every byte but the
/// continuation bytes (`10xxxxxx`).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A path as it is shown to users: relative as given, `/` separated.
pub fn display_path(path: &Path) -> String {
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
        assert_eq!(src.offset_of(2, 2), 5);
        assert_eq!(src.line_col(999), LineCol { line: 3, column: 1 });
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
