//! Running the binary the way tests need it: no colour, a fixed width.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `sopkit` with no colour and an 80-column width, so output is stable.
pub fn sopkit() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sopkit"));
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80");
    cmd
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr: {}", self.stdout, self.stderr))
    }

    /// The rule ids of a JSON report, in order.
    pub fn rules(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics is a list")
            .iter()
            .map(|d| d["rule"].as_str().expect("rule is text").to_owned())
            .collect()
    }
}

/// A temporary folder holding the given files (sub-folders are created).
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_stdin(dir, args, "")
}

/// Runs sopkit in `dir` with `stdin` as its standard input.
pub fn run_with_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let output = sopkit()
        .current_dir(dir)
        .args(args)
        .write_stdin(stdin)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("sopkit runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "sopkit panicked:\n{}",
        run.stderr
    );
    run
}
