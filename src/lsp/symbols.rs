//! Document symbols: the outline of an SOP. The title holds the sections
//! (Purpose, Scope, Terms, Roles, Metrics, Instructions); Instructions
//! holds the steps, named by id (or their text), with decisions marked
//! (kind enum, detail "decision") and their branches below them.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use super::position::Lines;
use super::world::{Failure, World};
use crate::model::{Sop, Sp, Step};
use crate::source::Span;

pub(super) fn outline(
    world: &World<'_>,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>, Failure> {
    let doc = world.document(&params.text_document.uri)?;
    let Some(sop) = world.analysis.file(&doc.path).and_then(|f| f.sop.as_ref()) else {
        return Ok(None);
    };
    let lines = doc.lines();
    let whole = Span::new(0, lines.text().len().saturating_sub(bom(lines.text())));
    let title = if sop.title.value.is_empty() {
        "(no title)"
    } else {
        &sop.title.value
    };
    let root = symbol(
        &lines,
        title,
        sop.department.value.clone(),
        SymbolKind::FILE,
        whole,
        sop.title.span,
        sections(sop, &lines),
    );
    Ok(Some(DocumentSymbolResponse::Nested(vec![root])))
}

fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// The smallest span that holds all of `spans`.
fn hull(spans: impl IntoIterator<Item = Span>) -> Option<Span> {
    spans
        .into_iter()
        .reduce(|a, b| Span::new(a.start.min(b.start), a.end.max(b.end)))
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as `None`.
fn symbol(
    lines: &Lines<'_>,
    name: &str,
    detail: impl Into<Option<String>>,
    kind: SymbolKind,
    range: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    // The selection must lie inside the range.
    let range = hull([range, selection]).unwrap_or(range);
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "(empty)".to_owned()
        } else {
            name.to_owned()
        },
        detail: detail.into(),
        kind,
        tags: None,
        deprecated: None,
        range: lines.range(range),
        selection_range: lines.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

fn sections(sop: &Sop, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let section = |name: &str, span: Span, children| {
        symbol(
            lines,
            name,
            None,
            SymbolKind::NAMESPACE,
            span,
            span,
            children,
        )
    };
    out.push(section("Purpose", sop.purpose.span, Vec::new()));
    if let Some(scope) = &sop.scope {
        out.push(section("Scope", scope.span, Vec::new()));
    }
    let entries =
        |map: &crate::model::KeyedMap<Sp<String>>, kind| -> (Option<Span>, Vec<DocumentSymbol>) {
            let children = map
                .iter()
                .map(|(k, v)| {
                    symbol(
                        lines,
                        &k.value,
                        first_line(&v.value),
                        kind,
                        hull([k.span, v.span]).unwrap_or(k.span),
                        k.span,
                        Vec::new(),
                    )
                })
                .collect();
            (
                hull(map.iter().flat_map(|(k, v)| [k.span, v.span])),
                children,
            )
        };
    if let (Some(span), children) = entries(&sop.terms, SymbolKind::CONSTANT) {
        out.push(section("Terms", span, children));
    }
    if let Some(roles) = &sop.roles
        && let (Some(span), children) = entries(roles, SymbolKind::OBJECT)
    {
        out.push(section("Roles", span, children));
    }
    let metrics: Vec<DocumentSymbol> = sop
        .metrics
        .iter()
        .map(|m| {
            let span = hull([m.span, m.name.span, m.target.span]).unwrap_or(m.span);
            symbol(
                lines,
                &m.name.value,
                Some(format!("target {}", m.target.value)),
                SymbolKind::PROPERTY,
                span,
                m.name.span,
                Vec::new(),
            )
        })
        .collect();
    if let Some(span) = hull(
        sop.metrics
            .iter()
            .flat_map(|m| [m.span, m.name.span, m.target.span]),
    ) {
        out.push(section("Metrics", span, metrics));
    }
    let steps: Vec<DocumentSymbol> = sop
        .instructions
        .iter()
        .enumerate()
        .map(|(i, s)| step(lines, i, s))
        .collect();
    if let Some(span) = hull(sop.instructions.iter().map(extent)) {
        out.push(section("Instructions", span, steps));
    }
    out
}

fn first_line(text: &str) -> Option<String> {
    let line = text.lines().next()?.trim();
    let short: String = line.chars().take(60).collect();
    Some(if short.len() < line.len() {
        format!("{short}…")
    } else {
        short
    })
}

/// Every span of a step.
fn extent(step: &Step) -> Span {
    let spans = [Some(step.span), Some(step.text.span)]
        .into_iter()
        .chain([
            step.id.as_ref().map(|s| s.span),
            step.role.as_ref().map(|s| s.span),
        ])
        .chain([
            step.duration.as_ref().map(|s| s.span),
            step.script.as_ref().map(|s| s.span),
        ])
        .chain([
            step.note.as_ref().map(|s| s.span),
            step.warning.as_ref().map(|s| s.span),
        ])
        .chain([
            step.next.as_ref().map(|s| s.span),
            step.end.as_ref().map(|s| s.span),
        ])
        .flatten()
        .chain(step.substeps.iter().map(|s| s.span))
        .chain(
            step.branches
                .iter()
                .flat_map(|b| b.iter().flat_map(|(k, v)| [k.span, v.span])),
        );
    hull(spans).unwrap_or(step.span)
}

fn step(lines: &Lines<'_>, i: usize, step: &Step) -> DocumentSymbol {
    let text = first_line(&step.text.value).unwrap_or_default();
    let (name, detail) = match step.id_str() {
        Some(id) => (id.to_owned(), text),
        None => (format!("{}. {text}", i + 1), String::new()),
    };
    let selection = step.id.as_ref().map_or(step.text.span, |id| id.span);
    let (kind, detail, children) = match &step.branches {
        Some(branches) => {
            let children = branches
                .iter()
                .map(|(label, target)| {
                    let span = hull([label.span, target.span]).unwrap_or(label.span);
                    symbol(
                        lines,
                        &format!("{} → {}", label.value, target.value),
                        None,
                        SymbolKind::ENUM_MEMBER,
                        span,
                        label.span,
                        Vec::new(),
                    )
                })
                .collect();
            (SymbolKind::ENUM, format!("decision: {detail}"), children)
        }
        None if step.ends() => (SymbolKind::EVENT, format!("end: {detail}"), Vec::new()),
        None => (SymbolKind::FUNCTION, detail, Vec::new()),
    };
    let detail = detail.trim_end_matches(": ").to_owned();
    symbol(
        lines,
        &name,
        (!detail.is_empty()).then_some(detail),
        kind,
        extent(step),
        selection,
        children,
    )
}
