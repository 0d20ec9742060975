//! The manifest of a built site: the files `sopkit build` wrote, so that a
//! later build removes the pages of SOPs that are gone, and never touches a
//! file it did not write.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::write_atomic;

/// The manifest's file name in a built site's folder.
pub(crate) const MANIFEST: &str = ".sopkit-manifest";
const MANIFEST_HEADER: &str =
    "# Files written by `sopkit build`; a later build removes the ones it no longer writes.";

/// The files a build wrote into its output folder, relative to it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub(crate) files: BTreeSet<PathBuf>,
}

impl Manifest {
    /// The manifest in `out`, if sopkit wrote one there. Lines that are not
    /// plain relative paths inside `out` are ignored: a manifest can never
    /// make sopkit delete anything outside its own pages.
    pub(crate) fn read(out: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
        if !text.starts_with(MANIFEST_HEADER) {
            return None;
        }
        let files = text
            .lines()
            .skip(1)
            .map(PathBuf::from)
            .filter(|p| {
                !p.as_os_str().is_empty()
                    && p.components().all(|c| matches!(c, Component::Normal(_)))
            })
            .collect();
        Some(Self { files })
    }

    pub(crate) fn write(&self, out: &Path) -> io::Result<()> {
        let mut text = String::from(MANIFEST_HEADER);
        text.push('\n');
        for file in &self.files {
            text.push_str(&file.to_string_lossy());
            text.push('\n');
        }
        write_atomic(&out.join(MANIFEST), text.as_bytes())
    }

    /// Removes the files of `self` that `now` no longer has, and the folders
    /// that removing them left empty. Returns the files removed.
    pub(crate) fn prune(&self, now: &Self, out: &Path) -> Vec<PathBuf> {
        let mut removed = Vec::new();
        for gone in self.files.difference(&now.files) {
            let path = out.join(gone);
            if path.is_file() && std::fs::remove_file(&path).is_ok() {
                removed.push(gone.clone());
                let mut folder = gone.parent();
                while let Some(dir) = folder.filter(|d| !d.as_os_str().is_empty()) {
                    if std::fs::remove_dir(out.join(dir)).is_err() {
                        break;
                    }
                    folder = dir.parent();
                }
            }
        }
        removed
    }
}
