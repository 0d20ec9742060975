//! `sopkit check` as a library call: find the files, load and check each in
//! parallel, run the cross-file rules, and hand back everything found.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::load::{self, LoadedFile};
use crate::prose::ProseIndex;
use crate::rule::Severity;
use crate::rules::{self, FileContext, RuleOptions};
use crate::suppress;

/// A path that could not be searched or read: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("{path}: no such file or directory")]
    NotFound { path: String },
    #[error("{path}: {source}")]
    Unreadable {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Walk { path: String, message: String },
}

/// What one `check` call found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: Vec<LoadedFile>,
    pub path_errors: Vec<PathError>,
}

impl CheckReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = (&LoadedFile, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }
}

/// Whether a file name is an SOP file name (`*.sop.yaml`, `*.sop.yml`,
/// `*.sop.md`).
pub fn is_sop_file_name(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        [".sop.yaml", ".sop.yml", ".sop.md"]
            .iter()
            .any(|e| n.ends_with(e))
    })
}

/// Expands the given paths: a file is taken whatever its name; a directory is
/// searched recursively for SOP files, honouring `.gitignore`.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(PathError::NotFound { path: shown });
            }
            Err(source) => errors.push(PathError::Unreadable {
                path: shown,
                source,
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
        }
    }
    files.dedup();
    (files, errors)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<PathError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_sop_file_name(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Err(e) => errors.push(PathError::Walk {
                path: dir.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
}

/// Loads every file and runs every rule. Files are loaded and checked in
/// parallel; the result keeps the order of the paths.
pub fn check_paths(paths: &[PathBuf], options: &RuleOptions) -> CheckReport {
    let (files, mut path_errors) = discover(paths);
    let results: Vec<_> = files
        .par_iter()
        .map(|path| {
            load::load_path(path)
                .map(|f| check_loaded(f, options))
                .map_err(|e| (path, e))
        })
        .collect();
    let mut report = CheckReport::default();
    for result in results {
        match result {
            Ok(file) => report.files.push(file),
            Err((path, source)) => path_errors.push(PathError::Unreadable {
                path: path.display().to_string(),
                source,
            }),
        }
    }
    report.path_errors = path_errors;
    rules::check_across(&mut report.files);
    for file in &mut report.files {
        suppress::finish(file, &options.config);
    }
    report
}

/// Builds the flowchart and runs the per-file rules on a loaded file.
pub fn check_loaded(mut file: LoadedFile, options: &RuleOptions) -> LoadedFile {
    if let Some(sop) = &file.sop {
        let flow = Flow::build(sop);
        let prose = ProseIndex::build(sop, &file.source);
        let ctx = FileContext {
            source: &file.source,
            sop,
            flow: &flow,
            prose: &prose,
            options,
        };
        rules::check_file(&ctx, &mut file.diagnostics);
        file.flow = Some(flow);
    }
    file
}
