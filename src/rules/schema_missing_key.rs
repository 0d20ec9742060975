//! ## What it does
//! Reports a required key that is absent: one of the five parts every SOP
//! has (`title`, `department`, `purpose`, `terms`, `instructions`), the
//! `text` of a step, or the `name` and `target` of a metric.
//!
//! ## Why is this bad?
//! A good SOP always says what it is about, which department owns it, why it
//! exists, what its jargon means and what to do. A reader missing one of them
//! is left guessing. `terms` may be empty (`terms: {}`), but must be there, so
//! that leaving it out is a decision and not an oversight.
//!
//! ## Example
//! ```yaml
//! title: Reset a password
//! purpose: Customers regain access safely.
//! terms: {}
//! instructions:
//!   - text: Confirm the customer's identity.
//! ```
//! Add the missing part:
//! ```yaml
//! department: IT Support
//! ```
