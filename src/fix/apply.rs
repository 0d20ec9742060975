//! Applying the fixes of one file's diagnostics to its text: every fix
//! whose edits overlap no fix taken before it, in the order of the file.
//! Fixes left out because they overlap are taken by the next round of
//! [`super::session`], after a re-check.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::source::Span;

/// The text after applying fixes, how many were applied, and their edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    pub(crate) text: String,
    pub(crate) applied: usize,
    /// The edits made, in the order of the text (spans of the text before).
    pub(crate) edits: Vec<Edit>,
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
    let mut spans = Taken::default();
    for fix in fixes {
        let mine: Vec<Span> = fix.edits.iter().map(|e| e.span).collect();
        let clash = mine
            .iter()
            .enumerate()
            .any(|(i, &a)| spans.overlaps(a) || mine[i + 1..].iter().any(|&b| overlaps(a, b)));
        if !clash {
            for span in mine {
                spans.0.insert(span.start, span.end);
            }
            taken.push(fix);
        }
    }
    taken
}

/// The spans of the fixes taken, by start. They overlap no other (see
/// [`overlaps`]), so no two start at one place, and a span can overlap
/// only the last one starting before it or one starting inside it: each
/// check is a look-up, where it compared every span taken (quadratic in
/// fixes, issue 23).
#[derive(Default)]
struct Taken(std::collections::BTreeMap<usize, usize>);

impl Taken {
    fn overlaps(&self, a: Span) -> bool {
        let before = self.0.range(..a.start).next_back();
        let inside = self.0.range(a.start..a.end.max(a.start + 1)).next();
        before.is_some_and(|(&start, &end)| overlaps(a, Span::new(start, end)))
            || inside.is_some_and(|(&start, &end)| overlaps(a, Span::new(start, end)))
    }
}

/// Applies the chosen fixes (see [`choose`]) to `text`.
pub(crate) fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let taken = choose(text, fixes);
    let mut edits: Vec<Edit> = taken.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in &edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied: taken.len(),
        edits,
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
    fn overlaps_are_found_among_many_fixes_taken() {
        // Every other fix overlaps the one before it: taken, left, taken…
        let fixes: Vec<Fix> = (0..1000)
            .flat_map(|i| [fix(4 * i, 4 * i + 2, "ab"), fix(4 * i + 1, 4 * i + 3, "no")])
            .collect();
        let text = "x".repeat(4000);
        let got = apply_fixes(&text, &fixes);
        assert_eq!(got.applied, 1000);
        assert_eq!(got.text, "abxx".repeat(1000));
        assert_eq!(got.edits.len(), 1000);
        // An insertion inside a span taken, or at its start, overlaps it.
        assert_eq!(
            apply_fixes("abcd", &[fix(0, 3, "x"), fix(2, 2, "y")]).applied,
            1
        );
        assert_eq!(
            apply_fixes("abcd", &[fix(1, 3, "x"), fix(1, 1, "y")]).applied,
            1
        );
        assert_eq!(
            apply_fixes("abcd", &[fix(1, 3, "x"), fix(3, 3, "y")]).text,
            "axyd"
        );
    }

    #[test]
    fn two_insertions_at_one_place_overlap() {
        let got = apply_fixes("ab", &[fix(1, 1, "x"), fix(1, 1, "y")]);
        assert_eq!((got.text.as_str(), got.applied), ("axb", 1));
    }
}
