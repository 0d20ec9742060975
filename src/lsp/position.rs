//! Positions: the editor counts lines and UTF-16 code units (what LSP
//! requires by default); sopkit's spans are byte offsets into the text as
//! it was loaded, which leaves out a byte-order mark. [`Lines`] converts
//! both ways, never splitting a character, and clamps what lies outside
//! the text instead of failing: a half-typed file must not crash anything.

use lsp_types::{Position, Range, Url};
use std::path::{Path, PathBuf};

use crate::source::{LineIndex, Span};

/// The byte-order mark a text may start with.
const BOM: char = '\u{feff}';

/// A text's lines, for converting offsets and positions.
#[derive(Debug, Clone)]
pub(super) struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    /// Bytes before the text that sopkit loaded (a byte-order mark).
    shift: usize,
}

impl<'a> Lines<'a> {
    /// The lines of a text as the editor holds it.
    pub(super) fn new(text: &'a str) -> Self {
        let shift = if text.starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        };
        Self {
            text,
            index: LineIndex::new(text),
            shift,
        }
    }

    /// The editor's text.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset of an editor position in the editor's text; a
    /// position past the end of its line is the end of the line, a line
    /// past the end of the text is the end of the text.
    pub(super) fn editor_offset(&self, position: Position) -> usize {
        let at = (position.line as usize, position.character as usize);
        self.index.offset(self.text, at, char::len_utf16)
    }

    /// The editor position of a byte offset in the editor's text.
    pub(super) fn editor_position(&self, offset: usize) -> Position {
        let (line, character) = self.index.line_column(self.text, offset, char::len_utf16);
        Position::new(to_u32(line), to_u32(character))
    }

    /// The offset in sopkit's text of an editor position.
    pub(super) fn offset(&self, position: Position) -> usize {
        self.editor_offset(position).saturating_sub(self.shift)
    }

    /// The editor position of an offset in sopkit's text.
    pub(super) fn position(&self, offset: usize) -> Position {
        self.editor_position(offset + self.shift)
    }

    /// The editor range of a span of sopkit's text.
    pub(super) fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The span of sopkit's text an editor range covers.
    pub(super) fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        Span::new(start, self.offset(range.end).max(start))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path a document's URI names: its file path, or for a URI that is
/// not a file (an unsaved buffer), its path part as given.
pub(super) fn uri_to_path(uri: &Url) -> PathBuf {
    uri.to_file_path()
        .unwrap_or_else(|()| PathBuf::from(uri.path()))
}

/// The URI of a file path; `None` for a path that is not absolute.
pub(super) fn path_to_uri(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        // `é` is 2 bytes and 1 unit; `😀` is 4 bytes and 2 units.
        let lines = Lines::new("a: é😀x\nnext: b\r\nend");
        let x = "a: é😀".len();
        assert_eq!(lines.position(x), Position::new(0, 6));
        assert_eq!(lines.offset(Position::new(0, 6)), x);
        // A position inside the pair is moved to the end of the character.
        assert_eq!(lines.offset(Position::new(0, 5)), x);
        assert_eq!(lines.offset(Position::new(1, 99)), "a: é😀x\nnext: b".len());
        assert_eq!(lines.offset(Position::new(9, 0)), lines.text().len());
        assert_eq!(lines.position(9999), Position::new(2, 3));
    }

    #[test]
    fn a_byte_order_mark_shifts_the_first_line() {
        let lines = Lines::new("\u{feff}id: x\n");
        assert_eq!(lines.position(0), Position::new(0, 1));
        assert_eq!(lines.offset(Position::new(0, 1)), 0);
        assert_eq!(lines.offset(Position::new(1, 0)), "id: x\n".len());
    }
}
