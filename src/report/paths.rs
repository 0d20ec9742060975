//! The folder that the paths of `json`, `sarif` and `github` output are
//! relative to: `check --root DIR`, by default the current folder. GitHub
//! code scanning and pull-request annotations find a file by its path from
//! the repository's root, wherever `sopkit check` ran.

use std::path::{Component, Path, PathBuf};

/// The folder paths are shown relative to.
#[derive(Debug, Clone)]
pub struct Root {
    dir: PathBuf,
}

impl Root {
    /// Paths relative to `dir`.
    pub fn new(dir: &Path) -> Self {
        Self { dir: real(dir) }
    }

    /// Paths relative to the current folder.
    pub fn current_dir() -> Self {
        Self::new(Path::new("."))
    }

    /// The path from the root to `file`, `/`-separated: `sops/a.sop.yaml`,
    /// or `../other/a.sop.yaml` for a file outside the root. `None` when no
    /// relative path leads there (another drive, on Windows).
    pub fn relative(&self, file: &Path) -> Option<String> {
        // The folder is resolved (a link or `..` in it is followed), the
        // file's own name is kept: a linked SOP is shown by its link's name.
        let file = match (file.parent(), file.file_name()) {
            (Some(parent), Some(name)) => real(parent).join(name),
            _ => real(file),
        };
        let (mut from, mut to) = (
            self.dir.components().peekable(),
            file.components().peekable(),
        );
        if from.peek() != to.peek() {
            return None;
        }
        while from.peek().is_some() && from.peek() == to.peek() {
            from.next();
            to.next();
        }
        let mut segments: Vec<String> = from.map(|_| "..".to_owned()).collect();
        segments.extend(to.map(|c| c.as_os_str().to_string_lossy().into_owned()));
        Some(segments.join("/"))
    }

    /// The root itself, absolute.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// `path` absolute, its links resolved where it exists, else with `.` and
/// `..` taken away as written.
fn real(path: &Path) -> PathBuf {
    let folder = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    folder.canonicalize().unwrap_or_else(|_| {
        let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut out = PathBuf::new();
        for component in absolute.components() {
            match component {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_and_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join("repo/sops/a")).unwrap();
        std::fs::create_dir_all(top.join("other")).unwrap();
        let root = Root::new(&top.join("repo"));
        let shown = |p: PathBuf| root.relative(&p).unwrap();
        assert_eq!(
            shown(top.join("repo/sops/a/x.sop.yaml")),
            "sops/a/x.sop.yaml"
        );
        assert_eq!(
            shown(top.join("repo/sops/a/../b c.sop.md")),
            "sops/b c.sop.md"
        );
        assert_eq!(shown(top.join("other/y.sop.yaml")), "../other/y.sop.yaml");
        assert_eq!(shown(top.join("repo/new/z.sop.yaml")), "new/z.sop.yaml");
        assert_eq!(shown(top.join("repo")), "");
    }

    #[cfg(unix)]
    #[test]
    fn a_root_named_through_a_link_finds_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(top.join("real/sops")).unwrap();
        std::os::unix::fs::symlink(top.join("real"), top.join("link")).unwrap();
        let root = Root::new(&top.join("link"));
        assert_eq!(
            root.relative(&top.join("real/sops/x.sop.yaml")).unwrap(),
            "sops/x.sop.yaml"
        );
    }
}
