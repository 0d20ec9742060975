//! ## What it does
//! Reports a file that is not valid YAML: a syntax error, a duplicate key,
//! more than one document, text that is not UTF-8, or a document that is too
//! large or too deeply nested (such as an alias bomb) to be an SOP.
//!
//! ## Why is this bad?
//! Nothing else can be checked in a file that cannot be read. Editors and
//! other YAML tools would read the file differently or not at all.
//!
//! ## Example
//! ```yaml
//! title: Reset a password
//! purpose: [Customers regain access
//! ```
//! The flow sequence is never closed. Close it, or write the text plainly:
//! ```yaml
//! purpose: Customers regain access.
//! ```
//!
//! Reported by the loader (`src/load/`), at the place the YAML parser stopped.
