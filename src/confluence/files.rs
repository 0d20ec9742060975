//! `build --to confluence`: every page on disk, so a team can look at them
//! or publish them with another tool. Per SOP `<name>.xml` (the body in
//! storage format) with `<name>.png` and `<name>.svg` (its flowchart)
//! beside it, where `<name>` is the SOP's path under the folder without its
//! extension; per department `_departments/<label>.xml`; and
//! `manifest.json`, which lists every page with its title, parent, labels,
//! attachments and fingerprint (the one `publish` compares).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::pages::{Attachment, Page, Pages, Parent, Settings, sha256_hex};
use crate::output::Staging;

/// The manifest's name in the output folder.
pub(crate) const MANIFEST_JSON: &str = "manifest.json";

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    pages: Vec<ManifestPage<'a>>,
}

#[derive(Serialize)]
struct ManifestPage<'a> {
    /// The `sopkit` property's `sop`.
    sop: &'a str,
    /// The body, relative to the output folder.
    path: String,
    title: &'a str,
    /// The parent page: its title (an SOP's department page), or the
    /// configured page id (a department page; null when not configured).
    parent: Option<&'a str>,
    labels: &'a [String],
    attachments: Vec<ManifestAttachment<'a>>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct ManifestAttachment<'a> {
    /// Its name on the page.
    name: &'a str,
    /// The file, relative to the output folder.
    path: String,
    media_type: &'a str,
    sha256: String,
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The file of `page` with `extension`, relative to the output folder.
fn file(page: &Page, extension: &str) -> PathBuf {
    let mut name = page.file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// The file of an attachment of `page`: `<name>.png`, `<name>.svg`.
fn attachment_file(page: &Page, attachment: &Attachment) -> PathBuf {
    let extension = Path::new(attachment.name)
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().into_owned());
    file(page, &extension)
}

/// The names of the files of `page`: its body, then its attachments'.
fn names_of(page: &Page) -> Vec<PathBuf> {
    let mut names = vec![file(page, "xml")];
    if page.flowchart.is_some() {
        names.push(file(page, "png"));
        names.push(file(page, "svg"));
    }
    names
}

/// Writes every page and the manifest into `out`; returns the files
/// written, relative to `out`.
pub(crate) fn write(pages: &Pages, settings: &Settings, out: &Path) -> io::Result<Vec<PathBuf>> {
    let mut owners: HashMap<PathBuf, &str> = HashMap::new();
    for page in &pages.pages {
        for path in names_of(page) {
            if let Some(other) = owners.insert(path.clone(), &page.key) {
                return Err(io::Error::other(format!(
                    "the pages of `{other}` and `{}` would both be written to {}; rename the folder or file of the SOP",
                    page.key,
                    slash(&path)
                )));
            }
        }
    }
    std::fs::create_dir_all(out)?;
    let staging = Staging::for_folder(out);
    // Pages are written, and their pictures drawn, on every core.
    let written: Vec<(Vec<PathBuf>, Vec<Attachment>)> = pages
        .pages
        .par_iter()
        .map(|page| {
            let body = file(page, "xml");
            staging.write(&out.join(&body), page.body.as_bytes())?;
            let mut done = vec![body];
            let attachments = page.attachments();
            for a in &attachments {
                let path = attachment_file(page, a);
                staging.write(&out.join(&path), &a.bytes)?;
                done.push(path);
            }
            Ok((done, attachments))
        })
        .collect::<io::Result<_>>()?;
    let manifest = Manifest {
        version: 1,
        pages: pages
            .pages
            .iter()
            .zip(&written)
            .map(|(page, (_, attachments))| ManifestPage {
                sop: &page.key,
                path: slash(&file(page, "xml")),
                title: &page.title,
                parent: match page.parent {
                    Parent::Root => settings.parent.as_deref(),
                    Parent::Department(i) => Some(&pages.pages[i].title),
                },
                labels: &page.labels,
                attachments: attachments
                    .iter()
                    .map(|a| ManifestAttachment {
                        name: a.name,
                        path: slash(&attachment_file(page, a)),
                        media_type: a.media_type,
                        sha256: sha256_hex(&a.bytes),
                    })
                    .collect(),
                fingerprint: &page.fingerprint,
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    json.push('\n');
    staging.write(&out.join(MANIFEST_JSON), json.as_bytes())?;
    let mut files: Vec<PathBuf> = written.into_iter().flat_map(|(done, _)| done).collect();
    files.push(PathBuf::from(MANIFEST_JSON));
    Ok(files)
}
