//! Reading an SOP file: bytes → text → tree → typed model, with every
//! problem found on the way as a diagnostic. Loading never stops at the first
//! problem it can get past.
//!
//! Each source format reads its text into the untyped [`tree`] (`yaml/`,
//! `markdown/`); lowering (`lower/`) turns any tree into the model, so every
//! format gets the same checks and messages.

mod lower;
pub mod markdown;
pub mod scalars;
pub mod tree;
pub mod yaml;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::model::Sop;
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

/// Files larger than this are refused without being parsed: an SOP this size
/// (about 3.5 million steps) is a mistake, not a procedure.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// One file after loading: its text, the model when the YAML could be read,
/// and the problems found so far.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: Arc<SourceFile>,
    pub sop: Option<Sop>,
    /// The flowchart, built by `check` once the model is loaded.
    pub flow: Option<Flow>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and loads one file. `Err` only when the file cannot be read at all
/// (missing, a directory, no permission): that is a usage problem, exit 2.
pub fn load_path(path: &Path) -> std::io::Result<LoadedFile> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_FILE_BYTES {
        let source = Arc::new(SourceFile::new(path, ""));
        let message = format!(
            "the file is {} MiB, larger than the {} MiB an SOP may be",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        );
        let diagnostics = vec![Diagnostic::new(Rule::YamlSyntax, Span::default(), message)];
        return Ok(LoadedFile {
            source,
            sop: None,
            flow: None,
            diagnostics,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(load_bytes(path, bytes))
}

/// Whether a file is read as Markdown (`*.sop.md`, `*.md`) rather than YAML.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Loads a file's bytes, as Markdown or YAML by its name ([`is_markdown`]).
/// Invalid UTF-8 is a `yaml/syntax` error at the first bad byte; the rest of
/// the text is shown with replacement characters.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> LoadedFile {
    match String::from_utf8(bytes) {
        Ok(text) if is_markdown(path) => load_markdown(path, text),
        Ok(text) => load_text(path, text),
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let source = Arc::new(SourceFile::new(path, text));
            let at = Span::new(valid_up_to, valid_up_to);
            let diagnostic = Diagnostic::new(
                Rule::YamlSyntax,
                at,
                "the file is not UTF-8 text (it may be binary, or in another encoding)",
            )
            .with_help("save the file as UTF-8");
            LoadedFile {
                source,
                sop: None,
                flow: None,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

/// Loads YAML text into the model.
pub fn load_text(path: &Path, text: String) -> LoadedFile {
    let source = Arc::new(SourceFile::new(path, without_bom(text)));
    let parsed = yaml::parse(source.text(), 0);
    let mut diagnostics = parsed.problems;
    let sop = parsed.root.and_then(|root| {
        let (sop, found) = lower::lower(&source, &root);
        diagnostics.extend(found);
        sop
    });
    LoadedFile {
        source,
        sop,
        flow: None,
        diagnostics,
    }
}

/// Loads the text of a Markdown SOP (`*.sop.md`) into the model.
pub fn load_markdown(path: &Path, text: String) -> LoadedFile {
    let source = Arc::new(SourceFile::new(path, without_bom(text)));
    let (sop, diagnostics) = markdown::load(&source);
    LoadedFile {
        source,
        sop,
        flow: None,
        diagnostics,
    }
}

/// A byte-order mark is allowed, but is not part of the first line.
fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}
