//! Nothing half-written: a `build` or `render -o` killed with SIGKILL at any
//! moment leaves each output file either as it was or as the new run makes
//! it, and no temporary file in the output folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::run;

/// Every file under `dir`, by path relative to it, with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

fn sops(dir: &Path, count: usize, version: &str) {
    for i in 0..count {
        let mut text = format!(
            "title: Procedure {i} ({version})\ndepartment: Dept {}\npurpose: Why {i}.\nterms: {{}}\ninstructions:\n",
            i % 7
        );
        for s in 0..40 {
            text += &format!("  - text: Step {s} of procedure {i}, {version}.\n");
        }
        fs::write(dir.join(format!("p{i:04}.sop.yaml")), text).expect("write");
    }
}

/// Runs sopkit in `dir` and kills it with SIGKILL after `delay`.
fn killed(dir: &Path, args: &[&str], delay: Duration) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sopkit"))
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sopkit starts");
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_old_or_new_pages_and_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = dir.path().join("sops");
    fs::create_dir(&sources).expect("mkdir");
    sops(&sources, 300, "old");
    assert_eq!(run(dir.path(), &["build", "sops", "-o", "site"]).code, 0);
    let old = contents(&dir.path().join("site"));
    sops(&sources, 300, "new");
    assert_eq!(run(dir.path(), &["build", "sops", "-o", "fresh"]).code, 0);
    let new = contents(&dir.path().join("fresh"));
    for delay_ms in [5, 20, 40, 80, 120, 200, 400] {
        killed(
            dir.path(),
            &["build", "sops", "-o", "site"],
            Duration::from_millis(delay_ms),
        );
        for (name, bytes) in contents(&dir.path().join("site")) {
            let known = old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes);
            assert!(
                known,
                "after {delay_ms} ms: {name} is neither the old nor the new file (a partial or stray file)"
            );
        }
        // The next build finishes what the killed one began.
        assert_eq!(run(dir.path(), &["build", "sops", "-o", "site"]).code, 0);
        sops(
            &sources,
            300,
            if delay_ms % 40 == 0 { "old" } else { "new" },
        );
    }
}

#[cfg(unix)]
#[test]
fn a_killed_render_leaves_the_old_file_or_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from(
        "title: Long\ndepartment: Ops\npurpose: Many steps.\nterms: {}\ninstructions:\n",
    );
    for s in 0..20_000 {
        text += &format!("  - text: Step {s}, done with care.\n");
    }
    fs::write(dir.path().join("long.sop.yaml"), &text).expect("write");
    fs::create_dir(dir.path().join("out")).expect("mkdir");
    let old = b"the old picture".to_vec();
    fs::write(dir.path().join("out/long.svg"), &old).expect("write");
    let fresh = run(dir.path(), &["render", "long.sop.yaml", "--to", "svg"]);
    assert_eq!(fresh.code, 0);
    let new = fresh.stdout.into_bytes();
    for delay_ms in [5, 30, 60, 120, 250, 500] {
        killed(
            dir.path(),
            &[
                "render",
                "long.sop.yaml",
                "--to",
                "svg",
                "-o",
                "out/long.svg",
            ],
            Duration::from_millis(delay_ms),
        );
        let files = contents(&dir.path().join("out"));
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["long.svg"],
            "after {delay_ms} ms: a stray file"
        );
        let now = &files["long.svg"];
        assert!(
            *now == old || *now == new,
            "after {delay_ms} ms: a partial file of {} bytes",
            now.len()
        );
    }
}
