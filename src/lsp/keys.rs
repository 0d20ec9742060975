//! What each key and value of the format means, in a line: the
//! documentation that completion shows beside each key, `status` value and
//! metric `kind` (from SOP-FORMAT.md and SOP-MARKDOWN.md).

/// Top-level keys.
pub(super) const SOP: &[(&str, &str)] = &[
    (
        "title",
        "What the SOP is about, as a reader browsing SOPs sees it. Required.",
    ),
    ("department", "The department the SOP belongs to. Required."),
    (
        "purpose",
        "Why the SOP exists; why the routine matters (Markdown). Required.",
    ),
    (
        "terms",
        "Jargon and acronyms used in the SOP: TERM: definition. Required (may be `{}`).",
    ),
    (
        "instructions",
        "The step-by-step procedure: a list of steps, at least one. Required.",
    ),
    (
        "id",
        "Document number, e.g. `CS-014`; unique across all SOPs checked together.",
    ),
    ("version", "The document's version, e.g. `1.3` or `2.0.1`."),
    (
        "status",
        "Document-control state: draft, review, approved or retired (default draft).",
    ),
    ("owner", "Who maintains the SOP."),
    ("effective", "When the SOP takes effect (YYYY-MM-DD)."),
    (
        "review_by",
        "When the SOP must next be reviewed (YYYY-MM-DD).",
    ),
    (
        "language",
        "BCP 47 tag of the text, e.g. `en`, `pt-BR` (default `en`).",
    ),
    (
        "translation_of",
        "The `id` of the SOP this file translates.",
    ),
    ("scope", "Who and what the SOP covers (Markdown)."),
    ("roles", "Who performs steps: ROLE-ID: description."),
    (
        "metrics",
        "Service targets: a list of `name`, `target` (a duration) and `kind`.",
    ),
    ("references", "Related SOP ids or URLs."),
    (
        "revisions",
        "Change history, newest last: `version`, `date`, `author`, `summary`.",
    ),
    (
        "approvals",
        "Who approved this version: `name`, `role`, `date`; printed in the PDF and DOCX approval block.",
    ),
    ("tags", "Free labels."),
];

/// Step keys.
pub(super) const STEP: &[(&str, &str)] = &[
    (
        "id",
        "The step's id (`[a-z0-9][a-z0-9-]*`); needed only to be a target.",
    ),
    ("text", "What to do (Markdown). Required."),
    ("role", "Who does it: a key of `roles`."),
    (
        "duration",
        "How long the step takes: 30s, 15m, 4h, 2d, 1w, 1h30m.",
    ),
    ("script", "Words to say."),
    ("note", "A note for the reader."),
    ("warning", "A warning for the reader."),
    ("substeps", "A list of Markdown strings."),
    ("next", "Jump to this step id instead of falling through."),
    (
        "branches",
        "Makes the step a decision: label: step id, in order.",
    ),
    ("end", "`end: true` ends the procedure here."),
];

/// Metric keys.
pub(super) const METRIC: &[(&str, &str)] = &[
    (
        "name",
        "What is measured, e.g. First response time. Required.",
    ),
    (
        "target",
        "The target, a duration: 30s, 15m, 4h, 2d, 1w, 1h30m. Required.",
    ),
    (
        "kind",
        "response, turnaround or other; a turnaround is the longest the whole procedure may take.",
    ),
];

/// Revision keys.
pub(super) const REVISION: &[(&str, &str)] = &[
    ("version", "The version this revision made."),
    ("date", "When (YYYY-MM-DD)."),
    ("author", "Who made it."),
    ("summary", "What changed."),
];

/// Approval keys.
pub(super) const APPROVAL: &[(&str, &str)] = &[
    ("name", "Who approved, e.g. Maria Silva. Required."),
    ("role", "In which capacity, e.g. Quality manager. Required."),
    (
        "date",
        "When (YYYY-MM-DD); left blank on paper when not given.",
    ),
];

/// The values of `status`.
pub(super) const STATUS: &[(&str, &str)] = &[
    ("draft", "Being written; the default."),
    ("review", "Written, and waiting for review."),
    ("approved", "Approved: the procedure to follow."),
    ("retired", "No longer in use."),
];

/// The values of a metric's `kind`.
pub(super) const METRIC_KIND: &[(&str, &str)] = &[
    ("response", "How soon the first answer must come."),
    (
        "turnaround",
        "The longest the whole procedure may take: checked against the steps' durations.",
    ),
    ("other", "Any other target."),
];

/// The attributes of a Markdown step, `{#id role=… duration=… next=… end}`.
pub(super) const MARKDOWN_ATTRIBUTES: &[(&str, &str)] = &[
    ("role=", "Who does it: a key of `roles`."),
    (
        "duration=",
        "How long the step takes: 30s, 15m, 4h, 2d, 1w, 1h30m.",
    ),
    ("next=", "Jump to this step id instead of falling through."),
    ("end", "Ends the procedure here."),
];

/// The sections of a Markdown SOP.
pub(super) const MARKDOWN_SECTIONS: &[(&str, &str)] = &[
    (
        "Purpose",
        "Why the SOP exists; why the routine matters. Required.",
    ),
    ("Scope", "Who and what the SOP covers."),
    (
        "Terms",
        "Jargon and acronyms: one `- **TERM**: definition` per item. Required (may be empty).",
    ),
    (
        "Instructions",
        "The steps: one numbered list, one step per item. Required.",
    ),
];

#[cfg(test)]
mod tests {
    use super::{APPROVAL, METRIC, REVISION, SOP, STEP};
    use crate::model::{Approval, Metric, Revision, Sop, Step};

    /// The documented keys match the model's key lists.
    fn covers_the_model() -> bool {
        let same = |docs: &[(&str, &str)], keys: &[&str]| {
            docs.len() == keys.len() && docs.iter().all(|(k, _)| keys.contains(k))
        };
        same(SOP, Sop::KEYS)
            && same(STEP, Step::KEYS)
            && same(METRIC, Metric::KEYS)
            && same(REVISION, Revision::KEYS)
            && same(APPROVAL, Approval::KEYS)
    }

    #[test]
    fn every_key_of_the_model_is_documented() {
        assert!(covers_the_model());
    }
}
