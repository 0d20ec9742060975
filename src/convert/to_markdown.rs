//! The model → a `*.sop.md` file in the style of SOP-MARKDOWN.md's example:
//! the front matter, `# Title`, `## Purpose`, `## Scope`, `## Terms` and
//! `## Instructions` (headings in the SOP's language, with `{#purpose}`
//! attributes when they are not English), one numbered item per step.
//!
//! Values are Markdown and are written as they are, line for line: the
//! reader keeps a value as the source it was written in, so escaping a
//! character would change the value. Where the form itself could misread
//! a value, the writer chooses a form that cannot: a step text ending in
//! braces gets an attribute block (`{}` when it has no attributes), a
//! branch label that could be read otherwise is written in bold, a term
//! holding `**` is written `__TERM__`, substeps that hold an arrow or sit
//! right above the branches are numbered. What no form can carry is found
//! by reading the result back (see [`super`]).

use super::to_yaml::{self, Keys};
use crate::model::{Sop, Step};
use crate::render::Labels;

/// The SOP as Markdown text.
pub fn to_markdown(sop: &Sop) -> String {
    let labels = Labels::for_language(sop.language());
    let mut out = String::with_capacity(64 * sop.instructions.len() + 1024);
    out.push_str("---\n");
    out.push_str(&to_yaml::write(sop, Keys::FrontMatter));
    out.push_str("---\n\n");
    title(&mut out, &sop.title.value);
    heading(&mut out, labels.purpose, "Purpose", "purpose");
    prose(&mut out, &sop.purpose.value);
    if let Some(scope) = &sop.scope {
        heading(&mut out, labels.scope, "Scope", "scope");
        prose(&mut out, &scope.value);
    }
    heading(&mut out, labels.terms, "Terms", "terms");
    for (term, definition) in sop.terms.iter() {
        out.push_str("- ");
        out.push_str(&bold_term(&term.value));
        out.push(':');
        if !definition.value.starts_with('\n') {
            out.push(' ');
        }
        lines(&mut out, &definition.value, 2);
    }
    if !sop.terms.is_empty() {
        out.push('\n');
    }
    heading(
        &mut out,
        labels.instructions,
        "Instructions",
        "instructions",
    );
    let count = sop.instructions.len();
    for (i, step) in sop.instructions.iter().enumerate() {
        let loose = write_step(&mut out, i + 1, step);
        if loose && i + 1 < count {
            out.push('\n');
        }
    }
    out
}

/// `# Title`.
fn title(out: &mut String, title: &str) {
    out.push_str("# ");
    out.push_str(&markdown_title(title));
    out.push_str("\n\n");
}

/// The text of the `# Title` heading that reads back as `title` (of one
/// line). A heading's trailing `{…}` is read as its attributes, then a
/// closing `#` sequence is taken off: a title that ends so gets an empty
/// attribute block or closing sequence of its own.
pub(crate) fn markdown_title(title: &str) -> String {
    if title.ends_with('}') {
        format!("{title} {{}}")
    } else if title.ends_with('#') {
        format!("{title} #")
    } else {
        title.to_owned()
    }
}

/// A section heading: the word in the SOP's language, with the section's
/// attribute when the word is not the English one.
fn heading(out: &mut String, word: &str, english: &str, key: &str) {
    out.push_str("## ");
    out.push_str(word);
    if !word.eq_ignore_ascii_case(english) {
        out.push_str(" {#");
        out.push_str(key);
        out.push('}');
    }
    out.push_str("\n\n");
}

/// Purpose or Scope: the Markdown as it is, and a blank line.
fn prose(out: &mut String, text: &str) {
    out.push_str(text.trim_end_matches('\n'));
    out.push_str("\n\n");
}

/// The term in bold: `**TERM**`, or `__TERM__` when it holds `**` or ends
/// in `*` (the reader ends the term at the first `**` after it starts).
fn bold_term(term: &str) -> String {
    let fits = |marker: &str, c: char| !term.contains(marker) && !term.ends_with(c);
    if !fits("**", '*') && fits("__", '_') {
        format!("__{term}__")
    } else {
        format!("**{term}**")
    }
}

/// Writes `text` from where the line already is: its first line there, the
/// others indented by `indent` spaces (blank lines stay empty); then a
/// line break.
fn lines(out: &mut String, text: &str, indent: usize) {
    let mut first = true;
    for line in text.trim_end_matches('\n').split('\n') {
        if !first {
            out.push('\n');
            if !line.is_empty() {
                out.extend(std::iter::repeat_n(' ', indent));
            }
        }
        out.push_str(line);
        first = false;
    }
    out.push('\n');
}

/// The attribute block of a step, `{#id role=… duration=… next=… end}`;
/// empty when the step has none of these.
fn attributes(step: &Step) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(id) = &step.id {
        parts.push(format!("#{}", id.value.0));
    }
    if let Some(role) = &step.role {
        parts.push(format!("role={}", attribute_value(&role.value)));
    }
    if let Some(duration) = &step.duration {
        parts.push(format!("duration={}", duration.value));
    }
    if let Some(next) = &step.next {
        parts.push(format!("next={}", attribute_value(&next.value)));
    }
    if step.ends() {
        parts.push("end".to_owned());
    }
    parts.join(" ")
}

/// A value of an attribute: a word, or in quotes when it has spaces or
/// braces.
fn attribute_value(value: &str) -> String {
    let needs_quotes = value.is_empty()
        || value.starts_with('"')
        || value.contains(|c: char| c.is_whitespace() || c == '{' || c == '}');
    if needs_quotes && !value.contains('"') {
        format!("\"{value}\"")
    } else {
        value.to_owned()
    }
}

/// Writes step `number`; returns whether its item has blank lines inside
/// (then a blank line follows it, as a writer would put one).
fn write_step(out: &mut String, number: usize, step: &Step) -> bool {
    let marker = format!("{number}. ");
    let pad = " ".repeat(marker.len());
    out.push_str(&marker);
    let mut loose = step_text(out, step, marker.len());
    let quotes = [
        (None, step.script.as_ref()),
        (Some("[!NOTE]"), step.note.as_ref()),
        (Some("[!WARNING]"), step.warning.as_ref()),
    ];
    let has_quotes = quotes.iter().any(|(_, q)| q.is_some());
    let branches = step.branches.as_ref().filter(|b| !b.is_empty());
    // Substeps right above the branches would join their list: numbered,
    // they are a list of their own. Numbered too when one holds an arrow,
    // which would read as a branch.
    let numbered = (branches.is_some() && !has_quotes)
        || step
            .substeps
            .iter()
            .any(|s| s.value.contains('→') || s.value.contains("->"));
    for (i, substep) in step.substeps.iter().enumerate() {
        let bullet = if numbered {
            format!("{}. ", i + 1)
        } else {
            "- ".to_owned()
        };
        out.push_str(&pad);
        out.push_str(&bullet);
        lines(out, &substep.value, pad.len() + bullet.len());
        loose |= substep.value.contains("\n\n");
    }
    for (marker, text) in quotes {
        if let Some(text) = text {
            quote(out, &pad, marker, &text.value);
            loose = true;
        }
    }
    if let Some(branches) = branches {
        if has_quotes {
            out.push('\n');
        }
        for (label, target) in branches.iter() {
            out.push_str(&pad);
            out.push_str("- ");
            out.push_str(&branch_label(&label.value));
            out.push_str(" → ");
            out.push_str(&target.value);
            out.push('\n');
        }
    }
    loose
}

/// The step's text, its attribute block at the end of its first paragraph;
/// returns whether the text has several paragraphs.
fn step_text(out: &mut String, step: &Step, indent: usize) -> bool {
    let text = step.text.value.trim_end_matches('\n');
    let first_end = text.find("\n\n").unwrap_or(text.len());
    let (first, rest) = text.split_at(first_end);
    let block = attributes(step);
    let last_line = first.rsplit('\n').next().unwrap_or(first);
    let mut first = first.to_owned();
    // A text whose last line holds a brace gets a block, if only `{}`, so
    // that no brace of the text is read as one.
    if !block.is_empty() || last_line.contains(['{', '}']) {
        // The reader takes the last `{` outside quotes: a value with one
        // `"` unbalances them, so the block goes on a line of its own,
        // where its `{` is the only one.
        let odd_quotes = block.matches('"').count() % 2 == 1;
        first.push_str(if odd_quotes { "\n{" } else { " {" });
        first.push_str(&block);
        first.push('}');
    }
    lines(out, &format!("{first}{rest}"), indent);
    !rest.is_empty()
}

/// A quote (`marker` none) or an alert, after a blank line.
fn quote(out: &mut String, pad: &str, marker: Option<&str>, text: &str) {
    out.push('\n');
    if let Some(marker) = marker {
        out.push_str(pad);
        out.push_str("> ");
        out.push_str(marker);
        out.push('\n');
    }
    for line in text.trim_end_matches('\n').split('\n') {
        out.push_str(pad);
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A branch label as written before its arrow: as it is when it starts
/// with a letter or digit (but not a list number, `2.` or `2)`) and holds
/// no arrow, else in bold (or quotes), which the reader takes off: so a
/// label may start with `>`, `-`, `1.` or `*`.
fn branch_label(label: &str) -> String {
    let first_word = label.split(char::is_whitespace).next().unwrap_or("");
    let plain = label.chars().next().is_some_and(char::is_alphanumeric)
        && !first_word.ends_with(['.', ')'])
        && !label.contains('→')
        && !label.contains("->");
    if plain {
        label.to_owned()
    } else if label.starts_with('*') || label.ends_with('*') {
        // `"**x**"` reads better than `****x****`, and is read the same.
        format!("\"{label}\"")
    } else {
        format!("**{label}**")
    }
}
