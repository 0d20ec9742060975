//! The HTTP/1.1 server of `sopkit serve`: std's `TcpListener`, a thread
//! per connection, and limits that keep a hostile or broken client from
//! holding the preview (issue 23: `tiny_http` read header lines of any
//! length and waited for them forever).
//!
//! - The request line and the headers may take [`Limits::head_bytes`]
//!   bytes and [`Limits::header_lines`] header lines; a longer head gets
//!   `431 Request Header Fields Too Large` and the connection is closed.
//!   The head is read into one buffer of at most that size, so a header
//!   bomb costs 8 KiB, whatever its length.
//! - A head that has not arrived [`Limits::head_timeout`] after the
//!   connection was accepted gets `408 Request Timeout`.
//! - At most [`Limits::connections`] connections are open at once. When
//!   one more arrives, the connection that has waited longest for its
//!   head makes room (it gets `503 Service Unavailable`), as nginx closes
//!   idle connections when it runs out: a normal request is answered at
//!   once however many slow clients are connected. When every connection
//!   is busy sending a page, the newcomer gets the 503.
//!
//! Every answer closes its connection (`Connection: close`): the preview's
//! requests are small and local, and nothing waits on an idle connection.
//! What to answer is [`super::http::route`]'s business.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::http::Reply;
use crate::watch::Stop;

/// What a client may send and how long it may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of the request line and header lines, with their line ends
    /// (the blank line that ends the head not counted).
    pub head_bytes: usize,
    /// Header lines after the request line.
    pub header_lines: usize,
    /// From the connection's accept to the end of its head.
    pub head_timeout: Duration,
    /// Connections open at once.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            head_bytes: 8 * 1024,
            header_lines: 100,
            head_timeout: Duration::from_secs(10),
            connections: 64,
        }
    }
}

/// How long an answer may take to send to a client that does not read it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long, after answering, the rest of what a client sends is read and
/// dropped, so that it gets the answer rather than a reset connection.
const LINGER: Duration = Duration::from_secs(2);

/// A connection thread's stack: it parses a head and copies a page.
const STACK_SIZE: usize = 256 * 1024;

/// A request's head, as the router needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
}

/// Why a head could not be read.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// Over [`Limits::head_bytes`] or [`Limits::header_lines`]: 431.
    TooLarge,
    /// Not HTTP/1.x: 400.
    Malformed,
    /// Not all there after [`Limits::head_timeout`]: 408.
    Timeout,
    /// The client went away, or its connection was closed to make room.
    Closed,
}

/// The open connections, for making room and for stopping.
#[derive(Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Slot>,
}

struct Slot {
    /// A handle on the socket, to close it from another thread.
    stream: TcpStream,
    accepted: Instant,
    /// Reading its head, or done and lingering: the connection may be
    /// closed to make room.
    idle: bool,
    /// Set when it was closed to make room (it then gets a 503).
    evicted: Arc<AtomicBool>,
}

/// Accepts connections on `listener` until `stop` fires, and answers each
/// request with `answer`; returns when every connection has ended.
pub fn run(
    listener: &TcpListener,
    limits: Limits,
    stop: &Stop,
    answer: &(dyn Fn(&Head) -> Reply + Sync),
) {
    let table = Mutex::new(Table::default());
    let address = listener.local_addr().ok();
    std::thread::scope(|scope| {
        // Wakes the blocking `accept` once the server stops.
        scope.spawn(|| {
            let _ = stop.receiver().recv();
            if let Some(address) = address {
                let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
            }
        });
        loop {
            let accepted = listener.accept();
            if stop.fired() {
                break;
            }
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, a connection reset before it
                    // was accepted: transient; wait a little and go on.
                    if e.kind() != ErrorKind::ConnectionAborted {
                        eprintln!("sopkit: warning: cannot accept a connection: {e}");
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    continue;
                }
            };
            let Some((id, evicted)) = admit(&table, &stream, limits.connections) else {
                refuse(stream);
                continue;
            };
            let table = &table;
            let spawned = std::thread::Builder::new()
                .name("sopkit-http".to_owned())
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, move || {
                    connection(stream, limits, &evicted, table, id, answer);
                    lock(table).open.remove(&id);
                });
            if let Err(e) = spawned {
                eprintln!("sopkit: warning: cannot start a thread for a connection: {e}");
                lock(table).open.remove(&id);
            }
        }
        // Ends the connections still open, so that their threads end.
        for slot in lock(&table).open.values() {
            let _ = slot.stream.shutdown(Shutdown::Both);
        }
    });
}

fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    table.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers a new connection, making room when the table is full by
/// closing the connection that has waited longest for its head. `None`
/// when there is no room: every connection is busy answering.
fn admit(table: &Mutex<Table>, stream: &TcpStream, limit: usize) -> Option<(u64, Arc<AtomicBool>)> {
    let mut table = lock(table);
    if table.open.len() >= limit {
        let oldest = table
            .open
            .iter()
            .filter(|(_, slot)| slot.idle && !slot.evicted.load(Ordering::Relaxed))
            .min_by_key(|(id, slot)| (slot.accepted, **id))
            .map(|(id, _)| *id)?;
        let slot = table.open.remove(&oldest)?;
        slot.evicted.store(true, Ordering::Relaxed);
        // Its thread's read ends; it answers 503 and closes.
        let _ = slot.stream.shutdown(Shutdown::Read);
    }
    let handle = stream.try_clone().ok()?;
    let evicted = Arc::new(AtomicBool::new(false));
    let id = table.next;
    table.next += 1;
    table.open.insert(
        id,
        Slot {
            stream: handle,
            accepted: Instant::now(),
            idle: true,
            evicted: Arc::clone(&evicted),
        },
    );
    Some((id, evicted))
}

/// A connection there is no room for: a 503, without reading its request.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = send(&mut stream, &unavailable(), false);
}

/// Reads one request on `stream`, answers it and closes the connection.
fn connection(
    mut stream: TcpStream,
    limits: Limits,
    evicted: &AtomicBool,
    table: &Mutex<Table>,
    id: u64,
    answer: &(dyn Fn(&Head) -> Reply + Sync),
) {
    let deadline = Instant::now() + limits.head_timeout;
    let head = read_head(&mut stream, &limits, deadline);
    set_idle(table, id, false);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let (reply, head_only) = match head {
        Ok(head) => (answer(&head), head.method == "HEAD"),
        Err(_) if evicted.load(Ordering::Relaxed) => (unavailable(), false),
        Err(HeadError::TooLarge) => (
            Reply::text(
                431,
                "sopkit serve takes request heads of at most 8 KiB and 100 header lines\n",
            ),
            false,
        ),
        Err(HeadError::Malformed) => (Reply::text(400, "not an HTTP/1.x request\n"), false),
        Err(HeadError::Timeout) => (
            Reply::text(408, "the request's headers did not arrive in time\n"),
            false,
        ),
        Err(HeadError::Closed) => return,
    };
    if send(&mut stream, &reply, head_only).is_ok() {
        set_idle(table, id, true);
        linger(&mut stream);
    }
}

fn set_idle(table: &Mutex<Table>, id: u64, idle: bool) {
    if let Some(slot) = lock(table).open.get_mut(&id) {
        slot.idle = idle;
    }
}

/// The 503 for a connection there is no room for.
fn unavailable() -> Reply {
    Reply::text(
        503,
        "sopkit serve has too many connections open; try again\n",
    )
}

/// Reads the request line and headers, within `limits` and by `deadline`.
fn read_head(
    stream: &mut impl Timed,
    limits: &Limits,
    deadline: Instant,
) -> Result<Head, HeadError> {
    // The blank line that ends the head may come after `head_bytes`.
    let most = limits.head_bytes + 2;
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0; 2048];
    let mut scanned = 0;
    let mut lines = 0;
    loop {
        // Complete lines so far: a blank one ends the head.
        while let Some(end) = buffer[scanned..].iter().position(|&b| b == b'\n') {
            let line = &buffer[scanned..scanned + end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let start = scanned;
            scanned += end + 1;
            if line.is_empty() {
                if lines == 0 {
                    continue; // a blank line before the request line is allowed
                }
                if start > limits.head_bytes {
                    return Err(HeadError::TooLarge);
                }
                return parse_head(&buffer[..start]);
            }
            lines += 1;
            if lines > limits.header_lines + 1 {
                return Err(HeadError::TooLarge);
            }
        }
        if buffer.len() >= most {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        stream.set_timeout(left).map_err(|_| HeadError::Closed)?;
        let room = (most - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::Timeout);
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// A stream whose reads can be given a timeout (a socket; a test's bytes).
trait Timed: Read {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()>;
}

impl Timed for TcpStream {
    fn set_timeout(&mut self, timeout: Duration) -> std::io::Result<()> {
        self.set_read_timeout(Some(timeout))
    }
}

/// The method, target and `Host` of a head (its lines, without the blank
/// line that ends it).
fn parse_head(bytes: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| HeadError::Malformed)?;
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .skip_while(|l| l.is_empty());
    let request = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = request.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let is_token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_graphic() && !b"\"(),/:;<=>?@[\\]{}".contains(&b))
    };
    if !is_token(method) || target.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(HeadError::Malformed);
    }
    let mut host = None;
    for line in lines.filter(|l| !l.is_empty()) {
        // A folded line (RFC 9112 §5.2) or a line without a name is refused.
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        if !is_token(name) {
            return Err(HeadError::Malformed);
        }
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(HeadError::Malformed); // two Hosts (RFC 9112 §3.2)
            }
            host = Some(value.trim_matches([' ', '\t']).to_owned());
        }
    }
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        host,
    })
}

/// Writes `reply` (its head only for a `HEAD` request) and ends the
/// sending side.
fn send(stream: &mut TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    match reply.status {
        405 => head.push_str("Allow: GET, HEAD\r\n"),
        503 => head.push_str("Retry-After: 1\r\n"),
        _ => {}
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

/// Reads and drops what the client still sends, for a while, before the
/// connection is closed: closing a socket with unread bytes resets the
/// connection, and the client could lose the answer.
fn linger(stream: &mut TcpStream) {
    let until = Instant::now() + LINGER;
    let mut sink = [0; 8192];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// The reason phrase of the statuses sopkit serve sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that arrive in the given pieces, then nothing (a timeout).
    struct Pieces(std::collections::VecDeque<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some(mut piece) = self.0.pop_front() else {
                return Err(ErrorKind::WouldBlock.into());
            };
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            if n < piece.len() {
                self.0.push_front(piece.split_off(n));
            }
            Ok(n)
        }
    }

    impl Timed for Pieces {
        fn set_timeout(&mut self, _: Duration) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn head_of(pieces: &[&[u8]]) -> Result<Head, HeadError> {
        let mut stream = Pieces(pieces.iter().map(|p| p.to_vec()).collect());
        let deadline = Instant::now() + Duration::from_secs(60);
        read_head(&mut stream, &Limits::default(), deadline)
    }

    #[test]
    fn a_head_is_read_in_any_pieces() {
        let expected = Head {
            method: "GET".to_owned(),
            target: "/a.html?x=1".to_owned(),
            host: Some("127.0.0.1:3000".to_owned()),
        };
        let whole = b"GET /a.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nAccept: */*\r\n\r\n";
        assert_eq!(head_of(&[whole]), Ok(expected));
        let bytes: Vec<&[u8]> = whole.chunks(1).collect();
        assert_eq!(
            head_of(&bytes).map(|h| h.target),
            Ok("/a.html?x=1".to_owned())
        );
        // Bare line feeds, and a blank line before the request line.
        let bare = head_of(&[b"\r\nHEAD / HTTP/1.0\nhost:localhost\n\n"]).unwrap();
        assert_eq!(
            (bare.method.as_str(), bare.host.as_deref()),
            ("HEAD", Some("localhost"))
        );
    }

    #[test]
    fn a_head_over_the_limits_is_too_large() {
        let limits = Limits::default();
        let head = |headers: usize, length: usize| {
            let mut text = String::from("GET / HTTP/1.1\r\n");
            for i in 0..headers {
                text.push_str(&format!("X-{i}: {}\r\n", "a".repeat(length)));
            }
            text.push_str("\r\n");
            text
        };
        let fits = head(limits.header_lines, 70);
        assert!(fits.len() <= limits.head_bytes);
        assert!(head_of(&[fits.as_bytes()]).is_ok());
        let many = head(limits.header_lines + 1, 1);
        assert_eq!(head_of(&[many.as_bytes()]), Err(HeadError::TooLarge));
        let long = head(1, limits.head_bytes);
        assert_eq!(head_of(&[long.as_bytes()]), Err(HeadError::TooLarge));
        // A head of exactly the limit fits.
        let mut exact = String::from("GET / HTTP/1.1\r\nX: ");
        exact.push_str(&"b".repeat(limits.head_bytes - exact.len() - 2));
        exact.push_str("\r\n");
        assert_eq!(exact.len(), limits.head_bytes);
        exact.push_str("\r\n");
        assert!(head_of(&[exact.as_bytes()]).is_ok());
        // A header line that never ends, nor does the head.
        let endless = vec![b'a'; 1 << 20];
        assert_eq!(
            head_of(&[b"GET / HTTP/1.1\r\nX: ", &endless]),
            Err(HeadError::TooLarge)
        );
        let blank_lines = vec![b'\n'; 1 << 20];
        assert_eq!(head_of(&[&blank_lines]), Err(HeadError::TooLarge));
    }

    #[test]
    fn a_head_that_stops_coming_times_out_and_junk_is_malformed() {
        assert_eq!(
            head_of(&[b"GET / HTTP/1.1\r\nHost: x"]),
            Err(HeadError::Timeout)
        );
        for junk in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"G\xffT / HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(head_of(&[junk]), Err(HeadError::Malformed), "{junk:?}");
        }
    }
}
