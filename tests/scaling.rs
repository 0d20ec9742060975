//! Every rule and every report is linear in the diagnostics, not only in
//! the steps (issue 23: 32,000 invalid step ids took 25 s). Here each
//! diagnostics-heavy shape is checked and printed in every format with
//! every diagnostic it must give; how long that takes, and how the time
//! grows with the size, are limits of the benchmark (`bench/limits.py`,
//! run by `.ci/run` on the release binary), as every timing is.

use sopkit::check::{Input, check};
use sopkit::config::Resolver;
use sopkit::report::{Format, Style, print};
use sopkit::rules::RuleOptions;

const HEAD: &str = "title: Scale\ndepartment: Ops\npurpose: Scale.\n";

/// An SOP of `n` steps of one diagnostics-heavy shape, and how many
/// diagnostics it must give.
fn shape(name: &str, n: usize) -> (String, usize) {
    let steps = |step: &dyn Fn(usize) -> String| -> String { (0..n).map(step).collect() };
    let acronym = |i: usize| -> String {
        (0..4)
            .map(|k| char::from(b'A' + u8::try_from(i / 26usize.pow(k) % 26).expect("a letter")))
            .collect()
    };
    match name {
        "bad-ids" => (
            format!(
                "{HEAD}terms: {{}}\ninstructions:\n{}",
                steps(&|i| format!("  - id: Bad_{i}\n    text: Step {i}.\n"))
            ),
            n,
        ),
        "unknown-targets" => (
            format!(
                "{HEAD}terms: {{}}\ninstructions:\n{}",
                steps(&|i| format!("  - id: s{i}\n    text: Step {i}.\n    next: x{i}\n"))
            ),
            n,
        ),
        "duplicate-ids" => (
            format!(
                "{HEAD}terms: {{}}\ninstructions:\n{}",
                steps(&|i| format!("  - id: s{}\n    text: Step {i}.\n", i % 2))
            ),
            n - 2,
        ),
        "unreachable" => (
            format!(
                "{HEAD}terms: {{}}\ninstructions:\n{}",
                steps(&|i| format!("  - id: s{i}\n    text: Step {i}.\n    end: true\n"))
            ),
            n - 1,
        ),
        "acronyms" => (
            format!(
                "{HEAD}terms:\n{}instructions:\n{}",
                steps(&|i| format!("  Term{i}x: Thing {i}.\n")),
                steps(&|i| format!(
                    "  - id: s{i}\n    text: Call {} about term{i}x.\n",
                    acronym(i)
                ))
            ),
            n,
        ),
        "unused-terms" => (
            format!(
                "{HEAD}terms:\n{}instructions:\n{}",
                steps(&|i| format!("  word{i}x: Thing {i}.\n")),
                steps(&|i| format!("  - id: s{i}\n    text: Do thing {i} now.\n"))
            ),
            n,
        ),
        "suppressed" => (
            format!(
                "{HEAD}terms: {{}}\ninstructions:\n{}",
                steps(&|i| format!(
                    "  - id: s{i} # sopkit: allow(flow/unreachable-step)\n    text: Step {i}.\n    end: true\n"
                ))
            ),
            // The first step is reachable: its suppression is unused.
            1,
        ),
        "unknown-roles" => (
            format!(
                "{HEAD}terms: {{}}\nroles:\n{}instructions:\n{}",
                steps(&|i| format!("  role{i}: Role {i}\n")),
                steps(&|i| format!("  - text: Step {i}.\n    role: other{i}\n"))
            ),
            n,
        ),
        "misspelt-keys" => (
            format!(
                "{HEAD}{}terms: {{}}\ninstructions:\n  - text: Go.\n",
                steps(&|i| format!("titel{i}: x\n"))
            ),
            n,
        ),
        "one-line" => (
            format!(
                "{{title: T, department: Ops, purpose: P, terms: {{}}, instructions: [{}]}}\n",
                (0..n)
                    .map(|i| format!("{{id: Bad_{i}, text: Use {} now, next: x{i}}}", acronym(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            3 * n,
        ),
        other => panic!("no shape {other}"),
    }
}

/// Checks the SOP of `n` steps of shape `name`, finds every diagnostic it
/// must give, and prints them in every format.
fn check_and_print(name: &str, n: usize) {
    let (text, expected) = shape(name, n);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = Input::Stdin {
        name: dir.path().join(format!("{name}.sop.yaml")),
        bytes: text.into_bytes(),
    };
    let options = RuleOptions::on(jiff::civil::date(2026, 1, 1));
    let style = Style {
        color: false,
        width: 100,
    };
    let mut resolver = Resolver::new(None).expect("no configuration");
    let report = check(&[input], &options, &mut resolver);
    let found = report.diagnostics().count();
    assert_eq!(found, expected, "{name}, {n} steps");
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
    ] {
        let root = sopkit::report::Root::current_dir();
        let mut out = Vec::new();
        print(&report, format, style, &root, &mut out).expect("printing");
        assert!(out.len() > 20 * found.min(1), "{name}: {format:?}");
    }
}

#[test]
fn every_diagnostics_heavy_shape_is_checked_and_reported_whole() {
    for name in [
        "bad-ids",
        "unknown-targets",
        "duplicate-ids",
        "unreachable",
        "acronyms",
        "unused-terms",
        "suppressed",
        "unknown-roles",
        "misspelt-keys",
        "one-line",
    ] {
        check_and_print(name, 4_000);
    }
}

/// `check --diff` took eight times as long as `--fix` for 30,000 fixes:
/// the diff compared the texts line by line, in time proportional to the
/// lines times the changes (issue 23). The diff of one fix per line has
/// every fixed line, each once (its time is a limit of `bench/limits.py`).
#[test]
fn the_diff_of_many_fixes_has_every_fix() {
    let n = 8_000;
    let (text, _) = shape("bad-ids", n);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = Input::Stdin {
        name: dir.path().join("fixes.sop.yaml"),
        bytes: text.into_bytes(),
    };
    let options = RuleOptions::on(jiff::civil::date(2026, 1, 1));
    let mut resolver = Resolver::new(None).expect("no configuration");
    let session = sopkit::fix::session::run(&[input], &options, &mut resolver, None);
    let file = &session.files[0];
    assert_eq!(file.applied, n);
    let diff = sopkit::fix::diff::unified("f", &file.original, &file.text, &file.origins);
    assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), n + 1);
    assert_eq!(diff.lines().filter(|l| l.starts_with('-')).count(), n + 1);
}
