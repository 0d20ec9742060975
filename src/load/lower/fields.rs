//! A mapping's keys checked against the keys it may have: unknown keys
//! reported (with the known key a misspelt one most likely means, read in
//! its place when that is sure), missing required keys reported, and each
//! known key's value handed out once.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::Lower;
use crate::diagnostic::{Diagnostic, Fix, closest};
use crate::format::SourceFormat;
use crate::load::tree::{Node, Value};
use crate::rule::Rule;
use crate::source::Span;

/// The entries of a mapping whose keys were checked against the known keys.
/// Each value is taken out once, by the reader of its key.
pub(super) struct Fields<'t> {
    pub(super) span: Span,
    /// Each known key given: its name, its span, and its value until taken.
    entries: Vec<(&'static str, Span, Option<Node<'t>>)>,
    /// The known keys that unknown keys most likely meant (`departmnt` →
    /// `department`): those keys are not missing, but misspelt.
    pub(super) misspelt: Vec<&'static str>,
    /// The misspelt keys that surely mean a known key (the mapping lacks
    /// it and no other misspelt key means it): their values are read as the
    /// known key's, so the one typo is reported once (as the unknown key
    /// and the missing key) and no rule fires on the part it seemed to
    /// leave out.
    pub(super) guessed: Vec<Guess<'t>>,
}

/// A misspelt key read as the known key it surely means.
pub(super) struct Guess<'t> {
    /// The known key.
    pub(super) meant: &'static str,
    /// The misspelt key, as written.
    key: Node<'t>,
    /// Its value, until taken.
    value: Option<Node<'t>>,
}

impl<'t> Fields<'t> {
    pub(super) fn entry(&self, key: &str) -> Option<&(&'static str, Span, Option<Node<'t>>)> {
        self.entries.iter().find(|(k, ..)| same_key(k, key))
    }

    pub(super) fn guess(&self, key: &str) -> Option<&Guess<'t>> {
        self.guessed.iter().find(|g| same_key(g.meant, key))
    }

    /// The value of `key`, left in place.
    pub(super) fn get(&self, key: &str) -> Option<&Node<'t>> {
        match self.entry(key) {
            Some((_, _, v)) => v.as_ref(),
            None => self.guess(key).and_then(|g| g.value.as_ref()),
        }
    }

    /// The value of `key`, or of the misspelt key that means it, taken out.
    pub(super) fn take(&mut self, key: &str) -> Option<Node<'t>> {
        if let Some((_, _, v)) = self.entries.iter_mut().find(|(k, ..)| same_key(k, key)) {
            return v.take();
        }
        self.guessed
            .iter_mut()
            .find(|g| same_key(g.meant, key))
            .and_then(|g| g.value.take())
    }

    pub(super) fn key_span(&self, key: &str) -> Option<Span> {
        self.entry(key).map(|(_, span, _)| *span)
    }
}

/// `a == b` for key names, most of which differ in their length or their
/// first letter: those are told apart without comparing the rest.
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

impl Lower<'_> {
    /// Checks that `node` is a mapping and reports keys outside `known`
    /// (keys starting with `x-` are kept for tools and ignored).
    pub(super) fn fields<'t>(
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

    /// Reports a required key that the mapping lacks, at the first line of
    /// the mapping; when a misspelt key means it, the help names that key
    /// (whose value is then read as the key's).
    pub(super) fn require(&mut self, fields: &Fields<'_>, key: &str, what: &dyn fmt::Display) {
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
    pub(super) fn required<'t>(
        &mut self,
        fields: &mut Fields<'t>,
        key: &str,
        what: &dyn fmt::Display,
    ) -> Option<Node<'t>> {
        self.require(fields, key, what);
        fields.take(key)
    }
}
