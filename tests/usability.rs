//! What a new user runs into: configuration found per file, standard input,
//! a folder with no SOP, why a run failed, closed pipes, sites that are
//! rebuilt, several files rendered at once, and the same answer every time.

use std::fs;
use std::io::Read;
use std::process::Stdio;

use crate::support::{folder, repo_root, run, run_with_stdin, sopkit};

const GOOD: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n";
const WARNS: &str = "title: T\ndepartment: D\npurpose: P.\nterms: {}\nreview_by: 2020-01-01\ninstructions:\n  - text: Do it.\n";

#[test]
fn the_nearest_configuration_above_each_file_applies() {
    let dir = folder(&[
        ("sops/a.sop.yaml", GOOD),
        ("sops/sopkit.toml", "departments = [\"Finance\"]\n"),
        ("other/b.sop.yaml", GOOD),
    ]);
    let out = run(dir.path(), &["check", "-v", "--format", "short", "."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("sops/a.sop.yaml:2:13: error[meta/unknown-department]"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("other/b.sop.yaml"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("sopkit: sops/a.sop.yaml: config sops/sopkit.toml"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("sopkit: other/b.sop.yaml: config no sopkit.toml (defaults)"),
        "{}",
        out.stderr
    );
    let explicit = run(
        dir.path(),
        &[
            "check",
            "--config",
            "sops/sopkit.toml",
            "--format",
            "short",
            "other",
        ],
    );
    assert_eq!(explicit.code, 1, "--config applies to every file");
}

#[test]
fn a_dash_reads_one_sop_from_standard_input() {
    let dir = folder(&[]);
    let text = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: nowhere\n";
    let out = run_with_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "mine.sop.yaml",
            "-",
        ],
        text,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .starts_with("mine.sop.yaml:7:11: error[flow/unknown-target]"),
        "{}",
        out.stdout
    );
    let unnamed = run_with_stdin(dir.path(), &["check", "--format", "short", "-"], GOOD);
    assert_eq!(unnamed.code, 0);
    assert_eq!(unnamed.stdout, "no problems in 1 file\n");
}

#[test]
fn a_folder_without_sops_says_what_it_looked_for() {
    let dir = folder(&[("procedures/refund.yaml", GOOD)]);
    let out = run(dir.path(), &["check", "procedures"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .contains("no SOP files in procedures (looked for *.sop.yaml, *.sop.yml"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("refund.yaml"), "{}", out.stderr);
}

#[test]
fn failing_on_warnings_says_why() {
    let dir = folder(&[("w.sop.yaml", WARNS)]);
    let denied = run(
        dir.path(),
        &["check", "--deny-warnings", "--today", "2026-11-23", "."],
    );
    assert_eq!(denied.code, 1);
    assert!(
        denied.stderr.contains("--deny-warnings"),
        "{}",
        denied.stderr
    );
    let capped = run(
        dir.path(),
        &["check", "--max-warnings", "0", "--today", "2026-11-23", "."],
    );
    assert_eq!(capped.code, 1);
    assert!(
        capped
            .stderr
            .contains("failing because of 1 warning, more than --max-warnings 0"),
        "{}",
        capped.stderr
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        &["completions", "bash"][..],
        &["man"][..],
        &["rules"][..],
        &[
            "render",
            "examples/billing-dispute-call.sop.yaml",
            "--to",
            "html",
        ][..],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sopkit"))
            .current_dir(repo_root())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sopkit starts");
        // Nobody reads: the first write finds the pipe closed.
        drop(child.stdout.take());
        let status = child.wait().expect("sopkit ends");
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("stderr is text");
        assert_eq!(status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn a_rebuild_removes_pages_of_gone_sops_and_nothing_else() {
    let dir = folder(&[("sops/a.sop.yaml", GOOD), ("sops/team/b.sop.yaml", GOOD)]);
    let build = |dir: &std::path::Path| run(dir, &["build", "sops", "-o", "site"]);
    assert_eq!(build(dir.path()).code, 0);
    let site = dir.path().join("site");
    assert!(site.join("team/b.html").is_file());
    fs::write(site.join("notes.txt"), "mine").expect("write");
    fs::remove_file(dir.path().join("sops/team/b.sop.yaml")).expect("rm");
    let again = build(dir.path());
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("removed 1 file"), "{}", again.stderr);
    assert!(
        !site.join("team").exists(),
        "the page and its emptied folder are gone"
    );
    assert!(site.join("a.html").is_file());
    assert_eq!(
        fs::read_to_string(site.join("notes.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn build_refuses_a_foreign_or_source_folder() {
    let dir = folder(&[("sops/a.sop.yaml", GOOD), ("docs/readme.txt", "mine")]);
    let foreign = run(dir.path(), &["build", "sops", "-o", "docs"]);
    assert_eq!(foreign.code, 2);
    assert!(
        foreign.stderr.contains("is not empty"),
        "{}",
        foreign.stderr
    );
    let source = run(dir.path(), &["build", "sops", "-o", "sops"]);
    assert_eq!(source.code, 2);
    assert!(
        source.stderr.contains("folder of the SOPs"),
        "{}",
        source.stderr
    );
    assert!(!dir.path().join("docs/index.html").exists());
}

#[test]
fn render_takes_several_files_and_md_for_markdown() {
    let out = tempfile::tempdir().expect("temp dir");
    let report = run(
        &repo_root(),
        &[
            "render",
            "examples/billing-dispute-call.sop.yaml",
            "examples/support-email.sop.yaml",
            "--to",
            "md",
            "-o",
            &out.path().to_string_lossy(),
        ],
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    for name in ["billing-dispute-call.md", "support-email.md"] {
        let page = fs::read_to_string(out.path().join(name)).expect(name);
        assert!(page.starts_with("# "), "{name}: {page}");
    }
    let to_stdout = run(
        &repo_root(),
        &[
            "render",
            "examples/billing-dispute-call.sop.yaml",
            "examples/support-email.sop.yaml",
            "--to",
            "html",
        ],
    );
    assert_eq!(to_stdout.code, 2);
    assert!(to_stdout.stderr.contains("-o"), "{}", to_stdout.stderr);
}

#[test]
fn a_new_sop_for_a_department_is_owned_by_it() {
    let out = run(&repo_root(), &["new", "--department", "Finance"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("owner: \"Finance\""), "{}", out.stdout);
    assert!(!out.stdout.contains("Customer Service"), "{}", out.stdout);
}

#[test]
fn explain_finds_a_rule_by_its_name_alone() {
    let out = run(&repo_root(), &["explain", "no-way-out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# flow/no-way-out (error)"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_same_input_gives_the_same_output_every_time() {
    let mut text = String::from(
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: check\n",
    );
    for id in ["checka", "checkb", "checkc", "checkd"] {
        text += &format!("  - id: {id}\n    text: Check {id}.\n");
    }
    let dir = folder(&[("tie.sop.yaml", &text)]);
    let first = run(dir.path(), &["check", "--format", "json", "."]).stdout;
    assert!(first.contains("did you mean `checka`?"), "{first}");
    for _ in 0..20 {
        let again = sopkit()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "."])
            .output()
            .expect("runs");
        assert_eq!(String::from_utf8_lossy(&again.stdout), first);
    }
}

#[test]
fn one_mistake_gives_one_error() {
    let base = "title: T\ndepartment: D\npurpose: Use the CRM.\nterms:\n  CRM: Customer records.\n";
    let cases = [
        (
            "misspelt-optional.sop.yaml",
            format!("{base}rolse:\n  agent: An agent.\ninstructions:\n  - text: Go.\n    role: agent\n"),
            "schema/unknown-key",
        ),
        (
            "null-roles.sop.yaml",
            format!("{base}roles:\ninstructions:\n  - text: Go.\n    role: agent\n"),
            "schema/invalid-value",
        ),
        (
            "bad-definition.sop.yaml",
            "title: T\ndepartment: D\npurpose: Use the CRM.\nterms:\n  CRM: [a, b]\ninstructions:\n  - text: Go.\n".to_owned(),
            "schema/invalid-value",
        ),
        (
            "terms-as-text.sop.yaml",
            "title: T\ndepartment: D\npurpose: Use the CRM.\nterms: CRM\ninstructions:\n  - text: Go.\n".to_owned(),
            "schema/invalid-value",
        ),
        (
            "branches-as-text.sop.yaml",
            format!("{base}instructions:\n  - text: Go?\n    branches: a\n  - id: a\n    text: A.\n"),
            "schema/invalid-value",
        ),
        (
            "unknown-target.sop.yaml",
            format!("{base}instructions:\n  - text: Go.\n    next: reproduce\n  - text: Skipped.\n  - id: reprodce\n    text: Reproduce.\n"),
            "flow/unknown-target",
        ),
    ];
    for (name, text, rule) in cases {
        let dir = folder(&[(name, &text)]);
        let out = run(dir.path(), &["check", "--format", "json", name]);
        let rules = out.rules();
        // The unknown target's step skips step 2, which is rightly unreachable.
        let expected: Vec<&str> = if name == "unknown-target.sop.yaml" {
            vec![rule, "flow/unreachable-step"]
        } else {
            vec![rule]
        };
        assert_eq!(rules, expected, "{name}: {}", out.stdout);
    }
    // A misspelt required key is both unknown and missing (as the contract
    // says), and nothing more: misspelt terms do not make every acronym
    // undefined.
    let misspelt = "title: T\ndepartment: D\npurpose: Use the CRM.\nterm:\n  CRM: Customer records.\ninstructions:\n  - text: Go.\n";
    let dir = folder(&[("misspelt.sop.yaml", misspelt)]);
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(
        out.rules(),
        ["schema/missing-key", "schema/unknown-key"],
        "{}",
        out.stdout
    );
    let end_false = format!(
        "{base}instructions:\n  - text: Go.\n    next: b\n    end: false\n  - id: b\n    text: B.\n"
    );
    let dir = folder(&[("end-false.sop.yaml", &end_false)]);
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.rules(), Vec::<String>::new(), "{}", out.stdout);
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = folder(&[(
        "a.sop.yaml",
        "id: X-1\ntitle: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n",
    )]);
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            ".",
            "a.sop.yaml",
            "./a.sop.yaml",
        ],
    );
    assert_eq!(out.json()["files_checked"], 1, "{}", out.stdout);
    assert_eq!(out.code, 0);
}

/// Files met through symbolic links (a link to a file, a linked folder)
/// are the files they lead to: each is checked once.
#[cfg(unix)]
#[test]
fn a_file_reached_through_links_is_checked_once() {
    let dir = folder(&[(
        "a.sop.yaml",
        "id: X-1\ntitle: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n",
    )]);
    std::os::unix::fs::symlink("a.sop.yaml", dir.path().join("b.sop.yaml")).expect("a link");
    let linked = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink(dir.path(), linked.path().join("here")).expect("a link");
    let here = linked.path().join("here");
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            ".",
            &here.display().to_string(),
        ],
    );
    assert_eq!(out.json()["files_checked"], 1, "{}", out.stdout);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn step_anchors_are_unique_even_when_an_id_is_a_number() {
    let text = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - id: 3\n    text: One.\n  - text: Two.\n  - text: Three.\n";
    let dir = folder(&[("n.sop.yaml", text)]);
    let html = run(dir.path(), &["render", "n.sop.yaml", "--to", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    for anchor in ["id=\"step-3\"", "id=\"step-2\"", "id=\"step-3-2\""] {
        assert_eq!(html.stdout.matches(anchor).count(), 1, "{anchor}");
    }
}

/// (rule, line, help) of each problem of a JSON report.
fn problems(report: &crate::support::Run) -> Vec<(String, u64, String)> {
    report.json()["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["help"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A misspelt required key, in YAML and in Markdown, is the pair
/// `schema/missing-key` (whose help names the misspelt key) and
/// `schema/unknown-key` ("did you mean"), and nothing else: what stands
/// under the misspelt key is read as what it meant, so `SLA`, defined in
/// `terms` and used there only, is no unused term, and `CRM`, defined under
/// misspelt terms, no undefined acronym.
#[test]
fn a_misspelt_required_key_gives_exactly_the_missing_and_unknown_pair() {
    let yaml = |purpose: &str, terms: &str, instructions: &str| {
        format!(
            "title: Reset a password\ndepartment: IT\n{purpose}: Access back within the SLA.\n\
             {terms}:\n  SLA: Service level agreement.\n  CRM: Customer records.\n\
             {instructions}:\n  - text: Look the caller up in the CRM.\n"
        )
    };
    let markdown = |purpose: &str, terms: &str, instructions: &str| {
        format!(
            "---\ndepartment: IT\n---\n\n# Reset a password\n\n## {purpose}\n\nAccess back within the SLA.\n\n\
             ## {terms}\n\n- **SLA**: Service level agreement.\n- **CRM**: Customer records.\n\n\
             ## {instructions}\n\n1. Look the caller up in the CRM.\n"
        )
    };
    let cases = [
        (
            yaml("purpse", "terms", "instructions"),
            "yaml",
            "purpose",
            "`purpse` on line 3",
            3,
        ),
        (
            yaml("purpose", "trems", "instructions"),
            "yaml",
            "terms",
            "`trems` on line 4",
            4,
        ),
        (
            yaml("purpose", "terms", "instrucions"),
            "yaml",
            "instructions",
            "`instrucions` on line 7",
            7,
        ),
        (
            markdown("Purpse", "Terms", "Instructions"),
            "md",
            "## Purpose",
            "`## Purpse` on line 7",
            7,
        ),
        (
            markdown("Purpose", "Trems", "Instructions"),
            "md",
            "## Terms",
            "`## Trems` on line 11",
            11,
        ),
        (
            markdown("Purpose", "Terms", "Instrucions"),
            "md",
            "## Instructions",
            "`## Instrucions` on line 16",
            16,
        ),
    ];
    for (text, extension, meant, names, typo_line) in cases {
        let name = format!("reset.sop.{extension}");
        let dir = folder(&[(name.as_str(), text.as_str())]);
        let report = run(dir.path(), &["check", "--format", "json", &name]);
        let found = problems(&report);
        let rules: Vec<&str> = found.iter().map(|(rule, ..)| rule.as_str()).collect();
        assert_eq!(
            rules,
            ["schema/missing-key", "schema/unknown-key"],
            "{name} with {names}: {found:?}"
        );
        let (_, _, help) = &found[0];
        assert_eq!(
            help,
            &format!("{names} looks like it; rename it to `{meant}`"),
            "{name}"
        );
        let (_, line, help) = &found[1];
        assert_eq!(
            (*line, help.as_str()),
            (typo_line, format!("did you mean `{meant}`?").as_str())
        );
        assert_eq!(report.code, 1);
    }
    // A guess whose value is not what the key holds (a list for `owner`)
    // is no second problem: the unknown key is the one.
    let dir = folder(&[(
        "a.sop.yaml",
        &format!(
            "{GOOD}ownr: [Ana, Bo]
"
        ),
    )]);
    let report = run(dir.path(), &["check", "--format", "json", "a.sop.yaml"]);
    assert_eq!(report.rules(), ["schema/unknown-key"]);
}

/// Markdown mistakes that were reported at the wrong place, or twice.
#[test]
fn markdown_mistakes_are_reported_once_where_they_are() {
    let head = "---\ndepartment: IT\n---\n\n# Reset a password\n\n## Purpose\n\nAccess back.\n\n## Terms\n\n## Instructions\n\n";
    let cases = [
        // `=>` for `→`: at the `=>`, not at the branch after it, and the
        // flow read as meant.
        (
            "1. Is the account locked? {#check}\n   - yes => unlock\n   - no → done\n\
             2. Unlock it. {#unlock}\n3. Done. {#done end}\n",
            vec![("markdown/structure", 16)],
        ),
        (
            "1. Is the account locked? {#check}\n   - yes => unlock\n   - no => done\n\
             2. Unlock it. {#unlock next=done}\n3. Done. {#done end}\n",
            vec![("markdown/structure", 16), ("markdown/structure", 17)],
        ),
        // An unclosed `{#`: the missing `}` only, its id still known.
        (
            "1. Confirm. {#confirm next=unlock}\n2. Check. {#check role=agent\n3. Unlock it. {#unlock next=check}\n",
            vec![("markdown/structure", 16)],
        ),
    ];
    for (steps, expected) in cases {
        let dir = folder(&[("reset.sop.md", &format!("{head}{steps}"))]);
        let report = run(dir.path(), &["check", "--format", "json", "reset.sop.md"]);
        let found: Vec<(String, u64)> = problems(&report)
            .into_iter()
            .map(|(rule, line, _)| (rule, line))
            .collect();
        let expected: Vec<(String, u64)> = expected
            .into_iter()
            .map(|(r, l)| (r.to_owned(), l))
            .collect();
        assert_eq!(found, expected, "{steps}");
    }
    // A missing section is shown at the title, not at the end of the file.
    let missing =
        "---\ndepartment: IT\n---\n\n# Reset a password\n\n## Terms\n\n## Instructions\n\n1. Go.\n";
    let dir = folder(&[("reset.sop.md", missing)]);
    let report = run(dir.path(), &["check", "--format", "short", "reset.sop.md"]);
    assert!(
        report
            .stdout
            .starts_with("reset.sop.md:5:3: error[schema/missing-key]: the SOP has no `purpose`\n"),
        "{}",
        report.stdout
    );
}
