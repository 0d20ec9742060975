//! YAML text → a small tree of spanned nodes, through serde-saphyr.
//!
//! The tree is deliberately untyped: a value of the wrong type must not abort
//! the parse, so that lowering (`lower.rs`) can report every problem of a file
//! at once, each at the exact node.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer or float; its text is taken from the source when needed,
    /// so `1.10` stays `1.10`.
    Number,
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// The scalar's text, or the start of a collection (empty span).
    pub span: Span,
}

impl Node {
    /// The name of the node's type, for "must be a string, found a list".
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Number => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as text when it is a scalar a user would call text:
    /// strings, and numbers spelled as in the source (`version: 1.2`).
    pub fn as_text(&self, src: &SourceFile) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number => src
                .text()
                .get(self.span.start..self.span.end)
                .map(str::to_owned),
            _ => None,
        }
    }
}

/// A YAML syntax error (or a refused document) with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// The limits a document must stay within. serde-saphyr's defaults (250k
/// nodes, 1M events) refuse a legitimate 100,000-step SOP, so the node and
/// event budgets are raised; alias, anchor and depth limits stay at their
/// defaults so alias bombs and deep nesting are still refused at once.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_nodes = 10_000_000;
    budget.max_events = 20_000_000;
    budget.max_total_scalar_bytes = 256 * 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// Parses one YAML document into a node tree.
pub fn parse(src: &SourceFile) -> Result<Node, SyntaxError> {
    serde_saphyr::from_str_with_options::<Node>(src.text(), options()).map_err(|e| {
        let span = e.location().map_or(Span::new(0, 0), |loc| {
            let start = loc
                .span()
                .byte_offset()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or_else(|| {
                    src.offset_of(
                        usize::try_from(loc.line()).unwrap_or(1),
                        usize::try_from(loc.column()).unwrap_or(1),
                    )
                });
            Span::new(start, start)
        });
        SyntaxError {
            message: tidy_message(&e.to_string()),
            span,
        }
    })
}

/// serde-saphyr's messages are written for Rust programmers ("set
/// DuplicateKeyPolicy in Options"); say the same to an SOP writer.
fn tidy_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // "line 2 column 1: duplicate mapping key: a, set ..." → "duplicate mapping key: a"
    let without_place = match first.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") => rest,
        _ => first,
    };
    let msg = without_place
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(without_place)
        .split("; use from_str_multiple")
        .next()
        .unwrap_or(without_place);
    if msg.starts_with("budget breached") || msg.starts_with("recursion limit") {
        format!(
            "the document is too large or too deeply nested to be an SOP ({msg}); \
             YAML aliases that expand exponentially are refused"
        )
    } else if msg.starts_with("multiple YAML documents") {
        "the file holds more than one YAML document; one file holds one SOP".to_owned()
    } else {
        msg.to_owned()
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Number)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

struct AnyValue(Value);

impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(AnyValue)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<AnyValue>::deserialize(d)?;
        let span = spanned.referenced.span();
        let to_usize = |v: Option<u64>| v.and_then(|v| usize::try_from(v).ok());
        let span = match (to_usize(span.byte_offset()), to_usize(span.byte_len())) {
            (Some(start), Some(len)) => Span::new(start, start + len),
            _ => return Err(de::Error::custom("a YAML node without a byte position")),
        };
        Ok(Node {
            value: spanned.value.0,
            span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_str(text: &str) -> Result<Node, SyntaxError> {
        parse(&SourceFile::new(Path::new("t.yaml"), text))
    }

    #[test]
    fn scalars_keep_their_spans_and_numbers_their_spelling() {
        let text = "version: 1.10\nyes: no\n";
        let src = SourceFile::new(Path::new("t.yaml"), text);
        let node = parse(&src).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.span, Span::new(9, 13));
        assert_eq!(entries[0].1.as_text(&src).as_deref(), Some("1.10"));
        // YAML 1.2 core schema: `yes` and `no` are strings, not booleans.
        assert_eq!(entries[1].0.value, Value::Str("yes".into()));
        assert_eq!(entries[1].1.value, Value::Str("no".into()));
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_at_the_second_key() {
        let err = parse_str("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.span.start, 5);
        assert_eq!(err.message, "duplicate mapping key: a");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            text += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(","));
            prev = c;
        }
        let start = std::time::Instant::now();
        let err = parse_str(&text).unwrap_err();
        assert!(err.message.contains("too large"), "{}", err.message);
        assert!(start.elapsed().as_secs_f64() < 2.0);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse_str(&text).unwrap_err();
        assert!(err.message.contains("too deeply nested"), "{}", err.message);
    }
}
