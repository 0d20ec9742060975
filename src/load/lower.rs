//! The YAML node tree → the typed [`Sop`], reporting every `schema/*` problem
//! at its node and building as much of the model as it can.

use std::fmt;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::scalars::{is_language_tag, parse_date, parse_duration, slug};
use crate::load::yaml::{Node, Value};
use crate::model::{
    Date, Duration, KeyedMap, Metric, MetricKind, Revision, Sop, Sp, Status, Step, StepId,
};
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

pub const TOP_KEYS: &[&str] = &[
    "title",
    "department",
    "purpose",
    "terms",
    "instructions",
    "id",
    "version",
    "status",
    "owner",
    "effective",
    "review_by",
    "language",
    "translation_of",
    "scope",
    "roles",
    "metrics",
    "references",
    "revisions",
    "tags",
];
const REQUIRED_TOP_KEYS: &[&str] = &["title", "department", "purpose", "terms", "instructions"];
pub const STEP_KEYS: &[&str] = &[
    "id", "text", "role", "duration", "script", "note", "warning", "substeps", "next", "branches",
    "end",
];
const METRIC_KEYS: &[&str] = &["name", "target", "kind"];
const REVISION_KEYS: &[&str] = &["version", "date", "author", "summary"];

/// "the `text` of step 3", formatted only when a problem is reported: a
/// 100,000-step SOP would otherwise format a million descriptions for nothing.
struct FieldOf<'a>(&'a str, &'a dyn fmt::Display);

impl fmt::Display for FieldOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the `{}` of {}", self.0, self.1)
    }
}

/// "`title`", formatted only when needed.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

/// The entries of a mapping whose keys were checked against the known keys.
struct Fields<'n> {
    span: Span,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, _, v)| *v)
    }
    fn key_node(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, k, _)| *k)
    }
}

pub struct Lower<'a> {
    src: &'a SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Lower<'a> {
    pub fn new(src: &'a SourceFile) -> Self {
        Self {
            src,
            diagnostics: Vec::new(),
        }
    }

    fn report(&mut self, rule: Rule, span: Span, message: String, help: Option<String>) {
        self.diagnostics
            .push(Diagnostic::new(rule, span, message).with_help_opt(help));
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        self.report(Rule::SchemaInvalidValue, span, message, help);
    }

    /// Checks that `node` is a mapping and reports keys outside `known`
    /// (keys starting with `x-` are kept for tools and ignored).
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &dyn fmt::Display,
        known: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(map) = &node.value else {
            self.invalid(
                node.span,
                format!("{what} must be a mapping, found {}", node.type_name()),
                None,
            );
            return None;
        };
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in map {
            let Value::Str(name) = &key.value else {
                let text = key
                    .as_text(self.src)
                    .unwrap_or_else(|| key.type_name().into());
                self.report(
                    Rule::SchemaUnknownKey,
                    key.span,
                    format!("`{text}` is not a key of {what}"),
                    None,
                );
                continue;
            };
            if known.contains(&name.as_str()) {
                entries.push((name.as_str(), key, value));
            } else if !name.starts_with("x-") {
                let help = did_you_mean(name, known.iter().copied()).or_else(|| {
                    Some(format!(
                        "known keys are {}; keys starting with `x-` are ignored",
                        known.join(", ")
                    ))
                });
                self.report(
                    Rule::SchemaUnknownKey,
                    key.span,
                    format!("unknown key `{name}` in {what}"),
                    help,
                );
            }
        }
        Some(Fields {
            span: node.span,
            entries,
        })
    }

    /// A non-empty piece of text; numbers are taken as spelled (`1.10`).
    fn text(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<Sp<String>> {
        match node.as_text(self.src) {
            Some(text) if text.trim().is_empty() => {
                self.invalid(node.span, format!("{what} is empty"), None);
                None
            }
            Some(text) => Some(Sp::new(text, node.span)),
            None => {
                self.invalid(
                    node.span,
                    format!("{what} must be text, found {}", node.type_name()),
                    matches!(node.value, Value::Seq(_) | Value::Map(_))
                        .then(|| "write it as one string; use `|` for several lines".into()),
                );
                None
            }
        }
    }

    fn parsed<T>(
        &mut self,
        node: &Node,
        what: &dyn fmt::Display,
        parse: fn(&str) -> Result<T, String>,
        help: &str,
    ) -> Option<Sp<T>> {
        let text = self.text(node, what)?;
        match parse(&text.value) {
            Ok(v) => Some(Sp::new(v, text.span)),
            Err(why) => {
                self.invalid(node.span, format!("{what}: {why}"), Some(help.into()));
                None
            }
        }
    }

    fn date(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<Sp<Date>> {
        self.parsed(
            node,
            what,
            parse_date,
            "write a date as YYYY-MM-DD, e.g. 2027-03-31",
        )
    }

    fn duration(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<Sp<Duration>> {
        self.parsed(
            node,
            what,
            parse_duration,
            "write a duration like 30s, 15m, 4h, 2d, 1w or 1h30m",
        )
    }

    fn choice<T: Copy>(
        &mut self,
        node: &Node,
        what: &dyn fmt::Display,
        all: &[(&str, T)],
    ) -> Option<Sp<T>> {
        let text = self.text(node, what)?;
        if let Some((_, v)) = all.iter().find(|(n, _)| *n == text.value) {
            return Some(Sp::new(*v, text.span));
        }
        let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        let help = did_you_mean(&text.value, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        self.invalid(
            node.span,
            format!(
                "{what} must be one of {}, found `{}`",
                names.join(", "),
                text.value
            ),
            Some(help),
        );
        None
    }

    fn list<'n>(&mut self, node: &'n Node, what: &dyn fmt::Display) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.invalid(
                    node.span,
                    format!("{what} must be a list, found {}", node.type_name()),
                    Some("start each item on its own line with `- `".into()),
                );
                &[]
            }
        }
    }

    fn text_list(&mut self, node: &Node, what: &dyn fmt::Display) -> Vec<Sp<String>> {
        let items = self.list(node, what);
        items
            .iter()
            .filter_map(|item| self.text(item, what))
            .collect()
    }

    /// A mapping of names to text (terms, roles, branches).
    fn text_map(
        &mut self,
        node: &Node,
        what: &dyn fmt::Display,
        value_what: &dyn fmt::Display,
    ) -> KeyedMap<Sp<String>> {
        let entries = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => return KeyedMap::default(),
            _ => {
                self.invalid(
                    node.span,
                    format!("{what} must be a mapping, found {}", node.type_name()),
                    Some("write one `NAME: text` per line".into()),
                );
                return KeyedMap::default();
            }
        };
        let mut map = KeyedMap::default();
        for (key, value) in entries {
            let Some(name) = self.text(key, &format!("a key of {what}")) else {
                continue;
            };
            let what = format!("{value_what} `{}`", name.value);
            if let Some(value) = self.text(value, &what) {
                map.0.push((name, value));
            }
        }
        map
    }

    fn required<'n>(
        &mut self,
        fields: &Fields<'n>,
        key: &str,
        what: &dyn fmt::Display,
    ) -> Option<&'n Node> {
        let node = fields.get(key);
        if node.is_none() {
            self.diagnostics.push(
                Diagnostic::new(
                    Rule::SchemaMissingKey,
                    fields.span,
                    format!("{what} has no `{key}`"),
                )
                .with_label(format!("`{key}` belongs in this mapping"))
                .with_help(format!("add `{key}:`")),
            );
        }
        node
    }

    /// Lowers a whole document. Returns `None` only when the top level is not
    /// a mapping at all.
    pub fn sop(&mut self, root: &Node) -> Option<Sop> {
        if let Value::Null = root.value {
            self.invalid(
                root.span,
                "the file is empty".into(),
                Some(format!(
                    "an SOP is a mapping with {}",
                    REQUIRED_TOP_KEYS.join(", ")
                )),
            );
            return None;
        }
        let f = self.fields(root, &"the SOP", TOP_KEYS)?;
        for key in REQUIRED_TOP_KEYS {
            self.required(&f, key, &"the SOP");
        }
        let empty = || Sp::new(String::new(), f.span);
        let text = |me: &mut Self, key: &str| f.get(key).and_then(|n| me.text(n, &Quoted(key)));
        let date = |me: &mut Self, key: &str| f.get(key).and_then(|n| me.date(n, &Quoted(key)));
        let title = text(self, "title").unwrap_or_else(empty);
        let department = text(self, "department").unwrap_or_else(empty);
        let purpose = text(self, "purpose").unwrap_or_else(empty);
        let language = text(self, "language");
        if let Some(lang) = &language
            && !is_language_tag(&lang.value)
        {
            self.invalid(
                lang.span,
                format!("`language` must be a BCP 47 tag, found `{}`", lang.value),
                Some("write a tag such as en, pt-BR, it or cs".into()),
            );
        }
        Some(Sop {
            id: text(self, "id"),
            title,
            department,
            version: text(self, "version"),
            status: f
                .get("status")
                .and_then(|n| self.choice(n, &"`status`", &Status::ALL)),
            owner: text(self, "owner"),
            effective: date(self, "effective"),
            review_by: date(self, "review_by"),
            language,
            translation_of: text(self, "translation_of"),
            purpose,
            scope: text(self, "scope"),
            terms: f
                .get("terms")
                .map(|n| self.text_map(n, &"`terms`", &"the definition of"))
                .unwrap_or_default(),
            roles: f
                .get("roles")
                .map(|n| self.text_map(n, &"`roles`", &"the description of role")),
            metrics: f
                .get("metrics")
                .map(|n| self.metrics(n))
                .unwrap_or_default(),
            references: f
                .get("references")
                .map(|n| self.text_list(n, &"a reference"))
                .unwrap_or_default(),
            revisions: f
                .get("revisions")
                .map(|n| self.revisions(n))
                .unwrap_or_default(),
            tags: f
                .get("tags")
                .map(|n| self.text_list(n, &"a tag"))
                .unwrap_or_default(),
            instructions: f
                .get("instructions")
                .map(|n| self.instructions(n))
                .unwrap_or_default(),
            span: f.span,
        })
    }

    fn metrics(&mut self, node: &Node) -> Vec<Metric> {
        let items = self.list(node, &"`metrics`");
        let mut metrics = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, &"a metric", METRIC_KEYS) else {
                continue;
            };
            let name = self
                .required(&f, "name", &"a metric")
                .and_then(|n| self.text(n, &"the metric's `name`"));
            let target = self
                .required(&f, "target", &"a metric")
                .and_then(|n| self.duration(n, &"the metric's `target`"));
            let kind = f
                .get("kind")
                .and_then(|n| self.choice(n, &"the metric's `kind`", &MetricKind::ALL));
            if let (Some(name), Some(target)) = (name, target) {
                metrics.push(Metric {
                    name,
                    target,
                    kind,
                    span: f.span,
                });
            }
        }
        metrics
    }

    fn revisions(&mut self, node: &Node) -> Vec<Revision> {
        let items = self.list(node, &"`revisions`");
        let mut revisions = Vec::new();
        for item in items {
            let Some(f) = self.fields(item, &"a revision", REVISION_KEYS) else {
                continue;
            };
            revisions.push(Revision {
                version: f
                    .get("version")
                    .and_then(|n| self.text(n, &"the revision's `version`")),
                date: f
                    .get("date")
                    .and_then(|n| self.date(n, &"the revision's `date`")),
                author: f
                    .get("author")
                    .and_then(|n| self.text(n, &"the revision's `author`")),
                summary: f
                    .get("summary")
                    .and_then(|n| self.text(n, &"the revision's `summary`")),
            });
        }
        revisions
    }

    fn instructions(&mut self, node: &Node) -> Vec<Step> {
        let items = self.list(node, &"`instructions`");
        if items.is_empty() && !matches!(node.value, Value::Seq(_) | Value::Null) {
            return Vec::new();
        }
        if items.is_empty() {
            self.invalid(
                node.span,
                "`instructions` has no steps".into(),
                Some("add at least one step: `- text: ...`".into()),
            );
        }
        // A step that cannot be read still holds its place, so that step
        // numbers and falling through stay as the writer sees them.
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                self.step(item, i + 1)
                    .unwrap_or_else(|| Step::placeholder(item.span))
            })
            .collect()
    }

    fn step(&mut self, node: &Node, number: usize) -> Option<Step> {
        if let Value::Str(text) = &node.value {
            self.invalid(
                node.span,
                format!("step {number} must be a mapping with `text`, found a string"),
                Some(format!("write `- text: {}`", first_line(text))),
            );
            let mut step = Step::placeholder(node.span);
            step.text = Sp::new(text.clone(), node.span);
            return Some(step);
        }
        let what = format!("step {number}");
        let f = self.fields(node, &what, STEP_KEYS)?;
        let text = self
            .required(&f, "text", &what)
            .and_then(|n| self.text(n, &FieldOf("text", &what)));
        let id = f.get("id").and_then(|n| self.step_id(n));
        let flow_keys: Vec<&str> = ["branches", "next", "end"]
            .into_iter()
            .filter(|k| f.get(k).is_some())
            .collect();
        if flow_keys.len() > 1 {
            let second = f.key_node(flow_keys[1]).map_or(f.span, |k| k.span);
            self.invalid(
                second,
                format!("{what} has both `{}` and `{}`", flow_keys[0], flow_keys[1]),
                Some("a step either branches, jumps with `next`, or ends: keep one".into()),
            );
        }
        let end = f.get("end").and_then(|n| match n.value {
            Value::Bool(b) => Some(Sp::new(b, n.span)),
            _ => {
                self.invalid(
                    n.span,
                    format!("`end` of {what} must be `true`, found {}", n.type_name()),
                    Some("write `end: true`".into()),
                );
                None
            }
        });
        Some(Step {
            id,
            text: text.unwrap_or_else(|| Sp::new(String::new(), f.span)),
            role: f
                .get("role")
                .and_then(|n| self.text(n, &FieldOf("role", &what))),
            duration: f
                .get("duration")
                .and_then(|n| self.duration(n, &FieldOf("duration", &what))),
            script: f
                .get("script")
                .and_then(|n| self.text(n, &FieldOf("script", &what))),
            note: f
                .get("note")
                .and_then(|n| self.text(n, &FieldOf("note", &what))),
            warning: f
                .get("warning")
                .and_then(|n| self.text(n, &FieldOf("warning", &what))),
            substeps: f
                .get("substeps")
                .map(|n| self.text_list(n, &"a substep"))
                .unwrap_or_default(),
            next: f
                .get("next")
                .and_then(|n| self.text(n, &FieldOf("next", &what))),
            branches: f
                .get("branches")
                .map(|n| self.text_map(n, &FieldOf("branches", &what), &"the target of branch")),
            end,
            span: f.span,
        })
    }

    /// A step id. A badly formed id is reported but kept, so that `next` and
    /// branches that name it still resolve and no second error follows.
    fn step_id(&mut self, node: &Node) -> Option<Sp<StepId>> {
        let id = self.text(node, &"a step `id`")?;
        if !StepId::is_valid(&id.value) {
            let suggestion = slug(&id.value);
            self.invalid(
                id.span,
                format!("`{}` is not a valid step id", id.value),
                Some(if suggestion.is_empty() {
                    "a step id is lowercase letters, digits and `-`, e.g. `check-amount`".into()
                } else {
                    format!("a step id is lowercase letters, digits and `-`: try `{suggestion}`")
                }),
            );
        }
        Some(Sp::new(StepId(id.value), id.span))
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(40) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}
