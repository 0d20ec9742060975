//! The words of an SOP's prose, read once per file and shared by the term
//! rules: which acronyms appear where, and which words and phrases are used.
//!
//! Words are runs of Unicode letters and digits, so `Účel`, `reclamação` and
//! `SLA` are one word each. Inline code (`` `X` ``) and URLs are skipped: they
//! are not prose a newcomer has to understand.

use indexmap::IndexMap;

use crate::model::{Sop, Sp};
use crate::source::{SourceFile, Span};

#[derive(Debug, Default)]
pub struct ProseIndex {
    /// Each acronym (plural `s` removed), at its first use.
    pub acronyms: IndexMap<String, Span>,
    /// Every piece of prose as lowercased words joined by single spaces, each
    /// piece between spaces, for finding words and phrases. One buffer, so
    /// indexing a file allocates nothing per word; an SOP has a handful of
    /// terms, each looked up once.
    phrases: String,
}

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
        self.phrases.push(' ');
        for word in words(&piece.value) {
            // Only a word with a capital can be an acronym: most are not.
            if look_for_acronyms
                && word.chars().next().is_some_and(char::is_uppercase)
                && let Some(acronym) = as_acronym(word)
                && !self.acronyms.contains_key(acronym)
            {
                let span = locate(src, piece.span, word);
                self.acronyms.insert(acronym.to_owned(), span);
            }
            if word.is_ascii() {
                let start = self.phrases.len();
                self.phrases.push_str(word);
                self.phrases[start..].make_ascii_lowercase();
            } else {
                self.phrases
                    .extend(word.chars().flat_map(char::to_lowercase));
            }
            self.phrases.push(' ');
        }
        self.phrases.push('\n');
    }

    /// Whether a term appears as a whole word or phrase, ignoring case, in
    /// the singular or with a plural `s`.
    pub fn uses(&self, term: &str) -> bool {
        let parts: Vec<String> = words(term).map(str::to_lowercase).collect();
        if parts.is_empty() {
            return false;
        }
        let phrase = format!(" {} ", parts.join(" "));
        let plural = format!(" {}s ", parts.join(" "));
        self.phrases.contains(&phrase) || self.phrases.contains(&plural)
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

/// The words of a text, skipping inline code and URLs.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
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

/// The span of the first whole-word `word` in the source text of `within`;
/// `within` itself when the source spells it otherwise (escapes).
fn locate(src: &SourceFile, within: Span, word: &str) -> Span {
    let Some(raw) = src.text().get(within.start..within.end) else {
        return within;
    };
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(pos) = raw[from..].find(word) {
        let at = from + pos;
        let before = raw[..at].chars().next_back();
        let after = raw[at + word.len()..].chars().next();
        if !is_word_char(before) && !is_word_char(after) {
            return Span::new(within.start + at, within.start + at + word.len());
        }
        from = at + word.len();
    }
    within
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

    #[test]
    fn words_skip_code_and_urls() {
        let got: Vec<_> = words("Open `CRM` at https://x.io/API, then the SLA's page.").collect();
        assert_eq!(got, ["Open", "at", "then", "the", "SLA", "s", "page"]);
        let cz: Vec<_> = words("Účel: zákazník čeká").collect();
        assert_eq!(cz, ["Účel", "zákazník", "čeká"]);
    }
}
