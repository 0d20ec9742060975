//! `sopkit lsp` as an editor runs it, fed raw bytes: a frame whose headers
//! cannot be read is logged and skipped, and the server keeps answering
//! (issue 23: `Content-Length: abc` ended the server).

use crate::support::{folder, run_with_stdin};

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn request(id: u32, method: &str, params: &str) -> String {
    frame(&format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":{params}}}"#
    ))
}

/// The ids of the responses on `stdout`.
fn answered(stdout: &str) -> Vec<u64> {
    let mut ids = Vec::new();
    let mut rest = stdout;
    while let Some(at) = rest.find("\r\n\r\n") {
        let length: usize = rest[..at]
            .trim()
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .expect("a Content-Length header");
        let body = &rest[at + 4..at + 4 + length];
        let message: serde_json::Value = serde_json::from_str(body).expect("JSON");
        ids.extend(message["id"].as_u64());
        rest = &rest[at + 4 + length..];
    }
    ids
}

#[test]
fn framing_errors_are_logged_and_the_server_keeps_serving() {
    let dir = folder(&[]);
    let symbols = r#"{"textDocument":{"uri":"file:///nowhere.sop.yaml"}}"#;
    let input = [
        request(1, "initialize", r#"{"capabilities":{}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        "Content-Length: abc\r\n\r\n{}".to_owned(),
        request(2, "textDocument/documentSymbol", symbols),
        "Content-Length: -5\r\n\r\n".to_owned(),
        request(3, "textDocument/documentSymbol", symbols),
        "Content-Length: 1e20\r\n\r\n{}".to_owned(),
        request(4, "textDocument/documentSymbol", symbols),
        "Content-Lenght: 12\r\n\r\n{}".to_owned(),
        request(5, "textDocument/documentSymbol", symbols),
        "GET / HTTP/1.1 is not a header\r\n\r\n".to_owned(),
        request(6, "shutdown", "null"),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let out = run_with_stdin(dir.path(), &["lsp"], &input);
    assert_eq!(out.code, 0, "a clean exit after shutdown: {}", out.stderr);
    assert_eq!(answered(&out.stdout), [1, 2, 3, 4, 5, 6], "{}", out.stdout);
    for why in [
        "Content-Length: abc",
        "Content-Length: -5",
        "Content-Length: 1e20",
        "a message without `Content-Length`",
        "GET / HTTP/1.1",
    ] {
        assert!(out.stderr.contains(why), "{why} is logged: {}", out.stderr);
    }
}
