//! Writing output files whole or not at all: into a temporary file beside
//! the target, then renamed over it, so a reader never sees half a page.
//! And the manifest of a built site: the files `sopkit build` wrote, so that
//! a later build removes the pages of SOPs that are gone, and never touches
//! a file it did not write.
//!
//! Only a regular file is replaced (issue 23: `render -o /dev/null` run as
//! root replaced the machine's `/dev/null` with a regular file). A device,
//! a FIFO, or what `/dev/stdout` leads to is opened and written, as `cp`
//! and `tee` do. A symbolic link is followed and the file it leads to is
//! replaced, the link kept, as ruff and prettier do (`check --fix` on a
//! linked SOP replaced the link with a fixed copy). See [`destination`].

mod manifest;

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) use self::manifest::{MANIFEST, Manifest};

/// Writes `bytes` to `path` whole or not at all: a reader, or a sopkit
/// killed half way (even with SIGKILL), finds either the old file or the
/// new one, and no temporary file in the folder. See [`Staging`].
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `fill` writes, streamed to the file through a
/// buffer rather than held in memory first. If `fill` fails, nothing is
/// written and the old file stays.
pub(crate) fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match destination(path)? {
        Destination::Stream => write_stream(path, fill),
        Destination::File(file) => {
            let folder = folder_of(&file);
            std::fs::create_dir_all(folder)?;
            Staging::for_folder(folder).write_file(&file, fill)
        }
    }
}

/// What writing to a path writes to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Destination {
    /// A regular file, or none yet: made anew and renamed into place. The
    /// path is the file's own, a symbolic link to it followed.
    File(PathBuf),
    /// A device, a FIFO, or what a link into `/proc` (`/dev/stdout`,
    /// `/dev/fd/N`) leads to: opened and written in place.
    Stream,
}

/// Where writing to `path` writes, without changing anything. A folder
/// is an error, as is a chain of links that never ends.
pub(crate) fn destination(path: &Path) -> io::Result<Destination> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Destination::File(path.to_path_buf()));
        }
        result => result?,
    };
    if !meta.file_type().is_symlink() {
        return kind_of(&meta).map(|()| match meta.is_file() {
            true => Destination::File(path.to_path_buf()),
            false => Destination::Stream,
        });
    }
    let (target, through_proc) = follow_links(path)?;
    if through_proc {
        // `/dev/stdout` is what the shell opened: write to it as it is.
        return Ok(Destination::Stream);
    }
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Destination::File(target)),
        Err(e) => Err(e),
        Ok(meta) => kind_of(&meta).map(|()| match meta.is_file() {
            true => Destination::File(target),
            false => Destination::Stream,
        }),
    }
}

/// `Ok` for what may be written to: anything but a folder.
fn kind_of(meta: &std::fs::Metadata) -> io::Result<()> {
    if meta.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
    }
    Ok(())
}

/// The path a chain of symbolic links ends at (which need not exist), and
/// whether the chain passes through `/proc`, where links name open files.
fn follow_links(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut at = path.to_path_buf();
    let mut through_proc = false;
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {}
            _ => return Ok((at, through_proc)),
        }
        let target = std::fs::read_link(&at)?;
        at = match target.is_absolute() {
            true => target,
            false => folder_of(&at).join(target),
        };
        through_proc |= at.starts_with("/proc");
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// Writes what `fill` writes to a device, a FIFO or an open file, in place:
/// opened for writing (never created), and written through a buffer.
fn write_stream(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    fill_file(&mut file, fill)
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Where new files are made before they take their place in an output
/// folder, so that a killed sopkit leaves nothing half-written there.
///
/// On Linux the content goes into an unnamed file (`O_TMPFILE`) made in
/// the output folder and given a name, while still empty, in a staging
/// folder *beside* the output folder (same file system); once whole it is
/// renamed into place. A process killed half way leaves its half file in
/// the staging folder, never in the output folder, and the next run
/// removes a staging folder left by a killed one. Where that cannot be done (another system, no unnamed
/// files, a read-only parent), a named temporary file in the output folder
/// is used, as most tools do.
///
/// There is no fsync: the rename is what makes the write atomic for other
/// processes and after a kill; a crash of the machine itself is the file
/// system's to recover (ext4, XFS and btrfs flush a file that replaces
/// another by rename), and an fsync per page cost a build 17-19% of its time.
pub(crate) struct Staging {
    dir: Option<PathBuf>,
    /// Refuse to write into what is not a regular file (a site's pages).
    files_only: bool,
}

impl Staging {
    /// A staging folder for files written into `folder` (or below it).
    pub(crate) fn for_folder(folder: &Path) -> Self {
        Self {
            dir: staging_dir(folder),
            files_only: false,
        }
    }

    /// Refuses to write into a device or a FIFO: a site is files, and a
    /// FIFO where a page goes would block the build.
    #[must_use]
    pub(crate) fn files_only(mut self) -> Self {
        self.files_only = true;
        self
    }

    /// Writes `bytes` to `path`, whole or not at all.
    pub(crate) fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.write_with(path, |out| out.write_all(bytes))
    }

    /// Writes what `fill` writes to `path`, whole or not at all (see
    /// [`destination`] for what is not a regular file).
    pub(crate) fn write_with(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        match destination(path)? {
            Destination::Stream if self.files_only => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is not a regular file (a device, a FIFO or a socket); it is not written",
                    path.display()
                ),
            )),
            Destination::Stream => write_stream(path, fill),
            Destination::File(file) => self.write_file(&file, fill),
        }
    }

    /// Writes a regular file (or a new one) whole or not at all.
    fn write_file(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let folder = folder_of(path);
        std::fs::create_dir_all(folder)?;
        // Temporary files are private (0600); a page is for readers: keep
        // the mode of the file being replaced, or use the usual 0644.
        let permissions = std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions())
            .or_else(default_permissions);
        let mut fill = Some(fill);
        #[cfg(target_os = "linux")]
        if let Some(staging) = &self.dir
            && write_unnamed(staging, path, &mut fill, permissions.clone())?
        {
            return Ok(());
        }
        let fill = fill.expect("invariant: write_unnamed fills only the files it keeps");
        let mut file = tempfile::NamedTempFile::new_in(folder)?;
        fill_file(file.as_file_mut(), fill)?;
        if let Some(permissions) = permissions {
            file.as_file().set_permissions(permissions)?;
        }
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// `PARENT/.NAME.sopkit-staging-PID` for the folder `PARENT/NAME`, created,
/// after removing those that killed runs left; `None` where it cannot be.
fn staging_dir(folder: &Path) -> Option<PathBuf> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let folder = std::path::absolute(folder).ok()?;
    let parent = folder.parent()?;
    let prefix = format!(".{}.sopkit-staging-", folder.file_name()?.to_string_lossy());
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let dead = name
                .strip_prefix(&prefix)
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
            if dead {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = parent.join(format!("{prefix}{}", std::process::id()));
    match std::fs::create_dir(&dir) {
        Ok(()) => Some(dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Some(dir),
        Err(_) => None,
    }
}

/// The content of a file, through a buffer.
fn fill_file(
    file: &mut File,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    fill(&mut out)?;
    out.flush()
}

/// The Linux way of [`Staging::write_with`]; `Ok(false)` when it cannot be
/// used here (no unnamed files, or the staging folder on another file
/// system), found out before `fill` is taken: the caller then uses a named
/// temporary file.
#[cfg(target_os = "linux")]
fn write_unnamed<F: FnOnce(&mut dyn Write) -> io::Result<()>>(
    staging: &Path,
    path: &Path,
    fill: &mut Option<F>,
    permissions: Option<std::fs::Permissions>,
) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Ok(mut file) = tempfile::tempfile_in(folder_of(path)) else {
        return Ok(false);
    };
    // The file is given its staging name while still empty: if it cannot
    // be, nothing has been written yet and the caller can go another way.
    // A run killed while writing leaves the half file in the staging
    // folder, never in the output folder, and the next run removes it.
    let temporary = staging.join(format!(
        "{}-{}",
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
    // cannot be linked again. Across file systems a link fails too.
    if linked.is_err() {
        return Ok(false);
    }
    let fill = fill.take().expect("invariant: filled once");
    let written = fill_file(&mut file, fill).and_then(|()| match permissions {
        Some(permissions) => file.set_permissions(permissions),
        None => Ok(()),
    });
    // The link succeeded, so the staging folder and `path` share a file
    // system and the rename is atomic.
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, path)) {
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

    #[cfg(unix)]
    #[test]
    fn destinations_of_files_links_and_special_files() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        std::fs::write(at("file"), "x").unwrap();
        symlink("file", at("link")).unwrap();
        symlink("link", at("link-to-link")).unwrap();
        symlink("sub/new", at("dangling")).unwrap();
        symlink("/proc/self/fd/1", at("stdout")).unwrap();
        symlink("loop", at("loop")).unwrap();
        std::fs::create_dir(at("folder")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(at("socket")).unwrap();
        let file = |name: &str| Destination::File(at(name));
        assert_eq!(destination(&at("file")).unwrap(), file("file"));
        assert_eq!(destination(&at("new")).unwrap(), file("new"));
        assert_eq!(destination(&at("link")).unwrap(), file("file"));
        assert_eq!(destination(&at("link-to-link")).unwrap(), file("file"));
        assert_eq!(destination(&at("dangling")).unwrap(), file("sub/new"));
        assert_eq!(destination(&at("stdout")).unwrap(), Destination::Stream);
        assert_eq!(destination(&at("socket")).unwrap(), Destination::Stream);
        assert!(destination(&at("loop")).is_err());
        assert!(destination(&at("folder")).is_err());
        // Written through the dangling link: the file is made where it points.
        write_atomic(&at("dangling"), b"made").unwrap();
        assert_eq!(std::fs::read_to_string(at("sub/new")).unwrap(), "made");
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

    #[test]
    fn a_stream_that_fails_half_way_leaves_the_old_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/picture.bpmn");
        write_atomic(&path, b"old").unwrap();
        let failed = write_atomic_with(&path, |out| {
            out.write_all(&[b'x'; 200_000])?;
            Err(io::Error::other("the picture is too large"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "the picture is too large");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["picture.bpmn"], "no temporary file left");
        let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "no staging folder left beside it");
        write_atomic_with(&path, |out| out.write_all(&[b'y'; 200_000])).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'y'; 200_000]);
    }
}
