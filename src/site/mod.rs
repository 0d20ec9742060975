//! The site of `sopkit build` and `sopkit serve`: a static site (HTML) or
//! a wiki tree (Markdown) from checked SOPs: one page per SOP, placed as its
//! source file is placed, and an index grouped by department. Translations
//! of one SOP link to each other; every link is relative, so the folder
//! works opened from disk or pushed to a wiki.
//!
//! [`Site`] says where each page goes and renders any one of them into a
//! writer; [`build`] writes them all to disk, `serve` keeps them in memory
//! and renders again only the ones that changed.

mod index;

use std::path::{Component, Path, PathBuf};

use crate::flow::Flow;
use crate::load::LoadedFile;
use crate::model::Sop;
use crate::output::Staging;
use crate::render::labels::EN;
use crate::render::{Document, Format, Labels, Paper, Translation};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

pub(crate) use index::Marks;

/// One SOP of the site and where its page goes (relative to the output folder).
struct Page<'a> {
    sop: &'a Sop,
    file: &'a LoadedFile,
    flow: &'a Flow,
    path: PathBuf,
    /// The pages of the same SOP in other languages, by index.
    others: Vec<usize>,
    /// The page translates an SOP that is on the site too.
    has_source: bool,
}

/// A site before anything is rendered: which SOP's page goes where, and
/// how pages link to each other. `sopkit build` renders every page and
/// writes it to disk; `sopkit serve` renders pages into memory, and again
/// only those whose SOP changed.
pub(crate) struct Site<'a> {
    pages: Vec<Page<'a>>,
    format: Format,
    /// The paper of controlled documents (`build --to pdf|docx`).
    paper: Paper,
}

impl<'a> Site<'a> {
    /// The site of the SOPs in `files` (those that have a model), each page
    /// placed under `root` as its source file is placed.
    pub(crate) fn new(files: &'a [LoadedFile], root: &Path, format: Format) -> Self {
        let mut pages: Vec<Page<'a>> = files
            .iter()
            .filter_map(|file| {
                Some(Page {
                    sop: file.sop.as_ref()?,
                    flow: file.flow.as_ref()?,
                    file,
                    path: page_path(file.source.path(), root, format),
                    others: Vec::new(),
                    has_source: false,
                })
            })
            .collect();
        link_languages(&mut pages);
        Self {
            pages,
            format,
            paper: Paper::default(),
        }
    }

    /// How many pages the site has besides its index.
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Page `i`'s path, relative to the site's root.
    pub(crate) fn path(&self, i: usize) -> &Path {
        &self.pages[i].path
    }

    /// The file page `i` is rendered from.
    pub(crate) fn file(&self, i: usize) -> &'a LoadedFile {
        self.pages[i].file
    }

    /// The links from page `i` to its other languages.
    pub(crate) fn translations(&self, i: usize) -> Vec<Translation> {
        translations(&self.pages[i], &self.pages)
    }

    /// Renders page `i`.
    pub(crate) fn render_page(
        &self,
        i: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let page = &self.pages[i];
        let mut doc = Document::new(page.sop, page.flow);
        doc.direction = page.file.config.direction.unwrap_or_default();
        doc.translations = translations(page, &self.pages);
        doc.index_href = Some(relative(&page.path, Path::new(self.index_name())));
        doc.paper = self.paper;
        self.format.renderer().render(&doc, out)
    }

    /// The index's path: `index.html` or `index.md`.
    pub(crate) fn index_name(&self) -> &'static str {
        index_name(self.format)
    }

    /// The index, grouped by department; `marks` adds what the live preview
    /// shows about problems (HTML only).
    pub(crate) fn index(&self, today: jiff::civil::Date, marks: &Marks) -> String {
        match self.format {
            Format::Markdown => index::markdown(&self.pages, today),
            _ => index::html(&self.pages, today, marks),
        }
    }
}

/// What `build` writes.
pub(crate) struct Options {
    pub(crate) format: Format,
    /// The paper of controlled documents.
    pub(crate) paper: Paper,
    /// The date the index marks overdue reviews against.
    pub(crate) today: jiff::civil::Date,
}

/// Writes the site into `out`; returns the files written, relative to `out`.
/// A site (HTML) or a wiki (Markdown) gets an index; controlled documents
/// (PDF, DOCX) are one file per SOP beside where its page would be.
pub(crate) fn build(
    files: &[LoadedFile],
    root: &Path,
    out: &Path,
    options: Options,
) -> std::io::Result<Vec<PathBuf>> {
    let format = options.format;
    let mut site = Site::new(files, root, format);
    site.paper = options.paper;
    std::fs::create_dir_all(out)?;
    let staging = Staging::for_folder(out).files_only();
    // Pages are rendered and written on every core (the PDFs' typesetting
    // engine and fonts are loaded once and shared).
    let mut written: Vec<PathBuf> = (0..site.len())
        .into_par_iter()
        .map(|i| {
            let mut bytes = Vec::new();
            site.render_page(i, &mut bytes)?;
            staging.write(&out.join(site.path(i)), &bytes)?;
            Ok(site.path(i).to_path_buf())
        })
        .collect::<std::io::Result<_>>()?;
    if matches!(format, Format::Html | Format::Markdown) {
        let index = site.index(options.today, &Marks::default());
        staging.write(&out.join(site.index_name()), index.as_bytes())?;
        written.push(PathBuf::from(site.index_name()));
    }
    Ok(written)
}

fn index_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "index.md",
        _ => "index.html",
    }
}

/// `billing/refund.sop.yaml` under `root` → `billing/refund.html`.
pub(crate) fn page_path(source: &Path, root: &Path, format: Format) -> PathBuf {
    let rel = source_in_site(source, root);
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = crate::format::stem(&name);
    rel.with_file_name(format!("{stem}.{}", format.extension()))
}

/// Where `source` is under `root` (`billing/refund.sop.yaml`), with no `..`.
pub(crate) fn source_in_site(source: &Path, root: &Path) -> PathBuf {
    let absolute = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let rel = match source.strip_prefix(root) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => absolute(source)
            .strip_prefix(absolute(root))
            .map_or_else(|_| source.to_path_buf(), Path::to_path_buf),
    };
    rel.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

/// The folder a site of `paths` is rooted in: a folder given alone, the
/// folder of a file given alone, or the deepest folder that holds them all.
/// Absolute, with `.` and `..` resolved as written (links are not followed).
pub(crate) fn root_of(paths: &[PathBuf]) -> PathBuf {
    let folders = paths.iter().map(|path| {
        let absolute = lexical(&std::path::absolute(path).unwrap_or_else(|_| path.clone()));
        if absolute.is_dir() {
            absolute
        } else {
            absolute
                .parent()
                .map_or_else(|| absolute.clone(), Path::to_path_buf)
        }
    });
    let mut common: Option<PathBuf> = None;
    for folder in folders {
        common = Some(match common {
            None => folder,
            Some(common) => common
                .components()
                .zip(folder.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default()
}

/// `a/./b/../c` → `a/c`, as written: a `..` takes away the component
/// before it (at the root it stays at the root).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A link (a relative URL, percent-encoded) from the page at `from` to the
/// file at `to`, both relative to the site's root.
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let depth = from.parent().map_or(0, |p| p.components().count());
    let mut link = "../".repeat(depth);
    let segments: Vec<_> = to
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    link.push_str(&crate::render::escape::url_path(&segments.join("/")));
    link
}

/// The SOP's translation group: the source's `id`, or its own.
fn group_key(sop: &Sop) -> Option<&str> {
    sop.translation_of
        .as_ref()
        .or(sop.id.as_ref())
        .map(|v| v.value.as_str())
}

fn language_name(sop: &Sop) -> String {
    let labels = Labels::for_language(sop.language());
    if std::ptr::eq(labels, &EN) && !sop.language().starts_with("en") {
        sop.language().to_owned()
    } else {
        labels.language_name.to_owned()
    }
}

fn translations(page: &Page<'_>, pages: &[Page<'_>]) -> Vec<Translation> {
    other_languages(page, pages)
        .map(|other| Translation {
            language: language_name(other.sop),
            href: relative(&page.path, &other.path),
        })
        .collect()
}

/// The pages of the same SOP in other languages.
fn other_languages<'p, 'a>(
    page: &'p Page<'_>,
    pages: &'p [Page<'a>],
) -> impl Iterator<Item = &'p Page<'a>> {
    page.others.iter().map(move |&j| &pages[j])
}

/// Finds each page's other languages and whether its source is on the site,
/// with one pass and a map: a site of 10,000 SOPs must not compare every
/// page with every other.
fn link_languages(pages: &mut [Page<'_>]) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(key) = group_key(page.sop) {
            groups.entry(key).or_default().push(i);
        }
        if let Some(id) = &page.sop.id {
            ids.insert(id.value.as_str());
        }
    }
    let linked: Vec<(Vec<usize>, bool)> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let others = group_key(page.sop)
                .and_then(|key| groups.get(key))
                .map(|group| group.iter().copied().filter(|&j| j != i).collect())
                .unwrap_or_default();
            let has_source = page
                .sop
                .translation_of
                .as_ref()
                .is_some_and(|of| ids.contains(of.value.as_str()));
            (others, has_source)
        })
        .collect();
    for (page, (others, has_source)) in pages.iter_mut().zip(linked) {
        page.others = others;
        page.has_source = has_source;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_mirror_the_source_tree_and_links_are_relative() {
        let p = page_path(
            Path::new("sops/billing/refund.sop.yaml"),
            Path::new("sops"),
            Format::Html,
        );
        assert_eq!(p, PathBuf::from("billing/refund.html"));
        assert_eq!(relative(&p, Path::new("index.html")), "../index.html");
        assert_eq!(
            relative(Path::new("a.html"), Path::new("x/b.html")),
            "x/b.html"
        );
        assert_eq!(
            relative(Path::new("a/b/c.md"), Path::new("d e/f#1.md")),
            "../../d%20e/f%231.md"
        );
    }

    #[test]
    fn a_site_of_several_paths_is_rooted_in_their_common_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("sops/a"), dir.path().join("sops/b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x.sop.yaml"), "").unwrap();
        let root = |paths: &[PathBuf]| root_of(paths);
        assert_eq!(root(std::slice::from_ref(&a)), a);
        assert_eq!(root(&[a.join("x.sop.yaml")]), a);
        assert_eq!(root(&[a.clone(), b.join("../b")]), dir.path().join("sops"));
        assert_eq!(
            page_path(
                &a.join("./x.sop.yaml"),
                &dir.path().join("sops"),
                Format::Html
            ),
            PathBuf::from("a/x.html")
        );
        assert_eq!(lexical(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
