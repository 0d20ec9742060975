//! Why a value has no Markdown form that reads back the same, in words, for
//! the values where the reason is known, with what to do about it.

use super::difference::{Difference, Segment, Tree};

/// Where a value goes in a Markdown SOP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// The `# Title`.
    Title,
    /// Purpose or Scope: Markdown at the top level of the document.
    Prose,
    /// A term, in bold at the start of its item.
    Term,
    /// A term's definition, after the term in its item.
    Definition,
    /// A step's text: the first paragraph of its item, and more.
    StepText,
    /// A substep, a script, a note or a warning: Markdown in an item or a
    /// quote of the step.
    Nested,
    /// A value in the step's attribute block (role, next).
    Attribute,
    /// A branch label, before its arrow.
    Label,
    /// A step's `end`.
    End,
    /// A step's `branches` as a whole.
    Branches,
    /// The front matter, which is YAML: no Markdown reason applies.
    FrontMatter,
}

impl Slot {
    /// The slot of a model path.
    pub(super) fn of(path: &[Segment], in_key: bool) -> Self {
        use Segment::{Index, Key};
        match path {
            [Key(k)] if k == "title" => Self::Title,
            [Key(k)] if k == "purpose" || k == "scope" => Self::Prose,
            [Key(k), Key(_)] if k == "terms" && in_key => Self::Term,
            [Key(k), Key(_)] if k == "terms" => Self::Definition,
            [Key(i), Index(_), Key(f), rest @ ..] if i == "instructions" => {
                match (f.as_str(), rest) {
                    ("text", []) => Self::StepText,
                    ("end", []) => Self::End,
                    ("branches", []) => Self::Branches,
                    ("branches", [_]) if in_key => Self::Label,
                    ("role" | "next" | "branches", _) => Self::Attribute,
                    ("script" | "note" | "warning" | "substeps", _) => Self::Nested,
                    _ => Self::FrontMatter,
                }
            }
            _ => Self::FrontMatter,
        }
    }
}

/// The first value of the model (as JSON, in the model's order) that has a
/// known reason not to read back from Markdown; `path` is left where it is.
pub(super) fn first_unwritable(tree: &Tree, path: &mut Vec<Segment>) -> Option<Difference> {
    let at = |path: &[Segment], in_key: bool, text: &str| {
        why(text, Slot::of(path, in_key)).map(|_| Difference {
            path: path.to_vec(),
            in_key,
            text: Some(text.to_owned()),
        })
    };
    match tree {
        Tree::Map(map) => map.iter().find_map(|(key, value)| {
            path.push(Segment::Key(key.clone()));
            let found = at(path, true, key).or_else(|| first_unwritable(value, path));
            path.pop();
            found
        }),
        Tree::List(items) => items.iter().enumerate().find_map(|(i, item)| {
            path.push(Segment::Index(i));
            let found = first_unwritable(item, path);
            path.pop();
            found
        }),
        Tree::Leaf(value) => value.as_str().and_then(|text| at(path, false, text)),
    }
}

pub(super) type Reason = (String, &'static str);

/// `end: false`.
pub(super) fn not_ending() -> Reason {
    (
        "`end: false` has no Markdown form (a step ends with the attribute `end`, or does not)"
            .into(),
        "remove `end: false` from the YAML file: it changes nothing",
    )
}

/// `branches: {}`.
pub(super) fn no_branches() -> Reason {
    (
        "a decision with no branches has no Markdown form".into(),
        "give the step its branches, or remove the empty `branches:`",
    )
}

/// Why `text` cannot be written in `slot`, when the reason is known.
pub(super) fn why(text: &str, slot: Slot) -> Option<Reason> {
    match slot {
        Slot::FrontMatter | Slot::End | Slot::Branches => return None,
        Slot::Attribute => return why_attribute(text),
        _ => {}
    }
    let body = text.trim_end_matches('\n');
    let several = body.contains('\n');
    let lines: Vec<&str> = body.split('\n').collect();
    let reason = |why: String, help: &'static str| Some((why, help));
    if lines.iter().any(|l| l.ends_with(char::is_whitespace)) {
        return reason(
            "a line of it ends in white space, which Markdown does not keep".into(),
            "remove the white space at the ends of its lines",
        );
    }
    if text.starts_with(char::is_whitespace) {
        return reason(
            "it starts with white space, which Markdown does not keep".into(),
            "remove the white space at its start",
        );
    }
    if text.contains("<!--") {
        return reason(
            "it holds an HTML comment, which a Markdown SOP never reads as content".into(),
            "remove the comment from the value",
        );
    }
    if text.contains('\r') {
        return reason(
            "it holds a carriage return, which Markdown reads as a line break".into(),
            "remove the carriage return (save the file with LF line ends)",
        );
    }
    if slot == Slot::Title && several {
        return reason(
            "a Markdown title is one line".into(),
            "write the title on one line",
        );
    }
    match slot {
        Slot::Term => why_term(text),
        Slot::Prose => why_prose(&lines),
        Slot::StepText => why_step_text(&lines),
        Slot::Definition => underline(&lines),
        _ => None,
    }
}

fn why_attribute(value: &str) -> Option<Reason> {
    if value.contains(['\n', '\r']) {
        return Some((
            "it has a line break, and an attribute block is one line".into(),
            "write it on one line",
        ));
    }
    let quoted = value.contains(|c: char| c.is_whitespace() || c == '{' || c == '}')
        || value.starts_with('"');
    (quoted && value.contains('"')).then(|| {
        (
            "in an attribute block, a value with spaces or braces is written in quotes, so it cannot hold `\"` too".into(),
            "take the `\"` out of it",
        )
    })
}

/// A line of `---` or `===` right under text, which makes the text a heading.
fn underline(lines: &[&str]) -> Option<Reason> {
    let pair = lines.windows(2).find(|w| {
        let t = w[1].trim();
        !w[0].trim().is_empty()
            && !t.is_empty()
            && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
    })?;
    Some((
        format!(
            "its line `{}` under text makes that text a heading",
            pair[1]
        ),
        "put a blank line before that line, or write `***` for a thematic break",
    ))
}

fn why_term(term: &str) -> Option<Reason> {
    if term.ends_with(':') {
        return Some((
            "a term cannot end in `:` (`**TERM:**` is read as the term without it)".into(),
            "take the colon off the term",
        ));
    }
    let star = term.contains("**") || term.ends_with('*');
    let under = term.contains("__") || term.ends_with('_');
    (star && under).then(|| {
        (
            "a term written in bold cannot hold both `**` and `__` (or end in `*` and `_`)".into(),
            "write the term without `**` or without `__`",
        )
    })
}

fn why_prose(lines: &[&str]) -> Option<Reason> {
    let top_heading = |l: &&&str| {
        let hashes = l.len() - l.trim_start_matches('#').len();
        matches!(hashes, 1 | 2) && (l.len() == hashes || l[hashes..].starts_with([' ', '\t']))
    };
    if let Some(line) = lines.iter().find(top_heading) {
        return Some((
            format!("its line `{line}` would be read as the title or a section of the SOP"),
            "make it a heading of level 3 (`### …`) or lower",
        ));
    }
    if let Some(reason) = underline(lines) {
        return Some(reason);
    }
    let fences = lines
        .iter()
        .filter(|l| l.starts_with("```") || l.starts_with("~~~"))
        .count();
    (fences % 2 == 1).then(|| {
        (
            "it opens a code block it does not close, which would take in the rest of the document"
                .into(),
            "close the code block",
        )
    })
}

fn why_step_text(lines: &[&str]) -> Option<Reason> {
    if let Some(start) = lines.first().and_then(|l| block_start(l, true)) {
        return Some((
            format!(
                "it starts with `{start}`, which in a step's item starts a quote, a list or a heading, not the step's text"
            ),
            "start the text with words, and put the quote or list after them",
        ));
    }
    for pair in lines.windows(2) {
        if let Some(start) = block_start(pair[1], pair[0].is_empty()) {
            return Some((
                format!(
                    "its line starting with `{start}` would be read as the step's substeps, script or a block of its own"
                ),
                "keep lists and quotes out of a step's text: substeps and `script` hold them",
            ));
        }
    }
    lines.windows(3).any(|w| w[0].is_empty() && w[1].is_empty()).then(|| {
        (
            "it has two blank lines in a row, and a step's paragraphs are read back one blank line apart".into(),
            "leave one blank line between paragraphs",
        )
    })
}

/// The Markdown block marker `line` starts with, if any; after a blank
/// line, an ordered list may start at any number (else only at 1).
fn block_start(line: &str, after_blank: bool) -> Option<&str> {
    let word = line.split([' ', '\t']).next().unwrap_or("");
    let number = word
        .strip_suffix(['.', ')'])
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let ordered = number.is_some_and(|n| after_blank || n == "1");
    let marker = (matches!(word, "-" | "*" | "+") && line.len() > 1)
        || word.starts_with('>')
        || (word.starts_with('#') && word.chars().all(|c| c == '#') && word.len() <= 6)
        || word.starts_with("```")
        || word.starts_with("~~~")
        || ordered;
    marker.then_some(word)
}
