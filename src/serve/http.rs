//! Answering HTTP requests from the in-memory site.
//!
//! A URL only ever names a key of the site's page map: it is decoded,
//! split into segments, and any segment that is empty, `.` or `..` (also
//! when percent-encoded: `%2e%2e`), or that holds `\` or NUL, makes the
//! path unknown. No URL reaches the file system. `GET` (and `HEAD`, which
//! is the same without the body) only; a `Host` other than this server's
//! own address is refused, so a web page elsewhere cannot read the SOPs
//! through a DNS name that points at 127.0.0.1 (DNS rebinding).
//!
//! The routing is [`route`], a plain function of the request's method,
//! target and host; [`super::server`] reads the requests and sends what
//! it returns.

use percent_encoding::percent_decode_str;

use super::Snapshot;
use super::pages::{not_found, with_reload};

/// The path the reload script asks for a page's version.
pub(crate) const VERSION_PATH: &str = "/__sopkit/version";

/// What to answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(status: u16, text: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
        }
    }
}

/// The answer to `method target` with `Host: host` from the site `site`
/// served on 127.0.0.1:`port`.
pub(crate) fn route(
    method: &str,
    target: &str,
    host: Option<&str>,
    port: u16,
    site: &Snapshot,
) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::text(405, "sopkit serve answers GET requests only\n");
    }
    if let Some(host) = host
        && !is_own_host(host, port)
    {
        return Reply::text(
            403,
            "sopkit serve answers only requests for 127.0.0.1 and localhost\n",
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == VERSION_PATH {
        let page = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("page="))
            .and_then(percent_decode)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default();
        return Reply::text(200, &site.version_of(&page));
    }
    let key = resolve(path);
    let found = key
        .as_deref()
        .and_then(|k| site.pages.get(k).map(|p| (k, p)));
    match found {
        Some((key, page)) => {
            let content_type = content_type(key);
            let body = if content_type.starts_with("text/html") {
                with_reload(&page.bytes, key, &site.version_of(key))
            } else {
                page.bytes.to_vec()
            };
            Reply {
                status: 200,
                content_type,
                body,
            }
        }
        None => {
            // A page that may yet appear reloads itself when it does.
            let key = key.unwrap_or_default();
            Reply {
                status: 404,
                content_type: "text/html; charset=utf-8",
                body: with_reload(&not_found(path), &key, &site.version_of(&key)),
            }
        }
    }
}

/// Whether `host` (a `Host` header) names this server.
fn is_own_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    ["127.0.0.1", "localhost"]
        .iter()
        .any(|name| host == format!("{name}:{port}") || (port == 80 && host == *name))
}

/// The site key a request path names (`/` → `index.html`,
/// `/billing/refund.html` → `billing/refund.html`), or `None` when the path
/// cannot name a page.
pub(crate) fn resolve(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments: Vec<&str> = decoded.split('/').collect();
    if segments.last() == Some(&"") {
        segments.pop();
        segments.push(super::INDEX);
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    Some(segments.join("/"))
}

/// `%XX` escapes decoded; `None` for a malformed one (a `%` not followed
/// by two hex digits), which `percent-encoding` alone would pass on as it is.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed.then(|| percent_decode_str(text).collect())
}

/// The `Content-Type` of a page by its extension.
fn content_type(key: &str) -> &'static str {
    let extension = key.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
