//! Writing never replaces what is not a regular file (issue 23: `render
//! -o /dev/null` run as root replaced the machine's `/dev/null` with a
//! regular file). A FIFO or a device is opened and written; a symbolic
//! link is followed and the file it leads to rewritten, the link kept;
//! `build` refuses to write a page into a special file. These tests make
//! their FIFOs, devices and links in temporary folders: none touches the
//! real `/dev/null`.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;

use crate::support::{folder, run};

const SOP: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - id: go\n    text: Go.\n";

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

/// Reads a FIFO to its end, in a `cat` that [`finish`] ends.
fn read_fifo(path: &Path) -> std::process::Child {
    std::process::Command::new("cat")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("cat runs")
}

/// What the `cat` of [`read_fifo`] read; it is killed if it still waits
/// after a few seconds (a FIFO replaced by a file has no writer to come).
fn finish(mut reader: std::process::Child) -> Vec<u8> {
    for _ in 0..50 {
        if reader.try_wait().expect("cat").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = reader.kill();
    let output = reader.wait_with_output().expect("cat");
    output.stdout
}

/// A character device like `/dev/null` (1, 3) made with `mknod` in `dir`;
/// `None` when this user may not make one (only root may).
fn null_device(dir: &Path) -> Option<std::path::PathBuf> {
    let path = dir.join("null");
    let made = std::process::Command::new("mknod")
        .arg(&path)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    made.success().then_some(path)
}

#[test]
fn render_and_convert_write_into_a_fifo_without_replacing_it() {
    let dir = folder(&[("a.sop.yaml", SOP)]);
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = read_fifo(&fifo);
    let out = run(
        dir.path(),
        &["render", "a.sop.yaml", "--to", "json", "-o", "out.fifo"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&finish(reader)).expect("JSON came through");
    assert_eq!(json["sop"]["title"], "T");
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type()
            .is_fifo()
    );

    let reader = read_fifo(&fifo);
    let out = run(
        dir.path(),
        &["convert", "a.sop.yaml", "--to", "md", "-o", "out.fifo"],
    );
    assert_eq!(
        out.code, 0,
        "no --force is needed to write into a FIFO: {}",
        out.stderr
    );
    let text = String::from_utf8(finish(reader)).expect("UTF-8");
    assert!(text.contains("# T"), "{text}");
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_character_device_is_written_to_and_stays_a_device() {
    let dir = folder(&[("a.sop.yaml", SOP)]);
    let Some(device) = null_device(dir.path()) else {
        eprintln!("skipped: only root can make a device with mknod");
        return;
    };
    for args in [
        &["render", "a.sop.yaml", "--to", "json", "-o", "null"][..],
        &["render", "a.sop.yaml", "--to", "svg", "-o", "null"],
        &["convert", "a.sop.yaml", "--to", "md", "-o", "null"],
        &[
            "convert",
            "a.sop.yaml",
            "--to",
            "md",
            "-o",
            "null",
            "--force",
        ],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let kind = fs::symlink_metadata(&device)
            .expect("still there")
            .file_type();
        assert!(kind.is_char_device(), "{args:?} replaced the device");
    }
    let built = run(dir.path(), &["build", ".", "-o", "null"]);
    assert_eq!(built.code, 2, "{}", built.stderr);
    assert!(built.stderr.contains("not a folder"), "{}", built.stderr);
    assert!(
        fs::symlink_metadata(&device)
            .expect("there")
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_link_is_followed_and_the_file_it_leads_to_rewritten() {
    let dir = folder(&[("a.sop.yaml", SOP), ("real/out.json", "old")]);
    let real = dir.path().join("real/out.json");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
    symlink("real/out.json", dir.path().join("out.json")).expect("symlink");
    let out = run(
        dir.path(),
        &["render", "a.sop.yaml", "--to", "json", "-o", "out.json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = dir.path().join("out.json");
    assert!(
        fs::symlink_metadata(&link)
            .expect("there")
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert!(
        fs::read_to_string(&real)
            .expect("read")
            .contains("\"title\": \"T\"")
    );
    let mode = fs::metadata(&real).expect("there").permissions().mode();
    assert_eq!(mode & 0o777, 0o640, "the mode is kept");

    // A link to nothing yet: the file is made where it points.
    symlink("real/new.md", dir.path().join("new.md")).expect("symlink");
    let out = run(
        dir.path(),
        &["convert", "a.sop.yaml", "--to", "md", "-o", "new.md"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        fs::read_to_string(dir.path().join("real/new.md"))
            .expect("made")
            .contains("# T")
    );
    assert!(
        fs::symlink_metadata(dir.path().join("new.md"))
            .expect("there")
            .file_type()
            .is_symlink()
    );
}

#[test]
fn check_fix_rewrites_the_file_a_link_leads_to() {
    let broken = SOP
        .replace(
            "    text: Go.\n",
            "    text: Go.\n    next: og\n  - id: og-x\n    text: Then.\n",
        )
        .replace("id: go", "id: Go Now");
    let dir = folder(&[("real/a.sop.yaml", &broken)]);
    symlink("real/a.sop.yaml", dir.path().join("a.sop.yaml")).expect("symlink");
    let out = run(dir.path(), &["check", "--fix", "a.sop.yaml"]);
    assert!(out.stderr.contains("sopkit: fixed"), "{}", out.stderr);
    let link = dir.path().join("a.sop.yaml");
    assert!(
        fs::symlink_metadata(&link)
            .expect("there")
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    let fixed = fs::read_to_string(dir.path().join("real/a.sop.yaml")).expect("read");
    assert_ne!(fixed, broken, "the file the link leads to is fixed");
    assert_eq!(fs::read_to_string(&link).expect("read"), fixed);
}

#[test]
fn a_link_to_standard_output_writes_to_standard_output() {
    let dir = folder(&[("a.sop.yaml", SOP)]);
    // What `/dev/stdout` is, made in the temporary folder.
    symlink("/proc/self/fd/1", dir.path().join("stdout")).expect("symlink");
    let out = run(
        dir.path(),
        &["render", "a.sop.yaml", "--to", "json", "-o", "stdout"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"title\": \"T\""), "{}", out.stdout);
    let kind = fs::symlink_metadata(dir.path().join("stdout"))
        .expect("there")
        .file_type();
    assert!(kind.is_symlink(), "the link is not replaced");
}

#[test]
fn build_refuses_a_special_file_as_a_page_or_as_its_folder() {
    let dir = folder(&[("sops/a.sop.yaml", SOP)]);
    mkfifo(&dir.path().join("site.fifo"));
    let out = run(dir.path(), &["build", "sops", "-o", "site.fifo"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        fs::symlink_metadata(dir.path().join("site.fifo"))
            .expect("there")
            .file_type()
            .is_fifo()
    );

    let first = run(dir.path(), &["build", "sops", "-o", "site"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let page = dir.path().join("site/a.html");
    fs::remove_file(&page).expect("remove");
    mkfifo(&page);
    let again = run(dir.path(), &["build", "sops", "-o", "site"]);
    assert_eq!(
        again.code, 2,
        "refused, without waiting for a reader: {}",
        again.stderr
    );
    assert!(
        again.stderr.contains("not a regular file"),
        "{}",
        again.stderr
    );
    assert!(
        fs::symlink_metadata(&page)
            .expect("there")
            .file_type()
            .is_fifo()
    );
}
