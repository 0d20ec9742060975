//! ## What it does
//! Reports a value of the wrong kind: text where a list or a mapping is
//! needed (or the reverse), a number or a boolean where prose is needed,
//! empty text, a date that is not a real `YYYY-MM-DD` date, a duration that
//! is not like `15m` or `1h30m`, a step id that is not lowercase letters,
//! digits and `-`, an unknown `status` or metric `kind`, a `language` that
//! is not a BCP 47 tag, an `end` that is not `true` or `false`, an empty
//! file, an empty `instructions` list, a step with more than one of
//! `next`, `branches` and `end: true`, or a file that holds more than one
//! YAML document (one file holds one SOP).
//!
//! ## Why is this bad?
//! Tools that read the SOP (the flowchart, review reminders, metrics) cannot
//! use a value they do not understand, and a reader cannot either: "review
//! by next spring" is never overdue.
//!
//! ## Example
//! ```yaml
//! review_by: next spring
//! instructions:
//!   - id: Step One
//!     text: A step with a bad id.
//! ```
//! Write a real date and a valid id:
//! ```yaml
//! review_by: 2027-03-31
//! instructions:
//!   - id: step-one
//!     text: A step with a good id.
//! ```
