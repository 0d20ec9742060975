//! The untyped [`Node`] tree → the typed [`Sop`], reporting every `schema/*`
//! problem at its node and building as much of the model as it can.
//!
//! Lowering knows nothing of the source format: YAML files and Markdown
//! files both arrive here as a tree, so every source gets the same checks
//! and the same messages. This file holds the readers of single values;
//! [`sop`] reads the top level and [`step`] the instructions.

mod sop;
mod step;

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::diagnostic::{Diagnostic, Fix, closest};
use crate::format::SourceFormat;
use crate::load::scalars::{parse_date, parse_duration};
use crate::load::tree::{Node, Value};
use crate::model::{Date, Duration, KeyedMap, Sop, Sp};
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

/// Lowers a whole document. Returns `None` only when the top level is not a
/// mapping at all. The tree is consumed: its texts move into the model.
pub(super) fn lower(src: &SourceFile, root: Node<'_>) -> (Option<Sop>, Vec<Diagnostic>) {
    let mut lower = Lower {
        src,
        diagnostics: Vec::new(),
        guessed_values: Vec::new(),
    };
    let sop = lower.sop(root);
    // A misspelt key's value that is not what the key it meant holds
    // (`owners: [a, b]` for `owner`) was a wrong guess: the unknown key is
    // the one problem to report, not the value's type.
    if !lower.guessed_values.is_empty() {
        let guessed: rustc_hash::FxHashSet<Span> = lower.guessed_values.into_iter().collect();
        lower
            .diagnostics
            .retain(|d| !(d.rule == Rule::SchemaInvalidValue && guessed.contains(&d.span)));
    }
    (sop, lower.diagnostics)
}

/// "`title`", formatted only when a problem is reported: a 100,000-step SOP
/// would otherwise format a million descriptions for nothing.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
}

/// The entries of a mapping whose keys were checked against the known keys.
/// Each value is taken out once, by the reader of its key.
struct Fields<'t> {
    span: Span,
    /// Each known key given: its name, its span, and its value until taken.
    entries: Vec<(&'static str, Span, Option<Node<'t>>)>,
    /// The known keys that unknown keys most likely meant (`departmnt` →
    /// `department`): those keys are not missing, but misspelt.
    misspelt: Vec<&'static str>,
    /// The misspelt keys that surely mean a known key (the mapping lacks
    /// it and no other misspelt key means it): their values are read as the
    /// known key's, so the one typo is reported once (as the unknown key
    /// and the missing key) and no rule fires on the part it seemed to
    /// leave out.
    guessed: Vec<Guess<'t>>,
}

/// A misspelt key read as the known key it surely means.
struct Guess<'t> {
    /// The known key.
    meant: &'static str,
    /// The misspelt key, as written.
    key: Node<'t>,
    /// Its value, until taken.
    value: Option<Node<'t>>,
}

impl<'t> Fields<'t> {
    fn entry(&self, key: &str) -> Option<&(&'static str, Span, Option<Node<'t>>)> {
        self.entries.iter().find(|(k, ..)| same_key(k, key))
    }

    fn guess(&self, key: &str) -> Option<&Guess<'t>> {
        self.guessed.iter().find(|g| same_key(g.meant, key))
    }

    /// The value of `key`, left in place.
    fn get(&self, key: &str) -> Option<&Node<'t>> {
        match self.entry(key) {
            Some((_, _, v)) => v.as_ref(),
            None => self.guess(key).and_then(|g| g.value.as_ref()),
        }
    }

    /// The value of `key`, or of the misspelt key that means it, taken out.
    fn take(&mut self, key: &str) -> Option<Node<'t>> {
        if let Some((_, _, v)) = self.entries.iter_mut().find(|(k, ..)| same_key(k, key)) {
            return v.take();
        }
        self.guessed
            .iter_mut()
            .find(|g| same_key(g.meant, key))
            .and_then(|g| g.value.take())
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(_, span, _)| *span)
    }
}

/// `a == b` for key names, most of which differ in their length or their
/// first letter: those are told apart without comparing the rest.
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Whether a value may be written as a bare number (`version: 1.2`,
/// `id: 3`), or must be text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbers {
    Allowed,
    Refused,
}

struct Lower<'a> {
    src: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
    /// Where the values of [`Fields::guessed`] keys are.
    guessed_values: Vec<Span>,
}

impl Lower<'_> {
    fn report(&mut self, rule: Rule, span: Span, message: String, help: Option<String>) {
        self.diagnostics
            .push(Diagnostic::new(rule, span, message).with_help_opt(help));
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        self.report(Rule::SchemaInvalidValue, span, message, help);
    }

    /// The first line of a node: where a diagnostic about a whole mapping
    /// points, so the excerpt shows the line and not the whole mapping.
    fn first_line(&self, span: Span) -> Span {
        let text = self.src.text();
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        // Searched within the node only: on a file of one long line, a
        // search to the end of the text for each node was quadratic.
        let end = text[start..end].find('\n').map_or(end, |i| start + i);
        Span::new(start, end)
    }

    /// Checks that `node` is a mapping and reports keys outside `known`
    /// (keys starting with `x-` are kept for tools and ignored).
    fn fields<'t>(
        &mut self,
        node: Node<'t>,
        what: &dyn fmt::Display,
        known: &[&'static str],
    ) -> Option<Fields<'t>> {
        let map = match node.value {
            Value::Map(map) => map,
            value => {
                let type_name = Node::new(value, node.span).type_name();
                self.invalid(
                    node.span,
                    format!("{what} must be a mapping, found {type_name}"),
                    None,
                );
                return None;
            }
        };
        let mut entries = Vec::with_capacity(map.len());
        let mut misspelt = Vec::new();
        // (diagnostic, key, value) of each unknown key with a guess.
        let mut guessed = Vec::new();
        for (key, value) in map {
            let Some(name) = key.as_str_or_number() else {
                self.report(
                    Rule::SchemaUnknownKey,
                    key.span,
                    format!("{} is not a key of {what}", key.type_name()),
                    None,
                );
                continue;
            };
            if let Some(&known_key) = known.iter().find(|k| same_key(k, name)) {
                entries.push((known_key, key.span, Some(value)));
            } else if !name.starts_with("x-") {
                let meant = closest(name, known.iter().copied());
                let help = meant.map_or_else(
                    || {
                        format!(
                            "known keys are {}; keys starting with `x-` are ignored",
                            known.join(", ")
                        )
                    },
                    |k| format!("did you mean `{k}`?"),
                );
                self.report(
                    Rule::SchemaUnknownKey,
                    key.span,
                    format!("unknown key `{name}` in {what}"),
                    Some(help),
                );
                if meant.is_some() {
                    guessed.push((self.diagnostics.len() - 1, key, value));
                }
                misspelt.extend(meant);
            }
        }
        let guessed = self.sure_guesses(&entries, guessed, &misspelt);
        self.guessed_values.extend(
            guessed
                .iter()
                .filter_map(|g| g.value.as_ref().map(|v| v.span)),
        );
        Some(Fields {
            span: node.span,
            entries,
            misspelt,
            guessed,
        })
    }

    /// The misspelt keys that surely mean the key they were guessed to
    /// mean: the mapping does not have that key yet, no other misspelt key
    /// means it too, and (in a Markdown file) it is not a part the body
    /// writes, such as `title`. Each is renamed by a safe fix.
    fn sure_guesses<'t>(
        &mut self,
        entries: &[(&'static str, Span, Option<Node<'t>>)],
        guessed: Vec<(usize, Node<'t>, Node<'t>)>,
        meant: &[&'static str],
    ) -> Vec<Guess<'t>> {
        if guessed.is_empty() {
            return Vec::new();
        }
        let format = SourceFormat::of(self.src.path());
        // Sets, not searches per guess: a mapping of thousands of misspelt
        // keys stays linear.
        let keys: HashSet<&str> = entries.iter().map(|(k, ..)| *k).collect();
        let mut times_meant: HashMap<&str, usize> = HashMap::new();
        for known in meant {
            *times_meant.entry(known).or_default() += 1;
        }
        let mut sure = Vec::new();
        for ((at, key, value), &known) in guessed.into_iter().zip(meant) {
            let present = keys.contains(known);
            let shared = times_meant.get(known).is_some_and(|&n| n > 1);
            let in_body = format.is_body_key(known);
            if present || shared || in_body {
                continue;
            }
            let fix =
                crate::format::spelling::replace_value(self.src, key.span, known).map(|edit| Fix {
                    title: format!("Rename the key to `{known}`"),
                    edits: vec![edit],
                });
            if let Some(d) = self.diagnostics.get_mut(at) {
                d.fix = fix.map(Box::new);
            }
            sure.push(Guess {
                meant: known,
                key,
                value: Some(value),
            });
        }
        sure
    }

    /// A non-empty piece of text.
    fn text_of(
        &mut self,
        node: Node<'_>,
        what: &dyn fmt::Display,
        numbers: Numbers,
    ) -> Option<Sp<String>> {
        let span = node.span;
        let text = match node.value {
            Value::Str(text) => text,
            Value::Number(text) if numbers == Numbers::Allowed => text,
            value => {
                let help = match &value {
                    Value::Seq(_) | Value::Map(_) => {
                        "write it as one string; use `|` for several lines".to_owned()
                    }
                    Value::Number(n) | Value::Str(n) => format!("quote it: \"{n}\""),
                    Value::Bool(b) => format!("quote it: \"{b}\""),
                    Value::Null => "write the text after the colon".to_owned(),
                };
                let type_name = Node::new(value, span).type_name();
                self.invalid(
                    span,
                    format!("{what} must be text, found {type_name}"),
                    Some(help),
                );
                return None;
            }
        };
        if text.trim().is_empty() {
            self.invalid(span, format!("{what} is empty"), None);
            return None;
        }
        // The final line break of a YAML `|` block (or of a Markdown
        // section) is syntax, not text: no reader sees it, so the model
        // never holds one, and YAML and Markdown agree.
        let kept = text.trim_end_matches('\n').len();
        let mut text = text.into_owned();
        text.truncate(kept);
        Some(Sp::new(text, span))
    }

    /// Prose: text, never a bare number.
    fn text(&mut self, node: Node<'_>, what: &dyn fmt::Display) -> Option<Sp<String>> {
        self.text_of(node, what, Numbers::Refused)
    }

    /// A name or number (`version`, ids, targets): text, or a bare number
    /// spelled as written.
    fn ident(&mut self, node: Node<'_>, what: &dyn fmt::Display) -> Option<Sp<String>> {
        self.text_of(node, what, Numbers::Allowed)
    }

    fn parsed<T>(
        &mut self,
        node: Node<'_>,
        what: &dyn fmt::Display,
        parse: fn(&str) -> Result<T, String>,
        help: &str,
    ) -> Option<Sp<T>> {
        // A value that reads well needs no copy of its text.
        if let Value::Str(text) | Value::Number(text) = &node.value {
            let text = text.trim_end_matches('\n');
            if !text.trim().is_empty()
                && let Ok(v) = parse(text)
            {
                return Some(Sp::new(v, node.span));
            }
        }
        // A bare number (`duration: 5`) is read as text, so the message can
        // say what is missing (a unit) instead of only "not text".
        let text = self.ident(node, what)?;
        match parse(&text.value) {
            Ok(v) => Some(Sp::new(v, text.span)),
            Err(why) => {
                self.invalid(text.span, format!("{what}: {why}"), Some(help.into()));
                None
            }
        }
    }

    fn date(&mut self, node: Node<'_>, what: &dyn fmt::Display) -> Option<Sp<Date>> {
        self.parsed(
            node,
            what,
            parse_date,
            "write a date as YYYY-MM-DD, e.g. 2027-03-31",
        )
    }

    fn duration(&mut self, node: Node<'_>, what: &dyn fmt::Display) -> Option<Sp<Duration>> {
        self.parsed(
            node,
            what,
            parse_duration,
            "write a duration like 30s, 15m, 4h, 2d, 1w or 1h30m",
        )
    }

    fn choice<T: Copy>(
        &mut self,
        node: Node<'_>,
        what: &dyn fmt::Display,
        all: &[(&str, T)],
    ) -> Option<Sp<T>> {
        let span = node.span;
        if let Value::Str(text) = &node.value
            && let Some((_, v)) = all.iter().find(|(n, _)| *n == text.trim_end_matches('\n'))
        {
            return Some(Sp::new(*v, span));
        }
        let text = self.text(node, what)?;
        if let Some((_, v)) = all.iter().find(|(n, _)| *n == text.value) {
            return Some(Sp::new(*v, text.span));
        }
        let names: Vec<&str> = all.iter().map(|(n, _)| *n).collect();
        let meant = closest(&text.value, names.iter().copied());
        let help = meant.map_or_else(
            || format!("use one of: {}", names.join(", ")),
            |m| format!("did you mean `{m}`?"),
        );
        self.invalid(
            span,
            format!(
                "{what} must be one of {}, found `{}`",
                names.join(", "),
                text.value
            ),
            Some(help),
        );
        if let (Some(m), Some(d)) = (meant, self.diagnostics.last_mut()) {
            d.fix = crate::format::spelling::replace_with(self.src, span, m).map(Box::new);
        }
        None
    }

    fn list<'t>(&mut self, node: Node<'t>, what: &dyn fmt::Display) -> Vec<Node<'t>> {
        match node.value {
            Value::Seq(items) => items,
            Value::Null => {
                self.invalid(
                    node.span,
                    format!("{what} must be a list, found nothing"),
                    Some("list the items on the lines below, each starting with `- `, or write `[]` for none".into()),
                );
                Vec::new()
            }
            value => {
                let type_name = Node::new(value, node.span).type_name();
                self.invalid(
                    node.span,
                    format!("{what} must be a list, found {type_name}"),
                    Some("start each item on its own line with `- `".into()),
                );
                Vec::new()
            }
        }
    }

    fn list_of(
        &mut self,
        node: Node<'_>,
        what: &dyn fmt::Display,
        numbers: Numbers,
    ) -> Vec<Sp<String>> {
        let items = self.list(node, what);
        items
            .into_iter()
            .filter_map(|item| self.text_of(item, what, numbers))
            .collect()
    }

    /// A mapping of names to text (terms, roles, branches); `None` when it
    /// cannot be read at all. Written as a list of one-entry mappings
    /// (`- yes: a`), it is reported once and read as the mapping that was
    /// meant, so nothing else is blamed for it. A name whose text is wrong
    /// is kept (with no text), so the name is still known.
    fn text_map(
        &mut self,
        node: Node<'_>,
        what: &dyn fmt::Display,
        value_what: &dyn fmt::Display,
        values: Numbers,
    ) -> Option<KeyedMap<Sp<String>>> {
        let entries: Vec<(Node<'_>, Node<'_>)> = match node.value {
            Value::Map(entries) => entries,
            Value::Null => {
                self.invalid(
                    node.span,
                    format!("{what} must be a mapping, found nothing"),
                    Some("write one `NAME: text` per line below it, or `{}` for none".into()),
                );
                return None;
            }
            Value::Seq(items) if is_list_of_pairs(&items) => {
                self.invalid(
                    node.span,
                    format!("{what} must be a mapping, found a list"),
                    Some("remove the `- ` before each entry: write `NAME: text` lines".into()),
                );
                items
                    .into_iter()
                    .filter_map(|item| match item.value {
                        Value::Map(pair) => pair.into_iter().next(),
                        _ => None,
                    })
                    .collect()
            }
            value => {
                let type_name = Node::new(value, node.span).type_name();
                self.invalid(
                    node.span,
                    format!("{what} must be a mapping, found {type_name}"),
                    Some("write one `NAME: text` per line".into()),
                );
                return None;
            }
        };
        let mut map = KeyedMap(Vec::with_capacity(entries.len()));
        for (key, value) in entries {
            let Some(name) = self.ident(key, &format_args!("a key of {what}")) else {
                continue;
            };
            let value_span = value.span;
            let what = ValueOf(value_what, &name.value);
            let text = self
                .text_of(value, &what, values)
                .unwrap_or_else(|| Sp::new(String::new(), value_span));
            map.0.push((name, text));
        }
        Some(map)
    }

    /// Reports a required key that the mapping lacks, at the first line of
    /// the mapping; when a misspelt key means it, the help names that key
    /// (whose value is then read as the key's).
    fn require(&mut self, fields: &Fields<'_>, key: &str, what: &dyn fmt::Display) {
        if fields.entry(key).is_some() {
            return;
        }
        let at = self.first_line(fields.span);
        let missing = Diagnostic::new(Rule::SchemaMissingKey, at, format!("{what} has no `{key}`"))
            .with_label(format!("`{key}` belongs in this mapping"));
        let Some(guess) = fields.guess(key) else {
            self.diagnostics
                .push(missing.with_help(format!("add `{key}:`")));
            return;
        };
        let typo = &guess.key;
        let name = typo.as_str_or_number().unwrap_or_default();
        let line = self.src.line_col(typo.span.start).line;
        self.diagnostics.push(
            missing
                .with_related(typo.span, format!("this looks like `{key}`"))
                .with_help(format!(
                    "`{name}` on line {line} looks like it; rename it to `{key}`"
                )),
        );
    }

    /// The value of a required key, taken out; a missing key is reported
    /// ([`Self::require`]).
    fn required<'t>(
        &mut self,
        fields: &mut Fields<'t>,
        key: &str,
        what: &dyn fmt::Display,
    ) -> Option<Node<'t>> {
        self.require(fields, key, what);
        fields.take(key)
    }
}

/// "the definition of `SLA`", formatted only when a problem is reported.
struct ValueOf<'a>(&'a dyn fmt::Display, &'a str);

impl fmt::Display for ValueOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

/// A list whose every item is a mapping with exactly one entry.
fn is_list_of_pairs(items: &[Node<'_>]) -> bool {
    !items.is_empty()
        && items
            .iter()
            .all(|item| matches!(&item.value, Value::Map(pair) if pair.len() == 1))
}
