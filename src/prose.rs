//! The words of an SOP's prose, read once per file and shared by the term
//! rules: which acronyms appear where, and which words and phrases are used.
//!
//! Words are runs of Unicode letters and digits, so `Účel`, `reclamação` and
//! `SLA` are one word each. Inline code (`` `X` ``) and URLs are skipped: they
//! are not prose a newcomer has to understand.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::model::{Sop, Sp};
use crate::source::{SourceFile, Span};

#[derive(Debug, Default)]
pub struct ProseIndex {
    /// Each acronym (plural `s` removed), at its first use.
    pub acronyms: IndexMap<String, Span>,
    /// Every piece of prose as its lowercased words, each word a number
    /// given by `vocabulary`, the pieces apart by [`BETWEEN_PIECES`]: a
    /// phrase is a run of numbers, found by hashing (see [`Self::uses_all`]).
    words: Vec<u32>,
    vocabulary: HashMap<String, u32>,
}

/// Stands between two pieces of prose in [`ProseIndex::words`], so that no
/// phrase is found across them.
const BETWEEN_PIECES: u32 = u32::MAX;

impl ProseIndex {
    pub fn build(sop: &Sop, src: &SourceFile) -> Self {
        let mut index = Self::default();
        for piece in sop.prose() {
            index.add(piece, src, true);
        }
        // A term named only in the title or a metric is still used.
        index.add(&sop.title, src, false);
        for metric in &sop.metrics {
            index.add(&metric.name, src, false);
        }
        index
    }

    fn add(&mut self, piece: &Sp<String>, src: &SourceFile, look_for_acronyms: bool) {
        // Acronyms are found in the source text in the order they come, each
        // search starting after the last one found, so a long text with many
        // acronyms is read once.
        let mut searched_up_to = Some(piece.span.start);
        let mut lower = String::new();
        for word in words(&piece.value) {
            // Only a word with a capital can be an acronym: most are not.
            if look_for_acronyms
                && word.chars().next().is_some_and(char::is_uppercase)
                && let Some(acronym) = as_acronym(word)
                && !self.acronyms.contains_key(acronym)
            {
                let found = searched_up_to.and_then(|from| locate(src, piece.span, from, word));
                // A word the source spells otherwise (an escape) cannot be
                // placed; the rest of the piece is then not searched again.
                searched_up_to = found.map(|span| span.end);
                self.acronyms
                    .insert(acronym.to_owned(), found.unwrap_or(piece.span));
            }
            lowercase(word, &mut lower);
            let next = u32::try_from(self.vocabulary.len()).unwrap_or(BETWEEN_PIECES - 1);
            let id = *self
                .vocabulary
                .entry(std::mem::take(&mut lower))
                .or_insert(next);
            self.words.push(id);
        }
        self.words.push(BETWEEN_PIECES);
    }

    /// Whether a term appears as a whole word or phrase, ignoring case, in
    /// the singular or with a plural `s`.
    pub fn uses(&self, term: &str) -> bool {
        self.uses_all(&[term])[0]
    }

    /// [`Self::uses`] for each of `terms`, in time linear in the prose and
    /// the terms: a phrase of `n` words is looked up among the hashes of
    /// every run of `n` words, made once for each length asked.
    pub fn uses_all(&self, terms: &[&str]) -> Vec<bool> {
        // Each term as word numbers; the last word also with a plural `s`.
        let wanted: Vec<Option<Phrase>> = terms.iter().map(|t| self.phrase(t)).collect();
        let mut runs: HashMap<usize, HashMap<u64, usize>> = HashMap::new();
        for phrase in wanted.iter().flatten() {
            let n = phrase.words.len() + 1;
            runs.entry(n).or_insert_with(|| self.runs_of(n));
        }
        wanted
            .iter()
            .map(|phrase| {
                phrase.as_ref().is_some_and(|phrase| {
                    let runs = &runs[&(phrase.words.len() + 1)];
                    phrase
                        .last
                        .iter()
                        .any(|&last| self.contains(runs, &phrase.words, last))
                })
            })
            .collect()
    }

    /// A term as the numbers of its words; `None` when a word of it never
    /// appears, so it cannot be used.
    fn phrase(&self, term: &str) -> Option<Phrase> {
        let mut parts: Vec<String> = words(term)
            .map(|w| {
                let mut lower = String::new();
                lowercase(w, &mut lower);
                lower
            })
            .collect();
        let last = parts.pop()?;
        let words = parts
            .iter()
            .map(|p| self.vocabulary.get(p).copied())
            .collect::<Option<Vec<u32>>>()?;
        let last = [
            self.vocabulary.get(&last),
            self.vocabulary.get(&(last.clone() + "s")),
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect::<Vec<u32>>();
        (!last.is_empty()).then_some(Phrase { words, last })
    }

    /// Where each run of `n` words first occurs, by its hash.
    fn runs_of(&self, n: usize) -> HashMap<u64, usize> {
        let mut runs = HashMap::new();
        if self.words.len() < n {
            return runs;
        }
        let top = RUN_BASE.wrapping_pow(u32::try_from(n - 1).unwrap_or(u32::MAX));
        let mut hash = 0u64;
        for (i, &word) in self.words.iter().enumerate() {
            if i >= n {
                hash = hash.wrapping_sub(top.wrapping_mul(u64::from(self.words[i - n])));
            }
            hash = hash.wrapping_mul(RUN_BASE).wrapping_add(u64::from(word));
            if i + 1 >= n {
                runs.entry(hash).or_insert(i + 1 - n);
            }
        }
        runs
    }

    /// Whether `words` then `last` occur together; a hash shared by another
    /// run (a collision) is settled by reading the words.
    fn contains(&self, runs: &HashMap<u64, usize>, words: &[u32], last: u32) -> bool {
        let phrase: Vec<u32> = words.iter().copied().chain([last]).collect();
        let hash = phrase.iter().fold(0u64, |h, &w| {
            h.wrapping_mul(RUN_BASE).wrapping_add(u64::from(w))
        });
        match runs.get(&hash) {
            None => false,
            Some(&at) if self.words[at..at + phrase.len()] == phrase[..] => true,
            Some(_) => self.words.windows(phrase.len()).any(|run| run == phrase),
        }
    }
}

/// The hash of a run of words is its numbers in base `RUN_BASE`, modulo 2⁶⁴.
const RUN_BASE: u64 = 0x0000_0100_0000_01b3;

/// A term as word numbers: its words but the last, and the last word's
/// number in the singular and, when the prose has it, with a plural `s`.
struct Phrase {
    words: Vec<u32>,
    last: Vec<u32>,
}

/// A word in lower case, into `out`.
fn lowercase(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The acronym a word is, if it is one: two or more capital letters and no
/// small ones (`SLA`, `B2B`), or such a word with a plural `s` (`SOPs`).
pub fn as_acronym(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('s').unwrap_or(word);
    let capitals = stem.chars().filter(|c| c.is_uppercase()).count();
    let all_caps = stem.chars().all(|c| c.is_uppercase() || c.is_numeric());
    (capitals >= 2 && all_caps).then_some(stem)
}

/// The words of a text, skipping inline code and URLs.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find(|c: char| c.is_alphanumeric() || c == '`')?;
            rest = &rest[start..];
            if let Some(after) = rest.strip_prefix('`') {
                rest = after.find('`').map_or("", |end| &after[end + 1..]);
                continue;
            }
            if rest.starts_with("http://")
                || rest.starts_with("https://")
                || rest.starts_with("www.")
            {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                rest = &rest[end..];
                continue;
            }
            let end = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            let (word, tail) = rest.split_at(end);
            rest = tail;
            return Some(word);
        }
    })
}

/// The span of the first whole-word `word` in the source text of `within`
/// at or after byte `from`; `None` when the source spells it otherwise
/// (escapes).
fn locate(src: &SourceFile, within: Span, from: usize, word: &str) -> Option<Span> {
    let raw = src.text().get(within.start..within.end)?;
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = from.checked_sub(within.start)?;
    while let Some(pos) = raw[from..].find(word) {
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

    fn index(yaml: &str) -> ProseIndex {
        let file = crate::load::load_text(std::path::Path::new("t.sop.yaml"), yaml.to_owned());
        let sop = file.sop.as_ref().expect("a model");
        ProseIndex::build(sop, &file.source)
    }

    #[test]
    fn terms_are_found_as_whole_words_and_phrases() {
        let prose = index(
            "title: Call the Service Desk\ndepartment: D\npurpose: Reach the SLAs.\nterms: {}\n\
             instructions:\n  - text: Ask the service level managers.\n  - text: Then the desk.\n",
        );
        let terms = [
            "service level manager", // plural of the last word
            "Service Desk",          // the title, in another case
            "level managers",
            "SLA",
            "desk then", // across two pieces: not a phrase
            "manager service",
            "servic",
            "",
        ];
        assert_eq!(
            prose.uses_all(&terms),
            [true, true, true, true, false, false, false, false]
        );
        assert!(prose.uses("the"));
    }

    #[test]
    fn acronyms_are_placed_at_their_first_use_in_the_source() {
        let yaml = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: \"AB CD, \\x45F and AB GH\"\n";
        let prose = index(yaml);
        let at = |a: &str| {
            let span = prose.acronyms[a];
            &yaml[span.start..span.end]
        };
        assert_eq!(at("AB"), "AB");
        assert_eq!(at("CD"), "CD");
        // Spelt with an escape: the whole text, and the rest of it too.
        assert!(at("EF").starts_with('"'), "{}", at("EF"));
        assert!(at("GH").starts_with('"'), "{}", at("GH"));
    }

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

    #[test]
    fn words_skip_code_and_urls() {
        let got: Vec<_> = words("Open `CRM` at https://x.io/API, then the SLA's page.").collect();
        assert_eq!(got, ["Open", "at", "then", "the", "SLA", "s", "page"]);
        let cz: Vec<_> = words("Účel: zákazník čeká").collect();
        assert_eq!(cz, ["Účel", "zákazník", "čeká"]);
    }
}
