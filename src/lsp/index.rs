//! What is at a place of an SOP: a step id (where it is defined, or where
//! a `next` or a branch names it), a role, a metric, a term, a word of the
//! prose. Hover, go to definition, references and rename all ask here, so
//! they agree on what the cursor is on, in YAML and Markdown alike: the
//! model's spans point into either.

use crate::model::Sop;
use crate::source::Span;

/// A thing the cursor can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item<'a> {
    /// The id of step `usize`, where the step defines it.
    StepDef(usize),
    /// A `next` or a branch that names a step id.
    StepRef(&'a str),
    /// A key of `roles`.
    RoleDef(&'a str),
    /// A step's `role`.
    RoleRef(&'a str),
    /// Any part of metric `usize`.
    Metric(usize),
    /// A key of `terms`.
    TermDef(&'a str),
}

/// Whether `offset` is in `span` or just after it (a cursor at the end of
/// a word is on the word).
fn covers(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// Every item of the SOP with its span.
pub(super) fn items(sop: &Sop) -> Vec<(Span, Item<'_>)> {
    let mut items = Vec::new();
    for (i, step) in sop.instructions.iter().enumerate() {
        if let Some(id) = &step.id {
            items.push((id.span, Item::StepDef(i)));
        }
        if let Some(next) = &step.next {
            items.push((next.span, Item::StepRef(&next.value)));
        }
        for (_, target) in step.branches.iter().flat_map(|b| b.iter()) {
            items.push((target.span, Item::StepRef(&target.value)));
        }
        if let Some(role) = &step.role {
            items.push((role.span, Item::RoleRef(&role.value)));
        }
    }
    for (key, _) in sop.roles.iter().flat_map(|r| r.iter()) {
        items.push((key.span, Item::RoleDef(&key.value)));
    }
    for (key, _) in sop.terms.iter() {
        items.push((key.span, Item::TermDef(&key.value)));
    }
    for (i, metric) in sop.metrics.iter().enumerate() {
        let spans = [
            Some(metric.name.span),
            Some(metric.target.span),
            metric.kind.as_ref().map(|k| k.span),
        ];
        items.extend(spans.into_iter().flatten().map(|s| (s, Item::Metric(i))));
    }
    items
}

/// The item at `offset`: the one with the smallest span that covers it.
pub(super) fn at(sop: &Sop, offset: usize) -> Option<(Span, Item<'_>)> {
    items(sop)
        .into_iter()
        .filter(|(span, _)| covers(*span, offset))
        .min_by_key(|(span, _)| span.len())
}

/// The step an id names (its first definition).
pub(super) fn step_of(sop: &Sop, id: &str) -> Option<usize> {
    sop.instructions.iter().position(|s| s.id_str() == Some(id))
}

/// The step id an item is about, if it is about one.
pub(super) fn step_id<'a>(sop: &'a Sop, item: Item<'a>) -> Option<&'a str> {
    match item {
        Item::StepDef(i) => sop.instructions.get(i)?.id_str(),
        Item::StepRef(id) => Some(id),
        _ => None,
    }
}

/// The role an item is about, if it is about one.
pub(super) fn role(item: Item<'_>) -> Option<&str> {
    match item {
        Item::RoleDef(r) | Item::RoleRef(r) => Some(r),
        _ => None,
    }
}

/// Every place that names step id `id`: its definitions first, then each
/// `next` and branch target, in the order of the file.
pub(super) fn step_places(sop: &Sop, id: &str, with_definition: bool) -> Vec<Span> {
    let mut places: Vec<(bool, Span)> = items(sop)
        .into_iter()
        .filter_map(|(span, item)| match item {
            Item::StepDef(i) if with_definition && sop.instructions[i].id_str() == Some(id) => {
                Some((false, span))
            }
            Item::StepRef(r) if r == id => Some((true, span)),
            _ => None,
        })
        .collect();
    places.sort();
    places.into_iter().map(|(_, span)| span).collect()
}

/// Every place that names role `role`: its key in `roles`, then each step's `role`.
pub(super) fn role_places(sop: &Sop, role: &str, with_definition: bool) -> Vec<Span> {
    let mut places: Vec<(bool, Span)> = items(sop)
        .into_iter()
        .filter_map(|(span, item)| match item {
            Item::RoleDef(r) if with_definition && r == role => Some((false, span)),
            Item::RoleRef(r) if r == role => Some((true, span)),
            _ => None,
        })
        .collect();
    places.sort();
    places.into_iter().map(|(_, span)| span).collect()
}

/// The span inside the quotes of a quoted value (the span itself when the
/// value is not quoted).
pub(super) fn unquoted(text: &str, span: Span) -> Span {
    let written = text.get(span.start..span.end).unwrap_or("");
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('\'') && written.ends_with('\'')));
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// The word (letters and digits) at `offset` of `text`, if the offset is
/// in prose of the SOP: its purpose, scope, title, step texts, substeps,
/// notes, warnings and scripts.
pub(super) fn prose_word<'t>(sop: &Sop, text: &'t str, offset: usize) -> Option<(Span, &'t str)> {
    let in_prose = sop
        .prose()
        .chain(std::iter::once(&sop.title))
        .any(|p| covers(p.span, offset));
    if !in_prose || offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric();
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| offset + i);
    (start < end).then(|| (Span::new(start, end), &text[start..end]))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const SOP: &str = "title: T\ndepartment: D\npurpose: Log it in the CRM.\nterms:\n  CRM: Customer relationship management\nroles:\n  agent: Agent\ninstructions:\n  - id: a\n    text: A.\n    role: agent\n    next: \"b\"\n  - id: b\n    text: B.\n";

    fn sop() -> Sop {
        crate::load::load_text(Path::new("x.sop.yaml"), SOP.into())
            .sop
            .expect("a model")
    }

    #[test]
    fn finds_ids_roles_and_words() {
        let sop = sop();
        let at_text = |what: &str, skip: usize| SOP.find(what).expect("in text") + skip;
        assert_eq!(
            at(&sop, at_text("id: a", 4)).map(|x| x.1),
            Some(Item::StepDef(0))
        );
        assert_eq!(
            at(&sop, at_text("\"b\"", 1)).map(|x| x.1),
            Some(Item::StepRef("b"))
        );
        assert_eq!(
            at(&sop, at_text("role: agent", 8)).map(|x| x.1),
            Some(Item::RoleRef("agent"))
        );
        let word = prose_word(&sop, SOP, at_text("CRM.", 1)).map(|x| x.1);
        assert_eq!(word, Some("CRM"));
        let places = step_places(&sop, "b", true);
        assert_eq!(places.len(), 2);
        assert_eq!(&SOP[places[0].start..places[0].end], "b");
        assert_eq!(unquoted(SOP, places[1]).len(), 1);
    }
}
