//! Every rule and every report is linear in the diagnostics, not only in
//! the steps: an SOP with thousands of broken ids, targets, terms or
//! suppressions is checked and printed in every format in time
//! proportional to its size (issue 23: 32,000 invalid step ids took 25 s).
//! The absolute times are the benchmark's (`bench/run.sh`); here each
//! shape is checked at two sizes, and eight times the steps may take at
//! most three times eight times as long, in any build profile, where a
//! quadratic pass takes sixty-four times as long.

use std::time::Instant;

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

/// Seconds to check the SOP and print its report in every format.
fn seconds(name: &str, n: usize) -> f64 {
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
    let start = Instant::now();
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
        print(&report, format, style, &mut std::io::sink()).expect("printing");
    }
    start.elapsed().as_secs_f64()
}

#[test]
fn every_diagnostics_heavy_shape_is_checked_and_reported_in_linear_time() {
    let mut slow = Vec::new();
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
        let small = seconds(name, 1_000);
        let large = seconds(name, 8_000);
        if large > 24.0 * small.max(0.005) {
            slow.push(format!(
                "{name}: 1,000 steps in {small:.3} s, 8,000 in {large:.3} s"
            ));
        }
    }
    assert!(slow.is_empty(), "{}", slow.join("\n"));
}

/// Seconds to diff the fixes of an SOP with `n` badly formed step ids
/// (one fix each), after the fix session.
fn diff_seconds(n: usize) -> f64 {
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
    let start = Instant::now();
    let diff = sopkit::fix::diff::unified("f", &file.original, &file.text, &file.origins);
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), n + 1);
    seconds
}

/// `check --diff` took eight times as long as `--fix` for 30,000 fixes:
/// the diff compared the texts line by line, in time proportional to the
/// lines times the changes (issue 23).
#[test]
fn the_diff_of_many_fixes_takes_linear_time() {
    let (small, large) = (diff_seconds(1_000), diff_seconds(8_000));
    assert!(
        large < 24.0 * small.max(0.002),
        "1,000 fixes diffed in {small:.3} s, 8,000 in {large:.3} s"
    );
}
