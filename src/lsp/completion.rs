//! Completion, from the text before the cursor and the model of the last
//! check: step ids after `next:`, in `branches` and after `next=` or a
//! branch item's arrow (Markdown); role ids after `role:` and `role=`;
//! `status` and metric `kind` values; the keys allowed where the cursor is
//! (top-level, step, metric and revision keys, step attributes, sections),
//! each with its documentation.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

use super::keys;
use super::server::{Failure, World};
use crate::model::Sop;

/// What may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    StepId,
    Role,
    Status,
    MetricKind,
    /// Keys of a mapping, without those it already has.
    Keys(&'static [(&'static str, &'static str)], Vec<String>),
    Attribute,
    Section,
}

pub fn complete(
    world: &World<'_>,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>, Failure> {
    let at = params.text_document_position;
    let doc = world.document(&at.text_document.uri)?;
    if !doc.is_sop() {
        return Ok(None);
    }
    let lines = doc.lines();
    let text = lines.text();
    let offset = lines.editor_offset(at.position);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let markdown = crate::load::is_markdown(&doc.path);
    let in_front_matter = markdown && offset < front_matter_end(text);
    let wanted = if markdown && !in_front_matter {
        markdown_context(prefix)
    } else {
        yaml_context(text, line_start, prefix, in_front_matter)
    };
    let Some(wanted) = wanted else {
        return Ok(None);
    };
    let word = prefix.len() - prefix.trim_end_matches(is_word_char).len();
    let range = Range::new(lines.editor_position(offset - word), at.position);
    let sop = world.analysis.file(&doc.path).and_then(|f| f.sop.as_ref());
    let items = items(&wanted, sop)
        .into_iter()
        .map(|(label, insert, kind, detail, docs)| CompletionItem {
            label,
            kind: Some(kind),
            detail,
            documentation: docs.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
            ..CompletionItem::default()
        })
        .collect();
    Ok(Some(CompletionResponse::Array(items)))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_')
}

/// (label, text to insert, kind, detail, documentation)
type Item = (
    String,
    String,
    CompletionItemKind,
    Option<String>,
    Option<String>,
);

fn items(wanted: &Wanted, sop: Option<&Sop>) -> Vec<Item> {
    let listed = |list: &[(&str, &str)], kind, suffix: &str, skip: &[String]| -> Vec<Item> {
        list.iter()
            .filter(|(k, _)| !skip.iter().any(|s| s == k))
            .map(|(k, doc)| {
                (
                    (*k).to_owned(),
                    format!("{k}{suffix}"),
                    kind,
                    None,
                    Some((*doc).to_owned()),
                )
            })
            .collect()
    };
    match wanted {
        Wanted::StepId => sop.map(step_ids).unwrap_or_default(),
        Wanted::Role => sop
            .and_then(|s| s.roles.as_ref())
            .map(|roles| {
                roles
                    .iter()
                    .map(|(k, v)| {
                        let name = k.value.clone();
                        (
                            name.clone(),
                            name,
                            CompletionItemKind::VALUE,
                            Some(v.value.clone()),
                            None,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Wanted::Status => listed(keys::STATUS, CompletionItemKind::ENUM_MEMBER, "", &[]),
        Wanted::MetricKind => listed(keys::METRIC_KIND, CompletionItemKind::ENUM_MEMBER, "", &[]),
        Wanted::Keys(list, present) => listed(list, CompletionItemKind::PROPERTY, ": ", present),
        Wanted::Attribute => listed(
            keys::MARKDOWN_ATTRIBUTES,
            CompletionItemKind::PROPERTY,
            "",
            &[],
        ),
        Wanted::Section => listed(keys::MARKDOWN_SECTIONS, CompletionItemKind::MODULE, "", &[]),
    }
}

/// Every step id, with the step's text and role.
fn step_ids(sop: &Sop) -> Vec<Item> {
    let mut seen = std::collections::HashSet::new();
    sop.instructions
        .iter()
        .filter_map(|step| {
            let id = step.id_str()?;
            if !seen.insert(id) {
                return None;
            }
            let first = step
                .text
                .value
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned();
            let mut docs = step.text.value.trim().to_owned();
            if let Some(role) = &step.role {
                docs.push_str(&format!("\n\n*role:* `{}`", role.value));
            }
            Some((
                id.to_owned(),
                id.to_owned(),
                CompletionItemKind::REFERENCE,
                Some(first),
                Some(docs),
            ))
        })
        .collect()
}

/// Where the front matter of a Markdown text ends (0 when it has none).
fn front_matter_end(text: &str) -> usize {
    let mut lines = text.split_inclusive('\n');
    if lines.next().is_none_or(|first| first.trim_end() != "---") {
        return 0;
    }
    let mut at = text.find('\n').map_or(text.len(), |i| i + 1);
    for line in lines {
        if line.trim_end() == "---" {
            return at;
        }
        at += line.len();
    }
    text.len()
}

/// In a Markdown body: an attribute block, a branch item, a heading.
fn markdown_context(prefix: &str) -> Option<Wanted> {
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
fn yaml_context(text: &str, line_start: usize, prefix: &str, front_matter: bool) -> Option<Wanted> {
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
            "role" => Some(Wanted::Role),
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
        Some(_) => return None,
    };
    let mut present = sibling_keys(text, line_start, column);
    if front_matter && list == keys::SOP {
        present.extend(
            keys::SOP
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| crate::load::markdown::is_body_key(k))
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
