//! ## What it does
//! Reports a `.sop.md` file whose Markdown does not have the shape of an SOP:
//! text between the title and the first section, a second `# ` heading, a
//! section given twice, a Terms item that is not `**TERM**: definition`,
//! Instructions that are not one numbered list, a list in a step that mixes
//! branches (`label → step-id`) with other items, an attribute block
//! (`{#id role=… next=…}`) that cannot be read, an alert other than
//! `[!NOTE]` or `[!WARNING]`, or a front matter that is never closed. The
//! message says what was found and what was expected there.
//!
//! ## Why is this bad?
//! The Markdown still reads well, but part of it is not where sopkit looks
//! for it: a paragraph above the sections is in no section, and a list that
//! mixes branches with substeps makes the flowchart a guess. Nothing is
//! dropped silently; the file is reported until its shape is clear.
//!
//! ## Example
//! ```markdown
//! # Welcome a new hire
//!
//! This SOP is owned by HR.
//!
//! ## Purpose
//! ```
//! Move the text into a section (or into the front matter as `owner`):
//! ```markdown
//! # Welcome a new hire
//!
//! ## Purpose
//!
//! New hires feel welcome on day one. This SOP is owned by HR.
//! ```
//!
//! Reported by the loader (`src/load/markdown/`), at the part of the file
//! that does not fit.
