//! `sopkit serve`'s site, kept in memory: the pages `sopkit build` writes,
//! made by the same code ([`crate::site::Site`]), and made again after each
//! check only where something they are made from changed.
//!
//! What a page is made from is recorded beside it ([`Made`]): for an SOP,
//! its source text and path and the links to its translations (the only
//! thing a page reads from other SOPs); for a file with errors, the text of
//! its diagnostics. After a check, a page is rendered again only when that
//! record differs, so an edit re-renders the edited SOP's page and the
//! index; its translations' pages too when their links change (a new
//! translation, a changed `language`, a moved file), and a page whose
//! errors appear or go (cross-file rules such as `meta/duplicate-id` can
//! do that to a file that did not change). Each page carries the version
//! of the site at which its bytes last changed: the browser asks for it
//! ([`http`]) and reloads when it moves.

pub(crate) mod http;
mod pages;
pub(crate) mod server;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::CheckReport;
use crate::load::LoadedFile;
use crate::render::{Format, Translation};
use crate::report::{self, Style};
use crate::rule::Severity;
use crate::site::{Marks, Site, page_path};

/// The index's path in the site.
pub(crate) const INDEX: &str = "index.html";

/// The width diagnostics are drawn at on an error page.
const DIAGNOSTICS_WIDTH: usize = 100;

/// One page as served: the bytes `sopkit build` would write.
#[derive(Debug, Clone)]
pub(crate) struct Served {
    pub(crate) bytes: Arc<[u8]>,
    /// The site's version when these bytes last changed.
    pub(crate) version: u64,
}

/// The site at one moment, shared with the threads that answer requests;
/// replaced whole after each rebuild.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Tells this server's versions from an earlier one's, so that a page
    /// left open while the server restarted reloads.
    pub(crate) instance: u64,
    /// Page path (`billing/refund.html`) → page.
    pub(crate) pages: HashMap<String, Served>,
}

impl Snapshot {
    /// The version of the page at `key` as the browser sees it; pages that
    /// do not exist have version 0, so a 404 page reloads when its page
    /// appears.
    pub(crate) fn version_of(&self, key: &str) -> String {
        let version = self.pages.get(key).map_or(0, |p| p.version);
        format!("{:x}-{version}", self.instance)
    }
}

/// What a page was made from. A page is rendered again only when this
/// changes.
#[derive(Debug, PartialEq, Eq)]
enum Made {
    /// The page of an SOP without errors.
    Sop {
        source: PathBuf,
        text: Arc<str>,
        translations: Vec<Translation>,
    },
    /// The page of a file with errors: its diagnostics.
    Problems { name: String, text: String },
}

/// What one rebuild did, for the log line and for tests.
#[derive(Debug, Default)]
pub(crate) struct Rebuilt {
    /// Pages rendered (the index always is; it comes last).
    pub(crate) rendered: Vec<String>,
    /// Pages whose bytes changed or that appeared.
    pub(crate) changed: Vec<String>,
    /// Pages that are gone with their files.
    pub(crate) removed: Vec<String>,
}

/// The live site and what each page was made from.
pub(crate) struct LiveSite {
    root: PathBuf,
    version: u64,
    instance: u64,
    made: HashMap<String, Made>,
    pages: HashMap<String, Served>,
}

impl LiveSite {
    /// An empty site whose pages are placed as their sources are under `root`.
    pub(crate) fn new(root: PathBuf) -> Self {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Self {
            root,
            version: 0,
            instance,
            made: HashMap::new(),
            pages: HashMap::new(),
        }
    }

    /// How many pages the site has besides the index.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    /// Brings the site up to date with `report`, rendering only the pages
    /// whose inputs changed, and the index.
    pub(crate) fn update(&mut self, report: &CheckReport, today: jiff::civil::Date) -> Rebuilt {
        self.version += 1;
        let site = Site::new(&report.files, &self.root, Format::Html);
        let (wanted, marks) = self.plan(report, &site);
        let mut rebuilt = Rebuilt::default();
        let mut kept = HashSet::new();
        for (key, made, page) in wanted {
            // Two sources with one page path (`a.sop.yaml`, `a.sop.md`):
            // the first one found has the page.
            if !kept.insert(key.clone()) || self.made.get(&key) == Some(&made) {
                continue;
            }
            let bytes = match (&made, page) {
                (Made::Sop { .. }, Some(i)) => render(&site, i),
                (Made::Problems { name, text }, _) => pages::problems(&key, name, text),
                (Made::Sop { .. }, None) => unreachable!("invariant: an SOP page has its place"),
            };
            self.made.insert(key.clone(), made);
            rebuilt.rendered.push(key.clone());
            self.store(key, bytes, &mut rebuilt);
        }
        let gone: Vec<String> = self
            .pages
            .keys()
            .filter(|k| *k != INDEX && !kept.contains(*k))
            .cloned()
            .collect();
        for key in gone {
            self.pages.remove(&key);
            self.made.remove(&key);
            rebuilt.removed.push(key);
        }
        rebuilt.removed.sort();
        let index = site.index(today, &marks).into_bytes();
        rebuilt.rendered.push(INDEX.to_owned());
        self.store(INDEX.to_owned(), index, &mut rebuilt);
        rebuilt
    }

    /// The pages the report calls for, each with what it is made from, and
    /// the index's marks for files with errors.
    fn plan(
        &self,
        report: &CheckReport,
        site: &Site<'_>,
    ) -> (Vec<(String, Made, Option<usize>)>, Marks) {
        let mut wanted = Vec::new();
        let mut marks = Marks::default();
        for i in 0..site.len() {
            let file = site.file(i);
            let key = key_of(site.path(i));
            let errors = errors_in(file);
            let made = if errors > 0 {
                marks.errors.insert(site.path(i).to_path_buf(), errors);
                self.problems_of(file)
            } else {
                Made::Sop {
                    source: file.source.path().to_path_buf(),
                    text: Arc::from(file.source.text()),
                    translations: site.translations(i),
                }
            };
            wanted.push((key, made, Some(i)));
        }
        let mut broken = |source: &Path, text: String| {
            let path = page_path(source, &self.root, Format::Html);
            let name = self.name_of(source);
            marks.broken.push((path.clone(), name.clone()));
            wanted.push((key_of(&path), Made::Problems { name, text }, None));
        };
        for file in report
            .files
            .iter()
            .filter(|f| f.sop.is_none() || f.flow.is_none())
        {
            broken(file.source.path(), diagnostics_of(file));
        }
        for path in &report.unchecked {
            let mut text: String = report
                .config_errors
                .iter()
                .map(|e| report::config_error(e, plain_style()))
                .collect();
            text.push_str(&format!(
                "\nsopkit: {} is not checked because its configuration has errors\n",
                crate::source::display_path(path)
            ));
            broken(path, text);
        }
        (wanted, marks)
    }

    /// A source's name as the site shows it: its path under the root.
    fn name_of(&self, source: &Path) -> String {
        crate::site::source_in_site(source, &self.root)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The page of a file with errors.
    fn problems_of(&self, file: &LoadedFile) -> Made {
        Made::Problems {
            name: self.name_of(file.source.path()),
            text: diagnostics_of(file),
        }
    }

    /// Keeps `bytes` as the page at `key`, with a new version if they differ.
    fn store(&mut self, key: String, bytes: Vec<u8>, rebuilt: &mut Rebuilt) {
        if self.pages.get(&key).is_some_and(|p| *p.bytes == *bytes) {
            return;
        }
        let served = Served {
            bytes: bytes.into(),
            version: self.version,
        };
        self.pages.insert(key.clone(), served);
        rebuilt.changed.push(key);
    }

    /// The site as it is now, for the threads that serve it.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            instance: self.instance,
            pages: self.pages.clone(),
        })
    }
}

/// Page `i` of `site`, or a page saying why it could not be rendered.
fn render(site: &Site<'_>, i: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    match site.render_page(i, &mut bytes) {
        Ok(()) => bytes,
        Err(e) => {
            let key = key_of(site.path(i));
            let name = site.file(i).source.name().to_owned();
            pages::problems(
                &key,
                &name,
                &format!("sopkit: error: cannot render the page: {e}\n"),
            )
        }
    }
}

/// A page's path as the site's key: `billing/refund.html`.
fn key_of(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn errors_in(file: &LoadedFile) -> usize {
    file.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

fn plain_style() -> Style {
    Style {
        color: false,
        width: DIAGNOSTICS_WIDTH,
    }
}

/// A file's diagnostics as the terminal shows them, and the count.
fn diagnostics_of(file: &LoadedFile) -> String {
    let mut text = report::human_file(file, plain_style());
    let count = |severity| {
        file.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    text.push_str(&format!(
        "{}, {}\n",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    ));
    text
}

#[cfg(test)]
mod tests;
