//! ## What it does
//! Reports a suppression comment that sopkit cannot read: a rule id that
//! does not exist (naming the closest rule), or a comment that starts with
//! `sopkit:` but is not `allow(RULE, …)` or `allow-file(RULE, …)`.
//!
//! ## Why is this bad?
//! A suppression with a misspelt rule silences nothing, so the problem it
//! was meant to accept is still reported, or worse, was meant to be
//! accepted knowingly and now fails CI with no hint why.
//!
//! ## Example
//! ```yaml
//! review_by: 2025-12-31  # sopkit: allow(meta/review-overdu)
//! ```
//! Name the rule exactly:
//! ```yaml
//! review_by: 2025-12-31  # sopkit: allow(meta/review-overdue)
//! ```
