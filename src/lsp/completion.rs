//! Completion, from the text before the cursor and the model of the last
//! check: step ids after `next:`, in `branches` and after `next=` or a
//! branch item's arrow (Markdown); role ids after `role:` and `role=`;
//! `status` and metric `kind` values; the keys allowed where the cursor is
//! (top-level, step, metric, revision and approval keys, step attributes,
//! sections), each with its documentation.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

use super::cursor::{Wanted, is_word_char, markdown_context, yaml_context};
use super::keys;
use super::world::{Failure, World};
use crate::format::{FrontMatter, SourceFormat};
use crate::model::Sop;

pub(super) fn complete(
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
    // A match, not a flag: a new source format is a compile error here
    // until its completion context is said.
    let wanted = match SourceFormat::of(&doc.path) {
        SourceFormat::Yaml => yaml_context(text, line_start, prefix, false),
        SourceFormat::Markdown if offset < FrontMatter::yaml_end(text) => {
            yaml_context(text, line_start, prefix, true)
        }
        SourceFormat::Markdown => markdown_context(prefix),
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
