//! The [`Controlled`] document of an SOP: its header, footer and sections
//! in the contract's order.

use super::prose::{blocks, inlines};
use super::step::step;
use super::{Body, Cell, ChecklistRow, Controlled, Fact, Footer, Header, Section, line, plain};
use crate::model::Sp;
use crate::render::{Document, font};

pub(crate) fn build(doc: &Document<'_>) -> Controlled {
    let sop = doc.sop;
    let (lang, region) = language(sop.language());
    let header = header(doc);
    let date = date(doc);
    Controlled {
        date: [
            i32::from(date.year()),
            i32::from(date.month()),
            i32::from(date.day()),
        ],
        header_lines: header_lines(&header, doc.paper),
        lang,
        region,
        tag: line(sop.language()),
        paper: doc.paper,
        title: line(&sop.title.value),
        department: line(&sop.department.value),
        header,
        footer: footer(doc),
        sections: sections(doc),
    }
}

/// The sections in the contract's order, leaving out the empty optional ones.
fn sections(doc: &Document<'_>) -> Vec<Section> {
    let (sop, l) = (doc.sop, doc.labels);
    let mut sections = vec![prose("purpose", l.purpose, &sop.purpose.value)];
    if let Some(scope) = &sop.scope {
        sections.push(prose("scope", l.scope, &scope.value));
    }
    sections.extend(terms(doc));
    sections.extend(roles(doc));
    sections.push(Section {
        id: "instructions",
        heading: l.instructions.into(),
        body: Body::Steps {
            steps: (0..sop.instructions.len()).map(|i| step(doc, i)).collect(),
        },
    });
    let (pictures, note) = super::flowchart::pictures(doc, None);
    sections.push(Section {
        id: "flowchart",
        heading: l.flowchart.into(),
        body: Body::Flowchart { pictures, note },
    });
    sections.extend(metrics(doc));
    if !sop.references.is_empty() {
        sections.push(Section {
            id: "references",
            heading: l.references.into(),
            body: Body::List {
                items: sop.references.iter().map(|r| inlines(&r.value)).collect(),
            },
        });
    }
    sections.extend(revisions(doc));
    sections.push(approvals(doc));
    if doc.checklist {
        sections.push(checklist(doc));
    }
    sections
}

fn prose(id: &'static str, heading: &str, text: &str) -> Section {
    Section {
        id,
        heading: heading.into(),
        body: Body::Prose {
            blocks: blocks(text),
        },
    }
}

fn terms(doc: &Document<'_>) -> Option<Section> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.terms.is_empty() {
        return None;
    }
    let rows = sop
        .terms
        .iter()
        .map(|(term, definition)| vec![plain(&term.value), plain(&definition.value)])
        .collect();
    Some(table(
        "terms",
        l.terms,
        &[(l.term, 1), (l.definition, 3)],
        rows,
    ))
}

fn roles(doc: &Document<'_>) -> Option<Section> {
    let l = doc.labels;
    let roles = doc.sop.roles.as_ref().filter(|r| !r.is_empty())?;
    let rows = roles
        .iter()
        .map(|(role, description)| vec![plain(&role.value), plain(&description.value)])
        .collect();
    Some(table(
        "roles",
        l.roles,
        &[(l.role, 1), (l.description, 3)],
        rows,
    ))
}

fn metrics(doc: &Document<'_>) -> Option<Section> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.metrics.is_empty() {
        return None;
    }
    let rows = sop
        .metrics
        .iter()
        .map(|m| {
            let kind = m.kind.as_ref().map_or("", |k| l.metric_kind_name(k.value));
            vec![
                plain(&m.name.value),
                plain(&m.target.value.to_string()),
                plain(kind),
            ]
        })
        .collect();
    let columns = [(l.metric, 3), (l.target, 1), (l.kind, 1)];
    Some(table("metrics", l.metrics, &columns, rows))
}

fn revisions(doc: &Document<'_>) -> Option<Section> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.revisions.is_empty() {
        return None;
    }
    let text = |v: &Option<Sp<String>>| v.as_ref().map_or_else(Vec::new, |v| plain(&v.value));
    let rows = sop
        .revisions
        .iter()
        .map(|r| {
            let date = r.date.as_ref().map(|d| d.value.0.to_string());
            vec![
                text(&r.version),
                plain(date.as_deref().unwrap_or("")),
                text(&r.author),
                text(&r.summary),
            ]
        })
        .collect();
    let columns = [(l.version, 2), (l.date, 3), (l.author, 3), (l.summary, 8)];
    Some(table("revisions", l.revisions, &columns, rows))
}

fn header(doc: &Document<'_>) -> Header {
    let (sop, l) = (doc.sop, doc.labels);
    Header {
        id: sop.id.as_ref().map(|id| line(&id.value)),
        title: line(&sop.title.value),
        version: sop
            .version
            .as_ref()
            .map(|v| format!("{} {}", l.version, line(&v.value))),
    }
}

/// The document's date: when it takes effect, else its latest revision's,
/// else today.
fn date(doc: &Document<'_>) -> jiff::civil::Date {
    let sop = doc.sop;
    sop.effective
        .as_ref()
        .map(|d| d.value)
        .or_else(|| {
            sop.revisions
                .iter()
                .filter_map(|r| Some(r.date.as_ref()?.value))
                .max()
        })
        .map_or_else(|| jiff::Zoned::now().date(), |d| d.0)
}

/// The ISO 639 code and ISO 3166 region of a BCP 47 tag (`pt-BR` → `pt`,
/// `BR`); English when the tag's language is not a plain code.
fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let lang =
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
            primary
        } else {
            "en".to_owned()
        };
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang, region)
}

/// The lines the header's id and title take beside its version, measured
/// with the flowchart's font (wider than the text's, so never too few).
fn header_lines(header: &Header, paper: super::Paper) -> usize {
    const SIZE: f64 = 8.5;
    let version = header
        .version
        .as_deref()
        .map_or(0.0, |v| font::text_width(v, SIZE) + 1.5 * SIZE);
    let width = (paper.text_width() - version).max(100.0);
    let text = format!("{} — {}", header.id.as_deref().unwrap_or(""), header.title);
    font::wrap(&text, SIZE, width).len().max(1)
}

fn footer(doc: &Document<'_>) -> Footer {
    let (sop, l) = (doc.sop, doc.labels);
    let mut facts = vec![Fact {
        label: l.status.into(),
        value: l.status_name(sop.status()).into(),
    }];
    let mut fact = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            facts.push(Fact {
                label: label.into(),
                value,
            });
        }
    };
    fact(
        l.effective,
        sop.effective.as_ref().map(|d| d.value.0.to_string()),
    );
    fact(l.owner, sop.owner.as_ref().map(|o| line(&o.value)));
    fact(
        l.review_by,
        sop.review_by.as_ref().map(|d| d.value.0.to_string()),
    );
    Footer {
        facts,
        page_of: l.page_of_parts().map(str::to_owned),
    }
}

fn table(
    id: &'static str,
    heading: &str,
    columns: &[(&str, u32)],
    rows: Vec<Vec<Cell>>,
) -> Section {
    Section {
        id,
        heading: heading.into(),
        body: Body::Table {
            columns: columns.iter().map(|(c, _)| (*c).to_owned()).collect(),
            widths: columns.iter().map(|(_, w)| *w).collect(),
            rows,
        },
    }
}

/// One row per approval, or blank Prepared / Reviewed / Approved rows.
fn approvals(doc: &Document<'_>) -> Section {
    let (sop, l) = (doc.sop, doc.labels);
    let rows = if sop.approvals.is_empty() {
        l.sign_off
            .iter()
            .map(|who| [plain(who), Vec::new(), Vec::new()])
            .collect()
    } else {
        sop.approvals
            .iter()
            .map(|a| {
                let date = a.date.as_ref().map(|d| d.value.0.to_string());
                [
                    plain(&a.role.value),
                    plain(&a.name.value),
                    plain(date.as_deref().unwrap_or("")),
                ]
            })
            .collect()
    };
    Section {
        id: "approvals",
        heading: l.approvals.into(),
        body: Body::Approvals {
            columns: [l.role, l.name, l.date, l.signature].map(str::to_owned),
            rows,
        },
    }
}

fn checklist(doc: &Document<'_>) -> Section {
    let l = doc.labels;
    let rows = doc
        .sop
        .instructions
        .iter()
        .enumerate()
        .map(|(i, s)| ChecklistRow {
            number: i + 1,
            text: line(&doc.step_summary(i, 140)),
            // The role's id: short enough for a narrow column, and named
            // in full in the roles table above.
            role: s.role.as_ref().map_or_else(String::new, |r| line(&r.value)),
        })
        .collect();
    Section {
        id: "checklist",
        heading: l.checklist.into(),
        body: Body::Checklist {
            columns: [l.done, &capitalized(l.step), l.role, l.initials, l.time].map(str::to_owned),
            rows,
        },
    }
}

/// "step" → "Step", for a column's heading.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_regions() {
        assert_eq!(language("pt-BR"), ("pt".into(), Some("BR".into())));
        assert_eq!(language("cs"), ("cs".into(), None));
        assert_eq!(language("zh-Hant-TW"), ("zh".into(), Some("TW".into())));
        assert_eq!(language("x-private"), ("en".into(), None));
    }
}
