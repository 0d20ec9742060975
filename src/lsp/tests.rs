//! The server never fails a request on any input: every request, at every
//! position of half-typed and hostile documents, gets an answer that is
//! not an internal error. Runs the real loop over an in-memory connection.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

use super::serve;

/// Documents an editor may hold while someone types.
const TEXTS: &[(&str, &str)] = &[
    ("empty.sop.yaml", ""),
    (
        "bom.sop.yaml",
        "\u{feff}title: T\r\nroles:\r\n  a: A\r\ninstructions:\r\n  - id: x\r\n    role: b\r\n    next: y\r\n",
    ),
    (
        "half.sop.yaml",
        "title: [unclosed\ninstructions:\n  - id: \"\n    next: 😀\n    branches:\n      - yes: a\n",
    ),
    (
        "typos.sop.yaml",
        "titel: T\nstatus: aproved\nterms:\n  SLA: x\ninstructions:\n  - id: Bad Id\n    text: Use the SLA 😀 and CRM.\n    next: bda-id\n  - text: \"a # b\"   # sopkit: allow(nope, flow/no-way-out)\nmetrics:\n  - name: m\n    target: 1x\n    kind: respons\n",
    ),
    (
        "flow.sop.yaml",
        "instructions: {a: b}\nterms: [x]\nroles: 3\n",
    ),
    ("front.sop.md", "---\nstatus: draft\n"),
    (
        "body.sop.md",
        "---\ndepartment: D\n---\n# T\n\n## Purpse\n\nWhy.\n\n## Terms\n\n- **EUR**: Euro\n- nope\n\n## Instructions\n\n1. Ask 😀. {#a rloe=x next=b ned \"\n   - yes → [b](#b\n   - no -> \n2. {#b role=\n<!-- sopkit: allow(terms/unused-term) -->\n",
    ),
    (
        "attrs.sop.md",
        "# T\n\n## Instructions\n\n1. A {#\n2. B {}\n3. C {#c end=1 next=\"x y\"}\n",
    ),
];

struct Client {
    connection: Connection,
    next_id: i32,
}

impl Client {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.connection.sender.send(request.into()).expect("send");
        loop {
            match self.connection.receiver.recv().expect("a response") {
                Message::Response(r) if r.id == id => match r.response_result {
                    Ok(result) => return result,
                    Err(error) => {
                        let internal = lsp_server::ErrorCode::InternalError as i32;
                        assert_ne!(error.code, internal, "{method}: {}", error.message);
                        return Value::Null;
                    }
                },
                _ => {}
            }
        }
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_owned(), params);
        self.connection.sender.send(n.into()).expect("send");
    }
}

#[test]
fn every_request_at_every_position_of_hostile_documents_is_answered() {
    let (server, connection) = Connection::memory();
    let thread = std::thread::spawn(move || serve(server));
    let mut client = Client {
        connection,
        next_id: 0,
    };
    client.request("initialize", json!({ "capabilities": {} }));
    client.notify("initialized", json!({}));
    for (name, text) in TEXTS {
        let uri = format!("file:///sopkit-test/{name}");
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        let lines: Vec<&str> = text.split('\n').collect();
        for (line, content) in lines.iter().enumerate() {
            for character in 0..=content.encode_utf16().count() + 1 {
                let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
                for method in [
                    "textDocument/hover",
                    "textDocument/completion",
                    "textDocument/definition",
                    "textDocument/prepareRename",
                ] {
                    client.request(method, at.clone());
                }
                let mut with = at.clone();
                with["context"] = json!({ "includeDeclaration": true });
                client.request("textDocument/references", with);
                let mut renamed = at.clone();
                renamed["newName"] = json!("renamed");
                client.request("textDocument/rename", renamed);
            }
            let range = json!({ "start": { "line": line, "character": 0 }, "end": { "line": line + 1, "character": 0 } });
            client.request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
            );
        }
        client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        // Typing at the end, one change at a time, without waiting.
        for (version, letter) in ["\n", "-", " ", "id", ":", " ", "x", "{", "#"]
            .iter()
            .enumerate()
        {
            let end = json!({ "line": lines.len() - 1, "character": lines.last().map_or(0, |l| l.encode_utf16().count()) });
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version + 2 },
                    "contentChanges": [{ "range": { "start": end, "end": end }, "text": letter }],
                }),
            );
        }
        client.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(thread.join().expect("the server thread ends"), 0);
}
