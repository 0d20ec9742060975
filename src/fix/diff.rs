//! `check --diff`: the fixes of one file as a unified diff, the form
//! `patch` and `git apply` read.
//!
//! A diff algorithm (Myers, in `similar`) takes time proportional to the
//! lines times the differences: 30,000 fixes took 8 s to diff (issue 23).
//! But a fix session knows which lines it rewrote: [`Origins`] follows
//! each line of the fixed text back to the line of the original it still
//! is, through every round's edits. The diff is then made between those
//! anchors, each stretch of rewritten lines on its own (with Myers when it
//! is small, so the diff is as short as before), in time linear in the
//! text.

use similar::{Algorithm, DiffOp, TextDiff, group_diff_ops};

use crate::diagnostic::Edit;
use crate::source::Span;

/// For each line of a fixed text, the line of the original text that it
/// still is, unchanged; `None` for a line that a fix wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins(Vec<Option<usize>>);

impl Origins {
    /// The lines of a text no fix has touched yet.
    pub fn of(text: &str) -> Self {
        Self((0..lines(text).len()).map(Some).collect())
    }

    /// The origins of `after`, which `edits` (sorted, not overlapping,
    /// spans of `before`) made from `before`, whose origins these are.
    pub fn after(&self, before: &str, edits: &[Edit], after: &str) -> Self {
        let starts = starts(before);
        let count = starts.len() - 1;
        if count == 0 {
            return Self(vec![None; lines(after).len()]);
        }
        let line_of = |offset: usize| (starts.partition_point(|&s| s <= offset) - 1).min(count - 1);
        // The lines each edit touches, joined where they touch or meet, each
        // with the growth of the text up to its end.
        let mut stretches: Vec<(usize, usize, isize)> = Vec::new();
        let mut growth = 0isize;
        for edit in edits {
            let first = line_of(edit.span.start);
            let last = line_of(edit.span.end.max(edit.span.start + 1) - 1).max(first);
            growth += edit.replacement.len() as isize - edit.span.len() as isize;
            match stretches.last_mut() {
                Some(prev) if first <= prev.1 + 1 => {
                    prev.1 = prev.1.max(last);
                    prev.2 = growth;
                }
                _ => stretches.push((first, last, growth)),
            }
        }
        let mut out = Vec::with_capacity(count);
        let (mut line, mut grown_before) = (0, 0isize);
        for (first, last, grown) in stretches {
            out.extend_from_slice(&self.0[line.min(self.0.len())..first.min(self.0.len())]);
            let from = starts[first].saturating_add_signed(grown_before);
            let to = starts[last + 1]
                .saturating_add_signed(grown)
                .min(after.len());
            out.extend(std::iter::repeat_n(
                None,
                lines(&after[from.min(to)..to]).len(),
            ));
            (line, grown_before) = (last + 1, grown);
        }
        out.extend_from_slice(&self.0[line.min(self.0.len())..]);
        Self(out)
    }
}

/// The lines of a text, each with its line break: `\n`, `\r\n` or a lone
/// `\r`, as `similar` splits them.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['\r', '\n']) {
        let end = if rest[at..].starts_with("\r\n") {
            at + 2
        } else {
            at + 1
        };
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Where each line of `text` starts (as [`lines`] splits it), and the end.
fn starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(lines(text).iter().scan(0, |at, line| {
            *at += line.len();
            Some(*at)
        }))
        .collect()
}

/// The unified diff from `before` to `after`, headed `--- a/NAME` and
/// `+++ b/NAME`, with three lines of context; empty when they are equal.
/// `origins` says which lines of `after` are lines of `before` (see
/// [`Origins`]).
pub fn unified(name: &str, before: &str, after: &str, origins: &Origins) -> String {
    if before == after {
        return String::new();
    }
    let (old, new) = (lines(before), lines(after));
    let ops = line_ops(&old, &new, origins);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    for hunk in group_diff_ops(ops, 3) {
        if hunk.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "{}\n",
            similar::udiff::UnifiedHunkHeader::new(&hunk)
        ));
        for op in hunk {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            match op {
                DiffOp::Equal { .. } => push_lines(&mut out, ' ', &old[old_range]),
                _ => {
                    push_lines(&mut out, '-', &old[old_range]);
                    push_lines(&mut out, '+', &new[new_range]);
                }
            }
        }
    }
    out
}

/// Lines of a hunk, each after its tag, as `similar` writes them.
fn push_lines(out: &mut String, tag: char, lines: &[&str]) {
    for line in lines {
        out.push(tag);
        out.push_str(line);
        if !line.ends_with(['\r', '\n']) {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// A stretch of rewritten lines this long or shorter (old × new) is
/// diffed line by line; a longer one is shown as replaced whole, but for
/// the lines it starts and ends with unchanged.
const SMALL_STRETCH: usize = 64 * 64;

/// The operations that make `new` from `old`: equal where `origins` says
/// a line is the original's, and between those anchors the stretches of
/// rewritten lines.
fn line_ops(old: &[&str], new: &[&str], origins: &Origins) -> Vec<DiffOp> {
    let mut ops: Vec<DiffOp> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        // The next line of `new` that is a line of `old` still ahead.
        let anchor = (j..new.len())
            .find_map(|k| match origins.0.get(k).copied().flatten() {
                Some(o) if o >= i && o < old.len() && old[o] == new[k] => Some((o, k)),
                _ => None,
            })
            .unwrap_or((old.len(), new.len()));
        stretch(&mut ops, old, new, (i, anchor.0), (j, anchor.1));
        (i, j) = anchor;
        let mut len = 0;
        while i + len < old.len()
            && j + len < new.len()
            && origins.0.get(j + len).copied().flatten() == Some(i + len)
        {
            len += 1;
        }
        push(
            &mut ops,
            DiffOp::Equal {
                old_index: i,
                new_index: j,
                len,
            },
        );
        (i, j) = (i + len, j + len);
        if len == 0 && (i, j) == anchor && (i < old.len() || j < new.len()) {
            // An anchor whose line does not follow (cannot happen when the
            // origins are right): take the lines as rewritten.
            stretch(&mut ops, old, new, (i, old.len()), (j, new.len()));
            break;
        }
    }
    ops
}

/// The operations of one stretch of rewritten lines, `old[o.0..o.1]`
/// becoming `new[n.0..n.1]`.
fn stretch(
    ops: &mut Vec<DiffOp>,
    old: &[&str],
    new: &[&str],
    o: (usize, usize),
    n: (usize, usize),
) {
    let (old_len, new_len) = (o.1 - o.0, n.1 - n.0);
    if old_len == 0 && new_len == 0 {
        return;
    }
    if old_len * new_len <= SMALL_STRETCH {
        let found = similar::capture_diff_slices(Algorithm::Myers, &old[o.0..o.1], &new[n.0..n.1]);
        for op in found {
            push(ops, shifted(op, o.0, n.0));
        }
        return;
    }
    let same_start = (0..old_len.min(new_len))
        .take_while(|&k| old[o.0 + k] == new[n.0 + k])
        .count();
    let same_end = (0..old_len.min(new_len) - same_start)
        .take_while(|&k| old[o.1 - 1 - k] == new[n.1 - 1 - k])
        .count();
    push(
        ops,
        DiffOp::Equal {
            old_index: o.0,
            new_index: n.0,
            len: same_start,
        },
    );
    push(
        ops,
        DiffOp::Replace {
            old_index: o.0 + same_start,
            old_len: old_len - same_start - same_end,
            new_index: n.0 + same_start,
            new_len: new_len - same_start - same_end,
        },
    );
    push(
        ops,
        DiffOp::Equal {
            old_index: o.1 - same_end,
            new_index: n.1 - same_end,
            len: same_end,
        },
    );
}

/// An operation moved by `old` lines and `new` lines.
fn shifted(op: DiffOp, old: usize, new: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + old,
            new_index: new_index + new,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + old,
            old_len,
            new_index: new_index + new,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + old,
            new_index: new_index + new,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + old,
            old_len,
            new_index: new_index + new,
            new_len,
        },
    }
}

/// Appends an operation, joining equal runs and dropping empty ones, so
/// that hunks are grouped as one diff of the whole text would group them.
fn push(ops: &mut Vec<DiffOp>, op: DiffOp) {
    if op.old_range().is_empty() && op.new_range().is_empty() {
        return;
    }
    if let (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) = (ops.last_mut(), op)
    {
        *len += more;
        return;
    }
    ops.push(op);
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

    /// `before` with `edits` applied, and the origins of its lines.
    fn fixed(before: &str, edits: &[(usize, usize, &str)]) -> (String, Origins) {
        let edits: Vec<Edit> = edits
            .iter()
            .map(|&(start, end, with)| Edit {
                span: Span::new(start, end),
                replacement: with.to_owned(),
            })
            .collect();
        let mut after = before.to_owned();
        for edit in edits.iter().rev() {
            after.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        }
        let origins = Origins::of(before).after(before, &edits, &after);
        (after, origins)
    }

    /// What `similar` makes of the whole texts: the diff before issue 23.
    fn whole(name: &str, before: &str, after: &str) -> String {
        let (a, b) = (format!("a/{name}"), format!("b/{name}"));
        TextDiff::from_lines(before, after)
            .unified_diff()
            .context_radius(3)
            .header(&a, &b)
            .to_string()
    }

    #[test]
    fn a_diff_names_the_file_and_shows_the_changed_line() {
        let before = "a: 1\nnext: refnd\n";
        let (after, origins) = fixed(before, &[(11, 16, "refund")]);
        let diff = unified("x.sop.yaml", before, &after, &origins);
        assert_eq!(
            diff,
            "--- a/x.sop.yaml\n+++ b/x.sop.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-next: refnd\n+next: refund\n"
        );
        assert_eq!(unified("x", "same", "same", &Origins::of("same")), "");
    }

    #[test]
    fn diffs_read_as_a_diff_of_the_whole_texts() {
        let text: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let at = |line: usize| text.find(&format!("line {line}\n")).expect("line");
        let cases: Vec<Vec<(usize, usize, &str)>> = vec![
            vec![(at(3), at(3) + 4, "LINE")],
            vec![
                (at(3), at(3) + 4, "LINE"),
                (at(9), at(9) + 4, "x"),
                (at(30), at(31), ""),
            ],
            vec![(at(0), at(0), "new\n"), (at(39) + 7, at(39) + 8, "")],
            vec![(at(5), at(8), "joined "), (at(12), at(12), "one\ntwo\n")],
            vec![
                (at(20), at(20) + 1, "L"),
                (at(21), at(21) + 1, "L"),
                (at(22), at(22) + 1, "L"),
            ],
        ];
        for edits in cases {
            let (after, origins) = fixed(&text, &edits);
            assert_eq!(
                unified("f", &text, &after, &origins),
                whole("f", &text, &after),
                "{edits:?}"
            );
        }
        let no_end = "a\nb";
        let (after, origins) = fixed(no_end, &[(2, 3, "c")]);
        assert_eq!(
            unified("f", no_end, &after, &origins),
            whole("f", no_end, &after)
        );
    }

    #[test]
    fn origins_follow_lines_through_rounds() {
        let before = "a\nb\nc\nd\n";
        let (one, origins) = fixed(before, &[(2, 3, "B")]);
        assert_eq!(origins, Origins(vec![Some(0), None, Some(2), Some(3)]));
        let edits = [Edit {
            span: Span::new(4, 6),
            replacement: "c1\nc2\n".to_owned(),
        }];
        let two = "a\nB\nc1\nc2\nd\n";
        let origins = origins.after(&one, &edits, two);
        assert_eq!(origins, Origins(vec![Some(0), None, None, None, Some(3)]));
        assert_eq!(unified("f", before, two, &origins), whole("f", before, two));
    }
}
