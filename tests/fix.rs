//! `check --fix` and `check --diff` on the fixtures of `tests/fixtures/fix/`:
//! each file's diff and fixed text are snapshotted, and the fixed text is
//! checked again: it needs no more fixes, and reads as the same text when
//! it comes from standard input.

use crate::support::{fixtures, folder, run, run_with_stdin};

/// Every fixture, by file name.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("fix"))
        .expect("the fix fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("fix").join(name)).expect("fixture")
}

#[test]
fn every_fixture_is_fixed_and_snapshotted() {
    let names = fixture_names();
    assert!(
        names.iter().any(|n| n.ends_with(".sop.md")),
        "a Markdown fixture"
    );
    assert!(
        names.iter().any(|n| n.ends_with(".sop.yaml")),
        "a YAML fixture"
    );
    for name in names {
        let original = fixture(&name);
        let dir = folder(&[(name.as_str(), original.as_str())]);
        let today = ["--today", "2026-11-23"];

        let diff = run(dir.path(), &["check", "--diff", &name, today[0], today[1]]);
        assert_eq!(
            diff.code, 1,
            "{name}: --diff exits 1 when there is a fix\n{}",
            diff.stderr
        );
        insta::assert_snapshot!(format!("diff_{name}"), diff.stdout);
        let on_disk = std::fs::read_to_string(dir.path().join(&name)).expect("read");
        assert_eq!(on_disk, original, "{name}: --diff writes nothing");

        let fixed = run(dir.path(), &["check", "--fix", &name, today[0], today[1]]);
        assert!(
            fixed.stderr.contains("sopkit: fixed "),
            "{name}: {}",
            fixed.stderr
        );
        let text = std::fs::read_to_string(dir.path().join(&name)).expect("read");
        insta::assert_snapshot!(format!("fixed_{name}"), text);

        let again = run(dir.path(), &["check", "--diff", &name, today[0], today[1]]);
        assert_eq!(
            (again.code, again.stdout.as_str()),
            (0, ""),
            "{name}: nothing left to fix"
        );

        let piped = run_with_stdin(
            dir.path(),
            &[
                "check",
                "-",
                "--fix",
                "--stdin-filename",
                &name,
                today[0],
                today[1],
            ],
            &original,
        );
        assert_eq!(piped.stdout, text, "{name}: stdin gets the same fixes");
    }
}

#[test]
fn fix_reports_what_it_fixed_and_what_is_left() {
    let dir = folder(&[(
        "a.sop.yaml",
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\nstatus: aprovd\ninstructions:\n  - text: Do it.\n    next: nowhere\n",
    )]);
    let fixed = run(
        dir.path(),
        &["check", "--fix", "--format", "short", "a.sop.yaml"],
    );
    assert_eq!(fixed.code, 1, "an error is left");
    assert!(
        fixed
            .stderr
            .contains("sopkit: fixed 1 problem in 1 file; 1 error, 0 warnings left"),
        "{}",
        fixed.stderr
    );
    assert!(
        fixed
            .stdout
            .contains("a.sop.yaml:8:11: error[flow/unknown-target]"),
        "{}",
        fixed.stdout
    );
    let text = std::fs::read_to_string(dir.path().join("a.sop.yaml")).expect("read");
    assert!(text.contains("status: approved\n"), "{text}");
}

#[test]
fn nothing_to_fix_is_exit_0_and_no_diff() {
    let dir = folder(&[(
        "a.sop.yaml",
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n",
    )]);
    let diff = run(dir.path(), &["check", "--diff", "."]);
    assert_eq!(
        (diff.code, diff.stdout.as_str()),
        (0, ""),
        "{}",
        diff.stderr
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_kept() {
    let text = "\u{feff}title: T\r\ndepartment: D\r\npurpose: P.\r\nterms: {}\r\nstatus: aprovd\r\ninstructions:\r\n  - text: Do it.\r\n";
    let dir = folder(&[("a.sop.yaml", text)]);
    let fixed = run(dir.path(), &["check", "--fix", "a.sop.yaml"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    let after = std::fs::read_to_string(dir.path().join("a.sop.yaml")).expect("read");
    assert_eq!(after, text.replace("aprovd", "approved"));
}

#[test]
fn fix_and_diff_cannot_be_given_together() {
    let dir = folder(&[]);
    let both = run(dir.path(), &["check", "--fix", "--diff", "."]);
    assert_eq!(both.code, 2);
}

#[test]
fn a_step_id_is_not_renamed_when_a_target_names_it() {
    let named = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: A.\n    next: Step B\n  - id: Step B\n    text: B.\n";
    let dir = folder(&[("a.sop.yaml", named)]);
    let diff = run(dir.path(), &["check", "--diff", "a.sop.yaml"]);
    assert_eq!(
        (diff.code, diff.stdout.as_str()),
        (0, ""),
        "{}",
        diff.stderr
    );
    let alone = named.replace("    next: Step B\n", "");
    let dir = folder(&[("a.sop.yaml", alone.as_str())]);
    let diff = run(dir.path(), &["check", "--diff", "a.sop.yaml"]);
    assert!(diff.stdout.contains("+  - id: step-b\n"), "{}", diff.stdout);
}

#[test]
fn a_step_id_of_a_translated_sop_is_not_renamed() {
    let source = "id: X-1\ntitle: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - id: Step A\n    text: A.\n";
    let translation = "id: X-1-pt\ntranslation_of: X-1\nlanguage: pt\ntitle: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - id: Step A\n    text: A.\n";
    let dir = folder(&[("a.sop.yaml", source), ("a.pt.sop.yaml", translation)]);
    let diff = run(dir.path(), &["check", "--diff", "."]);
    assert_eq!(
        (diff.code, diff.stdout.as_str()),
        (0, ""),
        "{}",
        diff.stderr
    );
}
