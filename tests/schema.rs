//! `schemas/sop.schema.json` is generated from the model; it must not drift.

use crate::support::{repo_root, run};

#[test]
fn checked_in_schema_is_up_to_date() {
    let printed = run(&repo_root(), &["schema"]);
    assert_eq!(printed.code, 0);
    let checked_in = std::fs::read_to_string(repo_root().join("schemas/sop.schema.json"))
        .expect("schemas/sop.schema.json exists");
    assert!(
        printed.stdout == checked_in,
        "schemas/sop.schema.json is out of date: run `cargo run -- schema > schemas/sop.schema.json`"
    );
}

#[test]
fn schema_requires_the_five_parts() {
    let schema = run(&repo_root(), &["schema"]).json();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        required,
        ["title", "department", "purpose", "terms", "instructions"]
    );
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["patternProperties"]["^x-"].is_object());
}

/// A YAML tree as the JSON a schema validator sees (what check-jsonschema
/// or ajv would read from the same file).
fn to_json(node: &sopkit::load::tree::Node<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    use sopkit::load::tree::Value;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(text) => number(text),
        Value::Str(s) => J::String(s.to_string()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match &k.value {
                        Value::Str(s) | Value::Number(s) => s.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => "null".to_owned(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

/// A YAML 1.2 core-schema number as JSON.
fn number(text: &str) -> serde_json::Value {
    let parsed = if let Some(hex) = text.strip_prefix("0x") {
        i64::from_str_radix(hex, 16)
            .ok()
            .map(serde_json::Value::from)
    } else if let Some(oct) = text.strip_prefix("0o") {
        i64::from_str_radix(oct, 8)
            .ok()
            .map(serde_json::Value::from)
    } else if let Ok(int) = text.parse::<i64>() {
        Some(serde_json::Value::from(int))
    } else {
        text.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
    };
    parsed.unwrap_or_else(|| serde_json::Value::String(text.to_owned()))
}

/// Small files that probe the edges where a schema and a loader disagree.
const EDGES: &[(&str, &str)] = &[
    ("number-version", "version: 2\n"),
    ("number-text", "instructions:\n  - text: 42\n"),
    ("number-id", "id: 14\n"),
    (
        "number-step-id",
        "instructions:\n  - id: 3\n    text: Go.\n",
    ),
    (
        "negative-step-id",
        "instructions:\n  - id: -3\n    text: Go.\n",
    ),
    (
        "number-next",
        "instructions:\n  - text: Go.\n    next: 2\n  - id: 2\n    text: Stop.\n",
    ),
    ("number-title", "title: 2024\n"),
    ("empty-title", "title: \"\"\n"),
    ("blank-title", "title: \"   \"\n"),
    ("null-terms", "terms:\n"),
    ("null-tags", "tags:\n"),
    ("number-tag", "tags: [2024, spring]\n"),
    ("bad-date", "review_by: 2026-02-30\n"),
    (
        "number-duration",
        "instructions:\n  - text: Go.\n    duration: 5\n",
    ),
    ("bad-language", "language: english\n"),
    (
        "next-and-end",
        "instructions:\n  - text: Go.\n    next: x\n    end: true\n  - id: x\n    text: X.\n",
    ),
    (
        "end-false",
        "instructions:\n  - text: Go.\n    end: false\n",
    ),
    (
        "branches-list",
        "instructions:\n  - text: Go?\n    branches:\n      - yes: a\n  - id: a\n    text: A.\n",
    ),
    ("x-key", "x-owner-team: ops\n"),
    ("number-key", "1: one\n"),
    ("status-typo", "status: aproved\n"),
    ("empty-instructions", "instructions: []\n"),
    ("string-step", "instructions:\n  - Do it.\n"),
];

/// The start of a valid SOP; each edge case adds or overrides keys.
const BASE: &[(&str, &str)] = &[
    ("title", "title: Edge\n"),
    ("department", "department: Ops\n"),
    ("purpose", "purpose: Probe the schema.\n"),
    ("terms", "terms: {}\n"),
    ("instructions", "instructions:\n  - text: Do it.\n"),
];

fn edge_file(extra: &str) -> String {
    let overridden: Vec<&str> = extra
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .collect();
    let mut text: String = BASE
        .iter()
        .filter(|(key, _)| !overridden.contains(key))
        .map(|(_, line)| *line)
        .collect();
    text.push_str(extra);
    text
}

/// Every `*.sop.yaml` under `dir`.
fn sop_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sop_files(&path, out);
        } else if path.to_string_lossy().ends_with(".sop.yaml") {
            out.push(path);
        }
    }
}

#[test]
fn check_and_the_schema_give_the_same_verdict() {
    use sopkit::rule::Rule;
    let schema = run(&repo_root(), &["schema"]).json();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures", "../shared/conformance/cases"] {
        sop_files(&repo_root().join(dir), &mut files);
    }
    let mut cases: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
        .collect();
    cases.extend(EDGES.iter().map(|(n, t)| ((*n).to_owned(), edge_file(t))));
    assert!(cases.len() > 60, "only {} cases", cases.len());
    let mut disagreements = Vec::new();
    for (name, text) in &cases {
        let loaded = sopkit::load::load_text(std::path::Path::new(name), text.clone());
        if loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::YamlSyntax)
        {
            continue; // not YAML a schema validator could read either
        }
        let schema_problems: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.rule.id().starts_with("schema/"))
            .map(|d| d.message.clone())
            .collect();
        let parsed = sopkit::load::yaml::parse(loaded.source.text(), 0);
        if !parsed.problems.is_empty() {
            continue; // several documents: a validator would read only one
        }
        let tree = parsed.root.expect("parsed above");
        let schema_ok = validator.is_valid(&to_json(&tree));
        if schema_ok != schema_problems.is_empty() {
            disagreements.push(format!(
                "{name}: schema {}, check {:?}",
                if schema_ok { "accepts" } else { "rejects" },
                schema_problems
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn checked_in_front_matter_schema_is_up_to_date_and_takes_the_markdown_examples() {
    let printed = run(&repo_root(), &["schema", "--front-matter"]);
    assert_eq!(printed.code, 0);
    let checked_in =
        std::fs::read_to_string(repo_root().join("schemas/sop-front-matter.schema.json"))
            .expect("schemas/sop-front-matter.schema.json exists");
    assert!(
        printed.stdout == checked_in,
        "schemas/sop-front-matter.schema.json is out of date: run `cargo run -- schema --front-matter > schemas/sop-front-matter.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&checked_in).expect("JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let mut files = Vec::new();
    sop_files_md(&repo_root().join("examples"), &mut files);
    assert!(files.len() >= 3, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let front = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .map(|(front, _)| front)
            .unwrap_or_else(|| panic!("{}: no front matter", path.display()));
        let tree = sopkit::load::yaml::parse(front, 0).root.expect("YAML");
        let json = to_json(&tree);
        assert!(validator.is_valid(&json), "{}: {json}", path.display());
        let mut with_title = json.clone();
        with_title["title"] = "belongs in the body".into();
        assert!(
            !validator.is_valid(&with_title),
            "a title in the front matter is refused"
        );
    }
}

fn sop_files_md(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("examples/").flatten() {
        let path = entry.path();
        if path.to_string_lossy().ends_with(".sop.md") {
            out.push(path);
        }
    }
    out.sort();
}
