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
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix.map(Box::new);
        self
    }

    #[must_use]
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// "did you mean `x`?" for the known name closest to `got`, when one is close enough.
pub fn did_you_mean<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(got, known).map(|k| format!("did you mean `{k}`?"))
}

/// The known name closest to `got` by Jaro-Winkler similarity, if similar
/// enough. Among equally close names the first one given wins, so the answer
/// never depends on the order of a hash map.
pub fn closest<'a>(got: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let got_lower = got.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for name in known {
        let score = strsim::jaro_winkler(&got_lower, &name.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, name));
        }
    }
    best.map(|(_, name)| name)
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
}
