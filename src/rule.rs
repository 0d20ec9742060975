//! The one table of rules: each rule's stable id, default severity,
//! one-line summary and documentation, from which the [`Rule`] enum,
//! `sopkit rules`, `sopkit explain`, docs/rules.md (tests/docs.rs) and the
//! SARIF driver all come. This module sits at the bottom of the crate: the
//! loader, diagnostics, configuration and reports name rules through it,
//! while the checks themselves live in [`crate::rules`], one file per rule,
//! whose `//!` documentation is included here.

/// How serious a problem is. `check` exits 1 on errors (and on warnings
/// with `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// Declares [`Rule`] and its table in one place, so that an id, a severity,
/// a summary or a documentation can never be listed for a rule that does
/// not exist, nor a rule exist without them.
macro_rules! declare_rules {
    ($($variant:ident => $id:literal, $severity:ident, $file:ident, $summary:literal;)*) => {
        /// A rule, by its stable id. The order is the order `sopkit rules` lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in listing order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id users write in configuration and suppressions.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            pub(crate) const fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// One line: when the rule reports.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => $summary,)*
                }
            }

            /// The source of the rule's file in `src/rules/`, whose leading
            /// `//!` lines are its documentation.
            const fn source(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!("rules/", stringify!($file), ".rs")),)*
                }
            }
        }
    };
}

declare_rules! {
    IoUnreadable => "io/unreadable", Error, io_unreadable,
        "A file found or named cannot be read as an SOP: not a regular file, too large, not UTF-8.";
    IoLinkOutside => "io/link-outside", Warning, io_link_outside,
        "A symbolic link leads outside the folder being checked, and is not followed.";
    YamlSyntax => "yaml/syntax", Error, yaml_syntax,
        "The file is not valid YAML.";
    SchemaMissingKey => "schema/missing-key", Error, schema_missing_key,
        "A required key (top level or `text` of a step) is absent.";
    SchemaUnknownKey => "schema/unknown-key", Error, schema_unknown_key,
        "A key that the format does not define.";
    SchemaInvalidValue => "schema/invalid-value", Error, schema_invalid_value,
        "Wrong type, bad date, duration, id or status, empty instructions, or several of next/branches/end.";
    MarkdownStructure => "markdown/structure", Error, markdown_structure,
        "A `.sop.md` file does not have the shape of a Markdown SOP.";
    FlowDuplicateStepId => "flow/duplicate-step-id", Error, flow_duplicate_step_id,
        "Two steps share an id.";
    FlowUnknownTarget => "flow/unknown-target", Error, flow_unknown_target,
        "`next` or a branch names a step that does not exist.";
    FlowUnreachableStep => "flow/unreachable-step", Error, flow_unreachable_step,
        "No path from the start reaches the step.";
    FlowNoWayOut => "flow/no-way-out", Error, flow_no_way_out,
        "From the step, no end can be reached (a loop with no exit).";
    FlowSingleBranch => "flow/single-branch", Warning, flow_single_branch,
        "A decision with fewer than two branches.";
    RolesUnknownRole => "roles/unknown-role", Error, roles_unknown_role,
        "A step's `role` is not a key of `roles`.";
    TermsUndefinedAcronym => "terms/undefined-acronym", Warning, terms_undefined_acronym,
        "An acronym appears in the text but is not in `terms`.";
    TermsUnusedTerm => "terms/unused-term", Warning, terms_unused_term,
        "A term is defined but never used in the text.";
    MetricsTurnaroundExceeded => "metrics/turnaround-exceeded", Warning, metrics_turnaround_exceeded,
        "The longest path through the steps exceeds the turnaround target.";
    MetaReviewOverdue => "meta/review-overdue", Warning, meta_review_overdue,
        "`review_by` is before today.";
    MetaDuplicateId => "meta/duplicate-id", Error, meta_duplicate_id,
        "Two SOPs checked together share an `id`.";
    I18nTranslationMismatch => "i18n/translation-mismatch", Error, i18n_translation_mismatch,
        "A translation's step ids, branches or edges differ from its source's.";
    I18nUnknownSource => "i18n/unknown-source", Warning, i18n_unknown_source,
        "`translation_of` names an id that no SOP checked together has.";
    MetaUnknownDepartment => "meta/unknown-department", Error, meta_unknown_department,
        "`department` is not one of the departments in sopkit.toml.";
    MetaMissingRequired => "meta/missing-required", Error, meta_missing_required,
        "An optional key that sopkit.toml requires is absent.";
    MetricsMissingRequired => "metrics/missing-required", Error, metrics_missing_required,
        "A metric kind that sopkit.toml requires is not stated.";
    MetaUnusedSuppression => "meta/unused-suppression", Warning, meta_unused_suppression,
        "A `# sopkit: allow(...)` comment silences nothing.";
    MetaInvalidSuppression => "meta/invalid-suppression", Error, meta_invalid_suppression,
        "A `# sopkit:` comment names an unknown rule or cannot be read.";
}

impl Rule {
    /// The rule with exactly this id.
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The rule a user means: its full id, or the part after the `/` when
    /// only one rule has that name (`no-way-out` → `flow/no-way-out`).
    pub(crate) fn lookup(query: &str) -> Option<Self> {
        let query = query.trim();
        Self::from_id(query).or_else(|| {
            let mut matches = Self::ALL
                .iter()
                .copied()
                .filter(|r| r.id().rsplit('/').next() == Some(query));
            let first = matches.next()?;
            matches.next().is_none().then_some(first)
        })
    }

    /// Every rule id, in listing order, for "did you mean" suggestions.
    pub fn ids() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|r| r.id())
    }

    /// What `sopkit explain RULE` prints: the `//!` lines at the top of
    /// the rule's file.
    pub fn documentation(self) -> String {
        let mut doc = String::new();
        for line in self.source().lines().take_while(|l| l.starts_with("//!")) {
            let line = line.trim_start_matches("//!");
            doc.push_str(line.strip_prefix(' ').unwrap_or(line));
            doc.push('\n');
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(*rule as usize, i);
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
    }

    #[test]
    fn every_rule_documents_what_why_and_an_example() {
        for rule in Rule::ALL {
            let doc = rule.documentation();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", rule.id());
            }
        }
    }

    #[test]
    fn a_rule_is_found_by_its_name_alone() {
        assert_eq!(Rule::lookup("no-way-out"), Some(Rule::FlowNoWayOut));
        assert_eq!(Rule::lookup("flow/no-way-out"), Some(Rule::FlowNoWayOut));
        assert_eq!(Rule::lookup("way-out"), None);
    }
}
