//! Renaming a step id: its definition, every `next` and branch target that
//! names it, and the same in the SOP's translation family (the SOP this
//! file translates, and every file that translates it or its source),
//! since a translation must keep its source's step ids. `prepareRename`
//! says what will be renamed, or that the cursor is on nothing renamable.

use std::collections::HashMap;

use lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};

use super::index;
use super::position::{Lines, path_to_uri};
use super::world::{Failure, World};
use crate::load::LoadedFile;
use crate::model::StepId;

pub(super) fn prepare(
    world: &World<'_>,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, Failure> {
    let doc = world.document(&params.text_document.uri)?;
    let Some(file) = world.analysis.file(&doc.path) else {
        return Ok(None);
    };
    let Some(sop) = &file.sop else {
        return Ok(None);
    };
    let lines = doc.lines();
    let Some((span, item)) = index::at(sop, lines.offset(params.position)) else {
        return Ok(None);
    };
    let Some(id) = index::step_id(sop, item) else {
        return Ok(None);
    };
    let inner = index::unquoted(file.source.text(), span);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: lines.range(inner),
        placeholder: id.to_owned(),
    }))
}

pub(super) fn rename(
    world: &World<'_>,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, Failure> {
    let at = params.text_document_position;
    let doc = world.document(&at.text_document.uri)?;
    let Some(file) = world.analysis.file(&doc.path) else {
        return Ok(None);
    };
    let Some(sop) = &file.sop else {
        return Ok(None);
    };
    let Some((_, item)) = index::at(sop, doc.lines().offset(at.position)) else {
        return Err(Failure::failed("only a step id can be renamed"));
    };
    let Some(old) = index::step_id(sop, item) else {
        return Err(Failure::failed("only a step id can be renamed"));
    };
    let new = params.new_name.trim();
    if !StepId::is_valid(new) {
        return Err(Failure::failed(format!(
            "`{new}` is not a valid step id: use lowercase letters, digits and `-`, e.g. `check-amount`"
        )));
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    if new == old {
        return Ok(Some(WorkspaceEdit::new(changes)));
    }
    for member in std::iter::once(file).chain(family(world, file)) {
        let Some(msop) = &member.sop else {
            continue;
        };
        if index::step_of(msop, old).is_none() && member.source.path() != file.source.path() {
            continue;
        }
        if index::step_of(msop, new).is_some() {
            return Err(Failure::failed(format!(
                "{} already has a step `{new}`",
                member.source.name()
            )));
        }
        let (uri, text) = match world.documents.by_path(member.source.path()) {
            Some(open) => (open.uri.clone(), open.text.as_str()),
            None => match path_to_uri(member.source.path()) {
                Some(uri) => (uri, member.source.text()),
                None => continue,
            },
        };
        let lines = Lines::new(text);
        let edits = index::step_places(msop, old, true)
            .into_iter()
            .filter_map(|span| crate::format::spelling::replace_value(&member.source, span, new))
            .map(|edit| TextEdit::new(lines.range(edit.span), edit.replacement))
            .collect();
        changes.insert(uri, edits);
    }
    Ok(Some(WorkspaceEdit::new(changes)))
}

/// The other files of a file's translation family: its source, and every
/// file whose `translation_of` is the source's id.
fn family<'w>(world: &'w World<'_>, file: &'w LoadedFile) -> impl Iterator<Item = &'w LoadedFile> {
    let sop = file.sop.as_ref();
    let root = sop
        .and_then(|s| s.translation_of.as_ref().or(s.id.as_ref()))
        .map(|id| id.value.clone());
    world.analysis.report.files.iter().filter(move |other| {
        let Some(root) = &root else { return false };
        let Some(osop) = &other.sop else { return false };
        other.source.path() != file.source.path()
            && (osop.id.as_ref().is_some_and(|id| &id.value == root)
                || osop
                    .translation_of
                    .as_ref()
                    .is_some_and(|t| &t.value == root))
    })
}
