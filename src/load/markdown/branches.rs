//! A branch item, `LABEL → ID` (or `LABEL -> ID`): the label may be bold,
//! italic or quoted, and the target a link to the step, `[refund](#refund)`.

use crate::load::tree::{Node, Value};
use crate::source::Span;

/// A branch: its label and its target, as the key and value of the step's
/// `branches` mapping.
pub(super) struct Branch {
    pub(super) label: Node<'static>,
    pub(super) target: Node<'static>,
}

/// The arrows of a branch item.
const ARROWS: [&str; 2] = ["→", "->"];

/// What a writer may type for an arrow that is not one: `=>` and `⇒` from
/// other languages' syntax, `-->` and dashes that an editor made of `-`.
const NEAR_ARROWS: [&str; 5] = ["=>", "⇒", "-->", "–>", "—>"];

/// Reads one line of an item, `text`, which starts at byte `base` of the file.
pub(super) fn parse(text: &str, base: usize) -> Option<Branch> {
    parse_with(text, base, &ARROWS)
        .filter(|(_, arrow)| {
            // `-->` holds `->`, but it is not the arrow.
            !text[..arrow.start - base].ends_with('-')
        })
        .map(|(branch, _)| branch)
}

/// Reads one line of an item that would be a branch if its arrow were
/// `→`: `yes => refund`. Returns the branch, and where the arrow is.
pub(super) fn parse_near(text: &str, base: usize) -> Option<(Branch, Span)> {
    parse_with(text, base, &NEAR_ARROWS)
}

/// A branch item whose arrow is one of `arrows`, and the arrow's span.
fn parse_with(text: &str, base: usize, arrows: &[&str]) -> Option<(Branch, Span)> {
    let text = text.trim_end();
    if text.contains('\n') {
        return None;
    }
    let (arrow, arrow_len) = arrows
        .iter()
        .filter_map(|a| text.rfind(a).map(|i| (i, a.len())))
        .max_by_key(|&(i, len)| (i + len, len))?;
    let (label, label_at) = unwrap_label(text[..arrow].trim(), leading(text));
    let target_from = arrow + arrow_len;
    let (target, target_at) = target(
        text[target_from..].trim(),
        target_from + leading(&text[target_from..]),
    )?;
    if label.is_empty() {
        return None;
    }
    let node = |s: &str, at: usize| {
        Node::new(
            Value::Str(s.to_owned().into()),
            Span::new(base + at, base + at + s.len()),
        )
    };
    let branch = Branch {
        label: node(label, label_at),
        target: node(target, target_at),
    };
    Some((branch, Span::new(base + arrow, base + arrow + arrow_len)))
}

/// How many bytes of white space `text` starts with.
fn leading(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// The label without the emphasis or quotes around it, and its offset.
fn unwrap_label(label: &str, at: usize) -> (&str, usize) {
    for (open, close) in [
        ("**", "**"),
        ("__", "__"),
        ("*", "*"),
        ("_", "_"),
        ("\"", "\""),
        ("“", "”"),
        ("'", "'"),
        ("`", "`"),
    ] {
        if let Some(inner) = label.strip_prefix(open).and_then(|l| l.strip_suffix(close)) {
            let trimmed = inner.trim();
            return (trimmed, at + open.len() + leading(inner));
        }
    }
    (label, at)
}

/// The step id a target names: a link `[text](#id)`, or one word of letters,
/// digits, `-`, `_` and `.` (so that `File → `Save`` in backticks stays text).
fn target(text: &str, at: usize) -> Option<(&str, usize)> {
    if text.starts_with('[') && text.ends_with(')') {
        let open = text.rfind("](#")?;
        let id = &text[open + 3..text.len() - 1];
        let ok = !id.is_empty() && !id.contains(char::is_whitespace);
        return ok.then_some((id, at + open + 3));
    }
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then_some((text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String, Span)> {
        let branch = parse(text, 100)?;
        let target = branch.target.as_str()?.to_owned();
        let label = branch.label.as_str()?.to_owned();
        let at = branch.target.span;
        assert_eq!(&text[at.start - 100..at.end - 100], target);
        assert_eq!(
            &text[branch.label.span.start - 100..branch.label.span.end - 100],
            label
        );
        Some((label, target, at))
    }

    #[test]
    fn labels_and_targets_in_every_spelling() {
        let got = read("**yes** → [ticket](#ticket)").expect("a branch");
        assert_eq!((got.0.as_str(), got.1.as_str()), ("yes", "ticket"));
        assert_eq!(got.2, Span::new(100 + 22, 100 + 28));
        let got = read("\"no, never\" -> refund").expect("a branch");
        assert_eq!((got.0.as_str(), got.1.as_str()), ("no, never", "refund"));
        assert!(read("yes → escalate").is_some());
    }

    #[test]
    fn near_arrows_are_found_but_are_not_arrows() {
        for (text, arrow) in [
            ("yes => refund", "=>"),
            ("**no** ⇒ explain", "⇒"),
            ("maybe --> wait", "-->"),
            ("later –> wait", "–>"),
        ] {
            assert!(read(text).is_none(), "{text}");
            let (branch, at) = parse_near(text, 100).expect(text);
            assert_eq!(&text[at.start - 100..at.end - 100], arrow);
            assert!(branch.target.as_str().is_some());
        }
        assert!(parse_near("Type a => b in the box", 0).is_none());
    }

    #[test]
    fn other_items_are_not_branches() {
        for text in [
            "Ask for the customer number.",
            "Click File → Save as",
            "→ refund",
            "yes → [form](https://example.com)",
            "yes\n→ b",
            "Click File → `Save`",
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }
}
