//! The registry of rules: one table mapping each stable rule id to its
//! default severity, one-line summary, documentation and check function.
//!
//! Each rule lives in its own file, whose `//!` documentation (What it does /
//! Why is this bad? / Example) is what `sopkit explain RULE` prints.

mod schema_invalid_value;
mod schema_missing_key;
mod schema_unknown_key;
mod yaml_syntax;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Sop;
use crate::source::SourceFile;

/// Everything a per-file rule may read; built once per file.
pub struct FileContext<'a> {
    pub source: &'a SourceFile,
    pub sop: &'a Sop,
}

/// A per-file check: reads the context and pushes what it finds.
pub type FileCheck = fn(&FileContext<'_>, &mut Vec<Diagnostic>);

/// A rule, by its stable id. The order is the order of [`REGISTRY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    YamlSyntax,
    SchemaMissingKey,
    SchemaUnknownKey,
    SchemaInvalidValue,
}

pub struct RuleInfo {
    pub rule: Rule,
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The rule's source file; its leading `//!` lines are its documentation.
    source: &'static str,
    /// `None` for rules reported while loading or across files.
    pub check: Option<FileCheck>,
}

pub static REGISTRY: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::YamlSyntax,
        id: "yaml/syntax",
        severity: Severity::Error,
        summary: "The file is not valid YAML.",
        source: include_str!("yaml_syntax.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaMissingKey,
        id: "schema/missing-key",
        severity: Severity::Error,
        summary: "A required key (top level or `text` of a step) is absent.",
        source: include_str!("schema_missing_key.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaUnknownKey,
        id: "schema/unknown-key",
        severity: Severity::Error,
        summary: "A key that the format does not define.",
        source: include_str!("schema_unknown_key.rs"),
        check: None,
    },
    RuleInfo {
        rule: Rule::SchemaInvalidValue,
        id: "schema/invalid-value",
        severity: Severity::Error,
        summary: "Wrong type, bad date, duration, id or status, empty instructions, or several of next/branches/end.",
        source: include_str!("schema_invalid_value.rs"),
        check: None,
    },
];

impl Rule {
    pub fn info(self) -> &'static RuleInfo {
        &REGISTRY[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn default_severity(self) -> Severity {
        self.info().severity
    }

    pub fn from_id(id: &str) -> Option<Self> {
        REGISTRY.iter().find(|r| r.id == id).map(|r| r.rule)
    }

    pub fn all() -> impl Iterator<Item = &'static RuleInfo> {
        REGISTRY.iter()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_order_matches_the_enum() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.rule as usize, i, "{} is out of place", info.id);
        }
    }

    #[test]
    fn every_rule_documents_what_why_and_an_example() {
        for info in REGISTRY {
            let doc = info.documentation();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", info.id);
            }
        }
    }
}
