//! What typst sees of the world when it typesets one controlled document:
//! the template, the document as JSON data, the flowchart's pictures, and
//! the fonts that ship inside sopkit. Nothing is read from disk or the
//! network, and no system font is looked for, so a PDF is the same on
//! every machine.
//!
//! The standard library, the fonts and the parsed template are loaded once
//! per process ([`Engine`]) and shared by every document, so the pages of
//! `build --to pdf` typeset in parallel from one font book.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::render::font;

/// The typesetting template: it reads `/data.json` and lays it out.
const TEMPLATE: &str = include_str!("../assets/controlled.typ");

/// The files a document is made of, by their paths in typst's project.
pub(super) const MAIN: &str = "/main.typ";
pub(super) const DATA: &str = "/data.json";

/// What every document shares.
pub(crate) struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
    template: Source,
}

/// The one engine of this process.
pub(crate) fn engine() -> &'static Engine {
    static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
        // typst's own fonts (Libertinus Serif for the text, DejaVu Sans Mono
        // for code, New Computer Modern) and the DejaVu Sans the flowchart
        // is drawn and measured with.
        let fonts: Vec<Font> = typst_assets::fonts()
            .chain([font::REGULAR, font::BOLD])
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let main = file_id(MAIN);
        Engine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            data: file_id(DATA),
            template: Source::new(main, TEMPLATE.to_owned()),
        }
    });
    &ENGINE
}

/// The id of a file of the project. Ids are interned for the life of the
/// process, and a document only ever uses the few paths above and its
/// pictures', so the same ids serve every document.
pub(super) fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("invariant: sopkit's own paths are valid");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// One document's world: the shared engine, its data and its pictures.
pub(super) struct Sources {
    pub(super) engine: &'static Engine,
    pub(super) data: Bytes,
    pub(super) files: Vec<(FileId, Bytes)>,
}

impl World for Sources {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.engine.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.engine.main {
            Ok(self.engine.template.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.engine.data {
            return Ok(self.data.clone());
        }
        if id == self.engine.main {
            return Ok(Bytes::from_string(TEMPLATE));
        }
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// No clock: the template never asks for today, so a document depends
    /// on its SOP alone.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
