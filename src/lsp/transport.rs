//! Standard input and output as an lsp-server [`Connection`], like
//! `Connection::stdio`, with one difference: nothing the client sends ends
//! the server. lsp-server's own reader stops at the first message it
//! cannot read; this one reads each frame whole (so the stream stays in
//! step), answers a bad request that has an id with an `InvalidRequest`
//! error, logs the rest on standard error, and goes on. A frame whose
//! headers cannot be read (`Content-Length: abc`, `-5`, `1e20`, a line
//! that is not `Name: value`) is logged, and reading starts again at the
//! next `Content-Length:` header (issue 23).

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message, Request, RequestId};

/// The method of the stand-in request for one that could not be read: the
/// loop answers it with `InvalidRequest`.
pub(crate) const INVALID: &str = "$/sopkit/invalidMessage";

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

pub(crate) fn stdio() -> (Connection, Threads) {
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
    let mut frames = Frames { input, lost: false };
    loop {
        let body = match frames.next()? {
            Frame::Body(body) => body,
            Frame::Bad(why) => {
                eprintln!(
                    "sopkit lsp: cannot read a message's headers: {}; skipping to the next `Content-Length:` header",
                    crate::render::escape::terminal(&why)
                );
                continue;
            }
            Frame::End => break,
        };
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

/// A header line longer than this is not a header.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// What the next frame of the stream is.
enum Frame {
    Body(Vec<u8>),
    /// Headers that cannot be read, and why: the stream is lost until the
    /// next `Content-Length:` header.
    Bad(String),
    /// The end of input (a body cut short by it too).
    End,
}

/// The frames of a stream: headers, a blank line, `Content-Length` bytes.
struct Frames<'a, R> {
    input: &'a mut R,
    /// After a frame that could not be read: the next header is the next
    /// `Content-Length:` in the stream.
    lost: bool,
}

impl<R: BufRead> Frames<'_, R> {
    fn next(&mut self) -> io::Result<Frame> {
        let mut length = None;
        let mut headers = 0;
        loop {
            if self.lost && !skip_to_content_length(self.input)? {
                return Ok(Frame::End);
            }
            let Some(line) = read_line(self.input, MAX_HEADER_LINE)? else {
                return Ok(Frame::End);
            };
            let line = match std::mem::take(&mut self.lost) {
                true => line.map(|rest| format!("Content-Length:{rest}")),
                false => line,
            };
            let Some(header) = line.as_deref().map(|l| l.trim_end_matches(['\r', '\n'])) else {
                return Ok(self.bad("a header line longer than 8 KiB".to_owned()));
            };
            if header.is_empty() {
                if headers == 0 {
                    continue; // a stray line break between frames
                }
                break;
            }
            headers += 1;
            let Some((name, value)) = header.split_once(':').filter(|(n, _)| is_token(n)) else {
                return Ok(self.bad(format!("`{}` is not a header", shorten(header))));
            };
            if name.eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    // The body is never allocated from the header's word
                    // alone: `Content-Length: 999999999999` must not
                    // exhaust memory.
                    Ok(n) => {
                        return Ok(
                            self.bad(format!("a message of {n} bytes, more than {MAX_MESSAGE}"))
                        );
                    }
                    Err(_) => {
                        return Ok(self.bad(format!(
                            "`Content-Length: {}` is not a number of bytes",
                            shorten(value.trim())
                        )));
                    }
                }
            }
        }
        let Some(length) = length else {
            return Ok(self.bad("a message without `Content-Length`".to_owned()));
        };
        let mut body = Vec::with_capacity(length.min(1 << 16));
        self.input.take(length as u64).read_to_end(&mut body)?;
        if body.len() < length {
            eprintln!(
                "sopkit lsp: the input ended {} bytes into a message of {length}",
                body.len()
            );
            return Ok(Frame::End);
        }
        Ok(Frame::Body(body))
    }

    fn bad(&mut self, why: String) -> Frame {
        self.lost = true;
        Frame::Bad(why)
    }
}

/// Reads up to and past the next `Content-Length:` (in any case), where a
/// lost stream is taken up again: anywhere, since a body need not end its
/// line. `false` at the end of input.
fn skip_to_content_length(input: &mut impl BufRead) -> io::Result<bool> {
    const WANTED: &[u8] = b"content-length:";
    // `c` is only the first byte of WANTED, so a mismatch starts again at
    // its first byte, or its second when the byte is a `c`.
    let mut matched = 0;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(false);
        }
        let mut used = 0;
        for &byte in buffer {
            used += 1;
            let byte = byte.to_ascii_lowercase();
            matched = if byte == WANTED[matched] {
                matched + 1
            } else {
                usize::from(byte == WANTED[0])
            };
            if matched == WANTED.len() {
                input.consume(used);
                return Ok(true);
            }
        }
        input.consume(used);
    }
}

/// Whether a header's name is an HTTP token (letters, digits, `-` and a
/// few signs; no spaces).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header's text for a log line: its first 60 characters.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// One line, with its line break; `Some(None)` for a line longer than
/// `max` bytes, which is read to its end but not kept; `None` at the end
/// of input.
fn read_line(input: &mut impl BufRead, max: usize) -> io::Result<Option<Option<String>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            if line.is_empty() && !too_long {
                return Ok(None);
            }
            break;
        }
        let (taken, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        if !too_long {
            line.extend_from_slice(&buffer[..taken]);
            if line.len() > max {
                too_long = true;
                line = Vec::new();
            }
        }
        input.consume(taken);
        if done {
            break;
        }
    }
    Ok(Some(
        (!too_long).then(|| String::from_utf8_lossy(&line).into_owned()),
    ))
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
    /// memory. A huge length is now refused (and skipped) and a body cut
    /// short ends the input, having allocated at most what arrived.
    #[test]
    fn a_huge_content_length_is_refused_without_allocating_it() {
        let (sender, receiver) = crossbeam_channel::unbounded();
        let huge = "Content-Length: 999999999999\r\n\r\n{}";
        read_messages(&mut huge.as_bytes(), &sender).expect("read to the end");
        let short = "Content-Length: 1000000\r\n\r\n{}";
        read_messages(&mut short.as_bytes(), &sender).expect("read to the end");
        assert_eq!(receiver.try_iter().count(), 0);
    }

    /// Issue 23: a frame whose headers could not be read ended the server.
    #[test]
    fn framing_errors_are_skipped_to_the_next_content_length() {
        let hover = |id: i32| {
            format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#)
        };
        let input = [
            frame(&hover(1)),
            "Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\"}".to_owned(),
            frame(&hover(2)),
            "Content-Length: -5\r\n\r\n".to_owned(),
            frame(&hover(3)),
            "Content-Length: 1e20\r\n\r\n".to_owned(),
            frame(&hover(4)),
            "this is not a header\r\nContent-Type: x\r\n\r\n{}\r\n".to_owned(),
            frame(&hover(5)),
            format!("X-Long: {}\r\n\r\n", "x".repeat(100_000)),
            frame(&hover(6)),
            "Content-Type: application/vscode-jsonrpc\r\n\r\n{}".to_owned(),
            frame(&hover(7)),
            "\r\n".to_owned(),
            format!(
                "content-length: 99999999999999999999999\r\n\r\n{}",
                hover(0)
            ),
            frame(&hover(8)),
            "Content-Length: 10\r\n\r\n{\"jsonrpc\"".to_owned(), // cut short: the end
        ]
        .concat();
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &sender).expect("read to the end");
        let ids: Vec<RequestId> = receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Request(r) => Some(r.id),
                _ => None,
            })
            .collect();
        assert_eq!(ids, (1..=8).map(RequestId::from).collect::<Vec<_>>());
    }

    #[test]
    fn headers_may_come_in_any_order_and_case() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: {}\n\n{body}",
            body.len()
        );
        let (sender, receiver) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), &sender).expect("read");
        assert_eq!(receiver.try_iter().count(), 1);
    }
}
