//! Symbolic links in a folder that is checked, built or served: a link to
//! a file inside the folder is followed; a link whose target lies outside
//! it is not, and is reported (`io/link-outside`), unless
//! `-L`/`--follow-links` (issue 23: the preview served `/etc/passwd` lines
//! on an error page).

#![cfg(unix)]

use std::os::unix::fs::symlink;

use crate::support::{folder, run};

const GOOD: &str =
    "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n";

/// Outside the folder checked: a file whose first line would show in any
/// report of it.
const SECRET: &str = "root:x:0:0:SECRET-LINE:/root:/bin/bash\n";

/// `sops/` with a good SOP, a link to it, and a link to `outside/secret`.
fn linked() -> tempfile::TempDir {
    let dir = folder(&[
        ("sops/good.sop.yaml", GOOD),
        (
            "sops/sub/other.sop.yaml",
            &GOOD.replace("title: T", "title: Other"),
        ),
        ("outside/secret.txt", SECRET),
    ]);
    let sops = dir.path().join("sops");
    symlink("good.sop.yaml", sops.join("inside.sop.yaml")).expect("symlink");
    symlink("sub/other.sop.yaml", sops.join("other-link.sop.yaml")).expect("symlink");
    symlink("../outside/secret.txt", sops.join("passwd.sop.yaml")).expect("symlink");
    dir
}

#[test]
fn check_reports_a_link_out_of_the_folder_and_does_not_read_it() {
    let dir = linked();
    let out = run(dir.path(), &["check", "--format", "short", "sops"]);
    assert_eq!(out.code, 0, "a warning: {}", out.stderr);
    assert_eq!(
        out.stdout,
        "sops/passwd.sop.yaml:1:1: warning[io/link-outside]: this is a symbolic link to `../outside/secret.txt`, outside the folder being checked: it is not followed\n\
         0 errors, 1 warning in 3 files\n"
    );
    for format in ["human", "json", "sarif", "github"] {
        let out = run(dir.path(), &["check", "--format", format, "sops"]);
        assert!(out.stdout.contains("io/link-outside"), "{format}");
        assert!(!out.stdout.contains("SECRET"), "{format}: {}", out.stdout);
    }
    // Followed on request, and when named.
    for args in [
        &["check", "--follow-links", "sops"][..],
        &["check", "-L", "sops"],
        &["check", "sops/passwd.sop.yaml"],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.code, 1, "{args:?}");
        assert!(
            out.stdout.contains("SECRET-LINE"),
            "{args:?}: read: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("io/link-outside"), "{args:?}");
    }
}

#[test]
fn build_leaves_out_a_link_out_of_the_folder_unless_asked() {
    let dir = linked();
    symlink(
        "../outside/page.sop.yaml",
        dir.path().join("sops/shared.sop.yaml"),
    )
    .expect("symlink");
    std::fs::write(
        dir.path().join("outside/page.sop.yaml"),
        GOOD.replace("title: T", "title: Shared"),
    )
    .expect("write");
    std::fs::remove_file(dir.path().join("sops/passwd.sop.yaml")).expect("remove");
    let out = run(dir.path(), &["build", "sops", "-o", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("io/link-outside"), "{}", out.stderr);
    assert!(!dir.path().join("site/shared.html").exists());
    assert!(
        dir.path().join("site/inside.html").exists() || dir.path().join("site/good.html").exists()
    );
    let out = run(dir.path(), &["build", "-L", "sops", "-o", "site"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(dir.path().join("site/shared.html")).expect("the page");
    assert!(page.contains("Shared"));
}
