//! A step's attribute block, `{#greet role=agent duration=1m next=close end}`,
//! at the end of the step's first paragraph. It is not CommonMark, so it is
//! found in the paragraph's source: the last `{…}` of the paragraph, its
//! values single words or `"quoted with spaces"`.

use crate::diagnostic::{Diagnostic, Fix, closest};
use crate::load::tree::{Node, Value};
use crate::rule::Rule;
use crate::source::Span;

/// The step keys an attribute block sets; `#ID` is `id`, `end` a flag.
const NAMES: [&str; 5] = ["id", "role", "duration", "next", "end"];

/// One attribute, as the key and value of the step's mapping.
pub(super) struct Attribute {
    pub(super) key: Node<'static>,
    pub(super) value: Node<'static>,
}

/// What was found at the end of a paragraph.
pub(super) struct Found {
    /// Where the block starts (its `{`): the text ends before it.
    pub(super) start: usize,
    pub(super) attributes: Vec<Attribute>,
    pub(super) problems: Vec<Diagnostic>,
}

/// Finds and reads the attribute block at the end of `text`, which is the
/// paragraph's source (comments blanked) starting at byte `base` of the file.
pub(super) fn find(text: &str, base: usize) -> Option<Found> {
    let body = text.trim_end();
    let last_line = body.rfind('\n').map_or(0, |i| i + 1);
    let Some(inner) = body.strip_suffix('}') else {
        // `{#greet role=agent` without its `}`: a block, cut short.
        let open = body[last_line..].rfind("{#").map(|i| last_line + i)?;
        let span = Span::new(base + open, base + body.len());
        let problem = Diagnostic::new(
            Rule::MarkdownStructure,
            span,
            "the attribute block has no closing `}`",
        )
        .with_label("expected `}` at the end of the paragraph")
        .with_help("close it: `{#step-id role=… duration=…}`; write `\\{` for a brace in the text");
        // What it holds is read as if it were closed, so that the missing
        // `}` is the one problem (its `#id` named by another step's `next`
        // is no unknown target); when it cannot be read so, it is not
        // read at all, and the `}` is still the one problem.
        let mut found = Found {
            start: open,
            attributes: Vec::new(),
            problems: Vec::new(),
        };
        Reader {
            text: &body[open + 1..],
            base: base + open + 1,
            found: &mut found,
        }
        .read();
        if !found.problems.is_empty() {
            found.attributes.clear();
        }
        found.problems = vec![problem];
        return Some(found);
    };
    let open = opening_brace(&inner[last_line..]).map(|i| last_line + i)?;
    if body[..open].ends_with('\\') {
        return None;
    }
    let mut found = Found {
        start: open,
        attributes: Vec::new(),
        problems: Vec::new(),
    };
    Reader {
        text: &inner[open + 1..],
        base: base + open + 1,
        found: &mut found,
    }
    .read();
    keep_safe_renames(&mut found);
    Some(found)
}

/// Keeps the fix of a misspelt attribute name only when the block does not
/// already set the attribute it meant, and no other misspelt name means it
/// too: renaming would then give it twice.
fn keep_safe_renames(found: &mut Found) {
    let meant: Vec<String> = found
        .problems
        .iter()
        .filter_map(|p| Some(p.fix.as_ref()?.edits.first()?.replacement.clone()))
        .collect();
    for problem in &mut found.problems {
        let Some(name) = problem
            .fix
            .as_ref()
            .and_then(|f| f.edits.first())
            .map(|e| e.replacement.clone())
        else {
            continue;
        };
        let set = found
            .attributes
            .iter()
            .any(|a| a.key.as_str() == Some(name.as_str()));
        let shared = meant.iter().filter(|m| **m == name).count() > 1;
        if set || shared {
            problem.fix = None;
        }
    }
}

/// The `{` that opens the block ending `line`: the last one outside
/// quotes, or, when the quotes do not pair, the last one at all.
fn opening_brace(line: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in line.char_indices().rev() {
        match c {
            '"' => quoted = !quoted,
            '{' if !quoted => return Some(i),
            _ => {}
        }
    }
    line.rfind('{')
}

struct Reader<'a, 'f> {
    text: &'a str,
    /// The file offset of `text`.
    base: usize,
    found: &'f mut Found,
}

impl Reader<'_, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn read(&mut self) {
        let mut at = 0;
        while let Some(skip) = self.text[at..].find(|c: char| !c.is_whitespace()) {
            let start = at + skip;
            match self.token(start) {
                Some(end) => at = end,
                None => return,
            }
        }
    }

    /// Reads the token at `start`; returns where it ends, or `None` when
    /// the rest of the block cannot be read.
    fn token(&mut self, start: usize) -> Option<usize> {
        let rest = &self.text[start..];
        if rest.starts_with('#') {
            return Some(self.hash_id(start));
        }
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        let name_span = self.span(start, start + name_len);
        let after = &rest[name_len..];
        if name.is_empty() || !(after.is_empty() || after.starts_with(['=', ' ', '\t', '\n'])) {
            let end = start + self.word_len(start);
            let what = format!(
                "cannot read `{}` in the attribute block",
                &self.text[start..end]
            );
            let help = "write `#id`, `name=value` (with `\"` around a value with spaces) or `end`";
            self.unreadable(start, end, &what, help);
            return Some(end);
        }
        if !after.starts_with('=') {
            self.flag(name, name_span);
            return Some(start + name_len);
        }
        let (value, end) = self.value(start + name_len + 1)?;
        if value.text.is_empty() {
            let what = format!("`{name}=` has no value");
            let help = "write the value right after the `=`, in `\"` when it has spaces";
            self.unreadable(start, end, &what, help);
            return Some(end);
        }
        self.keyed(name, name_span, value);
        Some(end)
    }

    /// How long the word at `start` is (up to white space).
    fn word_len(&self, start: usize) -> usize {
        let rest = &self.text[start..];
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    }

    /// `#check-amount`: the step id. Returns where it ends.
    fn hash_id(&mut self, start: usize) -> usize {
        let end = start + self.word_len(start);
        if end == start + 1 {
            let help = "write the id right after the `#`: `{#check-amount}`";
            self.unreadable(start, end, "`#` with no step id after it", help);
            return end;
        }
        let id = Str {
            text: self.text[start + 1..end].to_owned(),
            span: self.span(start + 1, end),
        };
        self.set("id", self.span(start, start + 1), id);
        end
    }

    /// The value that starts at `start` (after the `=`), and where it ends;
    /// `None` when a quote is never closed.
    fn value(&mut self, start: usize) -> Option<(Str, usize)> {
        let rest = &self.text[start..];
        let Some(quoted) = rest.strip_prefix('"') else {
            let end = start + self.word_len(start);
            let text = self.text[start..end].to_owned();
            return Some((
                Str {
                    text,
                    span: self.span(start, end),
                },
                end,
            ));
        };
        let Some(close) = quoted.find('"') else {
            let help = "close the quote: `role=\"shift manager\"`";
            let what = "the quoted value has no closing `\"`";
            self.unreadable(start, self.text.len(), what, help);
            return None;
        };
        let end = start + close + 2;
        let text = quoted[..close].to_owned();
        Some((
            Str {
                text,
                span: self.span(start, end),
            },
            end,
        ))
    }

    /// `name` without a value: only `end` is written so.
    fn flag(&mut self, name: &str, span: Span) {
        match name {
            "end" => self.push("end", span, Node::new(Value::Bool(true), span)),
            "id" | "role" | "duration" | "next" => {
                let (start, end) = (span.start - self.base, span.end - self.base);
                let what = format!("`{name}` has no value");
                let help = match name {
                    "id" => "write the id with a `#`: `{#check-amount}`".to_owned(),
                    _ => format!("write `{name}=value`"),
                };
                self.unreadable(start, end, &what, &help);
            }
            _ => self.unknown(name, span, false),
        }
    }

    fn keyed(&mut self, name: &str, span: Span, value: Str) {
        let known = NAMES.into_iter().find(|n| *n == name);
        match known {
            Some(name @ ("id" | "role" | "duration" | "next")) => self.set(name, span, value),
            Some(_) => {
                let (start, end) = (span.start - self.base, value.span.end - self.base);
                self.unreadable(
                    start,
                    end,
                    "`end` takes no value",
                    "write `end` alone: `{#close end}`",
                );
            }
            None => self.unknown(name, span, true),
        }
    }

    fn set(&mut self, name: &'static str, key_span: Span, value: Str) {
        let node = Node::new(Value::Str(value.text.into()), value.span);
        self.push(name, key_span, node);
    }

    fn push(&mut self, name: &'static str, key_span: Span, value: Node<'static>) {
        let earlier = self
            .found
            .attributes
            .iter()
            .find(|a| a.key.as_str() == Some(name));
        if let Some(earlier) = earlier {
            let problem = Diagnostic::new(
                Rule::MarkdownStructure,
                key_span,
                format!("`{name}` is given twice in the attribute block"),
            )
            .with_related(earlier.key.span, "first given here")
            .with_help("keep one of them");
            self.found.problems.push(problem);
            return;
        }
        self.found.attributes.push(Attribute {
            key: Node::new(Value::Str(name.to_owned().into()), key_span),
            value,
        });
    }

    /// An unknown attribute name, written with a value (`rloe=x`) or alone.
    fn unknown(&mut self, name: &str, span: Span, has_value: bool) {
        // `ned` for `end`: too short for a similarity score to catch.
        let swapped = || {
            NAMES
                .into_iter()
                .find(|n| strsim::damerau_levenshtein(n, name) <= 1)
        };
        let guess = closest(name, NAMES).or_else(swapped);
        // Renaming is the fix when the guess is written the same way: a
        // name with a value for `role`, `duration`, `next`; alone for `end`
        // (`id` is written `#id`, which is more than a rename).
        let fix = guess
            .filter(|g| *g != "id" && (*g == "end") != has_value)
            .map(|g| Fix::replace(format!("Rename the attribute to `{g}`"), span, g));
        let help = match guess {
            Some("id") => "did you mean `#id`? write the step id with a `#`: `{#check-amount}`".to_owned(),
            Some(known) => format!("did you mean `{known}`?"),
            None => "a step's attributes are `#id`, `role=…`, `duration=…`, `next=…` and `end`; write `\\{` for a brace in the text".to_owned(),
        };
        self.found.problems.push(
            Diagnostic::new(
                Rule::SchemaUnknownKey,
                span,
                format!("unknown attribute `{name}` in the step's attribute block"),
            )
            .with_help(help)
            .with_fix(fix),
        );
    }

    fn unreadable(&mut self, start: usize, end: usize, what: &str, help: &str) {
        let label = if what.contains('"') {
            "expected a closing `\"` before the `}`"
        } else {
            "expected `#id`, `name=value` or `end` here"
        };
        let problem = Diagnostic::new(Rule::MarkdownStructure, self.span(start, end), what)
            .with_label(label)
            .with_help(help);
        self.found.problems.push(problem);
    }
}

/// A value as written, and its text.
struct Str {
    text: String,
    span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each attribute as `key=value`, the value as written in the text.
    fn read(text: &str) -> (usize, Vec<String>, Vec<Rule>) {
        let found = find(text, 0).expect("a block");
        let attributes = found
            .attributes
            .iter()
            .map(|a| {
                let written = &text[a.value.span.start..a.value.span.end];
                format!("{}={written}", a.key.as_str().unwrap_or(""))
            })
            .collect();
        let rules = found.problems.iter().map(|p| p.rule).collect();
        (found.start, attributes, rules)
    }

    #[test]
    fn values_are_words_or_quoted_and_keep_their_place() {
        let (start, attributes, problems) =
            read("Greet them. {#greet role=\"shift manager\" duration=1m end}  ");
        assert_eq!(start, 12);
        assert_eq!(
            attributes,
            [
                "id=greet",
                "role=\"shift manager\"",
                "duration=1m",
                "end=end"
            ]
        );
        assert!(problems.is_empty());
    }

    #[test]
    fn text_with_braces_is_not_a_block() {
        assert!(find("Type `{}` here.", 0).is_none());
        assert!(find("Keep \\{this}", 0).is_none());
        assert!(find("Ends with }", 0).is_none());
    }

    #[test]
    fn problems_name_their_kind() {
        let (_, _, problems) = read("A. {#a rloe=x ned .x next=}");
        assert_eq!(
            problems,
            [
                Rule::SchemaUnknownKey,
                Rule::SchemaUnknownKey,
                Rule::MarkdownStructure,
                Rule::MarkdownStructure
            ]
        );
        let (_, _, problems) = read("A. {#a role=\"x}");
        assert_eq!(problems, [Rule::MarkdownStructure]);
        let found = find("A. {#a role=x", 0).expect("a cut block");
        assert_eq!(
            found.problems[0].message,
            "the attribute block has no closing `}`"
        );
    }
}
