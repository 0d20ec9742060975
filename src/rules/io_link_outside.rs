//! ## What it does
//! Reports a symbolic link, found in a folder that is checked, built or
//! served, whose target lies outside that folder. The link is not
//! followed: the file it leads to is not read. `--follow-links` (on
//! `check`, `build` and `serve`) follows it, as ripgrep's `-L` does; a
//! link named on the command line, and a link to a file inside the folder,
//! are followed in any case.
//!
//! ## Why is this bad?
//! What is checked, published or served should be what the folder holds.
//! A link out of it would bring in a file nobody reviewing the folder
//! sees, and a preview server would show any file of the machine that the
//! link names (`/etc/passwd`) on its error pages.
//!
//! ## Example
//! ```text
//! sops/
//!   billing.sop.yaml
//!   shared.sop.yaml -> /srv/other-team/shared.sop.yaml
//! ```
//! Copy the file into the folder, or check it with `--follow-links` when
//! the link is meant.

// Reported while searching a folder: see `crate::check`.
