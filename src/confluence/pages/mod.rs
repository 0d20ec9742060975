//! The pages sopkit wants in Confluence, computed from the checked SOPs
//! alone (no network): one page per department under the configured parent,
//! and one per SOP under its department's page, each with its title, body,
//! labels, attachments and fingerprint. `build --to confluence` writes them
//! to disk; `publish` compares them with what the space holds.
//!
//! Titles are unique in a Confluence space, so two pages that would get one
//! title (two SOPs, or an SOP and a department) are refused here, before
//! anything is written or sent.

mod collisions;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub(crate) use self::collisions::Collision;
use self::collisions::collisions;
use crate::load::LoadedFile;
use crate::model::{Sop, Status};
use crate::render::confluence::{self, Confluence, FLOWCHART_PNG, FLOWCHART_SVG, SiteLinks};
use crate::render::{Document, Format, Lanes, Renderer, png, svg};

/// The `sopkit` content property's `sop` of a department's page.
pub(crate) const DEPARTMENT_KEY: &str = "department:";
/// The label every SOP page carries.
pub(crate) const SOP_LABEL: &str = "sop";
/// Confluence's longest page title.
const MAX_TITLE_CHARS: usize = 255;

/// What the pages depend on besides the SOPs (`[confluence]`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// Put before every title.
    pub(crate) title_prefix: String,
    /// The id of the page the department pages go under, when known.
    pub(crate) parent: Option<String>,
}

/// A file attached to a page.
#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    /// Its name on the page (`flowchart.png`).
    pub(crate) name: &'static str,
    pub(crate) media_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// How much larger than the SVG drawing the PNG is (as `render --to png`).
const PNG_SCALE: f32 = 2.0;

/// Where a page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parent {
    /// Under the configured parent page.
    Root,
    /// Under the page of department `i` (an index into [`Pages::pages`]).
    Department(usize),
}

/// One page as sopkit wants it.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The `sopkit` property's `sop`: the SOP's id, its path under the
    /// folder (when it has no id), or `department:<name>`.
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) parent: Parent,
    /// The page body, in storage format.
    pub(crate) body: String,
    /// The labels sopkit sets, lower-case.
    pub(crate) labels: Vec<String>,
    /// An SOP's flowchart as SVG, attached as `flowchart.svg` and, drawn,
    /// as `flowchart.png`; a department's page has none.
    pub(crate) flowchart: Option<String>,
    /// SHA-256 of everything above that Confluence stores, in hex.
    pub(crate) fingerprint: String,
    /// SHA-256 of the page itself (title, parent, body), without labels
    /// and attachments: whether the page must be written again, or only
    /// its labels or pictures.
    pub(crate) content: String,
    /// The page's files under a build's output folder, without extension
    /// (`billing/refund`, `_departments/customer-service`).
    pub(crate) file: PathBuf,
}

impl Page {
    pub(crate) fn is_department(&self) -> bool {
        self.key.starts_with(DEPARTMENT_KEY)
    }

    /// The SHA-256 of the flowchart, which stands for both attachments:
    /// the PNG is drawn from the SVG, so it changes only when the SVG does
    /// (and `publish` draws no picture for a page that did not change).
    pub(crate) fn flowchart_sha256(&self) -> Option<String> {
        self.flowchart
            .as_deref()
            .map(|svg| sha256_hex(svg.as_bytes()))
    }

    /// The files to attach: the flowchart drawn as PNG, and as SVG. A
    /// picture too large to draw leaves an empty PNG and the SVG.
    pub(crate) fn attachments(&self) -> Vec<Attachment> {
        let Some(svg) = &self.flowchart else {
            return Vec::new();
        };
        let png = png::rasterize(svg, PNG_SCALE).unwrap_or_default();
        vec![
            Attachment {
                name: FLOWCHART_PNG,
                media_type: "image/png",
                bytes: png,
            },
            Attachment {
                name: FLOWCHART_SVG,
                media_type: "image/svg+xml",
                bytes: svg.clone().into_bytes(),
            },
        ]
    }
}

/// Every page, departments first (sorted by name), then the SOPs in the
/// order their files were found.
#[derive(Debug, Default)]
pub(crate) struct Pages {
    pub(crate) pages: Vec<Page>,
}

/// A department's label: lower-case letters and digits, anything else a
/// `-` (Confluence refuses spaces and `: ; , . ? & [ ] ( ) # ^ * @ !`).
pub(crate) fn label_of(department: &str) -> String {
    let mut label = String::with_capacity(department.len());
    for c in department.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            label.push(c);
        } else if !label.is_empty() && !label.ends_with('-') {
            label.push('-');
        }
    }
    let label = label.trim_end_matches('-');
    // The other labels of an SOP page keep their meaning: a department
    // called "Draft" must not select every draft.
    if label == SOP_LABEL || Status::ALL.iter().any(|(name, _)| *name == label) {
        return format!("department-{label}");
    }
    if label.is_empty() {
        // A name with no letter or digit at all still gets its own label.
        return format!("department-{}", &sha256_hex(department.as_bytes())[..8]);
    }
    // Confluence keeps at most 255 characters.
    label.chars().take(200).collect()
}

/// A page title: the prefix and the name, on one line, with any other
/// control character shown as its control picture (as in the page).
fn title(prefix: &str, name: &str) -> String {
    let joined = format!("{prefix}{name}");
    joined
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(crate::render::escape::visible)
        .collect()
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The fingerprint of a page: what Confluence stores of it (title, parent,
/// body, labels, attachments); and the hash of the page alone (title,
/// parent, body). Bodies are compared through these only: a stored body is
/// rewritten by Confluence (it adds macro ids).
fn hashes(page: &mut Page, parent: &str) {
    let field = |hasher: &mut Sha256, name: &str, value: &[u8]| {
        hasher.update(name.as_bytes());
        hasher.update((value.len() as u64).to_le_bytes());
        hasher.update(value);
    };
    let mut content = Sha256::new();
    field(&mut content, "sopkit-confluence-page 1", b"");
    field(&mut content, "title", page.title.as_bytes());
    field(&mut content, "parent", parent.as_bytes());
    field(&mut content, "body", page.body.as_bytes());
    let content = hex(&content.finalize());
    let mut all = Sha256::new();
    field(&mut all, "content", content.as_bytes());
    field(&mut all, "labels", page.labels.join("\n").as_bytes());
    if let Some(flowchart) = page.flowchart_sha256() {
        field(&mut all, "flowchart", flowchart.as_bytes());
    }
    page.fingerprint = hex(&all.finalize());
    page.content = content;
}

fn hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// An SOP file of the folder, ready to become a page.
struct Source<'a> {
    sop: &'a Sop,
    file: &'a LoadedFile,
    /// Relative to the folder, with `/`.
    path: String,
}

/// The pages of the SOPs in `files` (those that loaded), under `root`.
pub(crate) fn pages(
    files: &[LoadedFile],
    root: &Path,
    settings: &Settings,
) -> Result<Pages, Vec<Collision>> {
    let sources: Vec<Source<'_>> = files
        .iter()
        .filter_map(|file| {
            let rel = crate::site::source_in_site(file.source.path(), root);
            Some(Source {
                sop: file.sop.as_ref()?,
                file,
                path: rel.to_string_lossy().replace('\\', "/"),
            })
        })
        .filter(|s| s.file.flow.is_some())
        .collect();
    let mut departments: Vec<&str> = sources
        .iter()
        .map(|s| s.sop.department.value.as_str())
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let titles: HashMap<String, String> = sources
        .iter()
        .filter_map(|s| {
            let id = s.sop.id.as_ref()?.value.clone();
            Some((id, title(&settings.title_prefix, &s.sop.title.value)))
        })
        .collect();
    collisions(&sources, &departments, settings)?;

    let mut pages: Vec<Page> = departments
        .iter()
        .map(|name| {
            let label = label_of(name);
            let mut page = Page {
                key: format!("{DEPARTMENT_KEY}{name}"),
                title: title(&settings.title_prefix, name),
                parent: Parent::Root,
                body: confluence::department_page(name, &label),
                labels: Vec::new(),
                flowchart: None,
                fingerprint: String::new(),
                content: String::new(),
                file: Path::new("_departments").join(&label),
            };
            hashes(&mut page, settings.parent.as_deref().unwrap_or(""));
            page
        })
        .collect();
    let department_index: HashMap<&str, usize> = departments
        .iter()
        .enumerate()
        .map(|(i, d)| (*d, i))
        .collect();
    let sop_pages: Vec<Page> = sources
        .par_iter()
        .map(|source| sop_page(source, root, settings, &titles, &department_index))
        .collect();
    pages.extend(sop_pages);
    Ok(Pages { pages })
}

fn sop_page(
    source: &Source<'_>,
    root: &Path,
    settings: &Settings,
    titles: &HashMap<String, String>,
    department_index: &HashMap<&str, usize>,
) -> Page {
    let sop = source.sop;
    let flow = source
        .file
        .flow
        .as_ref()
        .expect("invariant: only SOPs with a flowchart are sources");
    // The picture is the HTML page's: a swimlane per role when the SOP has
    // roles, running as `[render] direction` says (down by default, the
    // lanes then columns, which fit a page's column).
    let mut doc = Document::new(sop, flow);
    doc.direction = source.file.config.direction.unwrap_or_default();
    if sop.roles.as_ref().is_some_and(|r| !r.is_empty()) {
        doc.lanes = Lanes::Always;
    }
    let picture = svg::standalone(&doc);
    let renderer = Confluence {
        site: Some(SiteLinks {
            source: &source.path,
            titles,
            picture_width: svg_width(&picture),
        }),
    };
    let mut body = Vec::new();
    renderer
        .render(&doc, &mut body)
        .expect("invariant: rendering into memory cannot fail");
    let body = String::from_utf8(body).expect("invariant: the renderer writes UTF-8");
    let department = sop.department.value.as_str();
    let mut page = Page {
        key: sop
            .id
            .as_ref()
            .map_or_else(|| source.path.clone(), |id| id.value.clone()),
        title: title(&settings.title_prefix, &sop.title.value),
        parent: Parent::Department(department_index[department]),
        body,
        labels: vec![
            SOP_LABEL.to_owned(),
            label_of(department),
            sop.status().as_str().to_owned(),
        ],
        flowchart: Some(picture),
        fingerprint: String::new(),
        content: String::new(),
        file: crate::site::page_path(source.file.source.path(), root, Format::Confluence)
            .with_extension(""),
    };
    hashes(&mut page, &format!("{DEPARTMENT_KEY}{department}"));
    page
}

/// The `width` of an SVG picture's root element.
fn svg_width(svg: &str) -> Option<u32> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let value = root.split(" width=\"").nth(1)?.split('"').next()?;
    value.parse::<f64>().ok().map(|w| w.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_labels_are_what_confluence_accepts() {
        assert_eq!(label_of("Customer Service"), "customer-service");
        assert_eq!(label_of("R&D: Labs (EU)!"), "r-d-labs-eu");
        assert_eq!(label_of("Zákaznický servis"), "zákaznický-servis");
        assert_eq!(label_of("Draft"), "department-draft");
        assert_eq!(label_of("SOP"), "department-sop");
        let odd = label_of("!!!");
        assert!(odd.starts_with("department-") && odd.len() == 19, "{odd}");
        for label in [label_of("a.b;c,d?e&f[g]h(i)j#k^l*m@n!o p"), odd] {
            assert!(
                !label.contains(|c: char| c.is_whitespace() || ":;,.?&[]()#^*@!".contains(c)),
                "{label}"
            );
        }
    }

    #[test]
    fn the_picture_is_shown_at_its_own_width() {
        assert_eq!(
            svg_width("<?xml?>\n<svg xmlns=\"x\" width=\"478.5\" height=\"9\">"),
            Some(479)
        );
        assert_eq!(svg_width("<svg height=\"9\">"), None);
    }

    #[test]
    fn titles_are_one_line_with_the_prefix() {
        assert_eq!(
            title("SOP: ", "Refund\n a  charge "),
            "SOP: Refund a charge"
        );
    }
}
