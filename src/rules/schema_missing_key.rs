//! ## What it does
//! Reports a required key that is absent: one of the five parts every SOP
//! has (`title`, `department`, `purpose`, `terms`, `instructions`), the
//! `text` of a step, or the `name` and `target` of a metric. In a Markdown
//! SOP, a missing section is shown at the title.
//!
//! When a misspelt key (or, in Markdown, a misspelt heading such as
//! `## Purpse`) looks like the missing one, the help names it, and it is
//! reported once more as `schema/unknown-key`; what stands under it is read
//! as what it meant, so no other rule fires on the part that seems missing.
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
