//! Checking what the editor sees with exactly `check`'s pipeline: the
//! open SOP documents, from their in-memory text, and every other SOP file
//! of the workspace folders, from disk, checked together, so that each
//! file gets its `sopkit.toml`, its suppressions and the cross-file rules
//! (`meta/duplicate-id`, translations) as `sopkit check` would give them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::check::{CheckReport, Input, check, find_files};
use crate::config::Resolver;
use crate::fix::session;
use crate::load::LoadedFile;
use crate::rules::RuleOptions;

use super::documents::Documents;

/// The workspace folders and the SOP files found in them.
#[derive(Debug, Default)]
pub(super) struct Workspace {
    roots: Vec<PathBuf>,
    files: Vec<PathBuf>,
    /// The files must be searched for again (a file was created, deleted or saved).
    stale: bool,
}

impl Workspace {
    pub(super) fn new(roots: Vec<PathBuf>) -> Self {
        Self {
            roots,
            files: Vec::new(),
            stale: true,
        }
    }

    pub(super) fn mark_stale(&mut self) {
        self.stale = true;
    }

    fn files(&mut self) -> &[PathBuf] {
        if self.stale {
            self.files = if self.roots.is_empty() {
                Vec::new()
            } else {
                find_files(&self.roots)
            };
            self.stale = false;
        }
        &self.files
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// What to check: the open SOP documents as their text, then the other
/// SOP files of the workspace from disk.
fn inputs(documents: &Documents, workspace: &mut Workspace) -> Vec<Input> {
    let open = documents.sops();
    let open_paths: HashSet<PathBuf> = open.iter().map(|d| canonical(&d.path)).collect();
    let mut inputs: Vec<Input> = open
        .iter()
        .map(|d| Input::Stdin {
            name: d.path.clone(),
            bytes: d.text.clone().into_bytes(),
        })
        .collect();
    inputs.extend(
        workspace
            .files()
            .iter()
            .filter(|p| !open_paths.contains(&canonical(p)))
            .map(|p| Input::Path(p.clone())),
    );
    inputs
}

fn resolver() -> Option<Resolver> {
    Resolver::new(None).ok()
}

/// The result of one check of the workspace.
#[derive(Debug, Default)]
pub(super) struct Analysis {
    pub(super) report: CheckReport,
}

impl Analysis {
    pub(super) fn run(documents: &Documents, workspace: &mut Workspace) -> Self {
        let inputs = inputs(documents, workspace);
        let Some(mut resolver) = resolver() else {
            return Self::default();
        };
        Self {
            report: check(&inputs, &RuleOptions::default(), &mut resolver),
        }
    }

    /// The checked file at `path`.
    pub(super) fn file(&self, path: &Path) -> Option<&LoadedFile> {
        self.report.files.iter().find(|f| f.source.path() == path)
    }

    /// Whether the file at `path` was left unchecked because the
    /// `sopkit.toml` that governs it has errors.
    pub(super) fn unchecked(&self, path: &Path) -> bool {
        self.report.unchecked.iter().any(|p| p == path)
    }
}

/// The text of the document at `path` after every safe fix, repeated until
/// nothing changes, as `sopkit check --fix` would write it; `None` when
/// there is nothing to fix (or the fixes were refused).
pub(super) fn fix_all(
    documents: &Documents,
    workspace: &mut Workspace,
    path: &Path,
) -> Option<String> {
    let inputs = inputs(documents, workspace);
    let mut resolver = resolver()?;
    let run = session::run(&inputs, &RuleOptions::default(), &mut resolver, Some(path));
    run.files
        .into_iter()
        .find(|f| f.path == path && f.changed())
        .map(|f| f.text)
}
