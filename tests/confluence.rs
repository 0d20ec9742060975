//! `render --to confluence`: the storage format is well-formed XML in the
//! subset Confluence stores, hostile text stays text, every character a
//! writer wrote survives, and control characters show as control pictures.

use std::fs;

use crate::support::{fixtures, run};

const WRAP_OPEN: &str = "<root xmlns:ac=\"http://atlassian.com/content\" xmlns:ri=\"http://atlassian.com/resource/identifier\">";

/// The elements sopkit writes into a page body: Confluence's XHTML subset
/// and its own elements, nothing else.
const ALLOWED: &[&str] = &[
    "root",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "br",
    "strong",
    "em",
    "s",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "time",
    "structured-macro",
    "parameter",
    "rich-text-body",
    "image",
    "link",
    "link-body",
    "attachment",
    "page",
];

const MACROS: &[&str] = &["details", "status", "anchor", "info", "note", "warning"];

/// Parses a page body as XML, the way Confluence reads it.
fn parse(body: &str) -> String {
    let doc = format!("{WRAP_OPEN}{body}</root>");
    roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("not well-formed: {e}\n{body}"));
    doc
}

fn render(dir: &std::path::Path, file: &str) -> String {
    let out = run(dir, &["render", file, "--to", "confluence"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn hostile_text_stays_text() {
    let body = render(&fixtures().join("hostile"), "hostile.sop.yaml");
    let doc = parse(&body);
    let tree = roxmltree::Document::parse(&doc).expect("parsed above");
    let mut text = String::new();
    for node in tree.descendants() {
        if node.is_text() {
            text.push_str(node.text().unwrap_or(""));
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        assert!(ALLOWED.contains(&name), "element <{name}> in the body");
        for attr in node.attributes() {
            assert!(
                !attr.name().to_lowercase().starts_with("on"),
                "event handler {} on <{name}>",
                attr.name()
            );
            assert!(
                !attr.value().to_lowercase().contains("javascript:") || attr.name() == "alt",
                "active URL in {}: {}",
                attr.name(),
                attr.value()
            );
        }
        if name == "structured-macro" {
            let macro_name = node
                .attributes()
                .find(|a| a.name() == "name")
                .map_or("", |a| a.value());
            assert!(MACROS.contains(&macro_name), "macro `{macro_name}`");
        }
    }
    // The writer's text is all there, as text.
    for piece in [
        "Title <script>document.title='pwned'</script> \"]; evil [ --> end",
        "Dept <img src=x onerror=\"document.title='pwned'\"> & co",
        "'; DROP TABLE sops; -- <b>bold</b>",
        "Definition <img src=x onerror=\"document.title='pwned'\">",
        "Say \"hi\" <script>document.title='pwned'</script>",
        "no <script>document.title='pwned'</script> | #35; &amp;",
        "digraph { a -> b } \\ backslash \" quote",
    ] {
        assert!(text.contains(piece), "lost: {piece}");
    }
    // A line break in plain text is a <br />: a bare newline would be a
    // space to Confluence, and converters read `- list` after it as a list.
    assert!(
        body.contains("= heading<br />- list<br />+ enum"),
        "the approval's role keeps its lines"
    );
    insta::assert_snapshot!("hostile.confluence", body);
}

#[test]
fn control_characters_become_control_pictures() {
    let body = render(&fixtures().join("hostile"), "controls.sop.yaml");
    parse(&body);
    for shown in [
        "CTL␁",
        "Bell␇ and escape␛",
        "Ops␁",
        "Back␈space",
        "Null␀ here, form␌ feed and vertical␋ tab.",
        "T␟",
        "Unit␡ separator",
        "Ring␇ the \u{fffd} bell \u{fffd} twice.",
        "Say␂ this,␍ now.",
        "Shift␎ out.",
        "ok␃",
        "again␄",
        "sub␅step",
        "ref␆",
        "tag␇",
    ] {
        assert!(body.contains(shown), "{shown} not in\n{body}");
    }
    assert!(
        !body.chars().any(|c| c.is_control() && c != '\n'),
        "{body:?}"
    );
}

#[test]
fn the_page_carries_document_control_the_flowchart_and_numbered_steps() {
    let dir = crate::support::repo_root();
    let body = render(&dir, "examples/complaint-handling.sop.yaml");
    parse(&body);
    assert!(body.starts_with("<ac:structured-macro ac:name=\"details\">"));
    assert!(body.contains("<tr><th>Owner</th><td>Customer Experience team</td></tr>"));
    assert!(body.contains("<tr><th>Review by</th><td><time datetime=\"2027-05-01\" /></td></tr>"));
    assert!(body.contains(
        "<ac:parameter ac:name=\"title\">Approved</ac:parameter><ac:parameter ac:name=\"colour\">Green</ac:parameter>"
    ));
    assert!(body.contains("<ri:attachment ri:filename=\"flowchart.png\" />"));
    assert!(body.contains("<ri:attachment ri:filename=\"flowchart.svg\" />"));
    assert!(body.contains("ac:alt=\"Flowchart: 1. Acknowledge the complaint"));
    // A decision's branches link to their steps on the page.
    assert!(
        body.contains("<li><strong>not solved</strong> → <ac:link ac:anchor=\"step-attempts\">")
    );
    assert!(body.contains("<ac:parameter ac:name=\"\">step-attempts</ac:parameter>"));
    assert_eq!(
        body.matches("<ac:structured-macro ac:name=\"anchor\">")
            .count(),
        9
    );
}

#[test]
fn a_lone_render_keeps_references_to_other_sops_as_text() {
    let dir = crate::support::repo_root();
    let body = render(&dir, "examples/late-delivery.sop.md");
    assert!(body.contains("<li>CS-020</li>"), "{body}");
    assert!(!body.contains("<ri:page"));
}

#[test]
fn every_example_is_well_formed() {
    let root = crate::support::repo_root();
    for entry in fs::read_dir(root.join("examples")).expect("examples/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.contains(".sop.") {
            parse(&render(&root, &format!("examples/{name}")));
        }
    }
}

fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).expect("manifest written")).expect("JSON")
}

#[test]
fn build_writes_every_page_its_pictures_and_the_manifest() {
    let root = crate::support::repo_root();
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("wiki");
    let site_arg = site.to_string_lossy().into_owned();
    let run1 = run(
        &root,
        &["build", "examples", "-o", &site_arg, "--to", "confluence"],
    );
    assert_eq!(run1.code, 0, "{}", run1.stderr);
    let manifest = read_json(&site.join("manifest.json"));
    assert_eq!(manifest["version"], 1);
    let pages = manifest["pages"].as_array().expect("pages");
    let departments: Vec<&serde_json::Value> = pages
        .iter()
        .filter(|p| {
            p["sop"]
                .as_str()
                .is_some_and(|s| s.starts_with("department:"))
        })
        .collect();
    let sops: Vec<&serde_json::Value> = pages
        .iter()
        .filter(|p| {
            !p["sop"]
                .as_str()
                .is_some_and(|s| s.starts_with("department:"))
        })
        .collect();
    assert_eq!(sops.len(), 10, "one page per example");
    assert_eq!(departments.len(), 7);
    let department_titles: Vec<&str> = departments
        .iter()
        .filter_map(|d| d["title"].as_str())
        .collect();
    for page in pages {
        let path = page["path"].as_str().expect("path");
        let body = fs::read_to_string(site.join(path)).expect("body written");
        parse(&body);
        let fingerprint = page["fingerprint"].as_str().expect("fingerprint");
        assert!(fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
        for attachment in page["attachments"].as_array().expect("attachments") {
            let file = site.join(attachment["path"].as_str().expect("path"));
            assert!(file.is_file(), "{} missing", file.display());
        }
    }
    for sop in &sops {
        assert!(
            department_titles.contains(&sop["parent"].as_str().expect("parent")),
            "{sop}"
        );
        let names: Vec<&str> = sop["attachments"]
            .as_array()
            .expect("attachments")
            .iter()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert_eq!(names, ["flowchart.png", "flowchart.svg"]);
    }
    let complaint = sops.iter().find(|p| p["sop"] == "CS-020").expect("CS-020");
    assert_eq!(complaint["path"], "complaint-handling.xml");
    assert_eq!(
        complaint["labels"],
        serde_json::json!(["sop", "customer-service", "approved"])
    );
    let png = fs::read(site.join("complaint-handling.png")).expect("png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // Links between SOPs lead to the other SOP's page.
    let late = fs::read_to_string(site.join("late-delivery.xml")).expect("late delivery");
    assert!(late.contains("<ac:link><ri:page ri:content-title=\"Handling a customer complaint\" /><ac:link-body>CS-020 — Handling a customer complaint</ac:link-body></ac:link>"), "{late}");
    let department =
        fs::read_to_string(site.join("_departments/customer-service.xml")).expect("department");
    parse(&department);
    assert!(department.contains("<ac:structured-macro ac:name=\"detailssummary\">"));
    assert!(
        department.contains("label = &quot;sop&quot; and label = &quot;customer-service&quot;")
    );
}

#[test]
fn names_never_collide_across_subfolders() {
    let sop = |title: &str| {
        format!(
            "title: {title}\ndepartment: Ops\npurpose: P.\nterms: {{}}\ninstructions:\n  - text: Go.\n"
        )
    };
    let dir = crate::support::folder(&[
        ("a/refund.sop.yaml", &sop("Refund A")),
        ("b/refund.sop.yaml", &sop("Refund B")),
        (
            "sopkit.toml",
            "[confluence]\nparent = \"123456\"\ntitle_prefix = \"SOP: \"\n",
        ),
    ]);
    let out = run(
        dir.path(),
        &["build", ".", "-o", "out", "--to", "confluence"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let manifest = read_json(&dir.path().join("out/manifest.json"));
    let paths: Vec<&str> = manifest["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        ["_departments/ops.xml", "a/refund.xml", "b/refund.xml"]
    );
    assert_eq!(manifest["pages"][0]["title"], "SOP: Ops");
    assert_eq!(manifest["pages"][0]["parent"], "123456");
    assert_eq!(
        manifest["pages"][1]["sop"], "a/refund.sop.yaml",
        "an SOP without id is known by its path"
    );
    assert_eq!(manifest["pages"][1]["title"], "SOP: Refund A");
    assert_eq!(manifest["pages"][1]["parent"], "SOP: Ops");
}

#[test]
fn titles_that_would_collide_in_the_space_are_refused() {
    let sop = |title: &str, department: &str| {
        format!(
            "title: {title}\ndepartment: {department}\npurpose: P.\nterms: {{}}\ninstructions:\n  - text: Go.\n"
        )
    };
    let dir = crate::support::folder(&[
        ("one.sop.yaml", &sop("Refund", "Billing")),
        ("two.sop.yaml", &sop("refund", "Billing")),
        ("three.sop.yaml", &sop("Billing", "Finance")),
    ]);
    let out = run(
        dir.path(),
        &["build", ".", "-o", "out", "--to", "confluence"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("two.sop.yaml (title `refund`) would get the same page title as one.sop.yaml (title `Refund`)"), "{}", out.stderr);
    assert!(out.stderr.contains("three.sop.yaml (title `Billing`) would get the same page title as the page of department `Billing`"), "{}", out.stderr);
    assert!(!dir.path().join("out").exists(), "something was written");
}
