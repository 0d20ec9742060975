//! Writing one string as a YAML 1.2 scalar that sopkit's YAML reader reads
//! back as exactly that string, in the plainest style that does so: plain
//! when nothing in it means something to YAML, a `|` block for text of
//! several lines, double quotes with escapes otherwise.
//!
//! The choice is conservative: a string is written plain only when no YAML
//! reader (1.2 or 1.1) could take it for anything but that text, so `yes`,
//! `no`, `on` and `off` are quoted too, though sopkit reads them as text.

use crate::load::tree::Value;
use crate::load::yaml::resolve_plain;

/// The characters that may not start a plain scalar (YAML's indicators).
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Plain words that YAML 1.1 tools read as booleans or null.
const YAML_1_1_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF", "~",
];

/// Longest key written as an implicit key (`KEY: value`): YAML allows 1024
/// characters; longer keys are written after `? `.
pub(super) const MAX_IMPLICIT_KEY: usize = 1000;

/// Whether `text` may be written as a plain scalar on one line.
pub(super) fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let safe_chars = text
        .chars()
        .all(|c| c != '\t' && is_printable(c) && !is_break(c));
    safe_chars
        && !INDICATORS.contains(&first)
        && !first.is_whitespace()
        && !text.ends_with(char::is_whitespace)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(" #")
        && !YAML_1_1_WORDS.contains(&text)
        && matches!(resolve_plain(text), Value::Str(_))
}

/// Whether a character may stand in a YAML file as it is (`c-printable`,
/// without the byte-order mark, which YAML does not allow inside a scalar).
fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Line breaks of YAML 1.1 and of some readers beside `\n` and `\r`.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `text` in double quotes, every character that is not plainly printable
/// escaped: always one line, always text.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if is_printable(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// A mapping key or a one-line value: plain when safe, else quoted.
pub(super) fn inline(text: &str) -> String {
    if is_plain(text) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// Whether a key must be written after `? ` (it is too long to be implicit).
pub(super) fn needs_explicit_key(text: &str) -> bool {
    inline(text).chars().count() > MAX_IMPLICIT_KEY
}

/// The header of a `|` block that holds `text` exactly (`|`, `|-` or `|+`),
/// or `None` when a block cannot: one line only, a first line that starts
/// with white space, a line of nothing but white space, or characters that
/// must be escaped.
fn block_header(text: &str) -> Option<&'static str> {
    let body = text.trim_end_matches('\n');
    if !body.contains('\n') || body.starts_with([' ', '\t']) {
        return None;
    }
    let chars_ok = text
        .chars()
        .all(|c| is_printable(c) && !matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
    let lines_ok = body
        .split('\n')
        .all(|l| l.is_empty() || !l.trim_matches([' ', '\t']).is_empty());
    if !chars_ok || !lines_ok || body.trim().is_empty() {
        return None;
    }
    Some(match text.len() - body.len() {
        0 => "|-",
        1 => "|",
        _ => "|+",
    })
}

/// Writes `text` as the value after `key:` or `-`: a space and the scalar,
/// or ` |` and the block's lines, each indented by `indent` spaces; then a
/// line break.
pub(super) fn write_value(out: &mut String, text: &str, indent: usize) {
    let Some(header) = block_header(text) else {
        out.push(' ');
        out.push_str(&inline(text));
        out.push('\n');
        return;
    };
    out.push(' ');
    out.push_str(header);
    out.push('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tree::Node;

    /// Reads `key:` + the written value back with sopkit's YAML reader.
    fn read_back(text: &str) -> Option<String> {
        let mut doc = String::from("key:");
        write_value(&mut doc, text, 2);
        let parsed = crate::load::yaml::parse(&doc, 0);
        assert!(parsed.problems.is_empty(), "{doc:?}: {:?}", parsed.problems);
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = parsed.root
        else {
            panic!("{doc:?} is not a mapping");
        };
        entries[0].1.as_str().map(str::to_owned)
    }

    #[test]
    fn plain_only_when_nothing_in_it_means_something() {
        for plain in [
            "Customer Service",
            "CS-014",
            "2m",
            "C# and F#",
            "a:b",
            "e-mail",
            "Über ✓ 😀",
            "שלום עולם",
            "x{y}",
            "50% off",
        ] {
            assert!(is_plain(plain), "{plain}");
        }
        for quoted in [
            "",
            "yes",
            "no",
            "true",
            "null",
            "~",
            "2.1",
            "14",
            "0x1f",
            ".inf",
            "- a",
            "> a",
            "a: b",
            "a #b",
            "a:",
            " a",
            "a ",
            "#a",
            "*a",
            "&a",
            "!a",
            "%a",
            "@a",
            "`a",
            "\"a",
            "'a",
            "[a]",
            "{a}",
            "|",
            "a\tb",
            "a\u{feff}",
            "a\u{85}b",
        ] {
            assert!(!is_plain(quoted), "{quoted:?}");
        }
    }

    #[test]
    fn every_value_reads_back_as_written() {
        for text in [
            "plain",
            "yes",
            "2.1",
            "say \"hi\" \\ there",
            "tab\there",
            "nul\0 bell\u{7} del\u{7f} c1\u{9f} nel\u{85} ls\u{2028} bom\u{feff}",
            "one\ntwo\n",
            "one\ntwo",
            "one\ntwo\n\n\n",
            "\nleading blank line\n",
            "  indented first\nline\n",
            "trailing spaces  \nkept  \n",
            "a\n   \nwhite line\n",
            "crlf\r\nline\n",
            "# not a comment\n--- not a document\n- not a list\n",
            "\ttab first\nx\n",
            "x\n\ttab inside\n",
            "unicode ✓\n😀 and שלום\n",
        ] {
            assert_eq!(read_back(text).as_deref(), Some(text), "{text:?}");
        }
    }

    #[test]
    fn several_lines_are_a_block() {
        let mut out = String::new();
        write_value(&mut out, "one\n\ntwo\n", 4);
        assert_eq!(out, " |\n    one\n\n    two\n");
        let mut out = String::new();
        write_value(&mut out, "one\ntwo", 2);
        assert_eq!(out, " |-\n  one\n  two\n");
        let mut out = String::new();
        write_value(&mut out, "  code\nx\n", 2);
        assert_eq!(out, " \"  code\\nx\\n\"\n");
    }
}
