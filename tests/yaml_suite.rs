//! The official YAML test suite (402 inputs, `../shared/yaml-test-suite/`)
//! fed to sopkit as SOP files: no input panics or hangs, every input the
//! suite marks invalid is a `yaml/syntax` error with a line, and no valid
//! input is called a YAML syntax error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sopkit::rule::Rule;

use crate::support::{repo_root, run};

fn suite() -> PathBuf {
    repo_root().join("../shared/yaml-test-suite")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(suite().join("cases"))
        .expect("the suite's cases")
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    cases.sort();
    cases
}

fn invalid() -> BTreeSet<String> {
    std::fs::read_to_string(suite().join("invalid.txt"))
        .expect("invalid.txt")
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
#[cfg_attr(
    not(shared_present),
    ignore = "../shared (the YAML test suite) is absent"
)]
fn every_suite_input_gets_the_right_verdict_quickly() {
    let cases = cases();
    let invalid = invalid();
    assert_eq!(cases.len(), 402);
    let mut wrong = Vec::new();
    for path in &cases {
        let start = Instant::now();
        let bytes = std::fs::read(path).expect("readable");
        let file = sopkit::check::check_loaded(
            sopkit::load::load_bytes(path, bytes),
            &sopkit::rules::RuleOptions::default(),
        );
        let seconds = start.elapsed().as_secs_f64();
        let syntax: Vec<_> = file
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::YamlSyntax)
            .collect();
        let name = id(path);
        if invalid.contains(&name) && syntax.is_empty() {
            wrong.push(format!("{name}: invalid YAML accepted"));
        }
        if !invalid.contains(&name) && !syntax.is_empty() {
            wrong.push(format!(
                "{name}: valid YAML called invalid: {}",
                syntax[0].message
            ));
        }
        if file.diagnostics.is_empty() {
            wrong.push(format!(
                "{name}: no diagnostic at all (none of these is an SOP)"
            ));
        }
        if seconds > 1.0 {
            wrong.push(format!("{name}: took {seconds:.2} s"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
#[cfg_attr(
    not(shared_present),
    ignore = "../shared (the YAML test suite) is absent"
)]
fn the_binary_checks_and_refuses_to_render_every_suite_input() {
    let dir = suite().join("cases");
    // Named on the command line: the suite's files are `*.yaml`, not SOP names.
    let names: Vec<String> = cases().iter().map(|p| format!("{}.yaml", id(p))).collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let checked = run(&dir, &args);
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    let report = checked.json();
    assert_eq!(report["files_checked"], 402);
    let invalid = invalid();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        if d["rule"] == "yaml/syntax" {
            assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
            let file = d["file"].as_str().expect("a file");
            assert!(invalid.contains(file.trim_end_matches(".yaml")), "{d}");
        }
    }
    for path in cases().iter().step_by(7) {
        let rendered = run(&dir, &["render", &path.to_string_lossy(), "--to", "html"]);
        assert_eq!(rendered.code, 1, "{}: {}", id(path), rendered.stderr);
        assert!(rendered.stdout.is_empty());
    }
}
