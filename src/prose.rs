//! The words of an SOP's prose, read once per file and shared by the term
//! rules: which acronyms appear where, and which words and phrases are used.
//!
//! Words are runs of Unicode letters and digits, so `Účel`, `reclamação` and
//! `SLA` are one word each. Inline code (`` `X` ``) and URLs are skipped: they
//! are not prose a newcomer has to understand.

mod words;

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use crate::model::{Sop, Sp};
use crate::source::{SourceFile, Span};
use words::{FoldHash, fold_hash, folds_to, next_word};

pub(crate) use words::words;

/// What the term rules need to know of a file's prose, found in one pass
/// over its words: no word is copied or lowercased into a string; each is
/// compared with the terms through a hash of its lowercase characters.
#[derive(Debug, Default)]
pub(crate) struct ProseIndex {
    /// Each acronym (plural `s` removed), at its first use.
    pub(crate) acronyms: IndexMap<String, Span, FxBuildHasher>,
    /// Whether each of the SOP's terms (in the order of `terms`) is used.
    used: Vec<bool>,
}

/// A term as it is looked for: its words in lowercase, and the hashes of
/// its last word, singular and with a plural `s`.
struct Term {
    words: Vec<String>,
    last: u64,
    last_plural: u64,
}

/// One pass over the prose, piece by piece.
struct Scan<'a> {
    terms: Vec<Term>,
    /// (hash of a term's last word, the term), sorted.
    lasts: Vec<(u64, usize)>,
    /// Bit `n` is set when some term's last word, singular or plural, has
    /// `n` characters in lowercase (63: that many or more), and `firsts`
    /// holds the ASCII letters those words start with: most words of the
    /// prose are passed over without being hashed.
    lengths: u64,
    firsts: [bool; 128],
    /// The words of the piece being read, so far.
    words: Vec<&'a str>,
    index: ProseIndex,
}

impl ProseIndex {
    pub(crate) fn build(sop: &Sop, src: &SourceFile) -> Self {
        let terms: Vec<Term> = sop.terms.keys().map(Term::new).collect();
        let mut lasts = Vec::new();
        let mut lengths = 0;
        let mut firsts = [false; 128];
        for (i, term) in terms.iter().enumerate() {
            if let Some(last) = term.words.last() {
                lasts.extend([(term.last, i), (term.last_plural, i)]);
                let n = last.chars().count();
                lengths |= length_bit(n) | length_bit(n + 1);
                if let Some(&b) = last.as_bytes().first().filter(|b| b.is_ascii()) {
                    firsts[usize::from(b)] = true;
                }
            }
        }
        lasts.sort_unstable();
        let mut scan = Scan {
            index: Self {
                acronyms: IndexMap::default(),
                used: vec![false; terms.len()],
            },
            terms,
            lasts,
            lengths,
            firsts,
            words: Vec::new(),
        };
        for piece in sop.prose() {
            scan.add(piece, src, true);
        }
        // A term named only in the title or a metric is still used.
        scan.add(&sop.title, src, false);
        for metric in &sop.metrics {
            scan.add(&metric.name, src, false);
        }
        scan.index
    }

    /// Whether the SOP's term number `index` (in the order of `terms`)
    /// appears in its prose as a whole word or phrase, ignoring case, in
    /// the singular or with a plural `s`.
    pub(crate) fn uses_term(&self, index: usize) -> bool {
        self.used.get(index).copied().unwrap_or(false)
    }
}

const fn length_bit(n: usize) -> u64 {
    1 << if n < 63 { n } else { 63 }
}

impl Term {
    fn new(term: &str) -> Self {
        let words: Vec<String> = words(term).map(str::to_lowercase).collect();
        let mut singular = FoldHash::default();
        words
            .last()
            .into_iter()
            .flat_map(|w| w.chars())
            .for_each(|c| singular.push(c));
        let mut plural = singular;
        plural.push('s');
        Self {
            last: singular.finish(),
            last_plural: plural.finish(),
            words,
        }
    }

    /// Whether the words read so far end with the term (its last word
    /// maybe with a plural `s`).
    fn ends(&self, read: &[&str]) -> bool {
        let n = self.words.len();
        let Some(from) = read.len().checked_sub(n) else {
            return false;
        };
        let (before, last) = read[from..].split_at(n - 1);
        let (Some(word), Some(term_last)) = (last.first(), self.words.last()) else {
            return false;
        };
        let fits_last =
            folds_to(word, term_last.chars()) || folds_to(word, term_last.chars().chain(['s']));
        fits_last
            && before
                .iter()
                .zip(&self.words)
                .all(|(word, term)| folds_to(word, term.chars()))
    }
}

impl<'a> Scan<'a> {
    fn add(&mut self, piece: &'a Sp<String>, src: &SourceFile, look_for_acronyms: bool) {
        let text = piece.value.as_str();
        self.words.clear();
        // Acronyms are found in the source in the order they come, each
        // search starting after the last one found, so a long text with many
        // acronyms is read once; after a word the source spells otherwise
        // (an escape), the rest of the piece is not searched again.
        let mut searched_up_to = Some(piece.span.start);
        let mut at = 0;
        while let Some(found) = next_word(text, at) {
            at = found.end;
            let word = &text[found.start..found.end];
            // Only a word with a capital can be an acronym, and of ASCII
            // words only those whose second letter is not small (`SLA`, but
            // not `Check`): most are not.
            let capital = match word.as_bytes() {
                [first, second, ..] if first.is_ascii() && second.is_ascii() => {
                    first.is_ascii_uppercase() && !second.is_ascii_lowercase()
                }
                [first] if first.is_ascii() => false,
                _ => word.chars().next().is_some_and(char::is_uppercase),
            };
            if look_for_acronyms
                && capital
                && let Some(acronym) = as_acronym(word)
                && !self.index.acronyms.contains_key(acronym)
            {
                let found = searched_up_to.and_then(|from| locate(src, piece.span, from, word));
                searched_up_to = found.map(|span| span.end);
                self.index
                    .acronyms
                    .insert(acronym.to_owned(), found.unwrap_or(piece.span));
            }
            if self.lasts.is_empty() {
                continue;
            }
            self.words.push(word);
            // An ASCII word of a length or a first letter no term ends with
            // is no term's end.
            if found.ascii
                && (self.lengths & length_bit(word.len()) == 0
                    || !word
                        .as_bytes()
                        .first()
                        .is_some_and(|b| self.firsts[usize::from(b.to_ascii_lowercase())]))
            {
                continue;
            }
            let hash = fold_hash(word);
            let from = self.lasts.partition_point(|(h, _)| *h < hash);
            for &(h, term) in &self.lasts[from..] {
                if h != hash {
                    break;
                }
                if !self.index.used[term] && self.terms[term].ends(&self.words) {
                    self.index.used[term] = true;
                }
            }
        }
    }
}

/// The acronym a word is, if it is one: two or more capital letters and no
/// small ones (`SLA`, `B2B`), or such a word with a plural `s` (`SOPs`).
pub(crate) fn as_acronym(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s').unwrap_or(word);
    let capitals = stem.chars().filter(|c| c.is_uppercase()).count();
    let all_caps = stem.chars().all(|c| c.is_uppercase() || c.is_numeric());
    (capitals >= 2 && all_caps).then_some(stem)
}

/// The span of the first whole-word `word` in the source text of `within`
/// at or after byte `from`; `None` when the source spells it otherwise
/// (escapes).
fn locate(src: &SourceFile, within: Span, from: usize, word: &str) -> Option<Span> {
    let raw = src.text().get(within.start..within.end)?;
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = from.checked_sub(within.start)?;
    while let Some(pos) = raw.get(from..)?.find(word) {
        let at = from + pos;
        let before = raw[..at].chars().next_back();
        let after = raw[at + word.len()..].chars().next();
        if !is_word_char(before) && !is_word_char(after) {
            return Some(Span::new(within.start + at, within.start + at + word.len()));
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_two_or_more_capitals() {
        assert_eq!(as_acronym("SLA"), Some("SLA"));
        assert_eq!(as_acronym("SOPs"), Some("SOP"));
        assert_eq!(as_acronym("B2B"), Some("B2B"));
        assert_eq!(as_acronym("ČSOB"), Some("ČSOB"));
        for not in ["A", "Sla", "Účel", "the", "2024", "Is", "US1s1"] {
            assert_eq!(as_acronym(not), None, "{not}");
        }
    }

    /// The index of a small SOP whose terms are `terms`, in YAML.
    fn index(terms: &str, text: &str) -> ProseIndex {
        let yaml = format!(
            "title: Refunds\ndepartment: Ops\npurpose: Pay back.\nterms:\n{terms}instructions:\n  - text: {text}\n  - text: Another piece\n"
        );
        let file = crate::load::load_text(std::path::Path::new("t.sop.yaml"), yaml);
        let sop = file.sop.as_ref().expect("the SOP loads");
        ProseIndex::build(sop, &file.source)
    }

    #[test]
    fn terms_are_found_as_whole_words_and_phrases_in_any_case() {
        let terms = "  SLA: a\n  Turnaround time: b\n  CRM: c\n  ticket: d\n  piece another: e\n  Účet: f\n  Refund: g\n";
        let found = index(
            terms,
            "Check the sla and the TURNAROUND Times of ÚČET; no tickets, no crm2 piece.",
        );
        let used: Vec<bool> = (0..7).map(|i| found.uses_term(i)).collect();
        // `CRM` only inside `crm2`; `piece another` only across two
        // pieces; `Refund` in the title.
        assert_eq!(used, [true, true, false, true, false, true, true]);
    }
}
