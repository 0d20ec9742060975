//! ## What it does
//! Reports a file that is not valid YAML: a syntax error (a tab used for
//! indentation, an unclosed quote or bracket, a line of a quoted or
//! bracketed value that is not indented past its key), a duplicate key,
//! or a document too deeply nested or with aliases that expand too far (an
//! alias bomb) to be an SOP. (A file that is not UTF-8 text is
//! `io/unreadable`.) The message says what
//! is wrong in plain words and the help what to do.
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
