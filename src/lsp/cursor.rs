//! What may be written at the cursor, read from the text before it: after
//! `next:` or in `branches` a step id, after `role:` a role, a `status` or a
//! metric `kind` value, or a key of the mapping the cursor is in; in a
//! Markdown body, an attribute block (`next=`, `role=`, a new attribute), a
//! branch item's target, a section heading. Text only: it works on a file
//! that does not parse yet.

use super::keys;
use crate::format::SourceFormat;

/// What may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Wanted {
    StepId,
    Role,
    Status,
    MetricKind,
    /// Keys of a mapping, without those it already has.
    Keys(&'static [(&'static str, &'static str)], Vec<String>),
    Attribute,
    Section,
}

/// A character of the id, key or value being typed.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_')
}

/// In a Markdown body: an attribute block, a branch item, a heading.
pub(super) fn markdown_context(prefix: &str) -> Option<Wanted> {
    if let Some(open) = prefix.rfind('{')
        && !prefix[open..].contains('}')
    {
        let token = prefix[open + 1..]
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        return match token {
            t if t.starts_with("next=") => Some(Wanted::StepId),
            t if t.starts_with("role=") => Some(Wanted::Role),
            t if t.starts_with('#') || t.contains('=') => None,
            _ => Some(Wanted::Attribute),
        };
    }
    let trimmed = prefix.trim_start();
    let is_item = ["- ", "* ", "+ "].iter().any(|b| trimmed.starts_with(b));
    if is_item && (trimmed.contains('→') || trimmed.contains("->")) {
        let after = trimmed.rsplit(['→', '>']).next().unwrap_or("");
        let after = after.trim_start().trim_start_matches("[").trim_start();
        return after.chars().all(is_word_char).then_some(Wanted::StepId);
    }
    let heading = prefix.strip_prefix("## ")?;
    heading.chars().all(is_word_char).then_some(Wanted::Section)
}

/// In YAML (a `.sop.yaml` file or a Markdown front matter).
pub(super) fn yaml_context(
    text: &str,
    line_start: usize,
    prefix: &str,
    front_matter: bool,
) -> Option<Wanted> {
    let indent = prefix.len() - prefix.trim_start().len();
    let (column, body) = match prefix.trim_start().strip_prefix("- ") {
        Some(rest) => (
            indent + 2 + (rest.len() - rest.trim_start().len()),
            rest.trim_start(),
        ),
        None => (indent, prefix.trim_start()),
    };
    if body.starts_with('#') {
        return None;
    }
    if let Some(colon) = body.find(':') {
        let key = body[..colon].trim().trim_matches(['"', '\'']);
        let value = body[colon + 1..]
            .trim_start()
            .trim_start_matches(['"', '\'']);
        if !value.chars().all(is_word_char) {
            return None;
        }
        return match key {
            "next" => Some(Wanted::StepId),
            // An approval's `role` is free text (a job title), not a key of `roles`.
            "role" => (parent_key(text, line_start, column).as_deref() != Some("approvals"))
                .then_some(Wanted::Role),
            "status" if column == 0 => Some(Wanted::Status),
            "kind" => Some(Wanted::MetricKind),
            _ if parent_key(text, line_start, column).as_deref() == Some("branches") => {
                Some(Wanted::StepId)
            }
            _ => None,
        };
    }
    if !body.chars().all(is_word_char) {
        return None;
    }
    let list: &'static [(&str, &str)] = match parent_key(text, line_start, column).as_deref() {
        None => keys::SOP,
        Some("instructions") => keys::STEP,
        Some("metrics") => keys::METRIC,
        Some("revisions") => keys::REVISION,
        Some("approvals") => keys::APPROVAL,
        Some(_) => return None,
    };
    let mut present = sibling_keys(text, line_start, column);
    if front_matter && list == keys::SOP {
        present.extend(
            keys::SOP
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| SourceFormat::Markdown.is_body_key(k))
                .map(String::from),
        );
    }
    Some(Wanted::Keys(list, present))
}

/// A line's indentation and the rest of it.
fn split_indent(line: &str) -> (usize, &str) {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len(), rest.trim_end())
}

/// The key whose value is the mapping (or the list item) that holds a key
/// at `column` on the line starting at `line_start`; `None` at the top.
fn parent_key(text: &str, line_start: usize, column: usize) -> Option<String> {
    let mut threshold = column;
    for line in text[..line_start].lines().rev() {
        let (indent, rest) = split_indent(line);
        if rest.is_empty() || rest.starts_with('#') || indent >= threshold {
            continue;
        }
        if rest == "---" {
            return None;
        }
        if rest.starts_with("- ") || rest == "-" {
            threshold = indent;
            continue;
        }
        return rest
            .split(':')
            .next()
            .map(|k| k.trim().trim_matches(['"', '\'']).to_owned());
    }
    None
}

/// The keys already written in the mapping that holds a key at `column`:
/// the lines around the cursor's that start a key at that column, up to
/// the lines that end the mapping.
fn sibling_keys(text: &str, line_start: usize, column: usize) -> Vec<String> {
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let key_at = |line: &str| -> Option<(bool, Option<String>)> {
        let (indent, rest) = split_indent(line);
        if rest.is_empty() || rest.starts_with('#') || indent > column {
            return Some((false, None));
        }
        if rest == "---" {
            return None;
        }
        let (at, key_text, item) = match rest.strip_prefix("- ") {
            Some(r) => (indent + 2, r, true),
            None => (indent, rest, false),
        };
        if at != column {
            return None;
        }
        let key = key_text.split(':').next().map(|k| k.trim().to_owned());
        Some((item, key))
    };
    let mut keys = Vec::new();
    for line in text[..line_start].lines().rev() {
        let Some((item, key)) = key_at(line) else {
            break;
        };
        keys.extend(key);
        if item {
            break;
        }
    }
    for line in text.get(line_end + 1..).unwrap_or("").lines() {
        match key_at(line) {
            Some((false, key)) => keys.extend(key),
            _ => break,
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Option<Wanted> {
        let offset = text.find('|').expect("a cursor");
        let text = text.replace('|', "");
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        yaml_context(&text, line_start, &text[line_start..offset], false)
    }

    #[test]
    fn yaml_contexts() {
        assert_eq!(
            yaml("instructions:\n  - id: a\n    next: |\n"),
            Some(Wanted::StepId)
        );
        assert_eq!(
            yaml("instructions:\n  - id: a\n    branches:\n      yes: r|\n"),
            Some(Wanted::StepId)
        );
        assert_eq!(
            yaml("instructions:\n  - id: a\n    role: |\n"),
            Some(Wanted::Role)
        );
        assert_eq!(yaml("status: ap|\n"), Some(Wanted::Status));
        assert_eq!(
            yaml("metrics:\n  - name: x\n    kind: |\n"),
            Some(Wanted::MetricKind)
        );
        let Some(Wanted::Keys(list, present)) = yaml("title: T\nde|\npurpose: P\n") else {
            panic!("top-level keys")
        };
        assert_eq!(list, keys::SOP);
        assert_eq!(present, ["title", "purpose"]);
        let Some(Wanted::Keys(list, present)) =
            yaml("instructions:\n  - id: a\n    te|\n  - id: b\n")
        else {
            panic!("step keys")
        };
        assert_eq!((list, present), (keys::STEP, vec!["id".to_owned()]));
        assert_eq!(yaml("purpose: Why |\n"), None);
        let Some(Wanted::Keys(list, present)) = yaml("approvals:\n  - name: Ana\n    ro|\n") else {
            panic!("approval keys")
        };
        assert_eq!((list, present), (keys::APPROVAL, vec!["name".to_owned()]));
        assert_eq!(yaml("approvals:\n  - name: Ana\n    role: |\n"), None);
    }

    #[test]
    fn markdown_contexts() {
        assert_eq!(
            markdown_context("1. Do it. {#a next="),
            Some(Wanted::StepId)
        );
        assert_eq!(
            markdown_context("1. Do it. {#a role=ag"),
            Some(Wanted::Role)
        );
        assert_eq!(markdown_context("1. Do it. {#a "), Some(Wanted::Attribute));
        assert_eq!(markdown_context("   - yes → "), Some(Wanted::StepId));
        assert_eq!(markdown_context("   - no -> [ref"), Some(Wanted::StepId));
        assert_eq!(markdown_context("## Pur"), Some(Wanted::Section));
        assert_eq!(markdown_context("Some prose "), None);
    }
}
