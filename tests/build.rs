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

/// Every link target of a page, as the reader's browser or wiki reads it:
/// HTML `href`/`src` values with their entities decoded, Markdown link
/// destinations as CommonMark parses them (backslash escapes and entities
/// decoded).
fn link_targets(text: &str, markdown: bool) -> Vec<String> {
    if markdown {
        use pulldown_cmark::{Event, Parser, Tag};
        return Parser::new(text)
            .filter_map(|event| match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    Some(dest_url.into_string())
                }
                _ => None,
            })
            .collect();
    }
    let mut targets = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for (i, _) in text.match_indices(attribute) {
            let rest = &text[i + attribute.len()..];
            let value = &rest[..rest.find('"').expect("attribute closed")];
            targets.push(
                value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
        }
    }
    targets
}

/// `%XX` escapes decoded, as a browser does before it looks for a file.
fn percent_decoded(link: &str) -> String {
    let bytes = link.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| link.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("a link decodes to UTF-8")
}

/// Follows every relative link of every page of `site`: each must name a
/// file inside `site` (and a `#fragment` alone an element of the page).
/// Returns how many links were followed.
fn assert_links_resolve(site: &Path, markdown: bool) -> usize {
    let root = site.canonicalize().expect("site exists");
    let mut followed = 0;
    for page in files_under(site) {
        if page == ".sopkit-manifest" {
            continue;
        }
        let text = fs::read_to_string(site.join(&page)).expect("text");
        let ids: HashSet<String> = text
            .match_indices(" id=\"")
            .map(|(i, _)| text[i + 5..].split('"').next().unwrap_or("").to_owned())
            .collect();
        for link in link_targets(&text, markdown) {
            // `https:`, `mailto:`: not a file of the site.
            if link
                .split('/')
                .next()
                .is_some_and(|first| first.contains(':'))
            {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            if file.is_empty() {
                assert!(ids.contains(anchor), "{page}: no anchor #{anchor}");
                continue;
            }
            assert!(
                !file.contains(['?', ' ']),
                "{page}: {link} is not a valid relative URL"
            );
            let mut target = site.join(&page).parent().expect("dir").to_path_buf();
            for segment in percent_decoded(file).split('/') {
                match segment {
                    ".." => assert!(target.pop(), "{page}: {link} leaves the disk"),
                    "." | "" => {}
                    name => target.push(name),
                }
            }
            let real = target.canonicalize();
            assert!(
                real.as_ref()
                    .is_ok_and(|real| real.starts_with(&root) && real.is_file()),
                "{page}: link {link} does not lead to a file of the site ({})",
                target.display()
            );
            followed += 1;
        }
    }
    followed
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

/// SOPs in subfolders, translations in other folders than their source, and
/// file names that a URL cannot hold as they are.
fn tree_with_subfolders() -> tempfile::TempDir {
    let sop = |head: &str| {
        format!(
            "{head}purpose: P.\nterms: {{}}\ninstructions:\n  - id: go\n    text: Go.\n    next: done\n  - id: done\n    text: Done.\n"
        )
    };
    crate::support::folder(&[
        (
            "sops/customer/complaint.sop.yaml",
            &sop("id: CS-1\ntitle: Complaint\ndepartment: Customer\nlanguage: en\n"),
        ),
        (
            "sops/zákaznický/reklamace.cs.sop.yaml",
            &sop(
                "id: CS-1-cs\ntranslation_of: CS-1\ntitle: Reklamace\ndepartment: Zákaznický\nlanguage: cs\n",
            ),
        ),
        (
            "sops/zákaznický/a/b/reclamação.pt.sop.md",
            "---\nid: CS-1-pt\ntranslation_of: CS-1\ndepartment: Atendimento\nlanguage: pt-BR\n---\n\n\
             # Reclamação\n\n## Purpose\n\nP.\n\n## Terms\n\n## Instructions\n\n\
             1. Go. {#go next=done}\n2. Done. {#done}\n",
        ),
        (
            "sops/odd names/a#b?c%20d (1) & 'q' [x].sop.yaml",
            &sop("id: CS-2\ntitle: Odd\ndepartment: Customer\n"),
        ),
        (
            "sops/odd names/a#b?c%20d (1) & 'q' [x].fr.sop.yaml",
            &sop(
                "id: CS-2-fr\ntranslation_of: CS-2\ntitle: Bizarre\ndepartment: Client\nlanguage: fr\n",
            ),
        ),
        ("sops/top.sop.yaml", &sop("title: Top\ndepartment: Other\n")),
    ])
}

#[test]
fn every_link_of_a_site_with_subfolders_leads_to_one_of_its_files() {
    for (to, markdown) in [("html", false), ("markdown", true)] {
        let dir = tree_with_subfolders();
        let report = run(dir.path(), &["build", "sops", "-o", "site", "--to", to]);
        assert_eq!(report.code, 0, "{}", report.stderr);
        let site = dir.path().join("site");
        assert_eq!(files_under(&site).len(), 8, "{:?}", files_under(&site));
        // Every page links to the index; the three languages of CS-1 to each
        // other, from their pages and from the index; CS-2 and its French too.
        let followed = assert_links_resolve(&site, markdown);
        assert!(
            followed >= 6 + 2 * 3 + 2 + 2 + 2,
            "{to}: only {followed} links"
        );
    }
}
