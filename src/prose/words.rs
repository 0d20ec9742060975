//! Finding the words of a text, and comparing them without case, without
//! decoding ASCII and without a lowercase copy.

/// The words of a text, skipping inline code and URLs.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let word = next_word(text, at)?;
        at = word.end;
        Some(&text[word.start..word.end])
    })
}

/// A word's place in its text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Whether the word is all ASCII.
    pub(super) ascii: bool,
}

/// What a byte is, for finding words: most of the prose is ASCII, judged
/// by one lookup; the first byte of any other character is decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Other,
    Alphanumeric,
    Backtick,
    NotAscii,
}

const CLASSES: [Class; 256] = {
    let mut classes = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        classes[b] = match b as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => Class::Alphanumeric,
            b'`' => Class::Backtick,
            0x80.. => Class::NotAscii,
            _ => Class::Other,
        };
        b += 1;
    }
    classes
};

/// The next word of `text` from byte `at`: a run of Unicode letters and
/// digits, outside `` `code` `` and URLs.
pub(super) fn next_word(text: &str, mut at: usize) -> Option<Word> {
    let bytes = text.as_bytes();
    loop {
        // To the next letter, digit or backtick.
        loop {
            let &b = bytes.get(at)?;
            match CLASSES[usize::from(b)] {
                Class::Other => at += 1,
                Class::NotAscii => {
                    let c = char_at(text, at)?;
                    if c.is_alphanumeric() {
                        break;
                    }
                    at += c.len_utf8();
                }
                Class::Alphanumeric | Class::Backtick => break,
            }
        }
        let rest = &bytes[at..];
        if rest[0] == b'`' {
            let close = rest[1..].iter().position(|&b| b == b'`')?;
            at += 1 + close + 1;
            continue;
        }
        if matches!(rest[0], b'h' | b'w')
            && (rest.starts_with(b"http://")
                || rest.starts_with(b"https://")
                || rest.starts_with(b"www."))
        {
            at = skip_to_space(text, at);
            continue;
        }
        let start = at;
        let mut ascii = true;
        while let Some(&b) = bytes.get(at) {
            match CLASSES[usize::from(b)] {
                Class::Alphanumeric => at += 1,
                Class::NotAscii => match char_at(text, at) {
                    Some(c) if c.is_alphanumeric() => {
                        at += c.len_utf8();
                        ascii = false;
                    }
                    _ => break,
                },
                Class::Other | Class::Backtick => break,
            }
        }
        return Some(Word {
            start,
            end: at,
            ascii,
        });
    }
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Where the white space after a URL starting at `at` is (or the end).
fn skip_to_space(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find(char::is_whitespace))
        .map_or(text.len(), |i| at + i)
}

/// A hash of characters as they come, so that a word's hash can be taken
/// from its lowercase characters without a lowercase copy (FxHash's step).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct FoldHash(u64);

impl FoldHash {
    pub(super) fn push(&mut self, c: char) {
        self.0 =
            (self.0.rotate_left(5) ^ u64::from(u32::from(c))).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    pub(super) const fn finish(self) -> u64 {
        self.0
    }
}

/// The hash of a word with each character lowercased (as
/// `char::to_lowercase` does); the same as pushing those characters.
pub(super) fn fold_hash(word: &str) -> u64 {
    let mut hash = FoldHash::default();
    if word.is_ascii() {
        for b in word.bytes() {
            hash.push(char::from(b.to_ascii_lowercase()));
        }
    } else {
        word.chars()
            .flat_map(char::to_lowercase)
            .for_each(|c| hash.push(c));
    }
    hash.finish()
}

/// Whether `word`, each character lowercased, is exactly `lower`.
pub(super) fn folds_to(word: &str, lower: impl Iterator<Item = char>) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_code_and_urls() {
        let got: Vec<_> = words("Open `CRM` at https://x.io/API, then the SLA's page.").collect();
        assert_eq!(got, ["Open", "at", "then", "the", "SLA", "s", "page"]);
        let cz: Vec<_> = words("Účel: zákazník čeká").collect();
        assert_eq!(cz, ["Účel", "zákazník", "čeká"]);
        let edges: Vec<_> = words("`open code\u{a0}www.x.y\u{a0}end a`b` c").collect();
        assert_eq!(edges, ["b"]);
        let url: Vec<_> = words("see www.x.io\u{a0}then").collect();
        assert_eq!(url, ["see", "then"]);
    }

    #[test]
    fn folded_hashes_agree_with_lowercase_copies() {
        for word in [
            "SLA",
            "sla",
            "Účet",
            "ÚČET",
            "K",
            "\u{212a}",
            "İstanbul",
            "x2",
        ] {
            let mut copy = FoldHash::default();
            word.chars()
                .flat_map(char::to_lowercase)
                .for_each(|c| copy.push(c));
            assert_eq!(fold_hash(word), copy.finish(), "{word}");
            assert!(folds_to(word, word.chars().flat_map(char::to_lowercase)));
        }
        // The Kelvin sign lowercases to an ASCII `k`.
        assert_eq!(fold_hash("\u{212a}"), fold_hash("k"));
    }
}
