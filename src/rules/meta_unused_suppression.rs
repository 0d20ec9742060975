//! ## What it does
//! Reports a suppression comment (`# sopkit: allow(RULE)` or
//! `# sopkit: allow-file(RULE)`) that silences nothing: the rule it names
//! reports nothing on that line (or the line below it), or in that file.
//!
//! ## Why is this bad?
//! A stale suppression hides the next real problem of that kind at that
//! place, and tells readers that something is wrong where nothing is.
//!
//! ## Example
//! ```yaml
//! # sopkit: allow(terms/undefined-acronym)
//! purpose: Customers get their money back.
//! ```
//! The purpose has no acronym any more: remove the comment.
