//! Go to definition and find references, for step ids and roles: from a
//! `next`, a branch target or a step's id to the step, from a step's
//! `role` to its key in `roles` (and from a word of the prose to its term);
//! and every place that names the same step or role.

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, ReferenceParams, Url};

use super::index::{self, Item};
use super::position::Lines;
use super::world::{Failure, World};
use crate::load::LoadedFile;
use crate::model::Sop;
use crate::source::Span;

/// The checked file and model of a document, with its lines.
fn model<'w>(
    world: &'w World<'_>,
    uri: &Url,
) -> Result<Option<(&'w LoadedFile, &'w Sop, Lines<'w>)>, Failure> {
    let doc = world.document(uri)?;
    let found = world
        .analysis
        .file(&doc.path)
        .and_then(|file| Some((file, file.sop.as_ref()?, doc.lines())));
    Ok(found)
}

pub(super) fn definition(
    world: &World<'_>,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>, Failure> {
    let at = params.text_document_position_params;
    let uri = &at.text_document.uri;
    let Some((file, sop, lines)) = model(world, uri)? else {
        return Ok(None);
    };
    let offset = lines.offset(at.position);
    let target = match index::at(sop, offset) {
        Some((_, item)) => definition_of(sop, item),
        None => index::prose_word(sop, file.source.text(), offset).and_then(|(_, word)| {
            let stem = crate::prose::as_acronym(word).unwrap_or(word);
            sop.terms
                .iter()
                .find(|(k, _)| k.value == word || k.value == stem)
                .map(|(k, _)| k.span)
        }),
    };
    Ok(target
        .map(|span| GotoDefinitionResponse::Scalar(Location::new(uri.clone(), lines.range(span)))))
}

/// Where the step or role an item names is defined.
fn definition_of(sop: &Sop, item: Item<'_>) -> Option<Span> {
    if let Some(id) = index::step_id(sop, item) {
        let step = &sop.instructions[index::step_of(sop, id)?];
        return step.id.as_ref().map(|id| id.span);
    }
    if let Some(role) = index::role(item) {
        let roles = sop.roles.as_ref()?;
        return roles
            .iter()
            .find(|(k, _)| k.value == role)
            .map(|(k, _)| k.span);
    }
    None
}

pub(super) fn references(
    world: &World<'_>,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>, Failure> {
    let at = params.text_document_position;
    let uri = &at.text_document.uri;
    let Some((_, sop, lines)) = model(world, uri)? else {
        return Ok(None);
    };
    let with_definition = params.context.include_declaration;
    let Some((_, item)) = index::at(sop, lines.offset(at.position)) else {
        return Ok(None);
    };
    let places = if let Some(id) = index::step_id(sop, item) {
        index::step_places(sop, id, with_definition)
    } else if let Some(role) = index::role(item) {
        index::role_places(sop, role, with_definition)
    } else {
        return Ok(None);
    };
    let locations = places
        .into_iter()
        .map(|span| Location::new(uri.clone(), lines.range(span)))
        .collect();
    Ok(Some(locations))
}
