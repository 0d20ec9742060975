//! A problem found in an SOP file: its rule, severity, place, message and
//! help, and the safe fix when there is one right answer. Every output
//! format (human, short, JSON, SARIF, GitHub) prints these; `check --fix`
//! and the language server apply the fixes ([`crate::fix`]).

use crate::rule::{Rule, Severity};
use crate::source::Span;

/// A secondary place that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One replacement of a byte range of the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A safe fix: edits that leave the file's comments, quoting and layout
/// as they were, and that are attached only where the rule knows the one
/// right answer. All of a fix's edits are applied, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor shows it: "Replace with `refund`".
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one edit.
    pub fn replace(title: impl Into<String>, span: Span, replacement: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// The text under the primary caret; the message when absent.
    pub label: Option<String>,
    pub help: Option<String>,
    pub related: Vec<Label>,
    /// The safe fix, when there is one (boxed: most diagnostics have none,
    /// and a diagnostic travels in `Result`s).
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.default_severity(),
            span,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(crate) fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub(crate) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub(crate) fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    #[must_use]
    pub(crate) fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// "did you mean `x`?" for the known name closest to `got`, when one is close enough.
pub(crate) fn did_you_mean<'a>(
    got: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(got, known).map(|k| format!("did you mean `{k}`?"))
}

/// The known name closest to `got` by Jaro-Winkler similarity, if similar
/// enough. Among equally close names the first one given wins, so the answer
/// never depends on the order of a hash map.
pub(crate) fn closest<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let got_lower = got.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for name in known {
        consider(&got_lower, name, &name.to_lowercase(), &mut best);
    }
    best.map(|(_, name)| name)
}

/// Keeps `name` as the best so far when it is close enough and closer.
fn consider<'a>(got_lower: &str, name: &'a str, lower: &str, best: &mut Option<(f64, &'a str)>) {
    let score = strsim::jaro_winkler(got_lower, lower);
    if score >= 0.8 && best.is_none_or(|(top, _)| score > top) {
        *best = Some((score, name));
    }
}

/// How many names one set of suggestions may compare in all: a quarter
/// of a million comparisons take about 30 ms. An SOP with 500 misspellings
/// among 500 names gets every suggestion; one with 30,000 broken targets
/// among 30,000 steps gets its first few and plain help for the rest,
/// instead of a billion comparisons (issue 23).
pub(crate) const SUGGESTION_BUDGET: usize = 1 << 18;

/// [`closest`] for many misspellings of one set of names: the names are
/// lowercased once, and the comparisons stop at [`SUGGESTION_BUDGET`], so
/// suggesting is linear in the names and the misspellings together.
pub(crate) struct Suggestions<'a> {
    names: Vec<(&'a str, String)>,
    budget: usize,
}

impl<'a> Suggestions<'a> {
    pub(crate) fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            names: names.into_iter().map(|n| (n, n.to_lowercase())).collect(),
            budget: SUGGESTION_BUDGET,
        }
    }

    /// The name closest to `got` (as [`closest`]); `None` also once the
    /// budget is spent.
    pub(crate) fn closest(&mut self, got: &str) -> Option<&'a str> {
        self.budget = self.budget.checked_sub(self.names.len())?;
        let got_lower = got.to_lowercase();
        let mut best = None;
        for (name, lower) in &self.names {
            consider(&got_lower, name, lower, &mut best);
        }
        best.map(|(_, name)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_name() {
        let known = ["title", "purpose", "instructions"];
        assert_eq!(closest("instrucions", known), Some("instructions"));
        assert_eq!(closest("purpse", known), Some("purpose"));
        assert_eq!(closest("zzz", known), None);
    }

    #[test]
    fn ties_go_to_the_first_name() {
        let known = ["checka", "checkb", "checkc", "checkd"];
        assert_eq!(closest("check", known), Some("checka"));
        let reversed = ["checkd", "checkc", "checkb", "checka"];
        assert_eq!(closest("check", reversed), Some("checkd"));
    }

    #[test]
    fn suggestions_agree_with_closest_until_the_budget_is_spent() {
        let names: Vec<String> = (0..1000).map(|i| format!("step-{i}")).collect();
        let mut suggestions = Suggestions::new(names.iter().map(String::as_str));
        assert_eq!(
            suggestions.closest("Step-17"),
            closest("Step-17", names.iter().map(String::as_str))
        );
        assert_eq!(suggestions.closest("step-999x"), Some("step-999"));
        let asked = SUGGESTION_BUDGET / names.len();
        let answered = (0..asked * 2)
            .filter(|_| suggestions.closest("step-5x").is_some())
            .count();
        assert_eq!(answered, asked - 2, "the budget bounds the comparisons");
    }
}
