//! One fixture folder per rule (`tests/fixtures/rules/<family>-<name>/`):
//! `bad*` files hold violations, `ok*` files the cases that must pass. Each
//! folder reports that rule and no other, nothing in an `ok*` file, something
//! in every `bad*` file; and the human output is snapshotted. A folder may
//! hold `.sop.md` files beside `.sop.yaml` ones.

use crate::support::{fixtures, run};

fn check_rule(rule: &str) -> String {
    let dir = fixtures().join("rules").join(rule.replace('/', "-"));
    assert!(dir.is_dir(), "no fixture folder for {rule}");
    let report = run(
        &dir,
        &["check", "--format", "json", "--today", "2026-11-23", "."],
    );
    let json = report.json();
    let diagnostics = json["diagnostics"].as_array().expect("a list");
    assert!(
        !diagnostics.is_empty(),
        "{rule}: the fixture reports nothing"
    );
    for d in diagnostics {
        assert_eq!(d["rule"], rule, "{rule}: the fixture also reports {d}");
        let file = d["file"].as_str().expect("a file");
        assert!(
            !file.starts_with("ok"),
            "{rule}: an OK case is reported: {d}"
        );
    }
    for entry in std::fs::read_dir(&dir).expect("fixture folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("bad") {
            assert!(
                diagnostics.iter().any(|d| d["file"] == name.as_str()),
                "{rule}: {name} reports nothing"
            );
        }
    }
    let human = run(&dir, &["check", "--today", "2026-11-23", "."]);
    let errors = json["summary"]["errors"].as_u64().unwrap_or(0);
    assert_eq!(human.code, i32::from(errors > 0), "{rule}: exit code");
    human.stdout
}

macro_rules! rule_tests {
    ($($name:ident: $rule:literal,)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), check_rule($rule));
            }
        )*

        #[test]
        fn every_rule_has_a_fixture() {
            let listed = run(&fixtures(), &["rules"]).stdout;
            let mut tested = vec![$($rule),*];
            let mut ids: Vec<&str> = listed
                .lines()
                .map(|line| line.split_whitespace().next().expect("a rule id"))
                .collect();
            tested.sort_unstable();
            ids.sort_unstable();
            assert_eq!(ids, tested, "`sopkit rules` and the fixture tests differ");
        }
    };
}

rule_tests! {
    io_unreadable: "io/unreadable",
    io_link_outside: "io/link-outside",
    yaml_syntax: "yaml/syntax",
    schema_missing_key: "schema/missing-key",
    schema_unknown_key: "schema/unknown-key",
    schema_invalid_value: "schema/invalid-value",
    markdown_structure: "markdown/structure",
    flow_duplicate_step_id: "flow/duplicate-step-id",
    flow_unknown_target: "flow/unknown-target",
    flow_unreachable_step: "flow/unreachable-step",
    flow_no_way_out: "flow/no-way-out",
    flow_single_branch: "flow/single-branch",
    roles_unknown_role: "roles/unknown-role",
    terms_undefined_acronym: "terms/undefined-acronym",
    terms_unused_term: "terms/unused-term",
    metrics_turnaround_exceeded: "metrics/turnaround-exceeded",
    meta_review_overdue: "meta/review-overdue",
    meta_duplicate_id: "meta/duplicate-id",
    i18n_translation_mismatch: "i18n/translation-mismatch",
    i18n_unknown_source: "i18n/unknown-source",
    meta_unknown_department: "meta/unknown-department",
    meta_missing_required: "meta/missing-required",
    metrics_missing_required: "metrics/missing-required",
    meta_unused_suppression: "meta/unused-suppression",
    meta_invalid_suppression: "meta/invalid-suppression",
}
