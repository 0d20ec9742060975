//! The untyped tree every source format is read into before lowering: YAML
//! files directly, and (later) the parts of Markdown files. It is untyped on
//! purpose: a value of the wrong type must not stop the reading, so that
//! lowering (`lower/`) can report every problem of a file at once, each at
//! the exact node.
//!
//! Text borrows from the file's text (`'t`) wherever the source spells it
//! as it is; only text that an escape, a fold or a block's indentation
//! changes is a `String` of its own.

use std::borrow::Cow;

use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'t> {
    Null,
    Bool(bool),
    /// An integer or float, spelled as in the source, so `1.10` stays `1.10`.
    Number(Cow<'t, str>),
    Str(Cow<'t, str>),
    Seq(Vec<Node<'t>>),
    Map(Vec<(Node<'t>, Node<'t>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'t> {
    pub value: Value<'t>,
    /// The scalar's text (with quotes), or the whole collection.
    pub span: Span,
}

impl<'t> Node<'t> {
    pub const fn new(value: Value<'t>, span: Span) -> Self {
        Self { value, span }
    }

    /// The name of the node's type, for "must be text, found a list".
    pub(crate) fn type_name(&self) -> &'static str {
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
    pub(crate) fn as_str_or_number(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }
}
