//! `sopkit build`: a site a person can browse from the index, with working
//! relative links; nothing written when any SOP has errors.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use crate::support::{repo_root, run};

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(dir)
                        .expect("inside")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// Every `href="..."` / `](...)` link of a page that is relative.
fn relative_links(text: &str, markdown: bool) -> Vec<String> {
    let (open, close) = if markdown {
        ("](", ')')
    } else {
        ("href=\"", '"')
    };
    text.match_indices(open)
        .filter_map(|(i, _)| {
            let rest = &text[i + open.len()..];
            rest.find(close).map(|end| rest[..end].to_owned())
        })
        .filter(|l| !l.contains("://"))
        .collect()
}

fn assert_links_resolve(site: &Path, markdown: bool) {
    for page in files_under(site) {
        let text = fs::read_to_string(site.join(&page)).expect("text");
        let ids: HashSet<String> = text
            .match_indices(" id=\"")
            .map(|(i, _)| text[i + 5..].split('"').next().unwrap_or("").to_owned())
            .collect();
        for link in relative_links(&text, markdown) {
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            if file.is_empty() {
                assert!(ids.contains(anchor), "{page}: no anchor #{anchor}");
                continue;
            }
            let target = site.join(&page).parent().expect("dir").join(file);
            assert!(target.is_file(), "{page}: broken link {link}");
        }
    }
}

#[test]
fn builds_a_static_site_from_the_examples() {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let report = run(
        &repo_root(),
        &[
            "build",
            "examples",
            "-o",
            &site.to_string_lossy(),
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let files = files_under(&site);
    assert!(files.contains(&"index.html".to_owned()), "{files:?}");
    assert!(
        files.contains(&"billing-dispute-call.html".to_owned()),
        "{files:?}"
    );
    assert!(files.contains(&".sopkit-manifest".to_owned()), "{files:?}");
    assert_eq!(files.len(), 12, "{files:?}");
    // A Markdown SOP gets its page like a YAML one.
    assert!(
        files.contains(&"late-delivery.html".to_owned()),
        "{files:?}"
    );
    let index = fs::read_to_string(site.join("index.html")).expect("index");
    for department in [
        "Customer Service",
        "People Operations",
        "Servizio clienti",
        "Zákaznický servis",
    ] {
        assert!(
            index.contains(&format!("<h2>{department}</h2>")),
            "index lacks {department}"
        );
    }
    // The translation is listed with its source, not on its own row.
    assert!(index.contains("<a href=\"disputa-de-cobranca.pt.html\">Português</a>"));
    let source = fs::read_to_string(site.join("billing-dispute-call.html")).expect("page");
    assert!(source.contains(
        "Also in: <a href=\"disputa-de-cobranca.pt.html\">Português</a> · \
         <a href=\"disputa-de-factura.es.html\">Español</a>"
    ));
    let translation = fs::read_to_string(site.join("disputa-de-cobranca.pt.html")).expect("page");
    assert!(translation.contains("Também em: <a href=\"billing-dispute-call.html\">English</a>"));
    assert_links_resolve(&site, false);
}

#[test]
fn builds_a_wiki_tree_and_marks_overdue_reviews() {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("wiki");
    let report = run(
        &repo_root(),
        &[
            "build",
            "examples",
            "-o",
            &site.to_string_lossy(),
            "--to",
            "markdown",
            "--today",
            "2027-04-15",
        ],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    let index = fs::read_to_string(site.join("index.md")).expect("index");
    assert!(index.contains("## Customer Service"));
    // Billing (2027-03-01) is overdue on 2027-04-15; complaints (2027-05-01) not yet.
    assert!(index.contains("2027-03-01 ⚠ review overdue"), "{index}");
    assert!(index.contains("2027-05-01 |"), "{index}");
    assert_links_resolve(&site, true);
}

#[test]
fn nothing_is_written_when_an_sop_has_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("sops")).expect("mkdir");
    fs::write(
        dir.path().join("sops/good.sop.yaml"),
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("sops/bad.sop.yaml"),
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: nowhere\n",
    )
    .expect("write");
    let report = run(dir.path(), &["build", "sops", "-o", "site"]);
    assert_eq!(report.code, 1);
    assert!(
        report.stderr.contains("flow/unknown-target"),
        "{}",
        report.stderr
    );
    assert!(!dir.path().join("site").exists(), "something was written");
}
