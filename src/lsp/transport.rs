//! Standard input and output as an lsp-server [`Connection`], like
//! `Connection::stdio`, with one difference: a message that is not valid
//! JSON-RPC does not end the server. lsp-server's own reader stops at the
//! first message it cannot read; this one reads each frame whole (so the
//! stream stays in step), answers a bad request that has an id with an
//! `InvalidRequest` error, logs the rest on standard error, and goes on.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message, Request, RequestId};

/// The method of the stand-in request for one that could not be read: the
/// loop answers it with `InvalidRequest`.
pub const INVALID: &str = "$/sopkit/invalidMessage";

/// The reader and writer threads.
pub struct Threads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    pub fn join(self) -> io::Result<()> {
        let joined = |h: thread::JoinHandle<io::Result<()>>| {
            h.join()
                .unwrap_or_else(|_| Err(io::Error::other("a transport thread panicked")))
        };
        let read = joined(self.reader);
        joined(self.writer).and(read)
    }
}

pub fn stdio() -> (Connection, Threads) {
    let (to_writer, from_server): (Sender<Message>, Receiver<Message>) = bounded(0);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for message in from_server {
            message.write(&mut out)?;
            out.flush()?;
        }
        Ok(())
    });
    let (to_server, from_reader) = bounded(0);
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), &to_server)
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, Threads { reader, writer })
}

/// Reads frames until the end of input or `exit`, sending each message on.
/// (Public for the fuzz target that feeds it arbitrary bytes.)
pub fn read_messages(input: &mut impl BufRead, to_server: &Sender<Message>) -> io::Result<()> {
    while let Some(body) = read_frame(input)? {
        let message = match serde_json::from_slice::<Message>(&body) {
            Ok(message) => message,
            Err(e) => {
                eprintln!("sopkit lsp: cannot read a message: {e}");
                let Some(id) = request_id(&body) else {
                    continue;
                };
                let params = serde_json::Value::String(e.to_string());
                Message::Request(Request::new(id, INVALID.to_owned(), params))
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if to_server.send(message).is_err() || exit {
            break;
        }
    }
    Ok(())
}

/// The id of a message that is JSON but not a valid request.
fn request_id(body: &[u8]) -> Option<RequestId> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    match value.get("id")? {
        serde_json::Value::Number(n) => Some(RequestId::from(i32::try_from(n.as_i64()?).ok()?)),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// The largest message read: far more than any SOP an editor sends.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One frame's body: headers, a blank line, `Content-Length` bytes.
/// `None` at the end of input; an error when the headers cannot be read
/// (the stream cannot be followed any further).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without Content-Length",
        )
    })?;
    // The body is read as it arrives, never allocated from the header's
    // word alone: `Content-Length: 999999999999` must not exhaust memory.
    if length > MAX_MESSAGE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a message of {length} bytes, more than {MAX_MESSAGE}"),
        ));
    }
    let mut body = Vec::with_capacity(length.min(1 << 16));
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_bad_message_does_not_end_the_stream() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"never-read"}"#),
        ]
        .concat();
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &sender).expect("read");
        let got: Vec<Message> = receiver.try_iter().collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            matches!(&got[0], Message::Request(r) if r.method == INVALID && r.id == RequestId::from(7))
        );
        assert!(matches!(&got[2], Message::Notification(n) if n.method == "exit"));
    }

    /// Found by the `lsp_messages` fuzz target: the reader allocated the
    /// header's `Content-Length` before reading, so a huge number exhausted
    /// memory. Both a huge and a too-long length now end in an error,
    /// having allocated at most what arrived.
    #[test]
    fn a_huge_content_length_is_refused_without_allocating_it() {
        let (sender, receiver) = crossbeam_channel::unbounded();
        let huge = "Content-Length: 999999999999\r\n\r\n{}";
        let error = read_messages(&mut huge.as_bytes(), &sender).expect_err("refused");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        let short = "Content-Length: 1000000\r\n\r\n{}";
        let error = read_messages(&mut short.as_bytes(), &sender).expect_err("cut short");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(receiver.try_iter().count(), 0);
    }
}
