//! Applying the fixes of one file's diagnostics to its text: every fix
//! whose edits overlap no fix taken before it, in the order of the file.
//! Fixes left out because they overlap are taken by the next round of
//! [`super::session`], after a re-check.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::source::Span;

/// The text after applying fixes, and how many were applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    pub text: String,
    pub applied: usize,
}

/// Whether two edits touch the same bytes. Two insertions at one place
/// overlap too: their order would be a guess.
fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Whether a fix's edits all lie inside the text, on character boundaries.
fn fits(text: &str, fix: &Fix) -> bool {
    fix.edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    })
}

/// The fixes to apply together: in the order of the file, each one that
/// overlaps none taken before it (nor itself).
pub(super) fn choose<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<&'a Fix> {
    let mut fixes: Vec<&Fix> = fixes
        .into_iter()
        .filter(|f| !f.edits.is_empty() && fits(text, f))
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
    fixes.dedup();
    let mut taken: Vec<&Fix> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for fix in fixes {
        let mine: Vec<Span> = fix.edits.iter().map(|e| e.span).collect();
        let clash = mine.iter().enumerate().any(|(i, &a)| {
            spans.iter().any(|&b| overlaps(a, b)) || mine[i + 1..].iter().any(|&b| overlaps(a, b))
        });
        if !clash {
            spans.extend(mine);
            taken.push(fix);
        }
    }
    taken
}

/// Applies the chosen fixes (see [`choose`]) to `text`.
pub(crate) fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let taken = choose(text, fixes);
    let mut edits: Vec<&Edit> = taken.iter().flat_map(|f| &f.edits).collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied: taken.len(),
    }
}

/// Applies the fixes of these diagnostics to `text`.
pub(super) fn apply_diagnostics(text: &str, diagnostics: &[Diagnostic]) -> Applied {
    apply_fixes(text, diagnostics.iter().filter_map(|d| d.fix.as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(start: usize, end: usize, with: &str) -> Fix {
        Fix::replace("t", Span::new(start, end), with)
    }

    #[test]
    fn applies_fixes_that_do_not_overlap() {
        let fixes = [fix(6, 9, "x"), fix(0, 3, "ab"), fix(7, 8, "no")];
        let got = apply_fixes("one two three", &fixes);
        assert_eq!(got.text, "ab twxhree");
        assert_eq!(got.applied, 2);
    }

    #[test]
    fn a_fix_outside_the_text_is_left_out() {
        let got = apply_fixes("é", &[fix(1, 2, "x"), fix(0, 9, "y")]);
        assert_eq!((got.text.as_str(), got.applied), ("é", 0));
    }

    #[test]
    fn two_insertions_at_one_place_overlap() {
        let got = apply_fixes("ab", &[fix(1, 1, "x"), fix(1, 1, "y")]);
        assert_eq!((got.text.as_str(), got.applied), ("axb", 1));
    }
}
