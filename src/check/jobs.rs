//! What `check` loads: every input once, with the configuration that
//! governs it, and how each is loaded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CheckReport, Found, Input, discover};
use crate::config::Resolver;
use crate::diagnostic::Diagnostic;
use crate::load::{self, LoadedFile};
use crate::rules::RuleOptions;

/// One file to load, with its configuration.
pub(super) struct Job {
    input: Input,
    /// Where a link out of a folder leads: the file is not read.
    outside: Option<PathBuf>,
    config: Arc<crate::config::Config>,
}

impl Job {
    /// The file loaded (not yet checked).
    pub(super) fn load(self) -> LoadedFile {
        let limit = self.config.max_file_bytes;
        let mut file = match (self.input, self.outside) {
            (Input::Path(link), Some(target)) => link_outside(&link, &target),
            (Input::Path(path), None) => load::load_path(&path, limit),
            (Input::Stdin { name, bytes }, _) if bytes.len() as u64 > limit => {
                let size = (bytes.len() as u64).div_ceil(1024 * 1024);
                let limit = limit / (1024 * 1024);
                load::unreadable(&name, &load::ReadError::TooLarge { size, limit })
            }
            (Input::Stdin { name, bytes }, _) => load::load_bytes(&name, bytes),
        };
        file.config = self.config;
        file
    }
}

/// Every input to check, each file once, with its configuration; the
/// files found in folders in their place. What cannot be checked goes to
/// `report` (an unreadable folder, a file without a configuration).
pub(super) fn jobs(
    inputs: &[Input],
    options: &RuleOptions,
    resolver: &mut Resolver,
    report: &mut CheckReport,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    // A file reached through two paths (`check . a.sop.yaml`) is checked once.
    let mut seen = std::collections::HashSet::new();
    let mut folders = HashMap::new();
    for input in inputs {
        let expanded: Vec<(Input, Option<PathBuf>, bool)> = match input {
            Input::Path(path) => discover(std::slice::from_ref(path), options.follow_links, report)
                .into_iter()
                .map(|found| match found {
                    Found::Read(path) => (Input::Path(path), None, false),
                    Found::InFolder(path) => (Input::Path(path), None, true),
                    Found::LinkOutside { link, target } => (Input::Path(link), Some(target), false),
                })
                .collect(),
            stdin @ Input::Stdin { .. } => vec![(stdin.clone(), None, false)],
        };
        for (input, outside, in_folder) in expanded {
            let path = match &input {
                Input::Path(path) => {
                    // A link not followed is known by its own path, so that
                    // the file it leads to, named too, is still read.
                    let key = match outside {
                        Some(_) => std::path::absolute(path).unwrap_or_else(|_| path.clone()),
                        None => real_path(path, in_folder, &mut folders),
                    };
                    if !seen.insert((key, outside.is_some())) {
                        continue;
                    }
                    path.clone()
                }
                Input::Stdin { name, .. } => name.clone(),
            };
            match resolver.for_file(&path) {
                Ok(Some(config)) => jobs.push(Job {
                    input,
                    outside,
                    config,
                }),
                Ok(None) => report.unchecked.push(path),
                Err(error) => {
                    report.config_errors.push(error);
                    report.unchecked.push(path);
                }
            }
        }
    }
    jobs
}

/// The real path of a file found, to check each file once however it was
/// reached. A regular file met in a folder (`in_folder`) has its folder
/// resolved once for all its files: a thousand files in ten folders cost
/// ten lookups, not a thousand.
fn real_path(
    path: &Path,
    in_folder: bool,
    folders: &mut HashMap<PathBuf, Option<PathBuf>>,
) -> PathBuf {
    let via_folder = match (in_folder, path.parent(), path.file_name()) {
        (true, Some(parent), Some(name)) => folders
            .entry(parent.to_path_buf())
            .or_insert_with(|| parent.canonicalize().ok())
            .as_ref()
            .map(|folder| folder.join(name)),
        _ => None,
    };
    via_folder.unwrap_or_else(|| path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
}

/// The warning for a link out of the folder: the link's own path, and
/// nothing read from where it leads.
fn link_outside(link: &Path, target: &Path) -> LoadedFile {
    let source = Arc::new(crate::source::SourceFile::new(link, ""));
    let diagnostic = Diagnostic::new(
        crate::rule::Rule::IoLinkOutside,
        crate::source::Span::new(0, 0),
        format!(
            "this is a symbolic link to `{}`, outside the folder being checked: it is not followed",
            target.display()
        ),
    )
    .with_help("copy the file into the folder, or pass --follow-links to follow links out of it");
    LoadedFile::new(source, None, vec![diagnostic])
}
