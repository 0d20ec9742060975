//! The site's index: every SOP by department, with its translations and
//! review date; in the live preview, marks on the files with errors.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Page, language_name, other_languages, relative};
use crate::model::Sop;
use crate::render::labels::EN;
use crate::render::{escape, html};

/// What the index of the live preview (`sopkit serve`) says about files
/// with errors; a built site has none (`build` refuses them).
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// Page path → how many errors its SOP has.
    pub(crate) errors: HashMap<PathBuf, usize>,
    /// Files with no SOP to show (unreadable, unparseable, or under a bad
    /// `sopkit.toml`): their page path and their name.
    pub(crate) broken: Vec<(PathBuf, String)>,
}

/// Pages by department (sorted), each list sorted by title; translations
/// whose source is on the site are listed with their source.
fn by_department<'p, 'a>(pages: &'p [Page<'a>]) -> BTreeMap<&'a str, Vec<&'p Page<'a>>> {
    let mut departments: BTreeMap<&str, Vec<&Page<'_>>> = BTreeMap::new();
    for page in pages {
        if !page.has_source {
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

/// "✖ 2 errors", marking an SOP with errors in the live preview's index.
fn errors_mark(errors: usize) -> String {
    let plural = if errors == 1 { "" } else { "s" };
    format!(" <span class=\"errors\">✖ {errors} error{plural}</span>")
}

pub(super) fn html(pages: &[Page<'_>], today: jiff::civil::Date, marks: &Marks) -> String {
    let l = &EN;
    let esc = escape::html;
    let mut b = format!(
        "<div class=\"page\">\n<header><h1>{}</h1></header>\n<main>\n",
        esc(l.index)
    );
    if !marks.broken.is_empty() {
        b.push_str("<section class=\"problems\"><h2>Files with errors</h2>\n<ul>\n");
        for (path, name) in &marks.broken {
            let _ = writeln!(
                b,
                "<li><a href=\"{}\">{}</a> <span class=\"errors\">✖ cannot be shown</span></li>",
                esc(&relative(Path::new("index.html"), path)),
                esc(name)
            );
        }
        b.push_str("</ul></section>\n");
    }
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
            let langs: Vec<String> = other_languages(page, pages)
                .map(|other| {
                    let errors = marks
                        .errors
                        .get(&other.path)
                        .map_or(String::new(), |&n| errors_mark(n));
                    format!(
                        "<a href=\"{}\">{}</a>{errors}",
                        esc(&relative(Path::new("index.html"), &other.path)),
                        esc(&language_name(other.sop))
                    )
                })
                .collect();
            let errors = marks
                .errors
                .get(&page.path)
                .map_or(String::new(), |&n| errors_mark(n));
            let _ = writeln!(
                b,
                "<tr><td><a href=\"{}\">{}</a>{errors}</td><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{review}</td><td>{}</td></tr>",
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

pub(super) fn markdown(pages: &[Page<'_>], today: jiff::civil::Date) -> String {
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
            // Linked from the index, not from the page: the page's own
            // `translations` are relative to its folder.
            let langs: Vec<String> = other_languages(page, pages)
                .map(|other| {
                    format!(
                        "[{}]({})",
                        cell(&language_name(other.sop)),
                        relative(Path::new("index.md"), &other.path)
                    )
                })
                .collect();
            let _ = writeln!(
                b,
                "| [{}]({}) | {} | {} | {} | {review} | {} |",
                cell(&sop.title.value),
                relative(Path::new("index.md"), &page.path),
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
