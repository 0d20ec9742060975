//! The pages only the live preview has: a file's diagnostics in place of
//! its page, the 404 page, and the script that reloads a served page.
//! Every string from a file or a request is escaped by
//! [`crate::render::escape::html`].

use std::path::Path;

use crate::render::escape::html as escape;
use crate::render::html::page;
use crate::site::relative;

const RELOAD: &str = include_str!("assets/reload.html");

/// The page of a file with errors (or that cannot be read): its
/// diagnostics as the terminal shows them, without colour.
pub(super) fn problems(key: &str, name: &str, diagnostics: &str) -> Vec<u8> {
    let index = relative(Path::new(key), Path::new(super::INDEX));
    let body = format!(
        "<div class=\"page\">\n<nav class=\"links\"><a href=\"{}\">← Index</a></nav>\n\
         <header>\n<p class=\"department\">sopkit serve</p>\n<h1>{}</h1>\n\
         <p class=\"problems-note\">This file has errors. Its page is back as soon as they are fixed.</p>\n\
         </header>\n<main>\n<pre class=\"diagnostics\">{}</pre>\n</main>\n<footer>sopkit</footer>\n</div>",
        escape(&index),
        escape(name),
        escape(diagnostics)
    );
    page("en", &format!("✖ {name}"), &body).into_bytes()
}

/// The page for a path the site does not have.
pub(super) fn not_found(path: &str) -> Vec<u8> {
    let body = format!(
        "<div class=\"page\">\n<nav class=\"links\"><a href=\"/\">← Index</a></nav>\n\
         <header>\n<p class=\"department\">sopkit serve</p>\n<h1>No page here</h1>\n</header>\n\
         <main>\n<p>The site has no page <code>{}</code>.</p>\n</main>\n<footer>sopkit</footer>\n</div>",
        escape(path)
    );
    page("en", "No page here", &body).into_bytes()
}

/// `html` with the reload script before its `</body>`: the script asks
/// for the version of the page at `key` and reloads when it is no longer
/// `version`.
pub(super) fn with_reload(html: &[u8], key: &str, version: &str) -> Vec<u8> {
    let script = crate::template::fill(
        RELOAD,
        &[("page", &escape(key)), ("version", &escape(version))],
    );
    let end = html
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..end]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[end..]);
    out
}
