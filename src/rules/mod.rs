//! The registry of rules: one table mapping each stable rule id to its
//! default severity, one-line summary, documentation and check function.
//!
//! Each rule lives in its own file, whose `//!` documentation (What it does /
//! Why is this bad? / Example) is what `sopkit explain RULE` prints.

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
pub struct FileContext<'a> {
    pub source: &'a SourceFile,
    pub sop: &'a Sop,
    pub flow: &'a Flow,
    pub prose: &'a ProseIndex,
    pub options: &'a RuleOptions,
    /// The `sopkit.toml` that applies to this file.
    pub config: &'a Config,
}

impl FileContext<'_> {
    /// Whether the SOP is written in Markdown: a help that shows what to
    /// write shows it in the file's own form.
    pub fn is_markdown(&self) -> bool {
        crate::load::is_markdown(self.source.path())
    }
}

/// Where a diagnostic about a whole step points: its id, else its first key.
pub fn step_span(step: &Step) -> Span {
    step.id.as_ref().map_or(step.span, |id| id.span)
}

/// How messages name a step: `` `check-amount` ``, or `3 ("Pack the items.")`.
pub fn step_name(sop: &Sop, i: usize) -> String {
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
pub type FileCheck = fn(&FileContext<'_>, &mut Vec<Diagnostic>);

/// A rule's documentation and check. Its identity (id, severity, summary)
/// is in [`crate::rule`].
pub struct RuleInfo {
    pub rule: Rule,
    /// The rule's source file; its leading `//!` lines are its documentation.
    source: &'static str,
    /// `None` for rules reported while loading or across files.
    pub check: Option<FileCheck>,
}

pub static REGISTRY: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::IoUnreadable,
        source: include_str!("io_unreadable.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::IoLinkOutside,
        source: include_str!("io_link_outside.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::YamlSyntax,
        source: include_str!("yaml_syntax.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaMissingKey,
        source: include_str!("schema_missing_key.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaUnknownKey,
        source: include_str!("schema_unknown_key.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaInvalidValue,
        source: include_str!("schema_invalid_value.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::MarkdownStructure,
        source: include_str!("markdown_structure.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::FlowDuplicateStepId,
        source: include_str!("flow_duplicate_step_id.rs"),
        check: Some(flow_duplicate_step_id::check),
    },
    RuleInfo {
        rule: Rule::FlowUnknownTarget,
        source: include_str!("flow_unknown_target.rs"),
        check: Some(flow_unknown_target::check),
    },
    RuleInfo {
        rule: Rule::FlowUnreachableStep,
        source: include_str!("flow_unreachable_step.rs"),
        check: Some(flow_unreachable_step::check),
    },
    RuleInfo {
        rule: Rule::FlowNoWayOut,
        source: include_str!("flow_no_way_out.rs"),
        check: Some(flow_no_way_out::check),
    },
    RuleInfo {
        rule: Rule::FlowSingleBranch,
        source: include_str!("flow_single_branch.rs"),
        check: Some(flow_single_branch::check),
    },
    RuleInfo {
        rule: Rule::RolesUnknownRole,
        source: include_str!("roles_unknown_role.rs"),
        check: Some(roles_unknown_role::check),
    },
    RuleInfo {
        rule: Rule::TermsUndefinedAcronym,
        source: include_str!("terms_undefined_acronym.rs"),
        check: Some(terms_undefined_acronym::check),
    },
    RuleInfo {
        rule: Rule::TermsUnusedTerm,
        source: include_str!("terms_unused_term.rs"),
        check: Some(terms_unused_term::check),
    },
    RuleInfo {
        rule: Rule::MetricsTurnaroundExceeded,
        source: include_str!("metrics_turnaround_exceeded.rs"),
        check: Some(metrics_turnaround_exceeded::check),
    },
    RuleInfo {
        rule: Rule::MetaReviewOverdue,
        source: include_str!("meta_review_overdue.rs"),
        check: Some(meta_review_overdue::check),
    },
    RuleInfo {
        rule: Rule::MetaDuplicateId,
        source: include_str!("meta_duplicate_id.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::I18nTranslationMismatch,
        source: include_str!("i18n_translation_mismatch.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::I18nUnknownSource,
        source: include_str!("i18n_unknown_source.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::MetaUnknownDepartment,
        source: include_str!("meta_unknown_department.rs"),
        check: Some(meta_unknown_department::check),
    },
    RuleInfo {
        rule: Rule::MetaMissingRequired,
        source: include_str!("meta_missing_required.rs"),
        check: Some(meta_missing_required::check),
    },
    RuleInfo {
        rule: Rule::MetricsMissingRequired,
        source: include_str!("metrics_missing_required.rs"),
        check: Some(metrics_missing_required::check),
    },
    RuleInfo {
        rule: Rule::MetaUnusedSuppression,
        source: include_str!("meta_unused_suppression.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::MetaInvalidSuppression,
        source: include_str!("meta_invalid_suppression.rs"),
        check: None,
    },
];

/// The documentation and check of a rule.
pub fn info(rule: Rule) -> &'static RuleInfo {
    &REGISTRY[rule as usize]
}

/// What `sopkit explain RULE` prints: the `//!` lines at the top of the rule's file.
pub fn documentation(rule: Rule) -> String {
    info(rule).documentation()
}

impl RuleInfo {
    /// The rule's documentation: the `//!` lines at the top of its file.
    pub fn documentation(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines().take_while(|l| l.starts_with("//!")) {
            let line = line.trim_start_matches("//!");
            doc.push_str(line.strip_prefix(' ').unwrap_or(line));
            doc.push('\n');
        }
        doc
    }
}

/// Runs every per-file rule on one loaded SOP.
pub fn check_file(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    for rule in REGISTRY {
        if let Some(check) = rule.check {
            check(ctx, out);
        }
    }
}

/// Runs the rules that compare files of one `check` call with each other.
pub fn check_across(files: &mut [LoadedFile]) {
    meta_duplicate_id::check_all(files);
    i18n_translation_mismatch::check_all(files);
    i18n_unknown_source::check_all(files);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_order_matches_the_enum() {
        assert_eq!(REGISTRY.len(), Rule::ALL.len());
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.rule as usize, i, "{} is out of place", info.rule.id());
        }
    }

    #[test]
    fn every_rule_documents_what_why_and_an_example() {
        for info in REGISTRY {
            let doc = info.documentation();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", info.rule.id());
            }
        }
    }
}
