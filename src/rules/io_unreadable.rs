//! ## What it does
//! Reports a file, found in a folder or named on the command line, that
//! cannot be read as an SOP: a FIFO (named pipe), a socket or a device
//! rather than a regular file (or a symbolic link to one); a symbolic link
//! to nothing; a file larger than the limit (`max_file_size_mb` in
//! sopkit.toml, 16 MiB by default); a file whose bytes are not UTF-8 text,
//! at the first byte that is not; a file the operating system refuses to
//! read (its permissions). The other files are still checked. A path that
//! does not exist at all is not a problem of a file but of the command,
//! which exits 2.
//!
//! ## Why is this bad?
//! The file is named like an SOP but nobody can read it as one, so none of
//! its rules ran: a check that passed would say nothing about it. Reading
//! a FIFO or a device could also block the check or never end.
//!
//! ## Example
//! `refund.sop.yaml` was saved in Windows-1252, where `é` is the byte
//! `E9`:
//! ```text
//! purpose: Refund a charge the customer disputes (caf\xE9 orders).
//! ```
//! Save the file as UTF-8. A FIFO or a device named like an SOP is not
//! one: remove it, or leave it out (`.gitignore` it, or name the files to
//! check).

// Reported while reading a file: see `crate::load::ReadError` and
// `crate::load::load_bytes`.
