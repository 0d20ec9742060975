//! The typed SOP model: every key of SOP-FORMAT.md, with the source span of
//! every value kept beside it (and left out of equality and of JSON output).
//!
//! `schemas/sop.schema.json` is generated from these types. The key lists
//! the loader and the configuration read (`Sop::KEYS` …) are tested against
//! that schema below, so the two cannot drift apart.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::source::Span;

mod values;

pub(crate) use values::TextOrNumber;
pub use values::{Date, Duration, KeyedMap, Sp};

/// A step id: `[a-z0-9][a-z0-9-]*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct StepId(pub String);

impl JsonSchema for StepId {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "StepId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" },
                { "type": "integer", "minimum": 0 }
            ]
        })
    }
}

impl StepId {
    pub fn is_valid(id: &str) -> bool {
        let mut chars = id.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Review,
    Approved,
    Retired,
}

impl Status {
    pub const ALL: [(&'static str, Self); 4] = [
        ("draft", Self::Draft),
        ("review", Self::Review),
        ("approved", Self::Approved),
        ("retired", Self::Retired),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("draft", |(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    Response,
    Turnaround,
    Other,
}

impl MetricKind {
    pub const ALL: [(&'static str, Self); 3] = [
        ("response", Self::Response),
        ("turnaround", Self::Turnaround),
        ("other", Self::Other),
    ];
}

/// A service target the SOP documents.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-": {} }))]
pub struct Metric {
    pub name: Sp<String>,
    pub target: Sp<Duration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Sp<MetricKind>>,
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Metric {
    pub(crate) const KEYS: &'static [&'static str] = &["name", "target", "kind"];
    pub const REQUIRED_KEYS: &'static [&'static str] = &["name", "target"];
}

/// One entry of the change history.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-": {} }))]
pub struct Revision {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub version: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Sp<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sp<String>>,
}

impl Revision {
    pub(crate) const KEYS: &'static [&'static str] = &["version", "date", "author", "summary"];
}

/// One signature of the approval block: who approved this version, in
/// which role, and when.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("patternProperties" = { "^x-": {} }))]
pub struct Approval {
    /// Who approved, e.g. `Maria Silva`.
    pub name: Sp<String>,
    /// In which capacity, e.g. `Quality manager`.
    pub role: Sp<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Sp<Date>>,
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Approval {
    pub(crate) const KEYS: &'static [&'static str] = &["name", "role", "date"];
    pub const REQUIRED_KEYS: &'static [&'static str] = &["name", "role"];
}

/// One step of the instructions.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "patternProperties" = { "^x-": {} },
    "not" = { "anyOf": [
        { "required": ["next", "branches"] },
        { "required": ["next", "end"] },
        { "required": ["branches", "end"] }
    ] }
))]
pub struct Step {
    /// Needed only to be the target of `next` or a branch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Sp<StepId>>,
    /// What to do (Markdown).
    pub text: Sp<String>,
    /// Who does it: a key of `roles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub role: Option<Sp<String>>,
    /// How long the step takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<Sp<Duration>>,
    /// Words to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<Sp<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substeps: Vec<Sp<String>>,
    /// Jump to this step instead of falling through.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub next: Option<Sp<String>>,
    /// Makes the step a decision: label → step id, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<KeyedMap<TextOrNumber>>")]
    pub branches: Option<KeyedMap<Sp<String>>>,
    /// `true` ends the procedure here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Sp<bool>>,
    /// Where the step leads was written but could not be read (reported
    /// while loading); the flow rules then make no claims through it.
    #[serde(skip)]
    #[schemars(skip)]
    pub flow_unreadable: bool,
    /// The step's first line.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Step {
    /// Every key of a step, in the order of the reference.
    pub(crate) const KEYS: &'static [&'static str] = &[
        "id", "text", "role", "duration", "script", "note", "warning", "substeps", "next",
        "branches", "end",
    ];
    pub const REQUIRED_KEYS: &'static [&'static str] = &["text"];

    /// A step with nothing but a place, standing for a list item that is not
    /// a step (it is reported when loading).
    pub fn placeholder(span: Span) -> Self {
        Self {
            id: None,
            text: Sp::new(String::new(), span),
            role: None,
            duration: None,
            script: None,
            note: None,
            warning: None,
            substeps: Vec::new(),
            next: None,
            branches: None,
            end: None,
            flow_unreadable: false,
            span,
        }
    }

    pub(crate) fn id_str(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.value.0.as_str())
    }

    pub fn ends(&self) -> bool {
        self.end.as_ref().is_some_and(|e| e.value)
    }
}

/// A standard operating procedure: one `*.sop.yaml` file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "SOP",
    description = "A standard operating procedure (sopkit). Keys starting with `x-` are ignored.",
    extend("patternProperties" = { "^x-": {} })
)]
pub struct Sop {
    /// Document number, e.g. `CS-014`; unique across SOPs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub id: Option<Sp<String>>,
    /// What the SOP is about.
    pub title: Sp<String>,
    /// The department the SOP belongs to.
    pub department: Sp<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub version: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Sp<Status>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Sp<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Sp<Date>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_by: Option<Sp<Date>>,
    /// BCP 47 language tag of the text; default `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("pattern" = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))]
    pub language: Option<Sp<String>>,
    /// The `id` of the SOP this file translates.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TextOrNumber>")]
    pub translation_of: Option<Sp<String>>,
    /// Why the SOP exists (Markdown).
    pub purpose: Sp<String>,
    /// Who and what the SOP covers (Markdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Sp<String>>,
    /// Jargon and acronyms used in the SOP: TERM → definition.
    pub terms: KeyedMap<Sp<String>>,
    /// `terms` was written but could not be read (reported while loading):
    /// the term rules then make no claims.
    #[serde(skip)]
    #[schemars(skip)]
    pub terms_unreadable: bool,
    /// Who performs steps: ROLE-ID → description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<KeyedMap<Sp<String>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<TextOrNumber>")]
    pub references: Vec<Sp<String>>,
    /// Change history, newest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Who approved this version (the controlled document's approval block).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<TextOrNumber>")]
    pub tags: Vec<Sp<String>>,
    /// The step-by-step procedure; at least one step.
    #[schemars(length(min = 1))]
    pub instructions: Vec<Step>,
    /// Where the top-level mapping starts.
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
}

impl Sop {
    /// Every top-level key of the format, in the order of the reference.
    pub(crate) const KEYS: &'static [&'static str] = &[
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
        "approvals",
        "tags",
    ];
    /// The keys every SOP must have.
    pub const REQUIRED_KEYS: &'static [&'static str] =
        &["title", "department", "purpose", "terms", "instructions"];

    /// The language tag, `en` when none is given.
    pub fn language(&self) -> &str {
        self.language.as_ref().map_or("en", |l| l.value.as_str())
    }

    pub fn status(&self) -> Status {
        self.status.as_ref().map(|s| s.value).unwrap_or_default()
    }

    /// Every piece of prose a reader sees, with its span: purpose, scope, step
    /// text, substeps, notes, warnings and scripts.
    pub(crate) fn prose(&self) -> impl Iterator<Item = &Sp<String>> {
        let top = std::iter::once(&self.purpose).chain(self.scope.as_ref());
        let steps = self.instructions.iter().flat_map(|s| {
            std::iter::once(&s.text)
                .chain(s.substeps.iter())
                .chain(s.note.as_ref())
                .chain(s.warning.as_ref())
                .chain(s.script.as_ref())
        });
        top.chain(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_in_the_compact_form() {
        assert_eq!(Duration::from_secs(5400).to_string(), "1h30m");
        assert_eq!(Duration::from_secs(8 * 86_400 + 1).to_string(), "1w1d1s");
        assert_eq!(Duration::from_secs(0).to_string(), "0s");
    }

    #[test]
    fn step_ids() {
        assert!(StepId::is_valid("check-amount"));
        assert!(StepId::is_valid("1st"));
        assert!(!StepId::is_valid("Step One"));
        assert!(!StepId::is_valid("-x"));
        assert!(!StepId::is_valid(""));
    }

    /// The keys the loader knows are exactly the schema's properties.
    fn assert_keys<T: JsonSchema>(keys: &[&str], required: &[&str]) {
        let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema is JSON");
        let properties: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        let mut schema_keys = properties.clone();
        schema_keys.sort_unstable();
        assert_eq!(sorted, schema_keys, "{}", T::schema_name());
        let mut schema_required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(|k| k.as_str()).collect())
            .unwrap_or_default();
        schema_required.sort_unstable();
        let mut required = required.to_vec();
        required.sort_unstable();
        assert_eq!(required, schema_required, "{}", T::schema_name());
    }

    #[test]
    fn key_lists_match_the_schema() {
        assert_keys::<Sop>(Sop::KEYS, Sop::REQUIRED_KEYS);
        assert_keys::<Step>(Step::KEYS, Step::REQUIRED_KEYS);
        assert_keys::<Metric>(Metric::KEYS, Metric::REQUIRED_KEYS);
        assert_keys::<Revision>(Revision::KEYS, &[]);
        assert_keys::<Approval>(Approval::KEYS, Approval::REQUIRED_KEYS);
    }

    #[test]
    fn spans_are_not_part_of_equality() {
        assert_eq!(Sp::new(1, Span::new(0, 1)), Sp::new(1, Span::new(5, 9)));
    }
}
