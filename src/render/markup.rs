//! The Markdown an SOP's writer wrote (purpose, scope, step text, substeps,
//! notes, warnings), rendered for each output: safe HTML, safe Markdown and
//! plain text; the controlled document reads the same [`events`].
//!
//! Only Markdown is interpreted. Raw HTML in an SOP is not markup but text:
//! `Press <Enter>` shows `<Enter>` in every format, and `<script>` is shown,
//! never run. Links keep their text, but only `http`, `https`, `mailto`,
//! `tel` and relative targets stay links; images become links to the image,
//! so a page never loads anything from outside.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::escape;

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Whether a link target may stay a link: a safe scheme, or no scheme.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned[i..].starts_with(':') => {
            matches!(&cleaned[..i], "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

fn link<'a>(dest_url: CowStr<'a>, title: CowStr<'a>, id: CowStr<'a>) -> Tag<'a> {
    let dest_url = if safe_url(&dest_url) {
        dest_url
    } else {
        CowStr::Borrowed("")
    };
    Tag::Link {
        link_type: LinkType::Inline,
        dest_url,
        title,
        id,
    }
}

/// The writer's Markdown as events, with raw HTML turned into text, unsafe
/// link targets removed and images turned into links.
pub(crate) fn events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(markdown, OPTIONS).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            dest_url,
            title,
            id,
            ..
        })
        | Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) => Event::Start(link(dest_url, title, id)),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    })
}

/// Markdown as HTML, with nothing in it that runs or loads. ammonia cleans
/// the result once more, as a second line of defence should the event
/// filter above ever miss a case.
pub(super) fn to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events(markdown));
    // Prose with no link, tag, entity or scheme in it cannot carry anything
    // active past the event filter; ammonia (which parses the HTML again,
    // and was most of the time of a 100,000-step page) checks the rest.
    if !markdown.contains(['<', '&', '[', ':', '!']) {
        return html;
    }
    sanitizer().clean(&html).to_string()
}

/// ammonia's defaults (no scripts, event handlers, `javascript:` links…),
/// and no images. No `rel` is added to links: an `<a>` whose unsafe `href`
/// was removed must stay valid HTML.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.rm_tags(["img"]).link_rel(None);
        builder
    })
}

/// Short Markdown (a substep, a list item) as inline HTML: without the
/// paragraph a single line would otherwise be wrapped in.
pub(super) fn to_html_inline(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// The ranges of raw HTML in a Markdown text.
fn raw_html(markdown: &str) -> Vec<Range<usize>> {
    Parser::new_ext(markdown, OPTIONS)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect()
}

/// Markdown for Markdown output: the writer's Markdown as written, but raw
/// HTML escaped (`<` as `&lt;`), so that a wiki shows it instead of running it.
pub(super) fn to_markdown(markdown: &str) -> String {
    let ranges = raw_html(markdown);
    if ranges.is_empty() {
        return markdown.to_owned();
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut at = 0;
    for range in ranges {
        if range.start < at {
            continue;
        }
        out.push_str(&markdown[at..range.start]);
        out.push_str(
            &markdown[range.clone()]
                .replace('&', "&amp;")
                .replace('<', "&lt;"),
        );
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    out
}

/// Markdown as plain text, as a reader sees it: markup removed, raw HTML
/// kept as text, lines joined by single spaces.
pub(super) fn plain_text(markdown: &str) -> String {
    if is_plain(markdown) {
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_text(markdown)
}

fn parsed_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
            }
            // Inline markup ends mid-sentence: no space ("[now](x)." → "now.").
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !text.ends_with(' ') && !text.is_empty() =>
            {
                text.push(' ');
            }
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text in which Markdown can find no markup: no character that starts
/// inline markup, an entity or raw HTML, and no line that could open a
/// block (a heading, quote, list, code block, table or rule). Most step
/// texts are such, and a 100,000-step SOP's pictures then skip parsing
/// them; [`plain_text`] gives the same for them either way (tested).
fn is_plain(text: &str) -> bool {
    const MARKUP: &[u8] = b"\\`*_[]<>&!#~|=+-:";
    text.bytes().all(|b| !MARKUP.contains(&b))
        && text.lines().all(|line| {
            line.bytes()
                .next()
                .is_none_or(|b| !b.is_ascii_digit() && !b.is_ascii_whitespace())
        })
}

/// Markdown as Confluence storage format (XHTML with Confluence's own
/// elements): the same events as [`to_html`] — raw HTML as text, unsafe
/// link targets dropped, images as links — written as well-formed XML in
/// the subset of XHTML Confluence stores. Every piece of text and every
/// attribute goes through [`escape::xml`].
pub(super) fn to_storage(markdown: &str) -> String {
    let mut storage = Storage {
        out: String::with_capacity(markdown.len() + 32),
        links: Vec::new(),
        in_head: false,
    };
    for event in events(markdown) {
        let out = &mut storage.out;
        match event {
            Event::Start(tag) => storage.start(tag),
            Event::End(tag) => storage.end(tag),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&escape::xml(&text));
            }
            Event::Code(code) => {
                out.push_str("<code>");
                out.push_str(&escape::xml(&code));
                out.push_str("</code>");
            }
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("<br />"),
            Event::Rule => out.push_str("<hr />\n"),
            _ => {}
        }
    }
    storage.out
}

/// Storage format being written, and what its open elements need.
struct Storage {
    out: String,
    /// Whether each open link wrote an `<a>` (a link whose target was
    /// dropped keeps only its text).
    links: Vec<bool>,
    /// In a table's head row, whose cells are `<th>`.
    in_head: bool,
}

impl Storage {
    fn start(&mut self, tag: Tag<'_>) {
        let open = match tag {
            Tag::Paragraph | Tag::HtmlBlock => "<p>",
            Tag::Heading { level, .. } => match level as usize {
                1 => "<h1>",
                2 => "<h2>",
                3 => "<h3>",
                4 => "<h4>",
                5 => "<h5>",
                _ => "<h6>",
            },
            Tag::BlockQuote(_) => "<blockquote>",
            Tag::CodeBlock(_) => "<pre>",
            Tag::List(Some(_)) => "<ol>",
            Tag::List(None) => "<ul>",
            Tag::Item => "<li>",
            Tag::Table(_) => "<table><tbody>",
            Tag::TableHead => {
                self.in_head = true;
                "<tr>"
            }
            Tag::TableRow => "<tr>",
            Tag::TableCell if self.in_head => "<th>",
            Tag::TableCell => "<td>",
            Tag::Emphasis => "<em>",
            Tag::Strong => "<strong>",
            Tag::Strikethrough => "<s>",
            Tag::Link { dest_url, .. } => {
                self.links.push(!dest_url.is_empty());
                if !dest_url.is_empty() {
                    self.out.push_str("<a href=\"");
                    self.out.push_str(&escape::xml(&dest_url));
                    self.out.push_str("\">");
                }
                ""
            }
            _ => "",
        };
        self.out.push_str(open);
    }

    fn end(&mut self, tag: TagEnd) {
        let close = match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => "</p>\n",
            TagEnd::Heading(level) => match level as usize {
                1 => "</h1>\n",
                2 => "</h2>\n",
                3 => "</h3>\n",
                4 => "</h4>\n",
                5 => "</h5>\n",
                _ => "</h6>\n",
            },
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::Table => "</tbody></table>\n",
            TagEnd::TableHead => {
                self.in_head = false;
                "</tr>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell if self.in_head => "</th>",
            TagEnd::TableCell => "</td>",
            TagEnd::Emphasis => "</em>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</s>",
            TagEnd::Link => match self.links.pop() {
                Some(true) => "</a>",
                _ => "",
            },
            _ => "",
        };
        self.out.push_str(close);
    }
}

/// Short Markdown (a substep, a reference) as inline storage format:
/// without the paragraph a single line would otherwise be wrapped in.
pub(super) fn to_storage_inline(markdown: &str) -> String {
    let storage = to_storage(markdown);
    let trimmed = storage.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => storage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut of [`is_plain`] gives what parsing gives, for texts
    /// built from plain words, punctuation, digits, spaces and line breaks.
    #[test]
    fn plain_texts_read_the_same_without_parsing() {
        let pieces = [
            "Call", "the", "customer", "42", "1.", "2)", "ok?", "(yes)", "é", "שלום", "😀",
            "\"q\"", "'s", ";", ",", ".", "%", "$", "@", "/", "{x}", "^", "\u{a0}",
        ];
        let gaps = [" ", "  ", "\n", "\n\n", "\r\n", "\t", " \n"];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let mut plain = 0;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..1 + next(8) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(gaps[next(gaps.len())]);
            }
            if is_plain(&text) {
                plain += 1;
                assert_eq!(plain_text(&text), parsed_text(&text), "{text:?}");
            }
        }
        assert!(plain > 1_000, "only {plain} plain texts were tried");
    }

    #[test]
    fn tag_like_text_is_shown_not_dropped() {
        let text = "Type <customer number> in the search box, then press <Enter>.";
        assert_eq!(
            to_html(text).trim(),
            "<p>Type &lt;customer number&gt; in the search box, then press &lt;Enter&gt;.</p>"
        );
        assert_eq!(
            plain_text(text),
            "Type <customer number> in the search box, then press <Enter>."
        );
        assert_eq!(
            to_markdown(text),
            "Type &lt;customer number> in the search box, then press &lt;Enter>."
        );
    }

    #[test]
    fn nothing_runs_or_loads() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) ![logo](http://x/y.png) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"http://x/y.png\">logo</a>"),
            "{html}"
        );
    }

    #[test]
    fn storage_format_is_well_formed_xhtml_with_text_kept() {
        assert_eq!(
            to_storage(
                "Open **the** `<CRM>` [now](http://x?a=1&b=2).\\\nThen [go](javascript:x()) & ~~wait~~.\n\n---\n\n```\na < b\n```\n"
            ),
            "<p>Open <strong>the</strong> <code>&lt;CRM&gt;</code> <a href=\"http://x?a=1&amp;b=2\">now</a>.<br />Then go &amp; <s>wait</s>.</p>\n<hr />\n<pre>a &lt; b\n</pre>\n"
        );
        assert_eq!(
            to_storage("| a | b |\n|---|---|\n| 1 | <i>2</i> |\n"),
            "<table><tbody><tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td>&lt;i&gt;2&lt;/i&gt;</td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            to_storage("1. one\n   - nested\n2. two\n\n<div>raw</div>\n"),
            "<ol><li>one<ul><li>nested</li>\n</ul>\n</li>\n<li>two</li>\n</ol>\n<p>&lt;div&gt;raw&lt;/div&gt;\n</p>\n"
        );
        assert_eq!(
            to_storage_inline("a *b* ![logo](http://x/y.png)"),
            "a <em>b</em> <a href=\"http://x/y.png\">logo</a>"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Open **the** `CRM` [now](http://x).\n\nThen go."),
            "Open the CRM now. Then go."
        );
    }
}
