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

mod head;

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use self::head::{HeadError, read_head};
use super::http::Reply;
use crate::watch::Stop;

pub(crate) use head::Head;

/// What a client may send and how long it may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bytes of the request line and header lines, with their line ends
    /// (the blank line that ends the head not counted).
    pub(crate) head_bytes: usize,
    /// Header lines after the request line.
    pub(crate) header_lines: usize,
    /// From the connection's accept to the end of its head.
    pub(crate) head_timeout: Duration,
    /// Connections open at once.
    pub(crate) connections: usize,
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
pub(crate) fn run(
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
