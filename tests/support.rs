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

/// A sopkit that keeps running (`serve`, `check --watch`): what it prints
/// is collected as it comes; it is killed when dropped.
pub struct Running {
    child: std::process::Child,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Running {
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        use std::process::Stdio;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sopkit"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .current_dir(dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sopkit starts");
        let collect = |stream: Box<dyn std::io::Read + Send>| {
            let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
            let sink = std::sync::Arc::clone(&text);
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut buffer = [0; 4096];
                while let Ok(n) = stream.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    let chunk = String::from_utf8_lossy(&buffer[..n]).into_owned();
                    sink.lock().expect("not poisoned").push_str(&chunk);
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().expect("piped")));
        let stderr = collect(Box::new(child.stderr.take().expect("piped")));
        Self {
            child,
            stdout,
            stderr,
        }
    }

    pub fn stdout(&self) -> String {
        self.stdout.lock().expect("not poisoned").clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("not poisoned").clone()
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits until `done` holds, up to `seconds`; panics with what was
    /// printed otherwise.
    pub fn wait_for(&self, what: &str, seconds: u64, mut done: impl FnMut(&Self) -> bool) {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(seconds) {
            if done(self) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
    }

    /// Waits for the process to end by itself, up to `seconds`; its exit code.
    pub fn wait_exit(&mut self, seconds: u64) -> Option<i32> {
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(seconds) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
