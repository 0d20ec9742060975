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
