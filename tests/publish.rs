//! `sopkit publish` against a Confluence stub (`../shared/clients/
//! confluence-stub.py`, standard-library Python: Confluence Cloud's calls,
//! JSON shapes, cursors and errors, in memory, with a log of every request
//! and 429/5xx faults on demand), started on a free port for each test.
//!
//! Without python3 or the stub the tests say so and pass, unless
//! `SOPKIT_REQUIRE_STUB` is set (as `.ci/run` sets it): then they fail.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{folder, repo_root, sopkit};

const TOKEN: &str = "stub-t0ken-that-must-never-show";
const USER: &str = "writer@example.com";

/// A running stub; killed when dropped.
struct Stub {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stub_path() -> PathBuf {
    std::env::var_os("SOPKIT_CONFLUENCE_STUB").map_or_else(
        || repo_root().join("../shared/clients/confluence-stub.py"),
        PathBuf::from,
    )
}

impl Stub {
    /// Starts the stub with `args`; `None` (after saying why) when it cannot run here.
    fn start(args: &[&str]) -> Option<Self> {
        let script = stub_path();
        let python = Command::new("python3")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !python || !script.is_file() {
            let why = if python {
                format!("{} is missing", script.display())
            } else {
                "python3 is missing".to_owned()
            };
            assert!(
                std::env::var_os("SOPKIT_REQUIRE_STUB").is_none(),
                "the Confluence stub cannot run: {why}"
            );
            eprintln!("skipped: the Confluence stub cannot run: {why}");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let port_file = dir.path().join("port");
        let log = dir.path().join("log.jsonl");
        let child = Command::new("python3")
            .arg(&script)
            .args([
                "--token",
                TOKEN,
                "--user",
                USER,
                "--port",
                "0",
                "--exit-after",
                "600",
            ])
            .arg("--port-file")
            .arg(&port_file)
            .arg("--log")
            .arg(&log)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 starts");
        let mut stub = Self {
            child,
            port: 0,
            log,
            _dir: dir,
        };
        let start = Instant::now();
        while stub.port == 0 {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                stub.port = text.trim().parse().expect("a port number");
            } else {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "the stub did not start"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Some(stub)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every page the stub holds.
    fn state(&self) -> serde_json::Value {
        let body = ureq::get(format!("{}/__state", self.url()))
            .call()
            .expect("the stub answers")
            .body_mut()
            .read_to_string()
            .expect("text");
        serde_json::from_str(&body).expect("JSON")
    }

    fn page(&self, title: &str) -> serde_json::Value {
        let state = self.state();
        let pages = state["pages"].as_array().expect("pages");
        let found: Vec<&serde_json::Value> = pages.iter().filter(|p| p["title"] == title).collect();
        assert_eq!(found.len(), 1, "pages titled {title}: {found:?}");
        found[0].clone()
    }

    /// The requests logged so far.
    fn requests(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    /// The writes (POST, PUT, DELETE) logged after the first `skip` requests.
    fn writes_after(&self, skip: usize) -> Vec<String> {
        self.requests()
            .into_iter()
            .skip(skip)
            .filter(|r| r["method"] != "GET")
            .map(|r| {
                format!(
                    "{} {} {}",
                    r["method"].as_str().unwrap_or(""),
                    r["path"].as_str().unwrap_or(""),
                    r["status"]
                )
            })
            .collect()
    }
}

struct Published {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Published {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr: {}", self.stdout, self.stderr))
    }

    /// Each page's `sop` and action, from `--format json`.
    fn actions(&self) -> Vec<(String, String)> {
        self.json()["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .map(|p| {
                (
                    p["sop"].as_str().unwrap_or("").to_owned(),
                    p["action"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }
}

/// The page of `sop` in a `--format json` report.
fn by_sop<'a>(report: &'a serde_json::Value, sop: &str) -> &'a serde_json::Value {
    report["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .find(|p| p["sop"] == sop)
        .unwrap_or_else(|| panic!("no page of {sop}: {report}"))
}

/// `sopkit publish` in `dir` with the credentials in the environment.
fn publish(dir: &Path, token: &str, args: &[&str]) -> Published {
    let output = sopkit()
        .current_dir(dir)
        .env("SOPKIT_CONFLUENCE_USER", USER)
        .env("SOPKIT_CONFLUENCE_TOKEN", token)
        .arg("publish")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("sopkit runs");
    let run = Published {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains(token), "the token was printed:\n{text}");
        assert!(!text.contains("panicked"), "sopkit panicked:\n{text}");
    }
    run
}

fn sop(id: &str, title: &str, department: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: {title}\ndepartment: {department}\nstatus: approved\nowner: Ops team\nreview_by: 2030-01-01\npurpose: Keep the service up.\nterms: {{}}\ninstructions:\n  - id: look\n    text: Look at the dashboard.\n  - id: fine\n    text: Is everything green?\n    branches:\n      \"yes\": done\n      \"no\": restart\n  - id: restart\n    text: Restart the service.\n  - id: done\n    text: Write it in the log.\n{extra}"
    )
}

/// Three SOPs in two departments; one refers to another.
fn sops(stub: &Stub) -> tempfile::TempDir {
    folder(&[
        (
            "sopkit.toml",
            &format!(
                "[confluence]\nurl = \"{}\"\nspace = \"OPS\"\nparent = \"123456\"\n",
                stub.url()
            ),
        ),
        (
            "restart.sop.yaml",
            &sop(
                "OPS-1",
                "Restart the service",
                "Operations",
                "references: [OPS-2]\n",
            ),
        ),
        (
            "rotate.sop.yaml",
            &sop("OPS-2", "Rotate the keys", "Operations", ""),
        ),
        (
            "people/onboard.sop.yaml",
            &sop("HR-1", "Onboard a colleague", "People", ""),
        ),
    ])
}

#[test]
fn publish_creates_every_page_then_writes_nothing_when_nothing_changed() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    let first = publish(dir.path(), TOKEN, &["--format", "json"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let actions = first.actions();
    assert_eq!(
        actions.len(),
        5,
        "two departments and three SOPs: {actions:?}"
    );
    assert!(actions.iter().all(|(_, a)| a == "create"), "{actions:?}");
    let report = first.json();
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["created"], 5);
    let page = by_sop(&report, "OPS-1");
    assert_eq!(page["done"], true);
    assert_eq!(
        page["url"],
        format!(
            "{}/wiki/spaces/OPS/pages/{}",
            stub.url(),
            page["id"].as_str().expect("id")
        )
    );

    let department = stub.page("Operations");
    assert_eq!(department["parentId"], "123456");
    assert!(
        department["body"]
            .as_str()
            .unwrap()
            .contains("detailssummary")
    );
    let restart = stub.page("Restart the service");
    assert_eq!(restart["parentId"], department["id"]);
    assert_eq!(
        restart["labels"],
        serde_json::json!(["sop", "operations", "approved"])
    );
    let attachments: Vec<(&str, &str)> = restart["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .map(|a| {
            (
                a["title"].as_str().unwrap_or(""),
                a["head_hex"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(attachments.len(), 2, "{attachments:?}");
    assert_eq!(attachments[0].0, "flowchart.png");
    assert!(
        attachments[0].1.starts_with("89504e47"),
        "a PNG: {attachments:?}"
    );
    assert_eq!(attachments[1].0, "flowchart.svg");
    let property = &restart["properties"][0];
    assert_eq!(property["key"], "sopkit");
    assert_eq!(property["value"]["sop"], "OPS-1");
    assert_eq!(
        property["value"]["fingerprint"].as_str().map(str::len),
        Some(64)
    );
    // The link to the other SOP is a link to its page.
    assert!(
        restart["body"]
            .as_str()
            .unwrap()
            .contains("<ri:page ri:content-title=\"Rotate the keys\" />")
    );
    // Every call was one the contract lists.
    assert!(stub.requests().iter().all(|r| r["in_contract"] == true));

    let before = stub.requests().len();
    let second = publish(dir.path(), TOKEN, &["--format", "json"]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.actions().iter().all(|(_, a)| a == "unchanged"),
        "{:?}",
        second.actions()
    );
    assert_eq!(
        stub.writes_after(before),
        Vec::<String>::new(),
        "a second publish wrote"
    );
    let human = publish(dir.path(), TOKEN, &[]);
    assert!(
        human
            .stdout
            .contains("0 created, 0 updated, 5 unchanged, 0 stale"),
        "{}",
        human.stdout
    );
}

#[test]
fn one_change_rewrites_that_page_only_and_a_label_that_no_longer_applies_goes() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    assert_eq!(publish(dir.path(), TOKEN, &[]).code, 0);
    let rotate = stub.page("Rotate the keys");
    let id = rotate["id"].as_str().expect("id").to_owned();
    let file = dir.path().join("rotate.sop.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("Keep the service up.", "Keep the keys fresh.")
            .replace("status: approved", "status: review"),
    )
    .expect("write");

    let before = stub.requests().len();
    let run = publish(dir.path(), TOKEN, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changed: Vec<(String, String)> = run
        .actions()
        .into_iter()
        .filter(|(_, a)| a != "unchanged")
        .collect();
    assert_eq!(changed, [("OPS-2".to_owned(), "update".to_owned())]);
    let writes = stub.writes_after(before);
    assert!(
        writes.iter().all(|w| w.contains(&format!("/{id}"))),
        "writes to other pages: {writes:?}"
    );
    assert!(
        writes
            .iter()
            .any(|w| w.starts_with(&format!("PUT /wiki/api/v2/pages/{id} "))),
        "{writes:?}"
    );
    assert!(
        writes.contains(&format!(
            "DELETE /wiki/rest/api/content/{id}/label/approved 204"
        )),
        "{writes:?}"
    );
    assert!(
        !writes.iter().any(|w| w.contains("attachment")),
        "the flowchart did not change: {writes:?}"
    );
    let rotate = stub.page("Rotate the keys");
    assert_eq!(
        rotate["labels"],
        serde_json::json!(["sop", "operations", "review"])
    );
    assert_eq!(rotate["version"], 2);
}

#[test]
fn a_gone_sop_is_listed_as_stale_and_never_deleted() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    assert_eq!(publish(dir.path(), TOKEN, &[]).code, 0);
    std::fs::remove_file(dir.path().join("people/onboard.sop.yaml")).expect("remove");
    let before = stub.requests().len();
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("stale      Onboard a colleague  [HR-1]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("0 created, 0 updated, 3 unchanged, 2 stale"),
        "{}",
        run.stdout
    );
    assert_eq!(stub.writes_after(before), Vec::<String>::new());
    stub.page("Onboard a colleague");
}

#[test]
fn a_page_sopkit_did_not_make_is_never_touched_unless_adopted() {
    let Some(stub) = Stub::start(&["--human-page", "Rotate the keys"]) else {
        return;
    };
    let dir = sops(&stub);
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("“Rotate the keys” [OPS-2] cannot be published"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--adopt"), "{}", run.stderr);
    assert_eq!(
        stub.writes_after(0),
        Vec::<String>::new(),
        "something was written"
    );
    let dry = publish(dir.path(), TOKEN, &["--dry-run", "--format", "json"]);
    assert_eq!(
        dry.code, 0,
        "a dry run exits 0 whatever it would do: {}",
        dry.stderr
    );
    assert!(
        by_sop(&dry.json(), "OPS-2")["refused"]
            .as_str()
            .is_some_and(|r| r.contains("--adopt")),
        "{}",
        dry.stdout
    );

    let adopted = publish(dir.path(), TOKEN, &["--adopt"]);
    assert_eq!(adopted.code, 0, "{}", adopted.stderr);
    assert!(
        adopted
            .stdout
            .contains("(taking over the page, as --adopt asks)"),
        "{}",
        adopted.stdout
    );
    let page = stub.page("Rotate the keys");
    assert_eq!(page["properties"][0]["value"]["sop"], "OPS-2");
    assert_eq!(
        page["parentId"],
        stub.page("Operations")["id"],
        "moved under its department"
    );
}

#[test]
fn a_page_an_interrupted_run_made_is_taken_over_without_asking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = dir.path().join("seed.json");
    let body = "<ac:structured-macro ac:name=\"details\"><ac:parameter ac:name=\"id\">sopkit</ac:parameter><ac:rich-text-body><table><tbody><tr><th>ID</th><td>OPS-2</td></tr></tbody></table></ac:rich-text-body></ac:structured-macro>";
    let seeded = serde_json::json!({
        "spaces": [{"key": "OPS", "id": "98306", "name": "Operations", "homepageId": "98307"}],
        "pages": [
            {"id": "98307", "title": "Home", "space": "OPS", "parentId": null},
            {"id": "123456", "title": "Procedures", "space": "OPS", "parentId": "98307"},
            {"id": "500", "title": "Operations", "space": "OPS", "parentId": "123456",
             "body": "<p>x</p>", "properties": {"sopkit": {"sop": "department:Operations", "fingerprint": "old"}}},
            {"id": "501", "title": "Rotate the keys", "space": "OPS", "parentId": "500", "body": body}
        ]
    });
    std::fs::write(&seed, seeded.to_string()).expect("seed");
    let Some(stub) = Stub::start(&["--seed", seed.to_str().expect("a UTF-8 path")]) else {
        return;
    };
    let sops = sops(&stub);
    let run = publish(sops.path(), TOKEN, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("(taking over the page an interrupted run made)"),
        "{}",
        run.stdout
    );
    let page = stub.page("Rotate the keys");
    assert_eq!(page["id"], "501");
    assert_eq!(page["properties"][0]["value"]["sop"], "OPS-2");
}

#[test]
fn a_wrong_token_is_exit_2_saying_what_to_check() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    let wrong = "wrong-t0ken-that-must-never-show";
    let run = publish(dir.path(), wrong, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    assert!(
        run.stderr.contains("SOPKIT_CONFLUENCE_TOKEN"),
        "{}",
        run.stderr
    );
    let json = publish(dir.path(), wrong, &["--format", "json"]);
    assert_eq!(json.code, 2);
    assert!(
        json.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("401")),
        "{}",
        json.stdout
    );
    assert_eq!(stub.writes_after(0), Vec::<String>::new());
}

#[test]
fn a_missing_space_or_parent_says_what_to_check() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    let config = dir.path().join("sopkit.toml");
    let text = std::fs::read_to_string(&config).expect("read");
    std::fs::write(&config, text.replace("\"OPS\"", "\"NOPE\"")).expect("write");
    let run = publish(dir.path(), TOKEN, &["--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the space `NOPE` is not found; check `space`"),
        "{}",
        run.stderr
    );
    assert!(
        run.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("NOPE")),
        "{}",
        run.stdout
    );
    std::fs::write(&config, text.replace("\"123456\"", "\"999\"")).expect("write");
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the parent page 999 is not found; check `parent`"),
        "{}",
        run.stderr
    );
    assert_eq!(stub.writes_after(0), Vec::<String>::new());
}

#[test]
fn rate_limits_are_waited_out() {
    let Some(stub) = Stub::start(&["--fail-first", "2", "--retry-after", "1"]) else {
        return;
    };
    let dir = sops(&stub);
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let faults: Vec<serde_json::Value> = stub
        .requests()
        .into_iter()
        .filter(|r| r["status"] == 429)
        .collect();
    assert_eq!(faults.len(), 2);
    assert_eq!(
        stub.state()["pages"].as_array().map(Vec::len),
        Some(7),
        "home, parent and five pages"
    );
}

#[test]
fn a_failure_that_never_recovers_is_exit_2_saying_what_was_written() {
    let Some(stub) = Stub::start(&["--fail-5xx", "5"]) else {
        return;
    };
    let dir = sops(&stub);
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("(503) for POST /wiki/api/v2/pages 5 times"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("stopped at “Operations” [department:Operations]: not written"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("written before it: none"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "not written: People, Onboard a colleague, Restart the service, Rotate the keys (4)"
        ),
        "{}",
        run.stderr
    );
    // The service is back: the next run writes everything, once.
    let again = publish(dir.path(), TOKEN, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("5 created"), "{}", again.stdout);
    stub.page("Operations");
}

#[test]
fn check_errors_send_nothing_not_even_a_read() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    std::fs::write(dir.path().join("bad.sop.yaml"), "title: Bad\ndepartment: Ops\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: nowhere\n").expect("write");
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("flow/unknown-target"), "{}", run.stderr);
    assert!(stub.requests().is_empty(), "{:?}", stub.requests());
}

#[test]
fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let Some(stub) = Stub::start(&[]) else { return };
    let dir = sops(&stub);
    let run = publish(dir.path(), TOKEN, &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("create     Restart the service  [OPS-1]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("dry run: 5 to create, 0 to update, 0 unchanged, 0 stale; nothing written"),
        "{}",
        run.stdout
    );
    assert!(!stub.requests().is_empty());
    assert_eq!(stub.writes_after(0), Vec::<String>::new());
}

#[test]
fn settings_and_credentials_are_checked_before_anything_is_sent() {
    let dir = folder(&[("a.sop.yaml", &sop("A-1", "A", "Ops", ""))]);
    let run = publish(dir.path(), TOKEN, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`url` is not set in [confluence]"),
        "{}",
        run.stderr
    );
    let run = publish(dir.path(), TOKEN, &["--url", "http://wiki.example.com"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("https://"), "{}", run.stderr);
    std::fs::write(
        dir.path().join("sopkit.toml"),
        "[confluence]\nurl = \"https://example.atlassian.net\"\nspace = \"OPS\"\nparent = \"1\"\n",
    )
    .expect("write");
    let output = sopkit()
        .current_dir(dir.path())
        .env_remove("SOPKIT_CONFLUENCE_USER")
        .env_remove("SOPKIT_CONFLUENCE_TOKEN")
        .arg("publish")
        .output()
        .expect("sopkit runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SOPKIT_CONFLUENCE_USER") && stderr.contains("SOPKIT_CONFLUENCE_TOKEN"),
        "{stderr}"
    );
}
