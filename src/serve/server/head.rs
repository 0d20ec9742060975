//! Reading a request's head (its request line and headers) within the
//! [`Limits`], and the method, target and `Host` the router needs from it.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::Limits;

/// A request's head, as the router needs it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) host: Option<String>,
}

/// Why a head could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HeadError {
    /// Over [`Limits::head_bytes`] or [`Limits::header_lines`]: 431.
    TooLarge,
    /// Not HTTP/1.x: 400.
    Malformed,
    /// Not all there after [`Limits::head_timeout`]: 408.
    Timeout,
    /// The client went away, or its connection was closed to make room.
    Closed,
}

/// Reads the request line and headers, within `limits` and by `deadline`.
pub(super) fn read_head(
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
pub(super) trait Timed: Read {
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
