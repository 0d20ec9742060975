//! `check --diff`: the fixes of one file as a unified diff, the form
//! `patch` and `git apply` read.

use similar::{DiffOp, TextDiff};

use crate::diagnostic::Edit;
use crate::source::Span;

/// The unified diff from `before` to `after`, headed `--- a/NAME` and
/// `+++ b/NAME`, with three lines of context; empty when they are equal.
pub(crate) fn unified(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let diff = TextDiff::from_lines(before, after);
    let mut out = String::new();
    let (a, b) = (format!("a/{name}"), format!("b/{name}"));
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string();
    out.push_str(&text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The byte offset where each line of `text` starts, and the end.
fn line_offsets(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.split_inclusive('\n').scan(0, |at, line| {
            *at += line.len();
            Some(*at)
        }))
        .collect()
}

/// The edits of whole lines that turn `before` into `after`, each a span
/// of `before`: what an editor applies to change only the lines that
/// changed (and so keep its cursor and folds elsewhere).
pub(crate) fn line_edits(before: &str, after: &str) -> Vec<Edit> {
    let diff = TextDiff::from_lines(before, after);
    let (old, new) = (line_offsets(before), line_offsets(after));
    let at = |offsets: &[usize], line: usize| offsets[line.min(offsets.len() - 1)];
    diff.ops()
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| {
            let (old_lines, new_lines) = (op.old_range(), op.new_range());
            Edit {
                span: Span::new(at(&old, old_lines.start), at(&old, old_lines.end)),
                replacement: after[at(&new, new_lines.start)..at(&new, new_lines.end)].to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_edits_rebuild_the_new_text() {
        let before = "a\nb\nc\nd";
        let after = "a\nB\nc\nd\ne\n";
        let mut text = before.to_owned();
        for edit in line_edits(before, after).iter().rev() {
            text.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        }
        assert_eq!(text, after);
    }

    #[test]
    fn a_diff_names_the_file_and_shows_the_changed_line() {
        let diff = unified("x.sop.yaml", "a: 1\nnext: refnd\n", "a: 1\nnext: refund\n");
        assert_eq!(
            diff,
            "--- a/x.sop.yaml\n+++ b/x.sop.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-next: refnd\n+next: refund\n"
        );
        assert_eq!(unified("x", "same", "same"), "");
    }
}
