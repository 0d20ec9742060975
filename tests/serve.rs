//! `sopkit serve`: the site over real HTTP on 127.0.0.1, following the
//! files as they are edited, broken and fixed; and nothing outside the
//! site reachable from a URL.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use crate::support::{Running, folder, run};

const REFUND: &str = "id: BILL-1\ntitle: Refund a charge\ndepartment: Billing\npurpose: Customers get their money back.\nterms: {}\ninstructions:\n  - id: check\n    text: Check the charge.\n  - id: refund\n    text: Refund it.\n";
const GREET: &str = "title: Greet a visitor\ndepartment: Front desk\npurpose: Visitors feel welcome.\nterms: {}\ninstructions:\n  - text: Say hello.\n";

/// Seconds a change may take to show (it takes well under one; the
/// margin is for a loaded CI machine).
const PATIENCE: u64 = 10;

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request, as a browser sends it, with a raw target.
fn request(port: u16, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(PATIENCE)))
        .expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    Response {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn get(port: u16, target: &str) -> Response {
    request(port, "GET", target)
}

/// `sopkit serve` on any free port in `dir`, once it says where.
fn serve(dir: &Path, extra: &[&str]) -> (Running, u16) {
    let mut args = vec!["serve", "--port", "0", "--today", "2026-06-01"];
    args.extend_from_slice(extra);
    let server = Running::start(dir, &args);
    server.wait_for("the server's address", PATIENCE, |s| {
        s.stderr().contains("Serving on http://127.0.0.1:")
    });
    let stderr = server.stderr();
    let port = stderr
        .split("Serving on http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .and_then(|p| p.trim().parse().ok())
        .expect("a port");
    (server, port)
}

fn wait_for_page(server: &Running, port: u16, target: &str, what: &str, text: &str) {
    server.wait_for(what, PATIENCE, |_| get(port, target).body.contains(text));
}

#[test]
fn a_page_follows_its_file_through_edits_errors_and_fixes() {
    let dir = folder(&[
        ("billing/refund.sop.yaml", REFUND),
        ("greet.sop.yaml", GREET),
    ]);
    let (server, port) = serve(dir.path(), &[]);
    assert!(
        server.stderr().contains("2 pages; no problems in 2 files"),
        "{}",
        server.stderr()
    );

    let index = get(port, "/");
    assert_eq!(index.status, 200);
    assert!(
        index
            .head
            .contains("Content-Type: text/html; charset=utf-8"),
        "{}",
        index.head
    );
    assert!(
        index.head.contains("Cache-Control: no-store"),
        "{}",
        index.head
    );
    assert!(
        index
            .body
            .contains("<a href=\"billing/refund.html\">Refund a charge</a>")
    );
    let page = get(port, "/billing/refund.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Refund a charge</h1>"));

    let file = dir.path().join("billing/refund.sop.yaml");
    std::fs::write(
        &file,
        REFUND.replace("Refund a charge", "Refund a double charge"),
    )
    .unwrap();
    wait_for_page(
        &server,
        port,
        "/billing/refund.html",
        "the new title",
        "<h1>Refund a double charge</h1>",
    );
    server.wait_for("the log line", PATIENCE, |s| {
        s.stderr()
            .contains("billing/refund.html changed (1 of 2 pages rendered again")
    });

    let broken = REFUND.replace(
        "    text: Check the charge.\n",
        "    text: Check the charge.\n    next: nowhere\n",
    );
    std::fs::write(&file, broken).unwrap();
    wait_for_page(
        &server,
        port,
        "/billing/refund.html",
        "the error page",
        "flow/unknown-target",
    );
    let page = get(port, "/billing/refund.html").body;
    assert!(page.contains("<pre class=\"diagnostics\">"), "{page}");
    assert!(
        page.contains("next: nowhere"),
        "the source line is shown: {page}"
    );
    assert!(
        page.contains("data-sopkit-version"),
        "the error page reloads itself: {page}"
    );
    assert!(
        get(port, "/")
            .body
            .contains("<span class=\"errors\">✖ 1 error</span>")
    );

    std::fs::write(&file, REFUND).unwrap();
    wait_for_page(
        &server,
        port,
        "/billing/refund.html",
        "the page again",
        "<h1>Refund a charge</h1>",
    );
    assert!(!get(port, "/").body.contains("class=\"errors\""));
}

#[test]
fn new_files_appear_and_deleted_ones_go() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (server, port) = serve(dir.path(), &[]);
    assert_eq!(get(port, "/refund.html").status, 404);
    std::fs::write(dir.path().join("refund.sop.yaml"), REFUND).unwrap();
    server.wait_for("the new page", PATIENCE, |_| {
        get(port, "/refund.html").status == 200
    });
    assert!(get(port, "/").body.contains("Refund a charge"));
    std::fs::remove_file(dir.path().join("refund.sop.yaml")).unwrap();
    server.wait_for("the page to go", PATIENCE, |_| {
        get(port, "/refund.html").status == 404
    });
    assert!(!get(port, "/").body.contains("Refund a charge"));
}

#[test]
fn a_changed_configuration_is_read_again() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (server, port) = serve(dir.path(), &[]);
    std::fs::write(
        dir.path().join("sopkit.toml"),
        "departments = [\"Billing\"]\n",
    )
    .unwrap();
    wait_for_page(
        &server,
        port,
        "/greet.html",
        "the department error",
        "meta/unknown-department",
    );
    std::fs::write(
        dir.path().join("sopkit.toml"),
        "departments = [\"Front desk\"]\n",
    )
    .unwrap();
    wait_for_page(
        &server,
        port,
        "/greet.html",
        "the page again",
        "<h1>Greet a visitor</h1>",
    );
}

#[test]
fn no_url_reaches_outside_the_site() {
    let dir = folder(&[("sops/greet.sop.yaml", GREET), ("secret.txt", "top secret")]);
    let (_server, port) = serve(&dir.path().join("sops"), &[]);
    assert_eq!(get(port, "/greet.html").status, 200);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/greet.sop.yaml",
        "/..\\secret.txt",
        "http://127.0.0.1/../secret.txt",
    ] {
        let reply = get(port, target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(
            !reply.body.contains("top secret") && !reply.body.contains("root:"),
            "{target}"
        );
    }
    assert_eq!(request(port, "POST", "/greet.html").status, 405);
    assert_eq!(request(port, "DELETE", "/greet.html").status, 405);
}

/// Issue 23: a `*.sop.yaml` link to `/etc/passwd` in the folder served
/// put the file's lines on its error page.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_not_read_nor_shown() {
    let dir = folder(&[
        ("sops/greet.sop.yaml", GREET),
        ("secret.txt", "root:x:0:0:top secret\n"),
    ]);
    std::os::unix::fs::symlink("../secret.txt", dir.path().join("sops/passwd.sop.yaml"))
        .expect("symlink");
    let (_server, port) = serve(&dir.path().join("sops"), &[]);
    assert_eq!(get(port, "/").status, 200);
    // The link's page says why it is not shown, as `check` does.
    let page = get(port, "/passwd.html");
    assert!(page.body.contains("io/link-outside"), "{}", page.body);
    for target in ["/", "/passwd.html", "/passwd.sop.yaml", "/greet.html"] {
        let reply = get(port, target);
        assert!(
            !reply.body.contains("top secret"),
            "{target}: {}",
            reply.body
        );
    }
    // With --follow-links the link is read, as asked.
    let (_server, port) = serve(&dir.path().join("sops"), &["--follow-links"]);
    assert!(get(port, "/passwd.html").body.contains("top secret"));
}

#[test]
fn only_served_pages_have_the_reload_script() {
    let dir = folder(&[
        ("sops/refund.sop.yaml", REFUND),
        ("sops/greet.sop.yaml", GREET),
    ]);
    let (_server, port) = serve(&dir.path().join("sops"), &[]);
    let built = run(
        dir.path(),
        &["build", "sops", "-o", "site", "--today", "2026-06-01"],
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    for (target, file) in [("/refund.html", "refund.html"), ("/", "index.html")] {
        let on_disk = std::fs::read_to_string(dir.path().join("site").join(file)).unwrap();
        assert!(
            !on_disk.contains("<script"),
            "{file}: build writes no script"
        );
        let served = get(port, target).body;
        let start = served
            .find("<script data-sopkit-page")
            .expect("a reload script");
        let end = served.find("</script>\n").expect("its end") + "</script>\n".len();
        let without = format!("{}{}", &served[..start], &served[end..]);
        assert_eq!(
            without, on_disk,
            "{target}: the served page is the built one plus the script"
        );
    }
}

#[test]
fn a_port_in_use_is_said_clearly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let report = run(dir.path(), &["serve", "--port", &port]);
    assert_eq!(report.code, 2);
    assert!(
        report
            .stderr
            .contains(&format!("port {port} on 127.0.0.1 is in use")),
        "{}",
        report.stderr
    );
    let missing = run(dir.path(), &["serve", "--port", "0", "missing"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("missing: no such file or directory"),
        "{}",
        missing.stderr
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_the_server_cleanly() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (mut server, port) = serve(dir.path(), &[]);
    assert_eq!(get(port, "/").status, 200);
    let sent = std::process::Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    assert_eq!(server.wait_exit(PATIENCE), Some(0), "{}", server.stderr());
    assert!(
        server.stderr().ends_with("sopkit: stopped\n"),
        "{}",
        server.stderr()
    );
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port is free again"
    );
}

/// The status of what `stream` is answered (after `sent` was written to
/// it), reading until the server closes the connection.
fn status_of(stream: &mut TcpStream) -> Option<u16> {
    stream
        .set_read_timeout(Some(Duration::from_secs(PATIENCE)))
        .expect("timeout");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// The server's peak resident memory, in MiB (Linux).
fn peak_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The server's threads (Linux).
fn threads(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Issue 23: 16 MB of headers got `200 OK`, and four 32 MB headers held
/// 1.67 GB. A head over 8 KiB or 100 header lines gets 431 and the
/// connection is closed; the memory stays small.
#[test]
fn a_header_bomb_gets_431_and_costs_no_memory() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (server, port) = serve(dir.path(), &[]);
    let bomb = |head: String, tail: usize| {
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
            let writer = stream.try_clone().expect("clone");
            // Sent from another thread: the server stops reading early.
            let sender = std::thread::spawn(move || {
                let mut writer = writer;
                let _ = writer.write_all(head.as_bytes());
                let chunk = vec![b'a'; 1 << 20];
                for _ in 0..tail {
                    if writer.write_all(&chunk).is_err() {
                        break;
                    }
                }
            });
            let status = status_of(&mut stream);
            let _ = sender.join();
            status
        })
    };
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    let many: String = (0..101).map(|i| format!("X-{i}: 1\r\n")).collect();
    let cases = [
        // Four 32 MB header lines at once.
        bomb(format!("GET / HTTP/1.1\r\n{host}X-Bomb: "), 32),
        bomb(format!("GET / HTTP/1.1\r\n{host}X-Bomb: "), 32),
        bomb(format!("GET / HTTP/1.1\r\n{host}X-Bomb: "), 32),
        bomb(format!("GET / HTTP/1.1\r\n{host}X-Bomb: "), 32),
        // A request line of 9 KiB, and 101 short header lines.
        bomb(
            format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(9 * 1024)),
            0,
        ),
        bomb(format!("GET / HTTP/1.1\r\n{host}{many}\r\n"), 0),
    ];
    for case in cases {
        assert_eq!(case.join().expect("no panic"), Some(431));
    }
    // 99 header lines in less than 8 KiB are a normal request.
    let fine: String = (0..98)
        .map(|i| format!("X-{i}: {}\r\n", "b".repeat(60)))
        .collect();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    write!(stream, "GET / HTTP/1.1\r\n{host}{fine}\r\n").expect("sends");
    assert_eq!(status_of(&mut stream), Some(200));
    if let Some(peak) = peak_mib(server.id()) {
        assert!(peak < 100, "peak memory {peak} MiB");
    }
}

/// Issue 23: there was no read timeout, and 200 slow clients held 200
/// threads. At most 64 connections are open; the one that waited longest
/// for its head makes room, so a normal request is answered at once.
#[test]
fn slow_clients_neither_hold_the_server_nor_its_threads() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (server, port) = serve(dir.path(), &[]);
    let before = threads(server.id());
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").expect("sends");
        slow.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    if let (Some(before), Some(after)) = (before, threads(server.id())) {
        assert!(
            after <= before + 64 + 2,
            "{before} threads, then {after} for 200 slow clients"
        );
    }
    for _ in 0..3 {
        let started = std::time::Instant::now();
        let index = get(port, "/");
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(index.status, 200);
        assert!(seconds < 2.0, "answered in {seconds:.2} s");
    }
    // The oldest were told to come back; the newest still wait.
    assert_eq!(status_of(&mut slow[0]), Some(503));
    drop(slow);
}

/// A head that has not arrived 10 s after the connection was accepted
/// gets 408, and the connection is closed.
#[test]
fn a_head_that_never_ends_times_out() {
    let dir = folder(&[("greet.sop.yaml", GREET)]);
    let (_server, port) = serve(dir.path(), &[]);
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0")
        .expect("sends");
    // One byte now and then does not keep it open.
    for _ in 0..4 {
        std::thread::sleep(Duration::from_secs(2));
        let _ = stream.write_all(b".");
    }
    assert_eq!(status_of(&mut stream), Some(408));
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        (9.5..PATIENCE as f64 + 2.0).contains(&seconds),
        "{seconds:.1} s"
    );
}
