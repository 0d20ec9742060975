//! The untyped [`Node`] tree → the typed [`Sop`], reporting every `schema/*`
//! problem at its node and building as much of the model as it can.
//!
//! Lowering knows nothing of the source format: YAML files and Markdown
//! files both arrive here as a tree, so every source gets the same checks
//! and the same messages. This file holds the readers of single values;
//! [`fields`] checks a mapping's keys, [`sop`] reads the top level and
//! [`step`] the instructions.

mod fields;
mod sop;
mod step;

use std::fmt;

use crate::diagnostic::{Diagnostic, closest};
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
    /// Where the values of [`fields::Fields::guessed`] keys are.
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
