//! `sopkit check` as CLI.md promises it: paths, formats, exit codes.

use std::path::Path;

use crate::support::{fixtures, folder, repo_root, run};

const GOOD: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n";
const WARNS: &str = "title: T\ndepartment: D\npurpose: P.\nterms: {}\nreview_by: 2020-01-01\ninstructions:\n  - text: Do it.\n";
const ERRS: &str = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n    next: nowhere\n";

#[test]
fn exit_codes_follow_errors_and_warnings() {
    let dir = folder(&[
        ("good.sop.yaml", GOOD),
        ("warns.sop.yaml", WARNS),
        ("errs.sop.yaml", ERRS),
    ]);
    assert_eq!(run(dir.path(), &["check", "good.sop.yaml"]).code, 0);
    assert_eq!(run(dir.path(), &["check", "warns.sop.yaml"]).code, 0);
    assert_eq!(
        run(dir.path(), &["check", "--deny-warnings", "warns.sop.yaml"]).code,
        1
    );
    assert_eq!(run(dir.path(), &["check", "errs.sop.yaml"]).code, 1);
    assert_eq!(
        run(
            dir.path(),
            &["check", "--today", "not-a-date", "good.sop.yaml"]
        )
        .code,
        2
    );
    assert_eq!(
        run(dir.path(), &["check", "--format", "xml", "good.sop.yaml"]).code,
        2
    );
}

#[test]
fn a_missing_path_is_exit_2_and_the_rest_is_still_checked() {
    let dir = folder(&[("errs.sop.yaml", ERRS)]);
    let report = run(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "missing.sop.yaml",
            "errs.sop.yaml",
        ],
    );
    assert_eq!(report.code, 2);
    assert!(
        report
            .stderr
            .contains("missing.sop.yaml: no such file or directory"),
        "{}",
        report.stderr
    );
    assert!(
        report
            .stdout
            .contains("errs.sop.yaml:7:11: error[flow/unknown-target]"),
        "{}",
        report.stdout
    );
}

#[test]
fn directories_are_searched_for_sop_files_honouring_gitignore() {
    let dir = folder(&[
        (".gitignore", "ignored/\n"),
        ("a.sop.yaml", GOOD),
        ("deep/er/b.sop.yml", GOOD),
        ("ignored/c.sop.yaml", ERRS),
        ("notes.yaml", "not: an sop\n"),
    ]);
    let report = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(report.code, 0, "{}", report.stdout);
    assert_eq!(report.json()["files_checked"], 2);
}

#[test]
fn a_file_named_explicitly_is_checked_whatever_its_name() {
    let dir = folder(&[("procedure.yaml", ERRS)]);
    let report = run(dir.path(), &["check", "--format", "json", "procedure.yaml"]);
    assert_eq!(report.rules(), ["flow/unknown-target"]);
}

#[test]
fn json_output_has_the_documented_shape() {
    let dir = folder(&[("errs.sop.yaml", ERRS)]);
    let json = run(dir.path(), &["check", "--format", "json", "."]).json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["files_checked"], 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 1, "warnings": 0})
    );
    let d = &json["diagnostics"][0];
    assert_eq!(d["file"], "errs.sop.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(11))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(7), Some(18))
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "flow/unknown-target");
    assert!(d["message"].as_str().is_some_and(|m| m.contains("nowhere")));
    assert!(d.get("help").is_some());
}

#[test]
fn short_format_is_one_line_per_problem_and_a_summary() {
    let dir = folder(&[("errs.sop.yaml", ERRS), ("warns.sop.yaml", WARNS)]);
    let report = run(
        dir.path(),
        &["check", "--format", "short", "--today", "2026-11-23", "."],
    );
    insta::assert_snapshot!(report.stdout);
}

#[test]
fn human_output_has_no_colour_when_no_color_is_set() {
    let report = run(
        &fixtures().join("rules/flow-unknown-target"),
        &["check", "."],
    );
    assert!(!report.stdout.contains('\u{1b}'), "colour codes in output");
    assert!(
        report.stdout.ends_with("2 errors, 0 warnings in 2 files\n"),
        "{}",
        report.stdout
    );
}

#[test]
fn no_path_means_the_current_directory() {
    let dir = folder(&[("a.sop.yaml", GOOD), ("sub/b.sop.yaml", GOOD)]);
    let report = run(dir.path(), &["check"]);
    assert_eq!(report.code, 0);
    assert_eq!(report.stdout, "no problems in 2 files\n");
}

#[test]
#[cfg_attr(
    not(shared_present),
    ignore = "../shared (the contract suite) is absent"
)]
fn conformance_cases_give_their_expected_rules() {
    let cases = repo_root().join("../shared/conformance/cases");
    let report = run(
        &cases,
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            "bad_values.sop.yaml",
        ],
    );
    assert_eq!(
        report.rules(),
        ["schema/invalid-value", "schema/invalid-value"]
    );
}

#[test]
fn rules_lists_every_contract_rule_and_explain_prints_its_documentation() {
    let listed = run(&repo_root(), &["rules"]).stdout;
    for rule in [
        "yaml/syntax",
        "schema/missing-key",
        "schema/unknown-key",
        "schema/invalid-value",
        "flow/duplicate-step-id",
        "flow/unknown-target",
        "flow/unreachable-step",
        "flow/no-way-out",
        "flow/single-branch",
        "roles/unknown-role",
        "terms/undefined-acronym",
        "terms/unused-term",
        "metrics/turnaround-exceeded",
        "meta/review-overdue",
        "meta/duplicate-id",
        "i18n/translation-mismatch",
        "markdown/structure",
    ] {
        assert!(
            listed.lines().any(|l| l.starts_with(rule)),
            "{rule} not listed"
        );
    }
    let explained = run(&repo_root(), &["explain", "flow/no-way-out"]);
    assert_eq!(explained.code, 0);
    insta::assert_snapshot!(explained.stdout);
}

#[test]
fn explain_an_unknown_rule_suggests_the_closest() {
    let report = run(&repo_root(), &["explain", "flow/no-way"]);
    assert_eq!(report.code, 2);
    assert!(
        report.stderr.contains("did you mean `flow/no-way-out`?"),
        "{}",
        report.stderr
    );
}

/// Where each format puts the first problem of a file with accented text
/// before it on its line: every format counts columns in characters.
#[test]
fn every_format_counts_columns_in_characters() {
    let dir = folder(&[
        (
            "a.sop.yaml",
            "title: T\ndepartment: D\npurpose: Atenção à reclamação do SAC.\nterms: {}\ninstructions:\n  - text: Do it.\n",
        ),
        (
            "b.sop.md",
            "---\ndepartment: D\n---\n\n# T\n\n## Purpose\n\nŽádost zákazníka přes SAC.\n\n## Terms\n\n## Instructions\n\n1. Do it.\n",
        ),
    ]);
    // `SAC` starts at character 34 (byte 39) of line 3, and at character
    // 23 (byte 28) of line 9.
    let expected = [("a.sop.yaml", 3, 34), ("b.sop.md", 9, 23)];
    for (file, line, column) in expected {
        let at = |format: &str| run(dir.path(), &["check", "--format", format, file]);
        let human = at("human").stdout;
        assert!(
            human.contains(&format!("[{file}:{line}:{column}]")),
            "human:\n{human}"
        );
        let short = at("short").stdout;
        assert!(
            short.starts_with(&format!("{file}:{line}:{column}: ")),
            "short:\n{short}"
        );
        let json = at("json").json();
        assert_eq!(json["diagnostics"][0]["line"], line);
        assert_eq!(json["diagnostics"][0]["column"], column, "json");
        let github = at("github").stdout;
        assert!(
            github.contains(&format!("line={line},col={column},")),
            "github:\n{github}"
        );
        let sarif = at("sarif").json();
        let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], column, "sarif: {region}");
        assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    }
}

/// `check --root DIR`: json, sarif and github name files by their path
/// from DIR (the repository, for code scanning), wherever sopkit runs and
/// however the files were named; by default from the current folder.
#[test]
fn paths_of_machine_formats_are_relative_to_the_root() {
    let dir = folder(&[
        ("repo/sops/billing/a b.sop.yaml", ERRS),
        ("repo/docs/README.md", ""),
    ]);
    let repo = dir.path().join("repo");
    let absolute = repo.join("sops/billing/a b.sop.yaml");
    let absolute = absolute.to_str().expect("UTF-8");
    let cases: [(&Path, Vec<&str>, &str); 4] = [
        (
            &repo.join("sops"),
            vec!["--root", "..", "billing"],
            "sops/billing/a b.sop.yaml",
        ),
        (&repo, vec![absolute], "sops/billing/a b.sop.yaml"),
        (&repo.join("sops/billing"), vec!["."], "a b.sop.yaml"),
        (
            dir.path(),
            vec!["--root", "repo/sops", "repo"],
            "billing/a b.sop.yaml",
        ),
    ];
    for (cwd, paths, expected) in cases {
        let at = |format: &str| {
            let mut args = vec!["check", "--format", format];
            args.extend(&paths);
            run(cwd, &args)
        };
        let json = at("json");
        assert_eq!(json.code, 1, "{}", json.stderr);
        assert_eq!(json.json()["diagnostics"][0]["file"], expected, "{paths:?}");
        let github = at("github").stdout;
        assert!(
            github.starts_with(&format!("::error file={expected},line=")),
            "{paths:?}: {github}"
        );
        let sarif = at("sarif").json();
        let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"];
        assert_eq!(uri, &expected.replace(' ', "%20"), "{paths:?}");
    }
    // A file outside the root: a path with `..`, and an absolute URI in SARIF.
    let outside = |format: &str| {
        run(
            &repo,
            &["check", "--root", "docs", "--format", format, "sops"],
        )
    };
    assert_eq!(
        outside("json").json()["diagnostics"][0]["file"],
        "../sops/billing/a b.sop.yaml"
    );
    let sarif = outside("sarif").json();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .expect("a URI")
        .to_owned();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/sops/billing/a%20b.sop.yaml"),
        "{uri}"
    );
    let missing = run(
        &repo,
        &["check", "--root", "nowhere", "--format", "json", "."],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("--root nowhere: not a folder"),
        "{}",
        missing.stderr
    );
}

/// `--help` names what an installed binary carries, never a file of the
/// repository that its user does not have, and every output format.
#[test]
fn help_points_to_what_the_binary_carries() {
    let commands = [
        "",
        "check",
        "render",
        "build",
        "serve",
        "new",
        "convert",
        "schema",
        "rules",
        "explain",
        "completions",
        "lsp",
        "man",
    ];
    for command in commands {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let help = run(&repo_root(), &args);
        assert_eq!(help.code, 0, "{command}");
        for path in ["docs/", "schemas/", "src/", "README", "reference.md"] {
            assert!(
                !help.stdout.contains(path),
                "`sopkit {command} --help` names {path}:\n{}",
                help.stdout
            );
        }
    }
    let top = run(&repo_root(), &["--help"]).stdout;
    for pointer in ["`sopkit rules`", "`sopkit explain RULE`", "`sopkit man`"] {
        assert!(top.contains(pointer), "--help lacks {pointer}:\n{top}");
    }
    let render = &top[top.find("  render ").expect("render listed")..];
    let render = &render[..render.find("\n  build ").expect("build after render")];
    assert!(render.contains("BPMN"), "{render}");
    let man = run(&repo_root(), &["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH sopkit"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    assert!(man.stdout.contains("sopkit explain RULE"));
}

/// A help that shows what to write shows it in the SOP's own form.
#[test]
fn helps_show_markdown_in_a_markdown_sop() {
    let markdown = "---\ndepartment: D\n---\n\n# T\n\n## Purpose\n\nAnswer within the SLA.\n\n## Terms\n\n## Instructions\n\n1. Go.\n";
    let yaml = "title: T\ndepartment: D\npurpose: Answer within the SLA.\nterms: {}\ninstructions:\n  - text: Go.\n";
    let dir = folder(&[("a.sop.md", markdown), ("b.sop.yaml", yaml)]);
    let report = run(dir.path(), &["check", "--format", "json", "."]);
    let json = report.json();
    let helps: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["help"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        helps,
        [
            "add `- **SLA**: <what it stands for>` under `## Terms`",
            "add `SLA: <what it stands for>` to `terms`"
        ]
    );
}
