//! YAML text → a small tree of spanned nodes.
//!
//! The tree is deliberately untyped: a value of the wrong type must not abort
//! the parse, so that lowering (`lower.rs`) can report every problem of a file
//! at once, each at the exact node.
//!
//! The tree is built from the event stream of `granit_parser`, the YAML parser
//! inside serde-saphyr (re-exported by it), rather than through serde-saphyr's
//! `Spanned<T>` deserializer: measured on a 100,000-step SOP (3.6 MB), the
//! serde path took 1.67 s, most of it in the budget bookkeeping and in the
//! synthetic map `Spanned` builds for every node; the event stream takes
//! 0.3 s and carries the same exact spans. The protections serde-saphyr's
//! budget gives are kept here, explicitly: nesting depth, node count, and
//! alias expansion, which is counted *before* a subtree is copied, so an
//! alias bomb is refused without doing its work.

use std::collections::{HashMap, HashSet};

use serde_saphyr::granit_parser::{self, Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use crate::source::{SourceFile, Span};

/// Deeper nesting than this is refused (an SOP needs five levels).
pub const MAX_DEPTH: usize = 64;
/// Most nodes a document may have, aliases expanded (a 100,000-step SOP has
/// about 500,000).
pub const MAX_NODES: usize = 20_000_000;
/// Most nodes that aliases may add by expansion.
pub const MAX_ALIAS_NODES: usize = 250_000;

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
    /// The scalar's text (with quotes), or the whole collection.
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

/// A collection being built.
enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
        size: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// Keys seen, once the mapping is large enough for a set to pay off.
        seen: Option<HashSet<String>>,
        start: usize,
        anchor: usize,
        size: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    /// Finished anchored nodes, with their sizes in nodes.
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    documents: usize,
    root: Option<Node>,
}

/// Parses one YAML document into a node tree.
pub fn parse(src: &SourceFile) -> Result<Node, SyntaxError> {
    let mut builder = Builder::default();
    // Comment events cost a quarter of the parse time and are not needed here.
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    for item in Parser::new_from_str_with_options(src.text(), options) {
        let (event, span) = item.map_err(|e| scan_error(src, &e))?;
        let start = offset(src, span.start);
        let end = offset(src, span.end);
        builder.event(event, Span::new(start, end))?;
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        span: Span::new(0, 0),
    }))
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let refuse = |message: &str| {
            Err(SyntaxError {
                message: message.to_owned(),
                span: Span::new(span.start, span.start),
            })
        };
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return refuse(
                        "the file holds more than one YAML document; one file holds one SOP",
                    );
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_deref());
                self.finish(Node { value, span }, anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return refuse(
                        "the document is nested too deeply to be an SOP (more than 64 levels)",
                    );
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        start: span.start,
                        anchor,
                        size: 1,
                    }
                } else {
                    Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        seen: None,
                        start: span.start,
                        anchor,
                        size: 1,
                    }
                };
                self.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor, size) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        start,
                        anchor,
                        size,
                    }) => (Value::Seq(items), start, anchor, size),
                    Some(Frame::Map {
                        entries,
                        start,
                        anchor,
                        size,
                        ..
                    }) => (Value::Map(entries), start, anchor, size),
                    None => return refuse("a collection ends that never started"),
                };
                self.finish(
                    Node {
                        value,
                        span: Span::new(start, span.end),
                    },
                    anchor,
                    size,
                )?;
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return refuse("this alias names no anchor defined before it");
                };
                let size = *size;
                self.alias_nodes = self.alias_nodes.saturating_add(size);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return refuse(
                        "the document's YAML aliases expand too far to be an SOP (an alias bomb?)",
                    );
                }
                let node = node.clone();
                self.finish(node, 0, size)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Places a finished node in its parent (or as the root).
    fn finish(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), SyntaxError> {
        self.nodes = self
            .nodes
            .saturating_add(if anchor == 0 && size > 1 { 0 } else { 1 });
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                message: "the document has too many values to be an SOP".into(),
                span: Span::new(node.span.start, node.span.start),
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq {
                items, size: total, ..
            }) => {
                *total += size;
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                key,
                seen,
                size: total,
                ..
            }) => {
                *total += size;
                match key.take() {
                    None => {
                        check_duplicate(entries, seen, &node)?;
                        *key = Some(node);
                    }
                    Some(k) => entries.push((k, node)),
                }
            }
        }
        Ok(())
    }
}

/// A key that a mapping already has is an error at the second key.
fn check_duplicate(
    entries: &[(Node, Node)],
    seen: &mut Option<HashSet<String>>,
    key: &Node,
) -> Result<(), SyntaxError> {
    let Value::Str(name) = &key.value else {
        return Ok(());
    };
    const SET_FROM: usize = 16;
    let duplicate = match seen {
        Some(set) => !set.insert(name.clone()),
        None => {
            let dup = entries
                .iter()
                .any(|(k, _)| matches!(&k.value, Value::Str(s) if s == name));
            if entries.len() >= SET_FROM {
                let set = entries
                    .iter()
                    .filter_map(|(k, _)| match &k.value {
                        Value::Str(s) => Some(s.clone()),
                        _ => None,
                    })
                    .chain(std::iter::once(name.clone()))
                    .collect();
                *seen = Some(set);
            }
            dup
        }
    };
    if duplicate {
        return Err(SyntaxError {
            message: format!("duplicate key `{name}`: a mapping may name each key once"),
            span: key.span,
        });
    }
    Ok(())
}

/// The YAML 1.2 core schema: plain `null`, `~` and nothing are null; `true`
/// and `false` are booleans (`yes`/`no` are text); numbers are numbers.
/// Quoted and block scalars are always text, and so is anything tagged `!!str`.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    let core_tag = tag.filter(|t| t.is_yaml_core_schema()).map(Tag::suffix);
    if core_tag == Some("str") || style != ScalarStyle::Plain {
        return Value::Str(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(text) => Value::Number,
        _ => Value::Str(text.to_owned()),
    }
}

fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, frac)) => {
            (digits(whole) || whole.is_empty())
                && (digits(frac) || frac.is_empty())
                && !(whole.is_empty() && frac.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

fn offset(src: &SourceFile, marker: Marker) -> usize {
    marker
        .byte_offset()
        .unwrap_or_else(|| src.offset_of(marker.line(), marker.col() + 1))
}

fn scan_error(src: &SourceFile, e: &ScanError) -> SyntaxError {
    let at = offset(src, *e.marker());
    let message = e.kind().to_string();
    let message = if message.contains("recursion limit") || message.contains("nesting limit") {
        "the document is nested too deeply to be an SOP (more than 64 levels)".to_owned()
    } else if message.contains("unknown anchor") {
        "this alias names no anchor (`&name`) defined before it".to_owned()
    } else {
        message
    };
    SyntaxError {
        message,
        span: Span::new(at, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_str(text: &str) -> Result<Node, SyntaxError> {
        parse(&SourceFile::new(Path::new("t.yaml"), text))
    }

    fn entries(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            _ => panic!("not a mapping: {node:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_spans_and_numbers_their_spelling() {
        let text = "version: 1.10\nyes: no\ntitle: \"Quoted\"\n";
        let src = SourceFile::new(Path::new("t.yaml"), text);
        let node = parse(&src).unwrap();
        let map = entries(&node);
        assert_eq!(map[0].1.span, Span::new(9, 13));
        assert_eq!(map[0].1.as_text(&src).as_deref(), Some("1.10"));
        // YAML 1.2 core schema: `yes` and `no` are strings, not booleans.
        assert_eq!(map[1].0.value, Value::Str("yes".into()));
        assert_eq!(map[1].1.value, Value::Str("no".into()));
        assert_eq!(&text[map[2].1.span.start..map[2].1.span.end], "\"Quoted\"");
    }

    #[test]
    fn core_schema_scalars() {
        let node =
            parse_str("a: ~\nb: true\nc: 0x1F\nd: '12'\ne: !!str 12\nf: 1e3\ng: 1.2.3\nh:\n")
                .unwrap();
        let values: Vec<_> = entries(&node)
            .iter()
            .map(|(_, v)| v.value.clone())
            .collect();
        assert_eq!(
            values,
            [
                Value::Null,
                Value::Bool(true),
                Value::Number,
                Value::Str("12".into()),
                Value::Str("12".into()),
                Value::Number,
                Value::Str("1.2.3".into()),
                Value::Null,
            ]
        );
    }

    #[test]
    fn aliases_are_expanded() {
        let node = parse_str("a: &x [1, 2]\nb: *x\n").unwrap();
        assert!(matches!(&entries(&node)[1].1.value, Value::Seq(items) if items.len() == 2));
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_at_the_second_key() {
        let err = parse_str("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.span, Span::new(5, 6));
        assert!(
            err.message.starts_with("duplicate key `a`"),
            "{}",
            err.message
        );
        let many: String =
            (0..40).map(|i| format!("k{i}: v\n")).collect::<String>() + "k7: again\n";
        assert!(parse_str(&many).unwrap_err().message.contains("`k7`"));
    }

    #[test]
    fn alias_bombs_are_refused_at_once() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            text += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(","));
            prev = c;
        }
        let start = std::time::Instant::now();
        let err = parse_str(&text).unwrap_err();
        assert!(
            err.message.contains("aliases expand too far"),
            "{}",
            err.message
        );
        assert!(start.elapsed().as_secs_f64() < 1.0);
    }

    #[test]
    fn deep_nesting_is_refused() {
        for text in [
            "[".repeat(100_000) + &"]".repeat(100_000),
            (0..3000)
                .map(|i| format!("{}a:\n", "  ".repeat(i)))
                .collect(),
        ] {
            let err = parse_str(&text).unwrap_err();
            assert!(err.message.contains("nested too deeply"), "{}", err.message);
        }
    }

    #[test]
    fn several_documents_are_refused() {
        let err = parse_str("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one YAML document"));
    }

    #[test]
    fn numbers() {
        for yes in [
            "1", "-2", "+3", "1.5", ".5", "1.", "1e3", "2.5E-3", "0x1f", "0o17", ".inf", "-.inf",
            ".nan",
        ] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "1.2.3", "1e", "abc", "0x", ".", "1_000", "--1", "e3"] {
            assert!(!is_number(no), "{no}");
        }
    }
}
