//! The documents the editor has open: their text as the editor holds it
//! (which takes precedence over the file on disk), kept up to date by
//! `didChange` (incremental or whole-text changes).

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Lines, uri_to_path};

#[derive(Debug, Clone)]
pub(super) struct Document {
    pub(super) uri: Url,
    pub(super) path: PathBuf,
    pub(super) text: String,
    pub(super) version: i32,
}

impl Document {
    pub(super) fn lines(&self) -> Lines<'_> {
        Lines::new(&self.text)
    }

    /// Whether sopkit reads this document: an SOP file by its name.
    pub(super) fn is_sop(&self) -> bool {
        crate::format::is_sop_file_name(&self.path)
    }
}

#[derive(Debug, Default)]
pub(super) struct Documents {
    open: HashMap<Url, Document>,
}

impl Documents {
    pub(super) fn open(&mut self, uri: Url, text: String, version: i32) {
        let path = uri_to_path(&uri);
        self.open.insert(
            uri.clone(),
            Document {
                uri,
                path,
                text,
                version,
            },
        );
    }

    pub(super) fn close(&mut self, uri: &Url) {
        self.open.remove(uri);
    }

    pub(super) fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    /// The open document at `path`, if any.
    pub(super) fn by_path(&self, path: &std::path::Path) -> Option<&Document> {
        self.open.values().find(|d| d.path == path)
    }

    /// Every open SOP document, in a stable order.
    pub(super) fn sops(&self) -> Vec<&Document> {
        let mut docs: Vec<&Document> = self.open.values().filter(|d| d.is_sop()).collect();
        docs.sort_by(|a, b| a.uri.as_str().cmp(b.uri.as_str()));
        docs
    }

    /// Applies the editor's changes, in order. A change with a range
    /// replaces that range; one without replaces the whole text.
    pub(super) fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(doc) = self.open.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                Some(range) => {
                    let lines = Lines::new(&doc.text);
                    let start = lines.editor_offset(range.start);
                    let end = lines.editor_offset(range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = version;
        true
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    #[test]
    fn incremental_changes_are_applied_in_utf16_units() {
        let uri = Url::parse("file:///w/a.sop.yaml").expect("a URI");
        let mut docs = Documents::default();
        docs.open(uri.clone(), "a: 😀b\nc: d\n".into(), 1);
        let edit = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        };
        docs.change(&uri, 2, vec![edit(0, 5, 6, "x"), edit(1, 3, 4, "e")]);
        let doc = docs.get(&uri).expect("open");
        assert_eq!((doc.text.as_str(), doc.version), ("a: 😀x\nc: e\n", 2));
    }
}
