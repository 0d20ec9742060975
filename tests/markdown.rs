//! SOPs written in Markdown (`*.sop.md`): the same model as the YAML form,
//! found and checked beside YAML files, suppressions in HTML comments, and
//! no input that makes the reader panic or hang.

use std::fs;
use std::time::Instant;

use crate::support::{fixtures, repo_root, run};

const HEAD: &str =
    "---\ndepartment: D\n---\n\n# T\n\n## Purpose\n\nP.\n\n## Terms\n\n## Instructions\n\n";

#[test]
fn a_markdown_sop_gives_the_same_model_as_its_yaml_original() {
    let json = |path: &str| {
        let out = run(&repo_root(), &["render", path, "--to", "json"]);
        assert_eq!(out.code, 0, "{path}: {}", out.stderr);
        out.json()
    };
    let yaml = json("examples/billing-dispute-call.sop.yaml");
    let markdown = json("tests/fixtures/markdown/billing-dispute-call.sop.md");
    assert_eq!(markdown, yaml);
}

#[test]
fn markdown_and_yaml_sops_are_checked_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let yaml =
        "id: X-1\ntitle: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n";
    fs::write(dir.path().join("a.sop.yaml"), yaml).expect("write");
    let markdown = HEAD.replace("department: D", "id: X-1\ndepartment: D") + "1. Go.\n";
    fs::write(dir.path().join("b.sop.md"), markdown).expect("write");
    fs::write(dir.path().join("README.md"), "# Not an SOP\n").expect("write");
    let report = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(report.rules(), ["meta/duplicate-id", "meta/duplicate-id"]);
    let files: Vec<String> = report.json()["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(files, ["a.sop.yaml", "b.sop.md"]);
}

#[test]
fn suppressions_are_html_comments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sop = HEAD.to_owned()
        + "<!-- sopkit: allow-file(terms/undefined-acronym) -->\n\
           1. Ask? {#ask}\n\
           \x20  <!-- sopkit: allow(flow/single-branch, meta/review-overdue) -->\n\
           \x20  - yes → done\n\
           2. Log it in the CRM. {#done end}\n";
    fs::write(dir.path().join("s.sop.md"), sop).expect("write");
    let report = run(dir.path(), &["check", "--format", "short", "."]);
    assert_eq!(
        report.stdout.lines().next().unwrap_or(""),
        "s.sop.md:17:43: warning[meta/unused-suppression]: `meta/review-overdue` \
         reports nothing here: the suppression is not needed"
    );
    assert!(
        !report.stdout.contains("single-branch]"),
        "{}",
        report.stdout
    );
    assert!(!report.stdout.contains("acronym]"), "{}", report.stdout);
}

#[test]
fn a_markdown_sop_is_rendered_and_built_like_a_yaml_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sop = HEAD.replace(
        "P.",
        "P. <script>alert(1)</script> [x](javascript:alert(1))",
    ) + "1. Go. {#go}\n";
    fs::write(dir.path().join("go.sop.md"), sop).expect("write");
    let html = run(dir.path(), &["render", "go.sop.md", "--to", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        !html.stdout.to_lowercase().contains("<script"),
        "a live script"
    );
    assert!(!html.stdout.contains("href=\"javascript"), "a live link");
    let out = dir.path().join("site");
    let build = run(dir.path(), &["build", ".", "-o", &out.to_string_lossy()]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        out.join("go.html").is_file(),
        "the page of go.sop.md is go.html"
    );
}

fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let with = |body: &str| format!("{HEAD}{body}").into_bytes();
    let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        bomb += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(","));
        prev = c;
    }
    bomb += "---\n# T\n";
    vec![
        ("empty.sop.md", Vec::new()),
        ("unclosed.sop.md", b"---\ndepartment: D\n# T\n".to_vec()),
        ("alias-bomb.sop.md", bomb.into_bytes()),
        ("latin1.sop.md", b"# caf\xe9\n".to_vec()),
        ("nul.sop.md", with("1. a\0b {#\0}\n")),
        (
            "html.sop.md",
            with("<script>alert(1)</script>\n\n1. [x](javascript:alert(1))\n"),
        ),
        ("nested-lists.sop.md", with(&("1. ".repeat(10_000) + "x\n"))),
        (
            "nested-quotes.sop.md",
            with(&("1. x\n\n   ".to_owned() + &"> ".repeat(10_000) + "y\n")),
        ),
        (
            "long-line.sop.md",
            with(&("1. ".to_owned() + &"word ".repeat(10_000_000) + "{#a role=\"x}\n")),
        ),
    ]
}

#[test]
fn hostile_markdown_gets_diagnostics_not_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in hostile_inputs() {
        fs::write(dir.path().join(name), bytes).expect("write");
    }
    // The 50 MB line is read, not refused by the size limit: it must not hang.
    fs::write(dir.path().join("sopkit.toml"), "max_file_size_mb = 64\n").expect("write");
    let start = Instant::now();
    let report = run(dir.path(), &["check", "--format", "short", "."]);
    let elapsed = start.elapsed();
    assert_eq!(report.code, 1, "{}", report.stderr);
    // A guard against a hang, not a time limit (bench/limits.py has those):
    // a debug build parses the 50 MB line in well under a minute.
    assert!(elapsed.as_secs_f64() < 120.0, "took {elapsed:?}");
    // A 10,000-deep quote is a (strange) script: no mistake in it.
    for (name, _) in hostile_inputs()
        .iter()
        .filter(|(n, _)| *n != "nested-quotes.sop.md")
    {
        assert!(
            report
                .stdout
                .lines()
                .any(|l| l.starts_with(&format!("{name}:")) && l.contains(": error[")),
            "{name} has no diagnostic:\n{}",
            report.stdout
        );
    }
    let expect = [
        (
            "unclosed.sop.md:1:1: error[markdown/structure]",
            "never closed",
        ),
        ("alias-bomb.sop.md:", "aliases expand too far"),
        ("latin1.sop.md:1:6: error[io/unreadable]", "not UTF-8"),
        (
            "long-line.sop.md:15:50000013: error[markdown/structure]",
            "no closing `\"`",
        ),
    ];
    for (start, words) in expect {
        assert!(
            report
                .stdout
                .lines()
                .any(|l| l.starts_with(start) && l.contains(words)),
            "{start} … {words}:\n{}",
            report.stdout
        );
    }
}

#[test]
fn a_hundred_thousand_step_markdown_sop_loads() {
    let mut text = HEAD.to_owned();
    for i in 0..100_000 {
        text += &format!("{}. Step {i}. {{#s{i} duration=1m}}\n", i + 1);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("big.sop.md"), &text).expect("write");
    // (Its time is a limit of bench/limits.py.)
    let report = run(dir.path(), &["check", "--format", "short", "big.sop.md"]);
    assert_eq!(report.stdout, "no problems in 1 file\n");
}

#[test]
fn the_fixture_has_no_problems() {
    let report = run(
        &fixtures().join("markdown"),
        &["check", "--today", "2026-11-23", "."],
    );
    assert_eq!(report.stdout, "no problems in 1 file\n");
}
