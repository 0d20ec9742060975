//! `sopkit check` as a library call: find the files, resolve each file's
//! configuration, load and check the files in parallel, run the cross-file
//! rules, and hand back everything found.

mod jobs;
mod step_ids;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{ConfigError, Resolver};
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::format::{SourceFormat, is_sop_file_name};
use crate::load::LoadedFile;
use crate::prose::ProseIndex;
use crate::rule::Severity;
use crate::rules::{self, FileContext, RuleOptions};
use crate::suppress;

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
    #[error("{path}: {message}")]
    Walk { path: String, message: String },
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
    /// searched (a file that cannot be read is an `io/unreadable` diagnostic).
    pub(crate) fn has_missing_paths(&self) -> bool {
        self.path_errors
            .iter()
            .any(|e| matches!(e, PathError::NotFound { .. }))
    }

    /// Whether a path or a configuration could not be used (exit code 2).
    pub(crate) fn has_usage_errors(&self) -> bool {
        !self.path_errors.is_empty() || !self.config_errors.is_empty()
    }
}

/// Files a writer may have meant as SOPs: YAML or Markdown by extension.
fn looks_like_a_source(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        SourceFormat::ALL
            .iter()
            .any(|f| f.extensions().contains(&e))
    })
}

/// A file to check, as the search found it.
#[derive(Debug, Clone)]
enum Found {
    /// To be read: a file named, or anything but a plain file found in a
    /// folder.
    Read(PathBuf),
    /// To be read: a regular file met in a folder, not through a symbolic
    /// link: its real path is its folder's real path and its name.
    InFolder(PathBuf),
    /// Not to be read: a symbolic link found in a folder, whose target lies
    /// outside the folder (`io/link-outside`).
    LinkOutside { link: PathBuf, target: PathBuf },
}

/// Expands the given paths: a file is taken whatever its name (a link
/// named is followed); a directory is searched recursively for SOP files,
/// honouring `.gitignore`.
fn discover(paths: &[PathBuf], follow_links: bool, report: &mut CheckReport) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                report.path_errors.push(PathError::NotFound { path: shown });
            }
            Ok(meta) if meta.is_dir() => walk_dir(path, follow_links, &mut found, report),
            // Anything else named is a file to read: one that cannot be
            // read is `io/unreadable`.
            _ => found.push(Found::Read(path.clone())),
        }
    }
    found
}

/// The SOP files under `paths`, found as `check` finds them (links out of
/// a folder left out), without the problems of the search (for the
/// language server's workspace).
pub(crate) fn find_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    discover(paths, false, &mut CheckReport::default())
        .into_iter()
        .filter_map(|f| match f {
            Found::Read(path) | Found::InFolder(path) => Some(path),
            Found::LinkOutside { .. } => None,
        })
        .collect()
}

fn walk_dir(dir: &Path, follow_links: bool, found: &mut Vec<Found>, report: &mut CheckReport) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(follow_links)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let root = dir.canonicalize().ok();
    let before = found.len();
    let mut skipped = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_dir = entry.file_type().is_none_or(|t| t.is_dir());
                if is_dir {
                    continue;
                }
                if !is_sop_file_name(entry.path()) {
                    if looks_like_a_source(entry.path()) {
                        skipped.push(entry.path().display().to_string());
                    }
                    continue;
                }
                // FIFOs, sockets and devices with an SOP's name are taken
                // too: loading refuses what is not a file with a diagnostic
                // instead of skipping it silently. A link is followed when
                // it stays inside the folder (or with --follow-links).
                let is_link = entry.file_type().is_some_and(|t| t.is_symlink());
                if is_link && let Ok(target) = entry.path().canonicalize() {
                    if root.as_ref().is_some_and(|root| !target.starts_with(root)) {
                        // Named as the link names it (what `ls -l` shows).
                        let target = std::fs::read_link(entry.path()).unwrap_or(target);
                        found.push(Found::LinkOutside {
                            link: entry.into_path(),
                            target,
                        });
                        continue;
                    }
                    if target.is_dir() {
                        continue; // a link to a folder inside: not followed, as a folder
                    }
                }
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    found.push(Found::InFolder(entry.into_path()));
                } else {
                    found.push(Found::Read(entry.into_path()));
                }
            }
            // A file with an SOP's name that cannot be looked at (a link
            // to nothing, with --follow-links) is read, to be reported as
            // `io/unreadable`.
            Err(e) => match file_of(&e).filter(|p| is_sop_file_name(p)) {
                Some(path) => found.push(Found::Read(path.to_path_buf())),
                None => report.path_errors.push(PathError::Walk {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                }),
            },
        }
    }
    if found.len() == before {
        report.empty_folders.push(EmptyFolder {
            path: dir.display().to_string(),
            skipped,
        });
    }
}

/// The file a search error is about, if it is about one file.
fn file_of(error: &ignore::Error) -> Option<&Path> {
    let is_io = |mut e: &ignore::Error| loop {
        match e {
            ignore::Error::Io(_) => return true,
            ignore::Error::WithDepth { err, .. } => e = err,
            _ => return false,
        }
    };
    match error {
        ignore::Error::WithPath { path, err } if is_io(err) => Some(path),
        ignore::Error::WithDepth { err, .. } => file_of(err),
        _ => None,
    }
}

/// Loads every input and runs every rule. Files are loaded and checked in
/// parallel; the result keeps the order of the inputs.
pub fn check(inputs: &[Input], options: &RuleOptions, resolver: &mut Resolver) -> CheckReport {
    let mut report = CheckReport::default();
    let jobs = jobs::jobs(inputs, options, resolver, &mut report);
    let files: Vec<LoadedFile> = jobs
        .into_par_iter()
        .map(|job| {
            let file = job.load();
            if options.parse_only {
                return file;
            }
            check_loaded(file, options)
        })
        .collect();
    report.files.extend(files);
    rules::check_across(&mut report.files);
    step_ids::attach(&mut report.files);
    for file in &mut report.files {
        suppress::finish(file);
    }
    report
}

/// Checks paths as given on the command line.
pub(crate) fn check_paths(
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
pub(crate) fn check_with_config(
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
