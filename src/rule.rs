//! Rule identity: each rule's stable id, default severity and one-line
//! summary, and the two severities. This module sits at the bottom of the
//! crate: the loader, diagnostics, configuration and reports name rules
//! through it, while the checks themselves live in [`crate::rules`].

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

/// Declares [`Rule`] and its table in one place, so that an id, a severity
/// and a summary can never be listed for a rule that does not exist.
macro_rules! declare_rules {
    ($($variant:ident => $id:literal, $severity:ident, $summary:literal;)*) => {
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

            pub const fn default_severity(self) -> Severity {
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
        }
    };
}

declare_rules! {
    IoUnreadable => "io/unreadable", Error,
        "A file found or named cannot be read as an SOP: not a regular file, too large, not UTF-8.";
    IoLinkOutside => "io/link-outside", Warning,
        "A symbolic link leads outside the folder being checked, and is not followed.";
    YamlSyntax => "yaml/syntax", Error,
        "The file is not valid YAML.";
    SchemaMissingKey => "schema/missing-key", Error,
        "A required key (top level or `text` of a step) is absent.";
    SchemaUnknownKey => "schema/unknown-key", Error,
        "A key that the format does not define.";
    SchemaInvalidValue => "schema/invalid-value", Error,
        "Wrong type, bad date, duration, id or status, empty instructions, or several of next/branches/end.";
    MarkdownStructure => "markdown/structure", Error,
        "A `.sop.md` file does not have the shape of a Markdown SOP.";
    FlowDuplicateStepId => "flow/duplicate-step-id", Error,
        "Two steps share an id.";
    FlowUnknownTarget => "flow/unknown-target", Error,
        "`next` or a branch names a step that does not exist.";
    FlowUnreachableStep => "flow/unreachable-step", Error,
        "No path from the start reaches the step.";
    FlowNoWayOut => "flow/no-way-out", Error,
        "From the step, no end can be reached (a loop with no exit).";
    FlowSingleBranch => "flow/single-branch", Warning,
        "A decision with fewer than two branches.";
    RolesUnknownRole => "roles/unknown-role", Error,
        "A step's `role` is not a key of `roles`.";
    TermsUndefinedAcronym => "terms/undefined-acronym", Warning,
        "An acronym appears in the text but is not in `terms`.";
    TermsUnusedTerm => "terms/unused-term", Warning,
        "A term is defined but never used in the text.";
    MetricsTurnaroundExceeded => "metrics/turnaround-exceeded", Warning,
        "The longest path through the steps exceeds the turnaround target.";
    MetaReviewOverdue => "meta/review-overdue", Warning,
        "`review_by` is before today.";
    MetaDuplicateId => "meta/duplicate-id", Error,
        "Two SOPs checked together share an `id`.";
    I18nTranslationMismatch => "i18n/translation-mismatch", Error,
        "A translation's step ids, branches or edges differ from its source's.";
    I18nUnknownSource => "i18n/unknown-source", Warning,
        "`translation_of` names an id that no SOP checked together has.";
    MetaUnknownDepartment => "meta/unknown-department", Error,
        "`department` is not one of the departments in sopkit.toml.";
    MetaMissingRequired => "meta/missing-required", Error,
        "An optional key that sopkit.toml requires is absent.";
    MetricsMissingRequired => "metrics/missing-required", Error,
        "A metric kind that sopkit.toml requires is not stated.";
    MetaUnusedSuppression => "meta/unused-suppression", Warning,
        "A `# sopkit: allow(...)` comment silences nothing.";
    MetaInvalidSuppression => "meta/invalid-suppression", Error,
        "A `# sopkit:` comment names an unknown rule or cannot be read.";
}

impl Rule {
    /// The rule with exactly this id.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The rule a user means: its full id, or the part after the `/` when
    /// only one rule has that name (`no-way-out` → `flow/no-way-out`).
    pub fn lookup(query: &str) -> Option<Self> {
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
    fn a_rule_is_found_by_its_name_alone() {
        assert_eq!(Rule::lookup("no-way-out"), Some(Rule::FlowNoWayOut));
        assert_eq!(Rule::lookup("flow/no-way-out"), Some(Rule::FlowNoWayOut));
        assert_eq!(Rule::lookup("way-out"), None);
    }
}
