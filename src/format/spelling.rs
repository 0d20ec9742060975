//! How a new value must be spelled at its place in a file, for the safe
//! fixes (`check --fix`, the language server's quick fixes and renames):
//! YAML quotes what YAML would misread, a Markdown attribute quotes what is
//! not one word, a Markdown word takes nothing but one word. The edit keeps
//! the value's quotes when it is quoted.

use super::{FrontMatter, SourceFormat};
use crate::diagnostic::{Edit, Fix};
use crate::source::{SourceFile, Span};

/// How a value at some place of a file must be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// YAML: a whole `.sop.yaml` file, or the front matter of a `.sop.md`.
    Yaml,
    /// The value of a Markdown attribute, `role=agent`: a word, or `"quoted"`.
    MarkdownAttribute,
    /// Anywhere else in a Markdown body (a branch target, a `#id`): one word.
    MarkdownWord,
}

fn place(src: &SourceFile, span: Span) -> Place {
    if SourceFormat::of(src.path()) == SourceFormat::Yaml {
        return Place::Yaml;
    }
    let text = src.text();
    if span.start < FrontMatter::yaml_end(text) {
        return Place::Yaml;
    }
    let before = &text[..span.start.min(text.len())];
    if before.ends_with('=') || before.ends_with("=\"") {
        Place::MarkdownAttribute
    } else {
        Place::MarkdownWord
    }
}

/// Words YAML reads as something other than text when written bare.
const YAML_SPECIAL: [&str; 11] = [
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "",
];

/// Whether `value` may stand bare (unquoted) in any place of any format: a
/// word of letters, digits, `-`, `_`, `.` and `/` starting with a letter or
/// digit, which YAML does not read as a boolean or null.
fn is_plain_word(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !YAML_SPECIAL.contains(&value.to_ascii_lowercase().as_str())
}

/// The edit that makes the value written at `span` read `value`, keeping
/// its quotes when it is quoted; `None` when `value` cannot be written
/// there without changing more than the value.
pub(crate) fn replace_value(src: &SourceFile, span: Span, value: &str) -> Option<Edit> {
    let written = src.text().get(span.start..span.end)?;
    let place = place(src, span);
    let inner = Span::new(span.start + 1, span.end.saturating_sub(1));
    let quoted_by = |q: char| written.len() >= 2 && written.starts_with(q) && written.ends_with(q);
    let (span, replacement) = if quoted_by('"') {
        let escaped = match place {
            Place::Yaml => value.replace('\\', "\\\\").replace('"', "\\\""),
            _ if value.contains('"') => return None,
            _ => value.to_owned(),
        };
        (inner, escaped)
    } else if quoted_by('\'') && place == Place::Yaml {
        (inner, value.replace('\'', "''"))
    } else if is_plain_word(value) {
        (span, value.to_owned())
    } else {
        match place {
            Place::Yaml => {
                let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
                (span, format!("\"{escaped}\""))
            }
            Place::MarkdownAttribute if !value.contains('"') && !value.is_empty() => {
                (span, format!("\"{value}\""))
            }
            _ => return None,
        }
    };
    Some(Edit { span, replacement })
}

/// A fix that makes the value at `span` read `value` (see [`replace_value`]).
pub(crate) fn replace_with(src: &SourceFile, span: Span, value: &str) -> Option<Fix> {
    let edit = replace_value(src, span, value)?;
    Some(Fix {
        title: format!("Replace with `{value}`"),
        edits: vec![edit],
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn edit(name: &str, text: &str, what: &str, value: &str) -> Option<String> {
        let src = SourceFile::new(Path::new(name), text);
        let start = text.find(what).expect("the value is in the text");
        let edit = replace_value(&src, Span::new(start, start + what.len()), value)?;
        let mut out = text.to_owned();
        out.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        Some(out)
    }

    #[test]
    fn quotes_are_kept_and_escaped_as_the_quoting_needs() {
        let y = "a.sop.yaml";
        assert_eq!(
            edit(y, "next: refnd # x", "refnd", "refund").as_deref(),
            Some("next: refund # x")
        );
        assert_eq!(
            edit(y, "next: \"refnd\"", "\"refnd\"", "refund").as_deref(),
            Some("next: \"refund\"")
        );
        assert_eq!(
            edit(y, "r: 'a'", "'a'", "it's").as_deref(),
            Some("r: 'it''s'")
        );
        assert_eq!(
            edit(y, "r: a", "a", "shift manager").as_deref(),
            Some("r: \"shift manager\"")
        );
        assert_eq!(edit(y, "r: a", "a", "yes").as_deref(), Some("r: \"yes\""));
    }

    #[test]
    fn markdown_places_take_what_they_can_read() {
        let m = "a.sop.md";
        let text = "# T\n\n1. Do. {#a role=agnt}\n   - yes → refnd\n";
        assert_eq!(
            edit(m, text, "agnt", "shift manager").as_deref(),
            Some("# T\n\n1. Do. {#a role=\"shift manager\"}\n   - yes → refnd\n")
        );
        assert_eq!(edit(m, text, "refnd", "two words"), None);
        assert!(edit(m, text, "refnd", "refund").is_some());
        let front = "---\nstatus: aproved\n---\n# T\n";
        assert_eq!(
            edit(m, front, "aproved", "approved").as_deref(),
            Some("---\nstatus: approved\n---\n# T\n")
        );
    }
}
