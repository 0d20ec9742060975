//! The model → a `*.sop.yaml` file: the keys in the order of the reference's
//! example (document control, why and for whom, service targets, the
//! steps, history and labels), block style throughout, `|` for text of
//! several lines, quotes only where YAML needs them ([`yaml_scalar`]).
//!
//! The same writer writes the front matter of a Markdown SOP: every key but
//! the five the Markdown body holds.

use super::yaml_scalar::{self, inline, write_value};
use crate::model::{Approval, KeyedMap, Metric, Revision, Sop, Sp, Step};

/// Which keys of the SOP to write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keys {
    /// The whole SOP: a YAML file.
    All,
    /// All but title, purpose, scope, terms and instructions: the front
    /// matter of a Markdown SOP.
    FrontMatter,
}

/// The SOP as YAML text.
pub fn to_yaml(sop: &Sop) -> String {
    write(sop, Keys::All)
}

pub(super) fn write(sop: &Sop, keys: Keys) -> String {
    let mut w = Writer::default();
    let all = keys == Keys::All;
    w.opt_text("", 0, "id", sop.id.as_ref());
    if all {
        w.text("", 0, "title", &sop.title.value);
    }
    w.text("", 0, "department", &sop.department.value);
    w.opt_text("", 0, "version", sop.version.as_ref());
    if let Some(status) = &sop.status {
        w.text("", 0, "status", status.value.as_str());
    }
    w.opt_text("", 0, "owner", sop.owner.as_ref());
    if let Some(date) = &sop.effective {
        w.text("", 0, "effective", &date.value.0.to_string());
    }
    if let Some(date) = &sop.review_by {
        w.text("", 0, "review_by", &date.value.0.to_string());
    }
    w.opt_text("", 0, "language", sop.language.as_ref());
    w.opt_text("", 0, "translation_of", sop.translation_of.as_ref());
    if all {
        w.text("", 0, "purpose", &sop.purpose.value);
        w.opt_text("", 0, "scope", sop.scope.as_ref());
        w.map("", 0, "terms", &sop.terms);
    }
    if let Some(roles) = &sop.roles {
        w.map("", 0, "roles", roles);
    }
    if !sop.metrics.is_empty() {
        w.line("metrics:");
        for metric in &sop.metrics {
            w.metric(metric);
        }
    }
    if all {
        w.line("instructions:");
        for step in &sop.instructions {
            w.step(step);
        }
    }
    w.list("", 0, "references", &sop.references);
    if !sop.revisions.is_empty() {
        w.line("revisions:");
        for revision in &sop.revisions {
            w.revision(revision);
        }
    }
    if !sop.approvals.is_empty() {
        w.line("approvals:");
        for approval in &sop.approvals {
            w.approval(approval);
        }
    }
    w.list("", 0, "tags", &sop.tags);
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
}

/// The prefixes of the lines of one mapping in a list: `  - ` before the
/// first key, `    ` before the others.
struct Item {
    first: String,
    rest: String,
    used: bool,
    /// The column of the keys.
    indent: usize,
}

impl Item {
    fn new(dash: usize) -> Self {
        Self {
            first: format!("{}- ", " ".repeat(dash)),
            rest: " ".repeat(dash + 2),
            used: false,
            indent: dash + 2,
        }
    }

    fn prefix(&mut self) -> String {
        if std::mem::replace(&mut self.used, true) {
            self.rest.clone()
        } else {
            self.first.clone()
        }
    }
}

impl Writer {
    fn line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    /// `key: value`, the key at column `indent` after `prefix`.
    fn text(&mut self, prefix: &str, indent: usize, key: &str, value: &str) {
        self.out.push_str(prefix);
        self.out.push_str(key);
        self.out.push(':');
        write_value(&mut self.out, value, indent + 2);
    }

    fn opt_text(&mut self, prefix: &str, indent: usize, key: &str, value: Option<&Sp<String>>) {
        if let Some(value) = value {
            self.text(prefix, indent, key, &value.value);
        }
    }

    /// A mapping of names to text (terms, roles, branches); `{}` when empty.
    fn map(&mut self, prefix: &str, indent: usize, key: &str, map: &KeyedMap<Sp<String>>) {
        if map.is_empty() {
            self.line(&format!("{prefix}{key}: {{}}"));
            return;
        }
        self.line(&format!("{prefix}{key}:"));
        let inner = " ".repeat(indent + 2);
        for (name, value) in map.iter() {
            if yaml_scalar::needs_explicit_key(&name.value) {
                self.line(&format!("{inner}? {}", inline(&name.value)));
                self.out.push_str(&inner);
                self.out.push(':');
                write_value(&mut self.out, &value.value, indent + 4);
            } else {
                self.text(&inner, indent + 2, &inline(&name.value), &value.value);
            }
        }
    }

    /// A list of text under `key`; nothing when empty.
    fn list(&mut self, prefix: &str, indent: usize, key: &str, items: &[Sp<String>]) {
        if items.is_empty() {
            return;
        }
        self.line(&format!("{prefix}{key}:"));
        let dash = " ".repeat(indent + 2);
        for item in items {
            self.out.push_str(&dash);
            self.out.push('-');
            write_value(&mut self.out, &item.value, indent + 4);
        }
    }

    fn metric(&mut self, metric: &Metric) {
        let mut item = Item::new(2);
        self.text(&item.prefix(), item.indent, "name", &metric.name.value);
        let target = metric.target.value.to_string();
        self.text(&item.prefix(), item.indent, "target", &target);
        if let Some(kind) = &metric.kind {
            let name = crate::model::MetricKind::ALL
                .iter()
                .find(|(_, k)| *k == kind.value)
                .map_or("other", |(n, _)| n);
            self.text(&item.prefix(), item.indent, "kind", name);
        }
    }

    fn revision(&mut self, revision: &Revision) {
        let mut item = Item::new(2);
        let date = revision.date.as_ref().map(|d| d.value.0.to_string());
        let fields = [
            (
                "version",
                revision.version.as_ref().map(|v| v.value.as_str()),
            ),
            ("date", date.as_deref()),
            ("author", revision.author.as_ref().map(|v| v.value.as_str())),
            (
                "summary",
                revision.summary.as_ref().map(|v| v.value.as_str()),
            ),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                self.text(&item.prefix(), item.indent, key, value);
            }
        }
        if !item.used {
            self.line("  - {}");
        }
    }

    fn approval(&mut self, approval: &Approval) {
        let mut item = Item::new(2);
        self.text(&item.prefix(), item.indent, "name", &approval.name.value);
        self.text(&item.prefix(), item.indent, "role", &approval.role.value);
        if let Some(date) = &approval.date {
            let date = date.value.0.to_string();
            self.text(&item.prefix(), item.indent, "date", &date);
        }
    }

    fn step(&mut self, step: &Step) {
        let mut item = Item::new(2);
        let at = item.indent;
        fn text(v: &Option<Sp<String>>) -> Option<&str> {
            v.as_ref().map(|v| v.value.as_str())
        }
        let duration = step.duration.as_ref().map(|d| d.value.to_string());
        let fields = [
            ("id", step.id.as_ref().map(|id| id.value.0.as_str())),
            ("text", Some(step.text.value.as_str())),
            ("role", text(&step.role)),
            ("duration", duration.as_deref()),
            ("script", text(&step.script)),
            ("note", text(&step.note)),
            ("warning", text(&step.warning)),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                self.text(&item.prefix(), at, key, value);
            }
        }
        if !step.substeps.is_empty() {
            self.list(&item.prefix(), at, "substeps", &step.substeps);
        }
        if let Some(next) = &step.next {
            self.text(&item.prefix(), at, "next", &next.value);
        }
        if let Some(branches) = &step.branches {
            self.map(&item.prefix(), at, "branches", branches);
        }
        if let Some(end) = &step.end {
            let value = if end.value { "true" } else { "false" };
            self.line(&format!("{}end: {value}", item.prefix()));
        }
    }
}
