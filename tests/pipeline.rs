//! sopkit in CI pipelines: SARIF, GitHub annotations, `--max-warnings`,
//! `sopkit.toml` and suppression comments.

use std::fs;

use crate::support::{fixtures, folder, run};

const WARNS_TWICE: &str = "title: T\ndepartment: D\npurpose: P with the SLA.\nterms: {}\nreview_by: 2020-01-01\ninstructions:\n  - text: Do it.\n";

#[test]
fn sarif_has_one_run_every_rule_and_one_result_per_problem() {
    let dir = fixtures().join("rules/flow-unknown-target");
    let sarif = run(&dir, &["check", "--format", "sarif", "."]);
    assert_eq!(sarif.code, 1);
    let log = sarif.json();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "sopkit");
    let rules = driver["rules"].as_array().expect("rules");
    let listed = run(&dir, &["rules"]).stdout.lines().count();
    assert_eq!(rules.len(), listed);
    assert!(rules.iter().all(|r| {
        r["help"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("## Why is this bad?"))
    }));
    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let first = &results[0];
    assert_eq!(first["ruleId"], "flow/unknown-target");
    assert_eq!(first["level"], "error");
    assert_eq!(
        rules[first["ruleIndex"].as_u64().expect("index") as usize]["id"],
        "flow/unknown-target"
    );
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "bad.sop.yaml");
    assert_eq!(location["region"]["startLine"], 10);
    assert_eq!(location["region"]["startColumn"], 20);
    assert_eq!(location["region"]["endColumn"], 29);
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let dir = folder(&[("a,b.sop.yaml", WARNS_TWICE)]);
    let out = run(
        dir.path(),
        &["check", "--format", "github", "--today", "2026-11-23", "."],
    );
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
    assert!(
        out.stdout
            .lines()
            .all(|l| l.starts_with("::warning file=a%2Cb.sop.yaml,line="))
    );
}

#[test]
fn max_warnings_sets_how_many_warnings_pass() {
    let dir = folder(&[("w.sop.yaml", WARNS_TWICE)]);
    assert_eq!(
        run(dir.path(), &["check", "--max-warnings", "2", "."]).code,
        0
    );
    assert_eq!(
        run(dir.path(), &["check", "--max-warnings", "1", "."]).code,
        1
    );
}

#[test]
fn configuration_switches_rules_off_and_changes_severities() {
    let dir = folder(&[
        ("w.sop.yaml", WARNS_TWICE),
        (
            "sopkit.toml",
            "[rules]\n\"meta/review-overdue\" = \"off\"\n\"terms/undefined-acronym\" = \"error\"\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.code, 1);
    let json = out.json();
    assert_eq!(out.rules(), ["terms/undefined-acronym"]);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
}

#[test]
fn terms_allow_accepts_acronyms() {
    let dir = folder(&[
        ("w.sop.yaml", WARNS_TWICE),
        ("sopkit.toml", "[terms]\nallow = [\"SLA\"]\n"),
    ]);
    assert_eq!(
        run(
            dir.path(),
            &["check", "--format", "json", "--today", "2019-01-01", "."]
        )
        .rules(),
        Vec::<String>::new()
    );
}

#[test]
fn config_flag_and_discovery_from_a_parent_directory() {
    let dir = folder(&[(
        "strict.toml",
        "[rules]\n\"meta/review-overdue\" = \"error\"\n",
    )]);
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    fs::write(dir.path().join("sub/w.sop.yaml"), WARNS_TWICE).expect("write");
    fs::write(
        dir.path().join("sopkit.toml"),
        "[rules]\n\"terms/undefined-acronym\" = \"off\"\n",
    )
    .expect("write");
    // Found above the current directory.
    let found = run(&dir.path().join("sub"), &["check", "--format", "json", "."]);
    assert_eq!(found.rules(), ["meta/review-overdue"]);
    assert_eq!(found.code, 0);
    // --config wins over discovery.
    let explicit = run(
        &dir.path().join("sub"),
        &[
            "check",
            "--config",
            "../strict.toml",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(
        explicit.rules(),
        ["terms/undefined-acronym", "meta/review-overdue"]
    );
    assert_eq!(explicit.code, 1);
}

#[test]
fn a_bad_configuration_is_exit_2_pointing_into_the_toml() {
    let dir = folder(&[
        ("w.sop.yaml", WARNS_TWICE),
        (
            "sopkit.toml",
            "departments = [\"Finance\"]\n\n[rules]\n\"terms/undefned-acronym\" = \"off\"\n",
        ),
    ]);
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(out.stderr);
    let missing = run(dir.path(), &["check", "--config", "nope.toml", "."]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("cannot read the configuration nope.toml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn suppressions_silence_exactly_what_they_name() {
    let sop = "title: T\ndepartment: D\npurpose: P with the SLA.  # sopkit: allow(terms/undefined-acronym)\nterms: {}\nreview_by: 2020-01-01\ninstructions:\n  - text: Do it with the CRM.\n";
    let dir = folder(&[("s.sop.yaml", sop)]);
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--today", "2026-11-23", "."],
    );
    // SLA on line 3 is silenced; CRM on line 7 and the overdue review are not.
    let json = out.json();
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("meta/review-overdue".to_owned(), 5),
            ("terms/undefined-acronym".to_owned(), 7)
        ]
    );
}
