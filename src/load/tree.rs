//! The untyped tree every source format is read into before lowering: YAML
//! files directly, and (later) the parts of Markdown files. It is untyped on
//! purpose: a value of the wrong type must not stop the reading, so that
//! lowering (`lower/`) can report every problem of a file at once, each at
//! the exact node.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer or float, spelled as in the source, so `1.10` stays `1.10`.
    Number(String),
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
    pub const fn new(value: Value, span: Span) -> Self {
        Self { value, span }
    }

    /// The name of the node's type, for "must be text, found a list".
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as text when it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The node as text when it is a string or a number (spelled as written):
    /// for the values where a bare number is a natural way to write text,
    /// such as `version: 1.2` or a step id `3`.
    pub fn as_str_or_number(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }
}
