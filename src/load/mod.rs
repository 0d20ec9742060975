//! Reading an SOP file: bytes → text → tree → typed model, with every
//! problem found on the way as a diagnostic. Loading never stops at the first
//! problem it can get past.
//!
//! Each source format reads its text into the untyped [`tree`] (`yaml/`,
//! `markdown/`); lowering (`lower/`) turns any tree into the model, so every
//! format gets the same checks and messages.

mod lower;
mod markdown;
pub(crate) mod scalars;
pub mod tree;
pub mod yaml;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::format::SourceFormat;
use crate::model::Sop;
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

/// Why a file could not be read at all: an `io/unreadable` diagnostic
/// ([`ReadError::diagnostic`]); the other files are still checked.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the file cannot be read: {0}")]
    Io(#[from] std::io::Error),
    #[error("this is {0}, not a regular file: sopkit reads only regular files")]
    NotAFile(&'static str),
    #[error("this is a symbolic link to `{0}`, which does not exist")]
    Dangling(String),
    #[error("the file is {size} MiB, larger than the {limit} MiB an SOP may be")]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    /// The problem as a diagnostic at the start of the file.
    pub fn diagnostic(&self) -> Diagnostic {
        let help = match self {
            Self::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "give the user who runs sopkit read access to the file"
            }
            Self::Io(_) => "make the file readable, or leave it out of the paths checked",
            Self::NotAFile(_) => {
                "an SOP is a regular file: remove this one, or leave it out (`.gitignore` it, or name the files to check)"
            }
            Self::Dangling(_) => "point the link at an SOP, or remove it",
            Self::TooLarge { .. } => {
                "split the SOP, or raise the limit: `max_file_size_mb` in sopkit.toml"
            }
        };
        Diagnostic::new(Rule::IoUnreadable, Span::new(0, 0), self.to_string()).with_help(help)
    }
}

/// One file after loading: its text, the model when the YAML could be read,
/// and the problems found so far.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: Arc<SourceFile>,
    pub sop: Option<Sop>,
    /// The flowchart, built by `check` once the model is loaded.
    pub flow: Option<Flow>,
    pub diagnostics: Vec<Diagnostic>,
    /// The `sopkit.toml` that applies to the file (set by `check`).
    pub config: Arc<Config>,
    /// Where the file's comments are, for suppressions (collected only
    /// when the file mentions `sopkit:`).
    pub comments: Vec<Span>,
}

impl LoadedFile {
    pub fn new(source: Arc<SourceFile>, sop: Option<Sop>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            source,
            sop,
            flow: None,
            diagnostics,
            config: Arc::default(),
            comments: Vec::new(),
        }
    }
}

/// Reads and loads one file of at most `max_bytes`; a file that cannot be
/// read gets its `io/unreadable` diagnostic instead of a model.
pub(crate) fn load_path(path: &Path, max_bytes: u64) -> LoadedFile {
    read_path(path, max_bytes).unwrap_or_else(|error| unreadable(path, &error))
}

/// A file that could not be read: no text, and the diagnostic that says why.
pub fn unreadable(path: &Path, error: &ReadError) -> LoadedFile {
    let source = Arc::new(SourceFile::new(path, ""));
    LoadedFile::new(source, None, vec![error.diagnostic()])
}

/// Reads and loads one file of at most `max_bytes`. A FIFO, socket or
/// device is refused before it is opened, so sopkit never blocks on one.
fn read_path(path: &Path, max_bytes: u64) -> Result<LoadedFile, ReadError> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(match std::fs::read_link(path) {
                Ok(target) => ReadError::Dangling(target.display().to_string()),
                Err(_) => ReadError::Io(e),
            });
        }
        meta => meta?,
    };
    if !meta.is_file() {
        return Err(ReadError::NotAFile(file_kind(&meta)));
    }
    let too_large = |size: u64| ReadError::TooLarge {
        size: size.div_ceil(1024 * 1024),
        limit: max_bytes / (1024 * 1024),
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(load_bytes(path, bytes))
}

/// What a path that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Loads a file's bytes, as Markdown or YAML by its name ([`SourceFormat::of`]).
/// Invalid UTF-8 is an `io/unreadable` error at the first bad byte; the
/// rest of the text is shown with replacement characters.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> LoadedFile {
    match String::from_utf8(bytes) {
        Ok(text) if SourceFormat::of(path) == SourceFormat::Markdown => load_markdown(path, text),
        Ok(text) => load_text(path, text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = Arc::new(SourceFile::new(path, text));
            let at = Span::new(valid_up_to, valid_up_to);
            let diagnostic = Diagnostic::new(
                Rule::IoUnreadable,
                at,
                "the file is not UTF-8 text (it may be binary, or in another encoding)",
            )
            .with_help("save the file as UTF-8");
            LoadedFile::new(source, None, vec![diagnostic])
        }
    }
}

/// Loads YAML text into the model.
pub fn load_text(path: &Path, text: String) -> LoadedFile {
    let source = Arc::new(SourceFile::new(path, without_bom(text)));
    let parsed = yaml::parse(source.text(), 0);
    let mut diagnostics = parsed.problems;
    let sop = parsed.root.and_then(|root| {
        let (sop, found) = lower::lower(&source, root);
        diagnostics.extend(found);
        sop
    });
    let comments = parsed.comments;
    let mut file = LoadedFile::new(source, sop, diagnostics);
    file.comments = comments;
    file
}

/// Loads the text of a Markdown SOP (`*.sop.md`) into the model.
pub fn load_markdown(path: &Path, text: String) -> LoadedFile {
    let source = Arc::new(SourceFile::new(path, without_bom(text)));
    let (sop, diagnostics, comments) = markdown::load(&source);
    let mut file = LoadedFile::new(source, sop, diagnostics);
    file.comments = comments;
    file
}

/// A byte-order mark is allowed, but is not part of the first line.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}
