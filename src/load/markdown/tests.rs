//! Reading whole `.sop.md` documents: the tree's shape and, above all, its
//! spans, which must point at the place in the Markdown file.

use std::path::Path;

use super::read;
use crate::load::tree::{Node, Value};
use crate::model::Sop;
use crate::rule::Rule;
use crate::source::SourceFile;

const BILLING: &str = "---
id: CS-014
department: Customer Service
roles:
  agent: Agent
---

# Handling a billing dispute call

## Purpose

Customers are heard.

## Terms

- **CRM**: Customer relationship management system.

## Instructions

1. Greet the customer. {#greet role=agent duration=1m}

   > Thank you for calling.

2. Is the amount above 500? {#check-amount}
   - yes → [escalate](#escalate)
   - no -> refund
3. Refund. {#refund next=close}
4. Escalate. {#escalate}
5. Close. {#close end}
";

fn entries<'n, 't>(node: &'n Node<'t>) -> &'n [(Node<'t>, Node<'t>)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => panic!("not a mapping: {node:?}"),
    }
}

fn get<'n, 't>(node: &'n Node<'t>, key: &str) -> &'n Node<'t> {
    entries(node)
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no `{key}` in {node:?}"))
}

fn step<'n, 't>(root: &'n Node<'t>, i: usize) -> &'n Node<'t> {
    match &get(root, "instructions").value {
        Value::Seq(steps) => &steps[i],
        other => panic!("not a list: {other:?}"),
    }
}

/// The text of the file where a node's span points.
fn at<'t>(text: &'t str, node: &Node) -> &'t str {
    &text[node.span.start..node.span.end]
}

/// Line and column (1-based) of a node, as a user sees them.
fn line_col(text: &str, node: &Node) -> (usize, usize) {
    let src = SourceFile::new(Path::new("x.sop.md"), text);
    let lc = src.line_col(node.span.start);
    (lc.line, lc.column)
}

#[test]
fn every_value_points_at_its_place_in_the_markdown() {
    let reading = read(BILLING);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let root = reading.root.expect("a tree");
    let department = get(&root, "department");
    assert_eq!(at(BILLING, department), "Customer Service");
    assert_eq!(line_col(BILLING, department), (3, 13));
    assert_eq!(
        at(BILLING, get(&root, "title")),
        "Handling a billing dispute call"
    );
    let greet = step(&root, 0);
    let role = get(greet, "role");
    assert_eq!(role.value, Value::Str("agent".into()));
    assert_eq!(line_col(BILLING, role), (20, 37));
    assert_eq!(at(BILLING, get(greet, "duration")), "1m");
    assert_eq!(at(BILLING, get(greet, "text")), "Greet the customer.");
    assert_eq!(
        at(BILLING, get(greet, "script")),
        "> Thank you for calling."
    );
    let branches = entries(get(step(&root, 1), "branches"));
    let (label, target) = &branches[0];
    assert_eq!(
        (at(BILLING, label), at(BILLING, target)),
        ("yes", "escalate")
    );
    assert_eq!(line_col(BILLING, target), (25, 24));
    assert_eq!(at(BILLING, &branches[1].1), "refund");
    let end = get(step(&root, 4), "end");
    assert_eq!((&end.value, at(BILLING, end)), (&Value::Bool(true), "end"));
    let (term, definition) = &entries(get(&root, "terms"))[0];
    assert_eq!(at(BILLING, term), "CRM");
    assert_eq!(
        definition.as_str(),
        Some("Customer relationship management system.")
    );
}

#[test]
fn ids_and_targets_that_look_like_numbers_stay_text() {
    let text = "---\ndepartment: D\n---\n# T\n## Purpose\nP.\n## Terms\n## Instructions\n\
                1. Go. {#1 next=2 duration=5}\n2. Stop. {#2 end}\n";
    let root = read(text).root.expect("a tree");
    for key in ["id", "next", "duration"] {
        assert!(
            matches!(get(step(&root, 0), key).value, Value::Str(_)),
            "{key}"
        );
    }
}

#[test]
fn comments_are_never_content_even_between_items() {
    let text = [
        "---\ndepartment: D\n---\n# T <!-- c -->\n## Purpose\n\nP. <!-- c -->\n\n<!-- c -->\n",
        "## Terms\n## Instructions\n\n1. One. {#one} <!-- c -->\n<!-- between -->\n2. Two.\n",
        "   <!-- inside -->\n   - yes → one\n   <!-- between branches -->\n   - no → one\n",
    ]
    .concat();
    let text = text.as_str();
    let reading = read(text);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let root = reading.root.expect("a tree");
    assert_eq!(get(&root, "title").as_str(), Some("T"));
    assert_eq!(get(&root, "purpose").as_str(), Some("P."));
    assert_eq!(get(step(&root, 0), "id").as_str(), Some("one"));
    assert_eq!(entries(get(step(&root, 1), "branches")).len(), 2);
}

#[test]
fn a_heading_in_another_language_names_its_section() {
    let text = "---\ndepartment: D\n---\n# T\n## Propósito {#purpose}\n\nP.\n\n\
                ## TERMOS {#terms}\n## Instruções {#instructions}\n1. Vá.\n";
    let reading = read(text);
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let root = reading.root.expect("a tree");
    assert_eq!(get(&root, "purpose").as_str(), Some("P."));
    assert_eq!(get(step(&root, 0), "text").as_str(), Some("Vá."));
}

#[test]
fn missing_parts_are_reported_once_in_markdown_words() {
    let src = SourceFile::new(Path::new("x.sop.md"), "# T\n\n## Terms\n");
    let (sop, diagnostics, _) = super::load(&src);
    assert!(sop.is_some());
    let rules: Vec<Rule> = diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, [Rule::SchemaMissingKey; 3], "{diagnostics:?}");
    let helps: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert!(
        helps.iter().any(|h| h.contains("front matter")),
        "{helps:?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("`## Purpose`")),
        "{helps:?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("`## Instructions`")),
        "{helps:?}"
    );
}

#[test]
fn a_front_matter_title_is_one_mistake() {
    let text =
        "---\ntitle: T\ndepartment: D\n---\n## Purpose\nP.\n## Terms\n## Instructions\n1. Go.\n";
    let src = SourceFile::new(Path::new("x.sop.md"), text);
    let (sop, diagnostics, _) = super::load(&src);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].rule, Rule::SchemaUnknownKey);
    assert_eq!(sop.map(|s| s.title.value), Some("T".to_owned()));
}

#[test]
fn a_misplaced_attribute_block_is_reported_at_the_block() {
    let text = "---\ndepartment: D\n---\n# T\n## Purpose\nP.\n## Terms\n## Instructions\n\n1. Go.\n\n   More,\n   and more. {#go end}\n";
    let reading = read(text);
    let [problem] = reading.problems.as_slice() else {
        panic!("{:?}", reading.problems);
    };
    assert_eq!(&text[problem.span.start..problem.span.end], "{#go end}");
    let root = reading.root.expect("a tree");
    assert_eq!(get(step(&root, 0), "id").as_str(), Some("go"));
    assert_eq!(
        get(step(&root, 0), "text").as_str(),
        Some("Go.\n\nMore,\nand more.\n")
    );
}

#[test]
fn a_broken_branch_list_makes_no_flow_claims() {
    let text = "---\ndepartment: D\n---\n# T\n## Purpose\nP.\n## Terms\n## Instructions\n\
                1. Ask? {#ask}\n   - yes → b\n   - Wear gloves.\n2. A. {#a end}\n3. B. {#b end}\n";
    let src = SourceFile::new(Path::new("x.sop.md"), text);
    let (sop, diagnostics, _) = super::load(&src);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(sop.expect("a model").instructions[0].flow_unreadable);
}

#[test]
fn hostile_markdown_is_read_without_harm() {
    // 10,000 nested lists and quotes on one line; indented, 2,000 (already 4 MB).
    let deep_list: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    for body in [
        "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n".to_owned(),
        deep_list,
        "> ".repeat(10_000) + "x\n",
        "- ".repeat(10_000) + "x\n",
        "1. ".repeat(10_000) + "x\n",
        "1. ".to_owned() + &"word ".repeat(1_000_000) + "{#a role=\"x}\n",
        "a\0b {#\0}\n".to_owned(),
        "[".repeat(50_000) + &"]".repeat(50_000),
        "<!--".repeat(10_000),
    ] {
        let text = format!("---\ndepartment: D\n---\n# T\n## Instructions\n{body}");
        let src = SourceFile::new(Path::new("x.sop.md"), text);
        let _ = super::load(&src);
    }
}

#[test]
fn an_alias_bomb_in_the_front_matter_is_refused() {
    let mut yaml = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        yaml += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(","));
        prev = c;
    }
    let text = format!("---\n{yaml}---\n# T\n");
    let reading = read(&text);
    assert!(reading.root.is_none());
    assert_eq!(reading.problems[0].rule, Rule::YamlSyntax);
    assert!(reading.problems[0].message.contains("aliases"));
}

/// `cargo test --release --lib hundred_thousand -- --ignored --nocapture`
#[test]
#[ignore = "a timing, meaningful only in a release build"]
fn a_hundred_thousand_steps_load_quickly() {
    let head = "---\ndepartment: Ops\n---\n\n# Big\n\n## Purpose\n\nLong.\n\n## Terms\n\n## Instructions\n\n";
    let (mut plain, mut decisions) = (head.to_owned(), head.to_owned());
    for i in 0..100_000 {
        let marker = format!("{}. ", i + 1);
        let pad = " ".repeat(marker.len());
        plain += &format!("{marker}Step {i}. {{#s{i} duration=1m}}\n");
        decisions += &format!("{marker}Is step {i} done? {{#s{i} duration=1m}}\n");
        decisions += &format!(
            "{pad}- yes → s{}\n{pad}- no → s{i}\n\n{pad}> Say it.\n\n",
            i + 1
        );
    }
    for (name, mut text) in [("plain", plain), ("decision", decisions)] {
        text += "100001. End. {#s100000 end}\n";
        let src = SourceFile::new(Path::new("big.sop.md"), text);
        let start = std::time::Instant::now();
        let (sop, diagnostics, _) = super::load(&src);
        let elapsed = start.elapsed();
        assert!(diagnostics.is_empty(), "{:?}", &diagnostics[..1]);
        let sop: Sop = sop.expect("a model");
        assert_eq!(sop.instructions.len(), 100_001);
        let size = src.text().len() >> 20;
        println!("100,001 {name} steps ({size} MB) loaded in {elapsed:?}");
        assert!(elapsed.as_secs_f64() < 1.0, "took {elapsed:?}");
    }
}
