//! The language server on whatever arrives on its standard input: the bytes
//! are read as LSP frames by the server's own reader, and every message it
//! takes is handed to a running server (after `initialize` and
//! `initialized`), which must answer every request without an internal
//! error and end cleanly on `shutdown` and `exit`.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};

fuzz_target!(|data: &[u8]| {
    let (to_server, frames) = crossbeam_channel::unbounded();
    let _ = sopkit::lsp::transport::read_messages(&mut Cursor::new(data), &to_server);
    drop(to_server);
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || sopkit::lsp::serve(server));
    let init = Request::new(
        RequestId::from(0),
        "initialize".into(),
        serde_json::json!({ "capabilities": {} }),
    );
    client.sender.send(init.into()).expect("the server listens");
    // The handshake ends with `initialized`: without it the server would
    // stop at the first fuzzed message, which would never reach it.
    let initialized = Notification::new("initialized".into(), serde_json::json!({}));
    client
        .sender
        .send(initialized.into())
        .expect("the server listens");
    for message in frames.iter().take(64) {
        match message {
            // Lifecycle messages are the harness's; the rest go through.
            Message::Request(r) if matches!(r.method.as_str(), "initialize" | "shutdown") => {}
            Message::Notification(n) if matches!(n.method.as_str(), "initialized" | "exit") => {}
            other => {
                let _ = client.sender.send(other);
            }
        }
    }
    let shutdown = Request::new(
        RequestId::from(-1),
        "shutdown".into(),
        serde_json::Value::Null,
    );
    let _ = client.sender.send(shutdown.into());
    let _ = client
        .sender
        .send(Notification::new("exit".into(), serde_json::Value::Null).into());
    for message in client.receiver.iter() {
        if let Message::Response(response) = message
            && let Err(error) = response.response_result
        {
            assert_ne!(
                error.code,
                lsp_server::ErrorCode::InternalError as i32,
                "{}",
                error.message
            );
        }
    }
    let code = thread
        .join()
        .expect("the server thread ends without a panic");
    assert_eq!(code, 0, "the server ends cleanly on shutdown and exit");
});
