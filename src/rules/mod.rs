//! The checks: one file per rule, whose `//!` documentation (What it does /
//! Why is this bad? / Example) is what `sopkit explain RULE` prints. The
//! rules' ids, severities, summaries and documentation are one table in
//! [`crate::rule`]; this module runs the checks.

mod flow_duplicate_step_id;
mod flow_no_way_out;
mod flow_single_branch;
mod flow_unknown_target;
mod flow_unreachable_step;
mod i18n_translation_mismatch;
mod i18n_unknown_source;
mod io_link_outside;
mod io_unreadable;
mod markdown_structure;
mod meta_duplicate_id;
mod meta_invalid_suppression;
mod meta_missing_required;
mod meta_review_overdue;
mod meta_unknown_department;
mod meta_unused_suppression;
mod metrics_missing_required;
mod metrics_turnaround_exceeded;
mod roles_unknown_role;
mod schema_invalid_value;
mod schema_missing_key;
mod schema_unknown_key;
mod terms_undefined_acronym;
mod terms_unused_term;
mod yaml_syntax;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::flow::Flow;
use crate::format::SourceFormat;
use crate::load::LoadedFile;
use crate::model::{Sop, Step};
use crate::prose::ProseIndex;
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

/// Settings the rules read that are the same for every file of a run.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    /// The date `meta/review-overdue` compares with.
    pub today: jiff::civil::Date,
    /// Load the files and run no rule (the benchmarks' measure of reading
    /// alone; `check --parse-only`, hidden).
    pub parse_only: bool,
    /// Follow symbolic links out of the folders searched, and into linked
    /// folders (`--follow-links`); else such a link is `io/link-outside`.
    pub follow_links: bool,
}

impl RuleOptions {
    /// Options that compare dates with `today`.
    pub fn on(today: jiff::civil::Date) -> Self {
        Self {
            today,
            parse_only: false,
            follow_links: false,
        }
    }
}

impl Default for RuleOptions {
    fn default() -> Self {
        Self::on(jiff::Zoned::now().date())
    }
}

/// Everything a per-file rule may read; built once per file.
pub(crate) struct FileContext<'a> {
    pub(crate) source: &'a SourceFile,
    pub(crate) sop: &'a Sop,
    pub(crate) flow: &'a Flow,
    pub(crate) prose: &'a ProseIndex,
    pub(crate) options: &'a RuleOptions,
    /// The `sopkit.toml` that applies to this file.
    pub(crate) config: &'a Config,
}

impl FileContext<'_> {
    /// The form the SOP is written in: a help that shows what to write
    /// shows it in the file's own form.
    pub(crate) fn format(&self) -> SourceFormat {
        SourceFormat::of(self.source.path())
    }
}

/// Where a diagnostic about a whole step points: its id, else its first key.
pub(crate) fn step_span(step: &Step) -> Span {
    step.id.as_ref().map_or(step.span, |id| id.span)
}

/// How messages name a step: `` `check-amount` ``, or `3 ("Pack the items.")`.
pub(crate) fn step_name(sop: &Sop, i: usize) -> String {
    let step = &sop.instructions[i];
    if let Some(id) = step.id_str() {
        return format!("`{id}`");
    }
    let text = step.text.value.lines().next().unwrap_or("").trim();
    if text.is_empty() {
        return format!("{}", i + 1);
    }
    let short: String = text.chars().take(40).collect();
    let dots = if short.len() < text.len() { "…" } else { "" };
    format!("{} (\"{short}{dots}\")", i + 1)
}

/// A per-file check: reads the context and pushes what it finds.
type FileCheck = fn(&FileContext<'_>, &mut Vec<Diagnostic>);

/// The rules that look at one file, in the order of the rule table
/// ([`crate::rule`]); the others are reported while loading
/// (`yaml/syntax`, `schema/*`, `markdown/structure`), by
/// [`crate::suppress`] (`meta/*-suppression`) or across files
/// ([`check_across`]).
const FILE_CHECKS: [FileCheck; 13] = [
    flow_duplicate_step_id::check,
    flow_unknown_target::check,
    flow_unreachable_step::check,
    flow_no_way_out::check,
    flow_single_branch::check,
    roles_unknown_role::check,
    terms_undefined_acronym::check,
    terms_unused_term::check,
    metrics_turnaround_exceeded::check,
    meta_review_overdue::check,
    meta_unknown_department::check,
    meta_missing_required::check,
    metrics_missing_required::check,
];

/// Runs every per-file rule on one loaded SOP.
pub(crate) fn check_file(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for check in FILE_CHECKS {
        check(ctx, out);
    }
}

/// Runs the rules that compare files of one `check` call with each other.
pub fn check_across(files: &mut [LoadedFile]) {
    meta_duplicate_id::check_all(files);
    i18n_translation_mismatch::check_all(files);
    i18n_unknown_source::check_all(files);
}
