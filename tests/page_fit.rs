//! The HTML page's flowchart in a real browser (`tests/browser/fit.cjs`):
//! within the page's width on a 1280×800 screen with text of 9 px or more,
//! no band taller than a printed A4 or Letter page, and every step in the
//! printed PDF. Needs Chromium, Node.js with playwright-core and
//! pdftotext; `.ci/run` installs them (and sets `SOPKIT_REQUIRE_BROWSER`,
//! so that there a missing one fails the test). Elsewhere, where one is
//! missing, the test says which and does nothing else.

use std::path::PathBuf;
use std::process::Command;

use crate::support::repo_root;

/// Where playwright-core can be required from: `NODE_PATH`, else the
/// folder `.ci/run` installs it into.
fn playwright() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NODE_PATH") {
        let path = PathBuf::from(path);
        if path.join("playwright-core").is_dir() {
            return Some(path);
        }
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let found = std::fs::read_dir(cache.join("sopkit-ci")).ok()?;
    found
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("node_modules"))
        .find(|p| p.join("playwright-core").is_dir())
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_page_flowchart_fits_the_screen_and_the_printed_page() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [
        (!std::path::Path::new(&chromium).exists()).then_some("chromium"),
        (!runs("node", "--version")).then_some("node"),
        (!runs("pdftotext", "-v")).then_some("pdftotext (poppler-utils)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some(modules) = playwright().filter(|_| missing.is_empty()) else {
        let mut missing = missing;
        if missing.is_empty() {
            missing.push("playwright-core (see .ci/run)");
        }
        let why = format!("the browser check needs {}", missing.join(", "));
        // CI installs them all: there a missing one fails the test.
        assert!(
            std::env::var_os("SOPKIT_REQUIRE_BROWSER").is_none(),
            "{why}"
        );
        eprintln!("skipped: {why}");
        return;
    };
    let out = Command::new("node")
        .arg(repo_root().join("tests/browser/fit.cjs"))
        .arg(env!("CARGO_BIN_EXE_sopkit"))
        .env("NODE_PATH", modules)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count() >= 40,
        "{stdout}"
    );
}
