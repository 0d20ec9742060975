//! Watching SOP files for `check --watch` and `serve`: which folders to
//! watch, which file-system events matter, waiting until a burst of them is
//! over, and Ctrl-C.
//!
//! Folders are watched one by one, not recursively: the folders `check`
//! searches (so `.gitignore`d ones such as `target/` cost no watch), the
//! folder of each file given, and the folder of each `sopkit.toml` in use,
//! wherever it is. After every check the set is brought up to date, so a new
//! folder is watched from the next check on (and its files are found by
//! that check anyway).
//!
//! An editor's save is several events (vim: rename to a backup, write,
//! chmod; others: write a temporary file, rename it over the SOP), and a
//! `git checkout` is many: [`Watch::wait`] returns once no relevant event
//! came for [`QUIET`], so a burst is checked once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use notify::{EventKind, RecursiveMode};

use crate::check::CheckReport;
use crate::config::FILE_NAME as CONFIG_FILE_NAME;
use crate::format::is_sop_file_name;

/// How long events must stop before the files are checked again: an
/// editor's save takes a few milliseconds, a person notices 200.
pub(crate) const QUIET: Duration = Duration::from_millis(150);

/// How often files are looked at when the system cannot report changes.
const POLL: Duration = Duration::from_millis(500);

/// A stream of events that never stops for [`QUIET`] is checked anyway after this.
const LONGEST_WAIT: Duration = Duration::from_secs(1);

/// The signal to stop: Ctrl-C (or SIGTERM), or a part of sopkit that
/// cannot go on. Every clone sees it; threads wait on [`Stop::receiver`],
/// which becomes disconnected when the signal fires.
#[derive(Clone)]
pub(crate) struct Stop {
    sender: Arc<Mutex<Option<Sender<()>>>>,
    receiver: Receiver<()>,
}

impl Default for Stop {
    fn default() -> Self {
        let (sender, receiver) = crossbeam_channel::bounded(0);
        Self {
            sender: Arc::new(Mutex::new(Some(sender))),
            receiver,
        }
    }
}

impl Stop {
    /// A stop signal that Ctrl-C fires. Can be set up once per process.
    pub(crate) fn on_ctrl_c() -> Result<Self, String> {
        let stop = Self::default();
        let handler = stop.clone();
        ctrlc::set_handler(move || handler.fire())
            .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
        Ok(stop)
    }

    pub(crate) fn fire(&self) {
        // Dropping the only sender disconnects every receiver.
        if let Ok(mut sender) = self.sender.lock() {
            sender.take();
        }
    }

    pub(crate) fn fired(&self) -> bool {
        matches!(
            self.receiver.try_recv(),
            Err(crossbeam_channel::TryRecvError::Disconnected)
        )
    }

    /// Ready (disconnected) once the signal fired; for `select!`.
    pub(crate) fn receiver(&self) -> &Receiver<()> {
        &self.receiver
    }
}

/// The watched paths and the events from them.
pub(crate) struct Watch {
    watcher: Box<dyn notify::Watcher + Send + Sync>,
    events: Receiver<notify::Result<notify::Event>>,
    /// The paths given on the command line, absolute.
    roots: Vec<PathBuf>,
    /// `--config FILE`, absolute.
    config: Option<PathBuf>,
    /// The folders watched now.
    folders: BTreeSet<PathBuf>,
}

impl Watch {
    /// Watches `roots` (files or folders) and `config`. What is watched
    /// follows each report passed to [`Watch::update`].
    pub(crate) fn new(roots: &[PathBuf], config: Option<&Path>) -> notify::Result<Self> {
        Self::with(roots, config, false)
    }

    /// Like [`Watch::new`]; with `poll`, or when the system cannot report
    /// changes (out of inotify instances, say), by looking at the files'
    /// times every [`POLL`].
    fn with(roots: &[PathBuf], config: Option<&Path>, poll: bool) -> notify::Result<Self> {
        let (sender, events) = crossbeam_channel::unbounded();
        let handler = move |event| {
            let _ = sender.send(event);
        };
        let told = if poll {
            None
        } else {
            match notify::recommended_watcher(handler.clone()) {
                Ok(watcher) => Some(watcher),
                Err(e) => {
                    eprintln!(
                        "sopkit: warning: cannot be told of file changes ({e}); looking for them every {} ms instead",
                        POLL.as_millis()
                    );
                    None
                }
            }
        };
        let watcher: Box<dyn notify::Watcher + Send + Sync> = match told {
            Some(watcher) => Box::new(watcher),
            None => {
                let config = notify::Config::default().with_poll_interval(POLL);
                Box::new(notify::PollWatcher::new(handler, config)?)
            }
        };
        let mut watch = Self {
            watcher,
            events,
            roots: roots.iter().map(|p| absolute(p)).collect(),
            config: config.map(absolute),
            folders: BTreeSet::new(),
        };
        watch.update(None)?;
        Ok(watch)
    }

    /// Watches the folders that hold what `report` checked and the
    /// configurations it used; stops watching the folders that are gone
    /// from that set.
    pub(crate) fn update(&mut self, report: Option<&CheckReport>) -> notify::Result<()> {
        let mut wanted = BTreeSet::new();
        for root in &self.roots {
            if root.is_dir() {
                wanted.extend(folders_under(root));
            } else if let Some(parent) = root.parent().filter(|p| p.is_dir()) {
                wanted.insert(parent.to_path_buf());
            }
        }
        // A broken configuration is watched too: fixing it is a change.
        let broken = report
            .into_iter()
            .flat_map(|r| &r.config_errors)
            .map(|e| e.path());
        let configs = report
            .into_iter()
            .flat_map(|r| &r.files)
            .filter_map(|f| f.config.path.as_deref())
            .chain(broken)
            .chain(self.config.as_deref());
        for config in configs {
            if let Some(parent) = absolute(config).parent().filter(|p| p.is_dir()) {
                wanted.insert(parent.to_path_buf());
            }
        }
        for gone in self.folders.difference(&wanted) {
            // The folder may be gone, and its watch with it.
            let _ = self.watcher.unwatch(gone);
        }
        let mut first_error = None;
        for new in wanted.difference(&self.folders) {
            if let Err(e) = self.watcher.watch(new, RecursiveMode::NonRecursive) {
                first_error.get_or_insert(e);
            }
        }
        self.folders = wanted;
        first_error.map_or(Ok(()), Err)
    }

    /// Blocks until a relevant change has settled: an event, then none for
    /// [`QUIET`]. Returns `false` when `stop` fired instead.
    pub(crate) fn wait(&self, stop: &Stop) -> bool {
        let stop = stop.receiver();
        loop {
            select! {
                recv(stop) -> _ => return false,
                recv(self.events) -> event => match event {
                    Ok(event) if self.matters(&event) => break,
                    Ok(_) => {}
                    // The watcher is gone: nothing will come any more.
                    Err(_) => return false,
                },
            }
        }
        let started = Instant::now();
        let mut last = started;
        loop {
            let deadline = (last + QUIET).min(started + LONGEST_WAIT);
            let timeout = deadline.saturating_duration_since(Instant::now());
            select! {
                recv(stop) -> _ => return false,
                recv(self.events) -> event => match event {
                    Ok(event) if self.matters(&event) => last = Instant::now(),
                    Ok(_) => {}
                    Err(_) => return true,
                },
                default(timeout) => return true,
            }
        }
    }

    /// Whether an event can change what `check` finds: an SOP file
    /// changed, appeared or went; a folder did (it may hold SOPs); a
    /// configuration changed. Reading a file is no change: `check`'s own
    /// reads must not wake it again. A watcher error (events lost) is
    /// taken as a change.
    fn matters(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else {
            return true;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|path| self.path_matters(path))
    }

    fn path_matters(&self, path: &Path) -> bool {
        if self.roots.iter().any(|r| r == path) || self.config.as_deref() == Some(path) {
            return true;
        }
        let name = path.file_name().map(|n| n.as_encoded_bytes());
        if name == Some(CONFIG_FILE_NAME.as_bytes()) {
            return true;
        }
        let inside_a_root = self.roots.iter().any(|r| path.starts_with(r) && r.is_dir());
        // Hidden files are skipped by `check` (and are where editors keep
        // their swap and lock files: `.refund.sop.yaml.swp`, `.#refund.sop.yaml`).
        let hidden = name.is_some_and(|n| n.starts_with(b"."));
        inside_a_root
            && !hidden
            && (is_sop_file_name(path) || self.folders.contains(path) || path.is_dir())
    }
}

/// `path` made absolute, without following links.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `root` and every folder under it that `check` searches (honouring
/// `.gitignore`, skipping hidden folders).
fn folders_under(root: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_dir()))
        .map(ignore::DirEntry::into_path)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Duration = Duration::from_secs(5);

    /// [`Watch::wait`], giving up after `limit`.
    fn wait_at_most(watch: &Watch, limit: Duration) -> bool {
        let stop = Stop::default();
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| watch.wait(&stop));
            let started = Instant::now();
            while !waiting.is_finished() && started.elapsed() < limit {
                std::thread::sleep(Duration::from_millis(10));
            }
            stop.fire();
            waiting.join().unwrap()
        })
    }

    #[test]
    fn an_sop_change_is_seen_once_a_burst_is_over() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.sop.yaml"), "title: A\n").unwrap();
        let watch = Watch::new(std::slice::from_ref(&root), None).unwrap();
        assert!(watch.folders.contains(&root.join("sub")));

        let started = Instant::now();
        for i in 0..5 {
            std::fs::write(root.join("sub/a.sop.yaml"), format!("title: A{i}\n")).unwrap();
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(wait_at_most(&watch, LIMIT), "the change is seen");
        assert!(started.elapsed() >= QUIET, "only after the burst settled");
        // The burst was one change: nothing is left to see.
        assert!(!wait_at_most(&watch, QUIET * 2));
    }

    #[test]
    fn without_events_the_files_are_looked_at() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("a.sop.yaml"), "title: A\n").unwrap();
        let watch = Watch::with(std::slice::from_ref(&root), None, true).unwrap();
        // Let the poller take its first look, then change the file.
        std::thread::sleep(POLL + QUIET);
        std::fs::write(root.join("b.sop.yaml"), "title: B\n").unwrap();
        assert!(wait_at_most(&watch, LIMIT), "a new SOP is seen by polling");
    }

    #[test]
    fn reads_and_unrelated_files_are_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("a.sop.yaml"), "title: A\n").unwrap();
        let watch = Watch::new(std::slice::from_ref(&root), None).unwrap();
        std::fs::read(root.join("a.sop.yaml")).unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        std::fs::write(root.join(".a.sop.yaml.swp"), "x").unwrap();
        assert!(!wait_at_most(&watch, QUIET * 3));
        std::fs::write(root.join(CONFIG_FILE_NAME), "").unwrap();
        assert!(wait_at_most(&watch, LIMIT), "a new sopkit.toml is a change");
    }
}
