//! ## What it does
//! Compares a translation (a file with `translation_of: ID`) with the SOP
//! whose `id` is ID: both must have the same step ids, the same number of
//! branches per step, and the same edges. Branch labels and all text are
//! translated, so they may differ. Steps without an id are compared by
//! position.
//!
//! ## Why is this bad?
//! A translation that has drifted tells readers in one language to do
//! something else than readers in another: a step added to the source and
//! not to the translation, or a decision that leads elsewhere.
//!
//! ## Example
//! The source's decision is `check-amount` with `"yes": escalate` and
//! `"no": refund`; the translation has lost a branch:
//! ```yaml
//!   - id: check-amount
//!     text: O valor contestado é superior a 500 EUR?
//!     branches:
//!       "sim": escalate
//! ```
//! Translate every branch, keeping the step ids and targets of the source;
//! only the labels and the text change:
//! ```yaml
//!     branches:
//!       "sim": escalate
//!       "não": refund
//! ```

use std::collections::{BTreeSet, HashMap};

use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::load::LoadedFile;
use crate::model::Sop;

/// A step's name for comparison: its id, or `#N` for the N-th step.
fn key(sop: &Sop, i: usize) -> String {
    sop.instructions[i]
        .id_str()
        .map_or_else(|| format!("#{}", i + 1), str::to_owned)
}

/// Where a step leads, by key; `(end)` when it ends the procedure.
fn leads_to(sop: &Sop, flow: &Flow, i: usize) -> Vec<String> {
    let mut to: Vec<String> = flow
        .successors(i)
        .iter()
        .map(|&(t, _)| key(sop, t))
        .collect();
    if flow.is_end(i) {
        to.push("the end".into());
    }
    to.sort();
    to
}

fn listing(keys: &[String]) -> String {
    keys.iter()
        .map(|k| {
            if k == "the end" {
                k.clone()
            } else {
                format!("`{k}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn check_all(files: &mut [LoadedFile]) {
    let source_of: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .filter_map(|(f, file)| Some((file.sop.as_ref()?.id.as_ref()?.value.clone(), f)))
        .rev() // the first file with an id wins
        .collect();
    for t in 0..files.len() {
        let Some(of) = files[t]
            .sop
            .as_ref()
            .and_then(|s| s.translation_of.as_ref())
        else {
            continue;
        };
        let Some(&s) = source_of.get(&of.value) else {
            continue;
        };
        if s == t {
            continue;
        }
        let found = compare(&files[s], &files[t]);
        files[t].diagnostics.extend(found);
    }
}

fn compare(source: &LoadedFile, translation: &LoadedFile) -> Vec<Diagnostic> {
    let (Some(src), Some(src_flow), Some(tr), Some(tr_flow)) = (
        source.sop.as_ref(),
        source.flow.as_ref(),
        translation.sop.as_ref(),
        translation.flow.as_ref(),
    ) else {
        return Vec::new();
    };
    let Some(of) = &tr.translation_of else {
        return Vec::new();
    };
    let name = source.source.name();
    let src_keys: HashMap<String, usize> = (0..src.instructions.len())
        .map(|i| (key(src, i), i))
        .collect();
    let tr_keys: BTreeSet<String> = (0..tr.instructions.len()).map(|i| key(tr, i)).collect();
    let mut out = Vec::new();
    let mismatch = |span, message: String| {
        Diagnostic::new(Rule::I18nTranslationMismatch, span, message).with_help(format!(
            "make the steps and their flow match {name}; translate only the text and labels"
        ))
    };
    let mut missing: Vec<&String> = src_keys.keys().filter(|k| !tr_keys.contains(*k)).collect();
    missing.sort_by_key(|k| src_keys[*k]);
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        out.push(mismatch(
            of.span,
            format!("the translation lacks step {} of {name}", list.join(", ")),
        ));
    }
    for (i, step) in tr.instructions.iter().enumerate() {
        let k = key(tr, i);
        let span = super::step_span(step);
        let Some(&j) = src_keys.get(&k) else {
            out.push(mismatch(
                span,
                format!("step `{k}` is not in the source {name}"),
            ));
            continue;
        };
        let branch_count =
            |s: &Sop, i: usize| s.instructions[i].branches.as_ref().map_or(0, |b| b.len());
        let (here, there) = (branch_count(tr, i), branch_count(src, j));
        if here != there {
            out.push(mismatch(
                span,
                format!(
                    "step `{k}` has {here} branch{} here but {there} in {name}",
                    if here == 1 { "" } else { "es" }
                ),
            ));
            continue;
        }
        let (here, there) = (leads_to(tr, tr_flow, i), leads_to(src, src_flow, j));
        if here != there {
            out.push(mismatch(
                span,
                format!(
                    "step `{k}` leads to {} here but to {} in {name}",
                    listing(&here),
                    listing(&there)
                ),
            ));
        }
    }
    out
}
