//! `sopkit check` as a library call: find the files, resolve each file's
//! configuration, load and check the files in parallel, run the cross-file
//! rules, and hand back everything found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{ConfigError, Resolver};
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::load::{self, LoadedFile};
use crate::prose::ProseIndex;
use crate::rule::Severity;
use crate::rules::{self, FileContext, RuleOptions};
use crate::suppress;

/// The file names a folder is searched for.
pub const PATTERNS: &[&str] = &["*.sop.yaml", "*.sop.yml", "*.sop.md"];

/// What to check: a path as given, or one SOP read from standard input.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin { name: PathBuf, bytes: Vec<u8> },
}

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
    #[error("{path}: {source}")]
    Read {
        path: String,
        #[source]
        source: load::ReadError,
    },
}

/// A folder that was searched and held no SOP file.
#[derive(Debug, Clone)]
pub struct EmptyFolder {
    pub path: String,
    /// Files that look like YAML or Markdown but are not named as SOPs.
    pub skipped: Vec<String>,
}

/// What one `check` call found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: Vec<LoadedFile>,
    pub path_errors: Vec<PathError>,
    /// Configuration files that cannot be used, each once.
    pub config_errors: Vec<Box<ConfigError>>,
    /// Files not checked because the configuration that governs them is bad.
    pub unchecked: Vec<PathBuf>,
    pub empty_folders: Vec<EmptyFolder>,
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

    /// Whether a path given to `check` does not exist or cannot be
    /// searched (a file found inside it that cannot be read is not counted).
    pub fn has_missing_paths(&self) -> bool {
        self.path_errors
            .iter()
            .any(|e| matches!(e, PathError::NotFound { .. } | PathError::Unreadable { .. }))
    }

    /// Whether a path or a configuration could not be used (exit code 2).
    pub fn has_usage_errors(&self) -> bool {
        !self.path_errors.is_empty() || !self.config_errors.is_empty()
    }
}

/// Whether a file name is an SOP file name (see [`PATTERNS`]). The name
/// need not be UTF-8: `caf\xe9.sop.yaml` is an SOP too.
pub fn is_sop_file_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let name = n.as_encoded_bytes();
        PATTERNS.iter().any(|p| name.ends_with(&p.as_bytes()[1..]))
    })
}

/// Files a writer may have meant as SOPs: YAML or Markdown by extension.
fn looks_like_a_source(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "md"))
}

/// A file to check, as the search found it.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    path: PathBuf,
    /// A regular file met in a folder, not through a symbolic link: its
    /// real path is its folder's real path and its name.
    plain: bool,
}

/// Expands the given paths: a file is taken whatever its name; a directory is
/// searched recursively for SOP files, honouring `.gitignore`.
fn discover(paths: &[PathBuf], report: &mut CheckReport) -> Vec<Found> {
    let mut files = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.path_errors.push(PathError::NotFound { path: shown });
            }
            Err(source) => report.path_errors.push(PathError::Unreadable {
                path: shown,
                source,
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, report),
            Ok(_) => files.push(Found {
                path: path.clone(),
                plain: false,
            }),
        }
    }
    files.dedup();
    files
}

/// The SOP files under `paths`, found as `check` finds them, without the
/// problems of the search (for the language server's workspace).
pub fn find_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    discover(paths, &mut CheckReport::default())
        .into_iter()
        .map(|found| found.path)
        .collect()
}

/// The real path of a file found, to check each file once however it was
/// reached. A plain file's folder is resolved once for all its files: a
/// thousand files in ten folders cost ten lookups, not five thousand.
fn real_path(found: &Found, folders: &mut HashMap<PathBuf, Option<PathBuf>>) -> PathBuf {
    let in_folder = match (found.plain, found.path.parent(), found.path.file_name()) {
        (true, Some(parent), Some(name)) => folders
            .entry(parent.to_path_buf())
            .or_insert_with(|| parent.canonicalize().ok())
            .as_ref()
            .map(|folder| folder.join(name)),
        _ => None,
    };
    in_folder.unwrap_or_else(|| {
        found
            .path
            .canonicalize()
            .unwrap_or_else(|_| found.path.clone())
    })
}

fn walk_dir(dir: &Path, files: &mut Vec<Found>, report: &mut CheckReport) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let before = files.len();
    let mut skipped = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_dir = entry.file_type().is_none_or(|t| t.is_dir());
                // Symlinks, FIFOs and devices with an SOP's name are taken
                // too: loading follows a link, and refuses what is not a
                // file with a message instead of skipping it silently.
                if !is_dir && is_sop_file_name(entry.path()) {
                    let plain = entry.file_type().is_some_and(|t| t.is_file());
                    files.push(Found {
                        path: entry.into_path(),
                        plain,
                    });
                } else if !is_dir && looks_like_a_source(entry.path()) {
                    skipped.push(entry.path().display().to_string());
                }
            }
            Err(e) => report.path_errors.push(PathError::Walk {
                path: dir.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    if files.len() == before {
        report.empty_folders.push(EmptyFolder {
            path: dir.display().to_string(),
            skipped,
        });
    }
}

/// One file to load, with its configuration.
struct Job {
    input: Input,
    config: Arc<crate::config::Config>,
}

/// Loads every input and runs every rule. Files are loaded and checked in
/// parallel; the result keeps the order of the inputs.
pub fn check(inputs: &[Input], options: &RuleOptions, resolver: &mut Resolver) -> CheckReport {
    let mut report = CheckReport::default();
    let mut jobs = Vec::new();
    // A file reached through two paths (`check . a.sop.yaml`) is checked once.
    let mut seen = std::collections::HashSet::new();
    let mut folders = HashMap::new();
    for input in inputs {
        let expanded = match input {
            Input::Path(path) => discover(std::slice::from_ref(path), &mut report)
                .into_iter()
                .map(|found| {
                    let key = real_path(&found, &mut folders);
                    (Input::Path(found.path), Some(key))
                })
                .collect(),
            stdin @ Input::Stdin { .. } => vec![(stdin.clone(), None)],
        };
        for (input, key) in expanded {
            if let Some(key) = key
                && !seen.insert(key)
            {
                continue;
            }
            let path = match &input {
                Input::Path(path) => path.clone(),
                Input::Stdin { name, .. } => name.clone(),
            };
            match resolver.for_file(&path) {
                Ok(Some(config)) => jobs.push(Job { input, config }),
                Ok(None) => report.unchecked.push(path),
                Err(error) => {
                    report.config_errors.push(error);
                    report.unchecked.push(path);
                }
            }
        }
    }
    let results: Vec<_> = jobs
        .into_par_iter()
        .map(|job| {
            let limit = job.config.max_file_bytes;
            let loaded = match job.input {
                Input::Path(path) => load::load_path(&path, limit).map_err(|e| (path, e)),
                Input::Stdin { name, bytes } if bytes.len() as u64 > limit => {
                    let size = (bytes.len() as u64).div_ceil(1024 * 1024);
                    let limit = limit / (1024 * 1024);
                    Err((name, load::ReadError::TooLarge { size, limit }))
                }
                Input::Stdin { name, bytes } => Ok(load::load_bytes(&name, bytes)),
            };
            loaded.map(|mut file| {
                file.config = job.config;
                if options.parse_only {
                    return file;
                }
                check_loaded(file, options)
            })
        })
        .collect();
    for result in results {
        match result {
            Ok(file) => report.files.push(file),
            Err((path, source)) => report.path_errors.push(PathError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }
    rules::check_across(&mut report.files);
    crate::fix::step_ids::attach(&mut report.files);
    for file in &mut report.files {
        suppress::finish(file);
    }
    report
}

/// Checks paths as given on the command line.
pub fn check_paths(
    paths: &[PathBuf],
    options: &RuleOptions,
    resolver: &mut Resolver,
) -> CheckReport {
    let inputs: Vec<Input> = paths.iter().cloned().map(Input::Path).collect();
    check(&inputs, options, resolver)
}

/// Checks `paths` with the configuration read afresh: `--config FILE`
/// when given, else each file's nearest `sopkit.toml`. For the commands
/// that check again and again (`check --watch`, `serve`), where a
/// configuration that went bad is one more problem to show, not the end:
/// a bad `--config` file leaves every file unchecked, with its error.
pub fn check_with_config(
    paths: &[PathBuf],
    options: &RuleOptions,
    config: Option<&Path>,
) -> CheckReport {
    match Resolver::new(config) {
        Ok(mut resolver) => check_paths(paths, options, &mut resolver),
        Err(error) => CheckReport {
            unchecked: find_files(paths),
            config_errors: vec![error],
            ..CheckReport::default()
        },
    }
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
            config: &file.config,
        };
        rules::check_file(&ctx, &mut file.diagnostics);
        file.flow = Some(flow);
    }
    file
}
