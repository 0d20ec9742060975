//! One step of the controlled document's instructions: its text, facts,
//! call-outs and where it leads.

use super::prose::blocks;
use super::{Fact, Labelled, Lead, StepItem, line, plain};
use crate::flow::EdgeKind;
use crate::model::Sp;
use crate::render::Document;

/// How long a step's text may be where another step points at it.
const SUMMARY_CHARS: usize = 60;

/// "step 6: Issue a credit for the disputed amount …".
fn target(doc: &Document<'_>, to: usize) -> String {
    format!(
        "{} {}: {}",
        doc.labels.step,
        to + 1,
        line(&doc.step_summary(to, SUMMARY_CHARS))
    )
}

pub(super) fn step(doc: &Document<'_>, i: usize) -> StepItem {
    let (s, l) = (&doc.sop.instructions[i], doc.labels);
    let mut facts = Vec::new();
    if let Some(role) = &s.role {
        facts.push(Fact {
            label: l.role.into(),
            value: line(doc.role_name(&role.value)),
        });
    }
    if let Some(d) = &s.duration {
        facts.push(Fact {
            label: l.duration.into(),
            value: d.value.to_string(),
        });
    }
    let callout = |label: &str, text: &Option<Sp<String>>| {
        text.as_ref().map(|t| Labelled {
            label: label.into(),
            c: blocks(&t.value),
        })
    };
    let successors = doc.flow.successors(i);
    let mut leads = Vec::new();
    let mut ends = None;
    if let Some(branches) = s.branches.as_ref().filter(|b| !b.is_empty()) {
        for ((label, _), (to, _)) in branches.iter().zip(&successors) {
            leads.push(Lead {
                label: line(&label.value),
                to: target(doc, *to),
            });
        }
    } else if doc.flow.is_end(i) {
        ends = Some(l.ends.to_owned());
    } else if let Some((to, EdgeKind::Next)) = successors.first() {
        leads.push(Lead {
            label: l.go_to.into(),
            to: target(doc, *to),
        });
    }
    StepItem {
        number: i + 1,
        decision: Document::is_decision(s),
        text: blocks(&s.text.value),
        facts,
        substeps: s.substeps.iter().map(|sub| blocks(&sub.value)).collect(),
        script: s.script.as_ref().map(|script| Labelled {
            label: l.say.into(),
            c: plain(&script.value),
        }),
        warning: callout(l.warning, &s.warning),
        note: callout(l.note, &s.note),
        leads,
        ends,
    }
}
