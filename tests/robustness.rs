//! No input makes sopkit panic, hang or print a stack trace: each gets a
//! clear diagnostic naming the file and line, and other files are still checked.

use std::fs;
use std::time::Instant;

use crate::support::run;

const GOOD: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n";

fn billion_laughs() -> String {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        text += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(", "));
        prev = c;
    }
    text
}

fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    garbage[0] = 0xff;
    vec![
        ("empty.sop.yaml", Vec::new()),
        ("only-comment.sop.yaml", b"# nothing here\n".to_vec()),
        ("top-list.sop.yaml", b"- a\n- b\n".to_vec()),
        ("top-scalar.sop.yaml", b"just words\n".to_vec()),
        ("binary.sop.yaml", garbage),
        ("latin1.sop.yaml", b"title: caf\xe9\n".to_vec()),
        ("nul.sop.yaml", b"title: a\x00b\n".to_vec()),
        (
            "flow-nesting.sop.yaml",
            ("[".repeat(100_000) + &"]".repeat(100_000)).into_bytes(),
        ),
        (
            "block-nesting.sop.yaml",
            (0..3000)
                .map(|i| format!("{}a:\n", "  ".repeat(i)))
                .collect::<String>()
                .into_bytes(),
        ),
        ("billion-laughs.sop.yaml", billion_laughs().into_bytes()),
        ("unknown-alias.sop.yaml", b"title: *nope\n".to_vec()),
        (
            "wrong-types.sop.yaml",
            b"title: [1]\ndepartment: {a: b}\npurpose: 3\nterms: [x]\ninstructions: no\n".to_vec(),
        ),
    ]
}

#[test]
fn hostile_inputs_get_diagnostics_not_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in hostile_inputs() {
        fs::write(dir.path().join(name), bytes).expect("write");
    }
    let start = Instant::now();
    let report = run(dir.path(), &["check", "--format", "short", "."]);
    let elapsed = start.elapsed();
    assert_eq!(report.code, 1, "{}", report.stderr);
    assert!(elapsed.as_secs_f64() < 10.0, "took {elapsed:?}");
    for (name, _) in hostile_inputs() {
        assert!(
            report
                .stdout
                .lines()
                .any(|l| l.starts_with(&format!("{name}:")) && l.contains(": error[")),
            "{name} has no diagnostic:\n{}",
            report.stdout
        );
    }
    insta::assert_snapshot!(report.stdout);
}

#[test]
fn other_files_are_still_checked_next_to_a_hostile_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("bomb.sop.yaml"), billion_laughs()).expect("write");
    fs::write(
        dir.path().join("good.sop.yaml"),
        "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: gone\n",
    )
    .expect("write");
    let report = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(report.rules(), ["yaml/syntax", "flow/unknown-target"]);
}

/// (Its time, and that 10 times the steps take about 10 times as long, are
/// limits of bench/limits.py.)
#[test]
fn a_hundred_thousand_step_sop_loads() {
    let mut text =
        String::from("title: Big\ndepartment: Ops\npurpose: Long.\nterms: {}\ninstructions:\n");
    for i in 0..100_000 {
        text += &format!("  - id: s{i}\n    text: Step {i}.\n");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("big.sop.yaml"), &text).expect("write");
    let report = run(dir.path(), &["check", "--format", "short", "big.sop.yaml"]);
    assert_eq!(report.stdout, "no problems in 1 file\n");
}

#[test]
fn a_directory_given_as_a_file_or_unreadable_path_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = run(dir.path(), &["check", "does/not/exist"]);
    assert_eq!(report.code, 2);
    assert!(report.stderr.contains("does/not/exist"));
    assert!(!report.stderr.contains("panicked"));
}

/// Runs `check` on a folder and returns the run and how long it took.
fn check_timed(dir: &std::path::Path) -> (crate::support::Run, f64) {
    let start = Instant::now();
    let out = run(dir, &["check", "--format", "short", "."]);
    (out, start.elapsed().as_secs_f64())
}

#[cfg(unix)]
/// Each file that cannot be read as an SOP is a diagnostic, `io/unreadable`
/// at 1:1, in every format, said once, and an error; the good file is still
/// checked (issue 23: each was a line on standard error only, and JSON said
/// "no problems in 2 files").
#[test]
fn special_files_are_reported_by_name_without_blocking() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name);
    fs::write(path("good.sop.yaml"), GOOD).expect("write");
    let fifo = std::process::Command::new("mkfifo")
        .arg(path("fifo.sop.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    let _socket = std::os::unix::net::UnixListener::bind(path("socket.sop.yaml")).expect("socket");
    symlink("/dev/zero", path("zero.sop.yaml")).expect("symlink");
    symlink("/dev/urandom", path("random.sop.yaml")).expect("symlink");
    symlink("loop-b.sop.yaml", path("loop-a.sop.yaml")).expect("symlink");
    symlink("loop-a.sop.yaml", path("loop-b.sop.yaml")).expect("symlink");
    fs::create_dir(path("folder.sop.yaml")).expect("mkdir");
    symlink("nothing.sop.yaml", path("dangling.sop.yaml")).expect("symlink");
    let (out, seconds) = check_timed(dir.path());
    assert!(seconds < 5.0, "took {seconds:.1} s");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "", "said once, in the report");
    // `/dev/zero` and `/dev/urandom` lie outside the folder: not followed.
    let expected = [
        (
            "dangling.sop.yaml",
            "error[io/unreadable]",
            "does not exist",
        ),
        ("fifo.sop.yaml", "error[io/unreadable]", "a FIFO"),
        ("loop-a.sop.yaml", "error[io/unreadable]", "symbolic links"),
        ("loop-b.sop.yaml", "error[io/unreadable]", "symbolic links"),
        (
            "random.sop.yaml",
            "warning[io/link-outside]",
            "/dev/urandom",
        ),
        ("socket.sop.yaml", "error[io/unreadable]", "a socket"),
        ("zero.sop.yaml", "warning[io/link-outside]", "/dev/zero"),
    ];
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{}", out.stdout);
    for ((name, rule, why), line) in expected.iter().zip(&lines) {
        assert!(
            line.starts_with(&format!("{name}:1:1: {rule}")) && line.contains(why),
            "{name}: {line}"
        );
    }
    assert_eq!(lines[expected.len()], "5 errors, 2 warnings in 8 files");
    let json = run(dir.path(), &["check", "--format", "json", "."]).json();
    assert_eq!(json["files_checked"], 8);
    assert_eq!(json["summary"]["errors"], 5);
    for format in ["human", "sarif", "github"] {
        let out = run(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.code, 1, "{format}");
        assert!(
            out.stdout.contains("io/unreadable"),
            "{format}: {}",
            out.stdout
        );
    }
    let named = run(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "fifo.sop.yaml",
            "zero.sop.yaml",
        ],
    );
    assert_eq!(named.code, 1);
    assert!(
        named
            .stdout
            .contains("fifo.sop.yaml:1:1: error[io/unreadable]: this is a FIFO"),
        "{}",
        named.stdout
    );
    assert!(
        named
            .stdout
            .contains("zero.sop.yaml:1:1: error[io/unreadable]: this is a device"),
        "a link named is followed: {}",
        named.stdout
    );
    let missing = run(dir.path(), &["check", "gone.sop.yaml"]);
    assert_eq!(
        missing.code, 2,
        "a path that does not exist is a usage error"
    );
    let folder = run(
        dir.path(),
        &["check", "--format", "short", "folder.sop.yaml"],
    );
    assert_eq!(
        (folder.code, folder.stdout.as_str()),
        (0, "no problems in 0 files\n"),
        "a folder named like an SOP is searched: {}",
        folder.stderr
    );
}

#[cfg(unix)]
#[test]
fn odd_names_and_sizes_get_a_clear_message() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.sop.yaml");
    fs::write(
        dir.path().join(latin1),
        GOOD.replace("Do it.", "Do it.\n    next: nowhere"),
    )
    .expect("write");
    fs::write(dir.path().join("bom.sop.yaml"), "\u{feff}").expect("write");
    let big = fs::File::create(dir.path().join("big.sop.yaml")).expect("create");
    big.set_len(100 * 1024 * 1024)
        .expect("a sparse 100 MB file");
    fs::write(
        dir.path().join("latin1.sop.yaml"),
        b"title: caf\xe9 au lait\n",
    )
    .expect("write");
    let (out, seconds) = check_timed(dir.path());
    assert!(seconds < 2.0, "took {seconds:.1} s");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "big.sop.yaml:1:1: error[io/unreadable]: the file is 100 MiB, larger than the 16 MiB an SOP may be"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("latin1.sop.yaml:1:11: error[io/unreadable]: the file is not UTF-8 text"),
        "at the byte that is not UTF-8: {}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("caf\u{fffd}.sop.yaml:7:11: error[flow/unknown-target]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("bom.sop.yaml:1:1: error[schema/invalid-value]: the file is empty"),
        "{}",
        out.stdout
    );
    fs::write(dir.path().join("sopkit.toml"), "max_file_size_mb = 128\n").expect("write");
    let raised = run(dir.path(), &["check", "--format", "short", "big.sop.yaml"]);
    assert!(!raised.stdout.contains("larger than"), "{}", raised.stdout);
}

/// A report of `traps` `flow/no-way-out` diagnostics: a start step whose
/// branches lead into that many two-step loops with no way out.
fn trapped_report(traps: usize) -> sopkit::check::CheckReport {
    let mut text = String::from(
        "title: Traps\ndepartment: Ops\npurpose: Many traps.\nterms: {}\ninstructions:\n  - id: s0\n    text: Start.\n    branches:\n",
    );
    for t in 0..traps {
        text += &format!("      \"t{t}\": a{t}\n");
    }
    text += "      \"done\": fin\n";
    for t in 0..traps {
        text += &format!(
            "  - id: a{t}\n    text: A {t}.\n    next: b{t}\n  - id: b{t}\n    text: B {t}.\n    next: a{t}\n"
        );
    }
    text += "  - id: fin\n    text: Done.\n    end: true\n";
    let file = sopkit::load::load_text(std::path::Path::new("traps.sop.yaml"), text);
    let file = sopkit::check::check_loaded(file, &sopkit::rules::RuleOptions::default());
    assert_eq!(file.diagnostics.len(), traps, "one diagnostic per trap");
    sopkit::check::CheckReport {
        files: vec![file],
        ..Default::default()
    }
}

/// Every report format prints every one of ten times the diagnostics. (That
/// it takes about ten times the time is a limit of bench/limits.py: once,
/// the human report took 14 s for 13,333 diagnostics of one file.)
#[test]
fn every_report_format_prints_every_diagnostic() {
    use sopkit::report::{Format, Style, print};
    let (small, large) = (trapped_report(1_000), trapped_report(10_000));
    let style = Style {
        color: false,
        width: 80,
    };
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
    ] {
        let bytes = |report| {
            let mut out = Vec::new();
            let root = sopkit::report::Root::current_dir();
            print(report, format, style, &root, &mut out).expect("printing to memory");
            out.len()
        };
        let (bytes1, bytes10) = (bytes(&small), bytes(&large));
        assert!(
            bytes10 > 9 * bytes1,
            "{format:?}: {bytes1} → {bytes10} bytes"
        );
    }
}

/// A file whose name and text hold control characters: an escape that
/// clears the screen, one that sets the window title, a bell, a C1 CSI,
/// DEL, a carriage return and a newline.
#[cfg(unix)]
fn hostile_names_and_texts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "evil\u{1b}[2J\n\u{9b}31m.sop.yaml";
    let text = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - id: \"a\\e]0;pwned\\a\"\n    text: \"Go\\e[8m hidden\\r\\x7f.\"\n    next: \"x\\u009b2J\\ny\"\n";
    fs::write(dir.path().join(name), text).expect("write");
    dir
}

#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = hostile_names_and_texts();
    for format in ["human", "short", "github"] {
        let out = run(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let raw: Vec<char> = text
                .chars()
                .filter(|&c| c != '\n' && c != '\t' && c.is_control())
                .collect();
            assert!(raw.is_empty(), "{format} {stream}: {raw:?} in {text}");
        }
        assert!(
            out.stdout.contains(r"evil\u{1b}[2J\u{a}\u{9b}31m.sop.yaml"),
            "{format}: the path is shown escaped: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains(r"a\u{1b}]0;pwned\u{7}"),
            "{format}: the id is shown escaped: {}",
            out.stdout
        );
    }
    // One line per problem, and the summary.
    let short = run(dir.path(), &["check", "--format", "short", "."]);
    assert_eq!(short.stdout.lines().count(), 3, "{}", short.stdout);
    assert!(
        short.stdout.contains(r"x\u{9b}2J\u{a}y"),
        "{}",
        short.stdout
    );
    let github = run(dir.path(), &["check", "--format", "github", "."]);
    assert_eq!(github.stdout.lines().count(), 2, "{}", github.stdout);
    // The machine formats keep the text as it is, escaped as JSON escapes.
    for format in ["json", "sarif"] {
        let out = run(dir.path(), &["check", "--format", format, "."]);
        assert!(
            out.stdout.contains(r"\u001b]0;pwned\u0007"),
            "{format}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains('\u{1b}'), "{format}");
        let parsed: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        let path = if format == "json" {
            "evil\\u001b[2J\\n" // as JSON escapes it
        } else {
            "evil%1B%5B2J%0A" // a URI
        };
        assert!(parsed.to_string().contains(path), "{format}: {parsed}");
    }
}
