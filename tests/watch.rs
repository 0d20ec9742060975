//! `sopkit check --watch`: a report, then another after each change, until
//! stopped; exit 2 only when the paths cannot be watched at the start.

use crate::support::{Running, folder, run};

const GOOD: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n";
const ERRS: &str = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Do it.\n    next: nowhere\n";
const SEPARATOR: &str = "---- sopkit check --watch: files changed, checking again ----";

#[test]
fn each_change_prints_another_report() {
    let dir = folder(&[("a.sop.yaml", GOOD), ("notes.txt", "")]);
    let watching = Running::start(dir.path(), &["check", "--watch", "."]);
    watching.wait_for("the first report", 10, |w| {
        w.stdout().contains("no problems in 1 file") && w.stderr().contains("watching 1 file")
    });
    assert!(
        watching
            .stderr()
            .contains("sopkit: watching 1 file — press Ctrl-C to stop"),
        "{}",
        watching.stderr()
    );
    assert!(
        !watching.stdout().contains('\x1b'),
        "no terminal, no clearing"
    );

    std::fs::write(dir.path().join("a.sop.yaml"), ERRS).unwrap();
    watching.wait_for("the second report", 10, |w| {
        w.stdout().contains("1 error, 0 warnings in 1 file")
    });
    let stdout = watching.stdout();
    let (first, second) = stdout.split_once(SEPARATOR).expect("a separator line");
    assert!(first.contains("no problems in 1 file"), "{stdout}");
    assert!(second.contains("flow/unknown-target"), "{stdout}");

    // Files that are not SOPs change nothing; a new SOP is found.
    std::fs::write(dir.path().join("notes.txt"), "more").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert_eq!(
        watching.stdout().matches(SEPARATOR).count(),
        1,
        "{}",
        watching.stdout()
    );
    std::fs::write(dir.path().join("b.sop.yaml"), GOOD).unwrap();
    watching.wait_for("the new file's report", 10, |w| {
        w.stdout().contains("1 error, 0 warnings in 2 files")
    });
    assert_eq!(
        watching.stdout().matches(SEPARATOR).count(),
        2,
        "{}",
        watching.stdout()
    );
}

#[test]
fn paths_that_cannot_be_watched_are_exit_2_at_the_start() {
    let dir = folder(&[("a.sop.yaml", GOOD)]);
    let missing = run(dir.path(), &["check", "--watch", "missing"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("missing: no such file or directory"),
        "{}",
        missing.stderr
    );
    let stdin = run(dir.path(), &["check", "--watch", "-"]);
    assert_eq!(stdin.code, 2);
    assert!(
        stdin.stderr.contains("cannot watch standard input"),
        "{}",
        stdin.stderr
    );
    let fix = run(dir.path(), &["check", "--watch", "--fix", "."]);
    assert_eq!(fix.code, 2);
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_watch_whatever_was_found() {
    let dir = folder(&[("a.sop.yaml", ERRS)]);
    let mut watching = Running::start(dir.path(), &["check", "--watch"]);
    watching.wait_for("the report", 10, |w| w.stderr().contains("watching 1 file"));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &watching.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    assert_eq!(watching.wait_exit(10), Some(0), "{}", watching.stderr());
}

/// A broken sopkit.toml beside the SOPs' folder: every mistake of it is
/// shown, the report does not pass for a clean run, and the watch goes on
/// and checks again once the file is fixed.
#[test]
fn a_broken_configuration_is_shown_and_watched() {
    let broken = "departmens = [\"D\"]\nrequire = [\"ownr\"]\n";
    let dir = folder(&[("sops/a.sop.yaml", GOOD), ("sopkit.toml", broken)]);
    let watching = Running::start(
        dir.path(),
        &["check", "--watch", "--format", "short", "sops"],
    );
    watching.wait_for("the first report", 10, |w| {
        w.stderr().contains("watching 2 files")
    });
    let stderr = watching.stderr();
    for shown in ["did you mean `departments`?", "did you mean `owner`?"] {
        assert!(stderr.contains(shown), "{shown}:\n{stderr}");
    }
    assert_eq!(
        watching.stdout(),
        "no problems in 0 files; 1 file not checked: its sopkit.toml has errors\n"
    );
    std::fs::write(dir.path().join("sopkit.toml"), "departments = [\"D\"]\n").unwrap();
    watching.wait_for("the report once it is fixed", 10, |w| {
        w.stdout().ends_with("no problems in 1 file\n")
    });
}
