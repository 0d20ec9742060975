//! The one escape function of each output format. Every string from an SOP
//! that goes into HTML, XML (SVG, BPMN), DOT, Mermaid, Markdown or the
//! controlled document (PDF, DOCX) passes through exactly one of these, at
//! the boundary where it is written; so does every text and path printed
//! to a terminal ([`terminal`]).
//!
//! Nothing is dropped: a control character that a format cannot carry is
//! shown as its Unicode control picture (U+0001 → `␁`), so a stray byte in
//! an SOP is visible in every output instead of silently lost.

use std::borrow::Cow;

/// Text for a terminal: the human, short and GitHub reports, and messages
/// on standard error. Every control character but the tab (C0, line breaks
/// included; DEL; C1) is written as its Rust escape, `\u{1b}`, so that the
/// text of an SOP or the name of a file can neither send the reader's
/// terminal a command (colours, cursor moves, a title, a bell), nor hide a
/// line, nor start a new one in a format of one line per problem.
pub(crate) fn terminal(text: &str) -> Cow<'_, str> {
    let is_control = |c: char| c != '\t' && c.is_control();
    if !text.contains(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A control character made visible, or the character itself.
pub(crate) fn visible(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        c => c,
    }
}

/// Escapes for markup languages: HTML text and double- or single-quoted
/// attributes, and XML the same way.
fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    markup_into(&mut out, text);
    out
}

/// [`markup`], appended to `out`: no string of its own for text that needs
/// no escaping (nearly all of a big picture's).
fn markup_into(out: &mut String, text: &str) {
    let plain = |b: &u8| {
        !matches!(
            b,
            // 0xc2 starts U+0080..U+00BF (the C1 controls among them),
            // 0xef U+F000..U+FFFF (U+FFFE and U+FFFF among them).
            b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1f | 0x7f | 0xc2 | 0xef
        )
    };
    if text.bytes().all(|b| plain(&b)) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            // Not characters at all: XML 1.0 cannot carry them, and HTML
            // reports them as parse errors.
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(visible(c)),
        }
    }
}

/// Text for HTML element content and quoted attribute values.
pub(crate) fn html(text: &str) -> String {
    markup(text)
}

/// Text for XML (SVG and BPMN) content and quoted attribute values. XML 1.0
/// cannot carry most control characters even as references, so they are
/// shown as control pictures.
pub(crate) fn xml(text: &str) -> String {
    markup(text)
}

/// [`xml`], appended to `out`.
pub(crate) fn xml_into(out: &mut String, text: &str) {
    markup_into(out, text);
}

/// Text for inside a double-quoted DOT string: `"` and `\` are escaped so
/// the string cannot end early or start an escape sequence; line breaks
/// become spaces (sopkit joins wrapped lines with `\n` itself).
pub(crate) fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(visible(c)),
        }
    }
    out
}

/// Text for inside a quoted Mermaid label: every character that Mermaid's
/// grammar or its HTML labels could read as syntax becomes an entity code
/// (`#34;` for `"`), which Mermaid shows as the character itself.
pub(crate) fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | ';' | '<' | '>' | '&' | '|' | '[' | ']' | '{' | '}' | '(' | ')' | '`'
            | '%' | '\\' | '*' | '_' | '~' | '=' => {
                out.push('#');
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(visible(c)),
        }
    }
    out
}

/// Plain text as Markdown that reads back as exactly that text: every
/// character Markdown could take as markup is backslash-escaped, and line
/// breaks become spaces (for headings, table cells and link text).
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(visible(c)),
        }
    }
    out
}

/// Text for the controlled document (PDF and DOCX). Neither format reads
/// it as markup: the PDF's typesetting template receives it as data (a
/// JSON string, never parsed as Typst markup), and docx-rs escapes XML's
/// own characters itself. What neither can carry are control characters
/// (XML 1.0 forbids them; a font has no glyph for them): they become their
/// control pictures. Line breaks and tabs are kept, for the writers to turn
/// into a line break and a tab of their format.
pub(crate) fn document(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c => visible(c),
        })
        .collect()
}

/// A relative path as the path of a URL (an `href`, a Markdown link's
/// destination): every byte but the unreserved characters of RFC 3986
/// (ASCII letters, digits, `-._~`) and the separator `/` is percent-encoded,
/// so a `#`, `?`, `%`, space, bracket or quote in a file's name stays part of
/// the name in every browser and wiki, and `:` cannot read as a scheme.
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn appending_escapes_the_same() {
        let mut out = String::new();
        xml_into(&mut out, "\u{fffe}\u{ffff}\u{f8ff}");
        assert_eq!(out, "\u{fffd}\u{fffd}\u{f8ff}");
        for text in [
            "plain",
            "a < b & \"c\" 'd'",
            "tab\there",
            "\u{1b}[31m",
            "\u{85}§°",
            "é ž 😀",
            "",
        ] {
            let mut out = String::from("x");
            xml_into(&mut out, text);
            assert_eq!(out, format!("x{}", xml(text)), "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn terminal_text_shows_every_control_character() {
        assert_eq!(terminal("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(terminal("x\ny\rz\u{0}"), "x\\u{a}y\\u{d}z\\u{0}");
        assert_eq!(terminal("\u{7f}\u{9b}2J"), "\\u{7f}\\u{9b}2J");
        assert_eq!(terminal("tab\there · Účel"), "tab\there · Účel");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn url_paths_keep_every_character_of_a_name() {
        assert_eq!(url_path("a/b c#d?e%f.html"), "a/b%20c%23d%3Fe%25f.html");
        assert_eq!(url_path("x:y/(1) [2].md"), "x%3Ay/%281%29%20%5B2%5D.md");
        assert_eq!(
            url_path("zákaznický/ok-1_~.md"),
            "z%C3%A1kaznick%C3%BD/ok-1_~.md"
        );
    }

    #[test]
    fn markup_escapes_tags_quotes_and_ampersands() {
        assert_eq!(
            html(r#"<img src=x onerror="a">&'"#),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
        assert_eq!(xml("a\u{1}b"), "a␁b");
        assert_eq!(xml("\u{ffff}\u{fffe}"), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn document_text_keeps_breaks_and_shows_controls() {
        assert_eq!(document("a\nb\tc\u{0}d\re"), "a\nb\tc␀d␍e");
        assert_eq!(document("#set text(red) <b> $x$"), "#set text(red) <b> $x$");
    }

    #[test]
    fn dot_strings_cannot_end_early() {
        assert_eq!(dot(r#"say "hi" \ bye"#), r#"say \"hi\" \\ bye"#);
        assert_eq!(dot("a\nb"), "a b");
    }

    #[test]
    fn nothing_can_break_out_of_a_mermaid_label() {
        assert_eq!(mermaid(r#""]; evil [""#), "#34;#93;#59; evil #91;#34;");
        assert_eq!(mermaid("a\nb --> c"), "a b --#62; c");
        assert_eq!(mermaid("Účel · 価格"), "Účel · 価格");
    }

    #[test]
    fn markdown_literals_read_back_as_written() {
        assert_eq!(markdown("a*b*_c_ <x> |"), r"a\*b\*\_c\_ \<x\> \|");
        assert_eq!(markdown("Účel"), "Účel");
    }
}
