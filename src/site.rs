//! `sopkit build`: a static site (HTML) or a wiki tree (Markdown) from
//! checked SOPs: one page per SOP, placed as its source file is placed, and
//! an index grouped by department. Translations of one SOP link to each
//! other; every link is relative, so the folder works opened from disk or
//! pushed to a wiki.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::load::LoadedFile;
use crate::model::Sop;
use crate::output::write_atomic;
use crate::render::labels::EN;
use crate::render::{Document, Format, Labels, Translation, escape, html};

/// One SOP of the site and where its page goes (relative to the output folder).
struct Page<'a> {
    sop: &'a Sop,
    file: &'a LoadedFile,
    path: PathBuf,
}

/// Writes the site into `out`; returns the files written, relative to `out`.
pub fn build(
    files: &[LoadedFile],
    root: &Path,
    out: &Path,
    format: Format,
    today: jiff::civil::Date,
) -> std::io::Result<Vec<PathBuf>> {
    let pages: Vec<Page<'_>> = files
        .iter()
        .filter_map(|file| {
            let sop = file.sop.as_ref()?;
            Some(Page {
                sop,
                file,
                path: page_path(file.source.path(), root, format),
            })
        })
        .collect();
    let mut written = Vec::new();
    for page in &pages {
        let Some(flow) = page.file.flow.as_ref() else {
            continue;
        };
        let mut doc = Document::new(page.sop, flow);
        doc.translations = translations(page, &pages);
        doc.index_href = Some(relative(&page.path, Path::new(index_name(format))));
        let mut bytes = Vec::new();
        format.renderer().render(&doc, &mut bytes)?;
        write_atomic(&out.join(&page.path), &bytes)?;
        written.push(page.path.clone());
    }
    let index = match format {
        Format::Markdown => markdown_index(&pages, today),
        _ => html_index(&pages, today),
    };
    write_atomic(&out.join(index_name(format)), index.as_bytes())?;
    written.push(PathBuf::from(index_name(format)));
    Ok(written)
}

fn index_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "index.md",
        _ => "index.html",
    }
}

/// `billing/refund.sop.yaml` under `root` → `billing/refund.html`.
fn page_path(source: &Path, root: &Path, format: Format) -> PathBuf {
    let rel = source.strip_prefix(root).unwrap_or(source);
    let rel: PathBuf = rel
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".sop.yaml")
        .or_else(|| name.strip_suffix(".sop.yml"))
        .or_else(|| name.strip_suffix(".sop.md"))
        .or_else(|| name.rsplit_once('.').map(|(s, _)| s))
        .unwrap_or(&name);
    rel.with_file_name(format!("{stem}.{}", format.extension()))
}

/// A link from the page at `from` to the file at `to`, both relative to the
/// site's root.
fn relative(from: &Path, to: &Path) -> String {
    let depth = from.parent().map_or(0, |p| p.components().count());
    let mut link = "../".repeat(depth);
    link.push_str(&to.to_string_lossy().replace('\\', "/"));
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
    let Some(key) = group_key(page.sop) else {
        return Vec::new();
    };
    pages
        .iter()
        .filter(|other| !std::ptr::eq(other.sop, page.sop) && group_key(other.sop) == Some(key))
        .map(|other| Translation {
            language: language_name(other.sop),
            href: relative(&page.path, &other.path),
        })
        .collect()
}

/// Pages by department (sorted), each list sorted by title; translations
/// whose source is on the site are listed with their source.
fn by_department<'p, 'a>(pages: &'p [Page<'a>]) -> BTreeMap<&'a str, Vec<&'p Page<'a>>> {
    let mut departments: BTreeMap<&str, Vec<&Page<'_>>> = BTreeMap::new();
    for page in pages {
        let has_source = page.sop.translation_of.as_ref().is_some_and(|of| {
            pages
                .iter()
                .any(|p| p.sop.id.as_ref().is_some_and(|id| id.value == of.value))
        });
        if !has_source {
            departments
                .entry(page.sop.department.value.as_str())
                .or_default()
                .push(page);
        }
    }
    for list in departments.values_mut() {
        list.sort_by(|a, b| a.sop.title.value.cmp(&b.sop.title.value));
    }
    departments
}

fn is_overdue(sop: &Sop, today: jiff::civil::Date) -> bool {
    sop.review_by.as_ref().is_some_and(|r| r.value.0 < today)
}

fn html_index(pages: &[Page<'_>], today: jiff::civil::Date) -> String {
    let l = &EN;
    let esc = escape::html;
    let mut b = format!(
        "<div class=\"page\">\n<header><h1>{}</h1></header>\n<main>\n",
        esc(l.index)
    );
    for (department, list) in by_department(pages) {
        let _ = write!(
            b,
            "<section><h2>{}</h2>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
            esc(department),
            esc(l.title),
            esc(l.id),
            esc(l.version),
            esc(l.status),
            esc(l.review_by),
            esc(l.also_in)
        );
        for page in list {
            let sop = page.sop;
            let review = sop.review_by.as_ref().map_or(String::new(), |r| {
                let mark = if is_overdue(sop, today) {
                    format!(" <span class=\"overdue\">⚠ {}</span>", esc(l.overdue))
                } else {
                    String::new()
                };
                format!("{}{mark}", r.value.0)
            });
            let langs: Vec<String> = translations(page, pages)
                .into_iter()
                .map(|t| format!("<a href=\"{}\">{}</a>", esc(&t.href), esc(&t.language)))
                .collect();
            let _ = writeln!(
                b,
                "<tr><td><a href=\"{}\">{}</a></td><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{review}</td><td>{}</td></tr>",
                esc(&relative(Path::new("index.html"), &page.path)),
                esc(&sop.title.value),
                esc(sop.id.as_ref().map_or("", |v| v.value.as_str())),
                esc(sop.version.as_ref().map_or("", |v| v.value.as_str())),
                esc(l.status_name(sop.status())),
                langs.join(" · ")
            );
        }
        b.push_str("</tbody></table></section>\n");
    }
    b.push_str("</main>\n<footer>sopkit</footer>\n</div>");
    html::page("en", l.index, &b)
}

fn markdown_index(pages: &[Page<'_>], today: jiff::civil::Date) -> String {
    let l = &EN;
    let cell = escape::markdown;
    let mut b = format!("# {}\n\n", l.index);
    for (department, list) in by_department(pages) {
        let _ = writeln!(b, "## {}\n", cell(department));
        let _ = writeln!(
            b,
            "| {} | {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- | --- |",
            l.title, l.id, l.version, l.status, l.review_by, l.also_in
        );
        for page in list {
            let sop = page.sop;
            let review = sop.review_by.as_ref().map_or(String::new(), |r| {
                let mark = if is_overdue(sop, today) {
                    format!(" ⚠ {}", l.overdue)
                } else {
                    String::new()
                };
                format!("{}{mark}", r.value.0)
            });
            let langs: Vec<String> = translations(page, pages)
                .into_iter()
                .map(|t| format!("[{}]({})", t.language, t.href.replace(' ', "%20")))
                .collect();
            let _ = writeln!(
                b,
                "| [{}]({}) | {} | {} | {} | {review} | {} |",
                cell(&sop.title.value),
                relative(Path::new("index.md"), &page.path).replace(' ', "%20"),
                cell(sop.id.as_ref().map_or("", |v| v.value.as_str())),
                cell(sop.version.as_ref().map_or("", |v| v.value.as_str())),
                l.status_name(sop.status()),
                langs.join(" · ")
            );
        }
        b.push('\n');
    }
    b
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
    }
}
