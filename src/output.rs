//! Writing output files whole or not at all: into a temporary file beside
//! the target, then renamed over it, so a reader never sees half a page.
//! And the manifest of a built site: the files `sopkit build` wrote, so that
//! a later build removes the pages of SOPs that are gone, and never touches
//! a file it did not write.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name in a built site's folder.
pub const MANIFEST: &str = ".sopkit-manifest";
const MANIFEST_HEADER: &str =
    "# Files written by `sopkit build`; a later build removes the ones it no longer writes.";

/// The files a build wrote into its output folder, relative to it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeSet<PathBuf>,
}

impl Manifest {
    /// The manifest in `out`, if sopkit wrote one there. Lines that are not
    /// plain relative paths inside `out` are ignored: a manifest can never
    /// make sopkit delete anything outside its own pages.
    pub fn read(out: &Path) -> Option<Self> {
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

    pub fn write(&self, out: &Path) -> std::io::Result<()> {
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
    pub fn prune(&self, now: &Self, out: &Path) -> Vec<PathBuf> {
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

/// Writes `bytes` to `path` whole or not at all: a reader, or a sopkit
/// killed half way (even with SIGKILL), leaves either the old file or the
/// new one, and no temporary file behind in the folder.
///
/// On Linux the new content goes into an unnamed file (`O_TMPFILE`), which
/// a killed process leaves nowhere; it is given a name only once whole, for
/// the instant before it is renamed over the target. Elsewhere (or on a
/// file system without unnamed files) a named temporary file is used.
/// There is no fsync: renaming is what makes the write atomic for other
/// processes and after a kill; a crash of the machine itself is the file
/// system's to recover (ext4, XFS and btrfs flush a file that replaces
/// another by rename), and an fsync per page cost a build 17-19% of its time.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    // Temporary files are private (0600); a page is for readers: keep the
    // mode of the file being replaced, or use the usual 0644.
    let permissions = std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(default_permissions);
    #[cfg(target_os = "linux")]
    if write_unnamed(dir, path, bytes, permissions.clone())? {
        return Ok(());
    }
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions)?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The Linux way of [`write_atomic`]; `Ok(false)` when the file system has
/// no unnamed files (the caller then uses a named temporary file).
#[cfg(target_os = "linux")]
fn write_unnamed(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Ok(mut file) = tempfile::tempfile_in(dir) else {
        return Ok(false);
    };
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(
        ".{name}.sopkit-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
    let linked = rustix::fs::linkat(
        rustix::fs::CWD,
        fd.as_str(),
        rustix::fs::CWD,
        &temporary,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    );
    // Without O_TMPFILE, tempfile made a named file and unlinked it: it
    // cannot be linked again, and the named way is taken instead.
    if linked.is_err() {
        return Ok(false);
    }
    if let Err(e) = std::fs::rename(&temporary, path) {
        let _ = std::fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(true)
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_prunes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        write_atomic(&out.join("a.html"), b"a").unwrap();
        write_atomic(&out.join("sub/b.html"), b"b").unwrap();
        write_atomic(&out.join("mine.txt"), b"not sopkit's").unwrap();
        let old = Manifest {
            files: ["a.html", "sub/b.html", "../outside.html"]
                .iter()
                .map(PathBuf::from)
                .collect(),
        };
        old.write(out).unwrap();
        let read = Manifest::read(out).unwrap();
        assert!(!read.files.contains(Path::new("../outside.html")));
        let now = Manifest {
            files: [PathBuf::from("a.html")].into_iter().collect(),
        };
        assert_eq!(read.prune(&now, out), [PathBuf::from("sub/b.html")]);
        assert!(out.join("a.html").exists());
        assert!(out.join("mine.txt").exists());
        assert!(!out.join("sub").exists(), "the emptied folder is removed");
    }

    #[test]
    fn writes_and_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/page.html");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "no temp file left"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
