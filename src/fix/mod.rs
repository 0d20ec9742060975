//! Safe fixes: the one engine that `sopkit check --fix`, `--diff` and the
//! language server's quick fixes share.
//!
//! A rule or the loader attaches a [`Fix`](crate::diagnostic::Fix) to a
//! diagnostic only when it knows the one right answer (the guessed step id, the key a misspelt key
//! meant, the unused rule id to drop). A fix is a list of byte-range
//! [`Edit`](crate::diagnostic::Edit)s into the file's text that replace
//! only the text of the value concerned, so comments, quoting and layout
//! stay as written; [`crate::format::spelling`] spells a new value the way
//! its place needs it. [`apply`] applies the fixes of one file, [`session`]
//! repeats check-and-apply until nothing changes, [`diff`] shows what
//! changed.

mod apply;
pub mod diff;
pub mod session;
