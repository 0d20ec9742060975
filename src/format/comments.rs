//! The edits that take an unused rule id out of a suppression comment: the
//! id with its comma when the comment names others, else the whole comment
//! (the whole line when the comment stands alone on it, unless in Markdown
//! that would join two paragraphs).

use super::SourceFormat;
use crate::diagnostic::Edit;
use crate::source::Span;

/// Removes the id at `which` of the ids a comment lists, with the comma
/// that separates it from its neighbour.
pub(crate) fn remove_from_list(ids: &[Span], which: usize) -> Option<Edit> {
    let this = *ids.get(which)?;
    let span = match (ids.get(which + 1), which.checked_sub(1).map(|i| ids[i])) {
        (Some(next), _) => Span::new(this.start, next.start),
        (None, Some(before)) => Span::new(before.end, this.end),
        (None, None) => return None,
    };
    Some(Edit {
        span,
        replacement: String::new(),
    })
}

/// The start of the line holding `at`, and the end of the line holding
/// `end` (before its newline).
fn lines_around(text: &str, at: usize, end: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    (start, end)
}

/// The line before the one starting at `start`, if any.
fn line_before(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].strip_suffix('\n')?;
    let from = before.rfind('\n').map_or(0, |i| i + 1);
    Some(&before[from..])
}

/// The line after the one ending at `end`, if any.
fn line_after(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end + 1..)?;
    (end < text.len()).then(|| rest.split('\n').next().unwrap_or(""))
}

/// Whether a Markdown line starts a block of its own (a list item or a
/// heading), so that it does not run on into the paragraph above it.
fn starts_a_block(line: &str) -> bool {
    let line = line.trim_start();
    let bullet = ["- ", "* ", "+ "].iter().any(|b| line.starts_with(b));
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let ordered =
        digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "));
    bullet || ordered || line.starts_with('#')
}

/// Removes a whole comment. A comment alone on its line(s) takes its lines
/// with it; in Markdown only where that cannot join the text around it
/// into one paragraph (a blank line or a new block beside it), else `None`.
pub(crate) fn remove_comment(text: &str, comment: Span, format: SourceFormat) -> Option<Edit> {
    let (start, end) = lines_around(text, comment.start, comment.end);
    let before = &text[start..comment.start];
    let after = &text[comment.end..end];
    let blank = |l: Option<&str>| l.is_none_or(|l| l.trim().is_empty());
    let span = if before.trim().is_empty() && after.trim().is_empty() {
        let (prev, next) = (line_before(text, start), line_after(text, end));
        if format == SourceFormat::Markdown
            && !(blank(prev) || blank(next) || next.is_some_and(starts_a_block))
        {
            return None;
        }
        if end < text.len() {
            Span::new(start, end + 1)
        } else {
            Span::new(start.saturating_sub(1), end)
        }
    } else if !before.trim().is_empty() {
        let lead = before.len() - before.trim_end().len();
        Span::new(comment.start - lead, comment.end)
    } else {
        let trail = after.len() - after.trim_start().len();
        Span::new(comment.start, comment.end + trail)
    };
    Some(Edit {
        span,
        replacement: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remove(text: &str, comment: &str, markdown: bool) -> Option<String> {
        let at = text.find(comment).expect("comment in text");
        let format = if markdown {
            SourceFormat::Markdown
        } else {
            SourceFormat::Yaml
        };
        let edit = remove_comment(text, Span::new(at, at + comment.len()), format)?;
        let mut out = text.to_owned();
        out.replace_range(edit.span.start..edit.span.end, "");
        Some(out)
    }

    #[test]
    fn a_comment_alone_takes_its_line() {
        let c = "# sopkit: allow(x)";
        assert_eq!(
            remove("a: 1\n  # sopkit: allow(x)\nb: 2\n", c, false).as_deref(),
            Some("a: 1\nb: 2\n")
        );
        assert_eq!(
            remove("a: 1\n# sopkit: allow(x)", c, false).as_deref(),
            Some("a: 1")
        );
        assert_eq!(
            remove("a: 1  # sopkit: allow(x)\nb: 2", c, false).as_deref(),
            Some("a: 1\nb: 2")
        );
    }

    #[test]
    fn markdown_paragraphs_are_not_joined() {
        let c = "<!-- sopkit: allow(x) -->";
        assert_eq!(
            remove("one\n<!-- sopkit: allow(x) -->\ntwo\n", c, true),
            None
        );
        assert_eq!(
            remove("one\n\n<!-- sopkit: allow(x) -->\ntwo\n", c, true).as_deref(),
            Some("one\n\ntwo\n")
        );
        assert_eq!(
            remove("1. a\n<!-- sopkit: allow(x) -->\n2. b\n", c, true).as_deref(),
            Some("1. a\n2. b\n")
        );
        assert_eq!(
            remove("1. Do it. <!-- sopkit: allow(x) --> {#a}\n", c, true).as_deref(),
            Some("1. Do it. {#a}\n")
        );
    }

    #[test]
    fn one_id_of_several_takes_its_comma() {
        let text = "allow(a, b, c)";
        let ids = [Span::new(6, 7), Span::new(9, 10), Span::new(12, 13)];
        let cut = |i| {
            let e = remove_from_list(&ids, i).expect("an edit");
            let mut t = text.to_owned();
            t.replace_range(e.span.start..e.span.end, "");
            t
        };
        assert_eq!(cut(0), "allow(b, c)");
        assert_eq!(cut(1), "allow(a, c)");
        assert_eq!(cut(2), "allow(a, b)");
    }
}
