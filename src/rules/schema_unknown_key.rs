//! ## What it does
//! Reports a key that the format does not define, at the SOP's top level, in
//! a step, a metric or a revision, and suggests the closest known key. Keys
//! starting with `x-` are kept for other tools and never reported. In a
//! Markdown SOP, a heading that is no section is reported too.
//!
//! A misspelt key that stands for a required key is also that key's
//! `schema/missing-key`: the one typo is those two problems, no more.
//!
//! ## Why is this bad?
//! A misspelt key is silently ignored by readers: `instrucions` means the SOP
//! has no instructions at all, and `warnig` means a warning nobody sees.
//!
//! ## Example
//! ```yaml
//! instrucions:
//!   - text: Confirm the customer's identity.
//! ```
//! Use the key the format defines:
//! ```yaml
//! instructions:
//!   - text: Confirm the customer's identity.
//! ```
