//! Code actions: each diagnostic with a safe fix offers it as a preferred
//! quick fix, and a file with any offers "fix all" (`source.fixAll.sopkit`),
//! which applies every fix, re-checking until nothing changes, exactly as
//! `sopkit check --fix` would.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, Url, WorkspaceEdit,
};

use super::FIX_ALL;
use super::analysis::{Workspace, fix_all};
use super::diagnostics::to_lsp;
use super::world::{Failure, World};
use crate::diagnostic::Edit;

pub(super) fn actions(
    world: &World<'_>,
    workspace: &mut Workspace,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>, Failure> {
    let uri = &params.text_document.uri;
    let doc = world.document(uri)?;
    let Some(file) = world.analysis.file(&doc.path) else {
        return Ok(None);
    };
    let lines = doc.lines();
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        actions.extend(quick_fixes(file, &lines, uri, lines.span(params.range)));
    }
    let fix_all_kind = CodeActionKind::new(FIX_ALL);
    if wanted(&fix_all_kind)
        && file.diagnostics.iter().any(|d| d.fix.is_some())
        && let Some(fixed) = fix_all(world.documents, workspace, &doc.path)
    {
        let bom = if doc.text.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let after = format!("{bom}{fixed}");
        let edits = crate::fix::diff::line_edits(&doc.text, &after)
            .into_iter()
            .map(|Edit { span, replacement }| {
                let range = lsp_types::Range::new(
                    lines.editor_position(span.start),
                    lines.editor_position(span.end),
                );
                TextEdit::new(range, replacement)
            })
            .collect();
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all sopkit problems".to_owned(),
            kind: Some(fix_all_kind),
            edit: Some(edit(uri, edits)),
            ..CodeAction::default()
        }));
    }
    Ok(Some(actions))
}

/// The fix of each diagnostic that touches `range`, as a preferred quick fix.
fn quick_fixes(
    file: &crate::load::LoadedFile,
    lines: &super::position::Lines<'_>,
    uri: &Url,
    range: crate::source::Span,
) -> Vec<CodeActionOrCommand> {
    let touches =
        |d: &crate::diagnostic::Diagnostic| d.span.start <= range.end && range.start <= d.span.end;
    file.diagnostics
        .iter()
        .filter(|d| touches(d))
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(lines.range(e.span), e.replacement.clone()))
                .collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(d, lines, uri)]),
                edit: Some(edit(uri, edits)),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

fn edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}
