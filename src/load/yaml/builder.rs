//! The event stream of `granit_parser` → a [`Node`] tree.
//!
//! The tree is built from the parser's events rather than through a serde
//! deserializer: measured on a 100,000-step SOP (3.6 MB), serde-saphyr's
//! `Spanned<T>` path took 1.67 s, most of it in budget bookkeeping; the event
//! stream takes 0.3 s and carries the same exact spans. The protections a
//! deserializer budget gives are kept here, explicitly: nesting depth, node
//! count, and alias expansion, which is counted *before* a subtree is
//! copied, so an alias bomb is refused without doing its work.

mod continuation;
mod duplicates;

use std::collections::{HashMap, HashSet};

use granit_parser::{Event, ScalarStyle, StructureStyle};

use super::scalar::resolve_scalar;
use crate::load::tree::{Node, Value};
use crate::source::Span;
use duplicates::find_duplicate;

/// Deeper nesting than this is refused (an SOP needs five levels).
pub(crate) const MAX_DEPTH: usize = 64;
/// Most nodes a document may have, aliases expanded (a 100,000-step SOP has
/// about 500,000).
pub(crate) const MAX_NODES: usize = 20_000_000;
/// Most nodes that aliases may add by expansion.
pub(crate) const MAX_ALIAS_NODES: usize = 250_000;

/// A problem that ends the reading of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(super) message: String,
    pub(super) help: &'static str,
    pub(super) span: Span,
}

/// A key given twice in one mapping: the second is dropped (with its value)
/// and reported; the document is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DuplicateKey {
    pub(super) name: String,
    pub(super) first: Span,
    pub(super) second: Span,
}

/// What a collection start opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Collection {
    Seq,
    Map,
}

/// A refusal at the start of `span`.
fn refusal(span: Span, message: &str, help: &'static str) -> Refusal {
    Refusal {
        message: message.to_owned(),
        help,
        span: Span::new(span.start, span.start),
    }
}

/// A collection being built. Its finished children wait on the builder's
/// shared stacks (`items`, `entries`) from index `first` on, so that each
/// collection is made once, at its end, at its exact size.
enum Frame {
    Seq {
        first: usize,
        flow: bool,
        start: usize,
        anchor: usize,
        size: usize,
    },
    Map {
        first: usize,
        flow: bool,
        /// The pending key repeats an earlier one: its value is dropped.
        skip_value: bool,
        /// Keys seen, once the mapping is large enough for a set to pay off.
        seen: Option<HashSet<String>>,
        start: usize,
        anchor: usize,
        size: usize,
    },
}

pub(super) struct Builder<'t> {
    /// The text being parsed, which starts at byte `base` of the file.
    text: &'t str,
    base: usize,
    pub(super) duplicates: Vec<DuplicateKey>,
    /// Where a second document starts, if the stream has one: it is read
    /// for syntax errors, but not built.
    pub(super) second_document: Option<Span>,
    stack: Vec<Frame>,
    /// The finished items of the open sequences, innermost last.
    items: Vec<Node<'t>>,
    /// The finished entries of the open mappings, innermost last.
    entries: Vec<(Node<'t>, Node<'t>)>,
    /// The key of each open mapping that awaits its value.
    keys: Vec<Option<Node<'t>>>,
    /// Finished anchored nodes, with their sizes in nodes.
    anchors: HashMap<usize, (Node<'t>, usize)>,
    nodes: usize,
    alias_nodes: usize,
    documents: usize,
    root: Option<Node<'t>>,
    /// Whether quoted values and bracketed collections may run over several
    /// lines, so that their further lines must be checked.
    multi_line: bool,
}

impl<'t> Builder<'t> {
    pub(super) fn new(text: &'t str, base: usize) -> Self {
        Self {
            text,
            base,
            duplicates: Vec::new(),
            second_document: None,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            keys: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            alias_nodes: 0,
            documents: 0,
            root: None,
            multi_line: true,
        }
    }

    /// For events whose quoted values and bracketed collections each stand
    /// on one line (the fast path's): nothing continues on a further line.
    pub(super) fn one_line_values(mut self) -> Self {
        self.multi_line = false;
        self
    }

    /// The tree, once every event was fed.
    pub(super) fn finish_document(self) -> Node<'t> {
        self.root
            .unwrap_or_else(|| Node::new(Value::Null, Span::new(0, 0)))
    }

    /// Takes one event of the parser, with its span.
    pub(super) fn event(&mut self, event: Event<'t>, span: Span) -> Result<(), Refusal> {
        match event {
            Event::DocumentStart(..) => {
                self.document_start(span);
                Ok(())
            }
            // Later documents are read for their syntax only.
            _ if self.documents > 1 => Ok(()),
            Event::Scalar(text, style, anchor, tag) => {
                if self.multi_line
                    && matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                {
                    self.check_continuation(span)?;
                }
                let value = resolve_scalar(text, style, tag.as_deref());
                self.finish(Node { value, span }, anchor, 1)
            }
            Event::SequenceStart(style, anchor, _) => {
                self.start(Collection::Seq, style == StructureStyle::Flow, anchor, span)
            }
            Event::MappingStart(style, anchor, _) => {
                self.start(Collection::Map, style == StructureStyle::Flow, anchor, span)
            }
            Event::SequenceEnd | Event::MappingEnd => self.end(span),
            Event::Alias(id) => self.alias(id, span),
            _ => Ok(()),
        }
    }

    /// A document starts (at `span`).
    pub(super) fn document_start(&mut self, span: Span) {
        self.documents += 1;
        if self.documents == 2 {
            self.second_document = Some(Span::new(span.start, span.start));
        }
    }

    /// A scalar of the first document, its value resolved.
    pub(super) fn scalar(&mut self, value: Value<'t>, span: Span) -> Result<(), Refusal> {
        if self.documents > 1 {
            return Ok(());
        }
        self.finish(Node { value, span }, 0, 1)
    }

    /// A sequence or mapping starts.
    pub(super) fn start(
        &mut self,
        collection: Collection,
        flow: bool,
        anchor: usize,
        span: Span,
    ) -> Result<(), Refusal> {
        if self.documents > 1 {
            return Ok(());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(refusal(
                span,
                "the document is nested too deeply to be an SOP (more than 64 levels)",
                "an SOP needs only a few levels: steps in a list, keys in a step",
            ));
        }
        let frame = match collection {
            Collection::Seq => Frame::Seq {
                first: self.items.len(),
                flow,
                start: span.start,
                anchor,
                size: 1,
            },
            Collection::Map => {
                self.keys.push(None);
                Frame::Map {
                    first: self.entries.len(),
                    flow,
                    skip_value: false,
                    seen: None,
                    start: span.start,
                    anchor,
                    size: 1,
                }
            }
        };
        self.stack.push(frame);
        Ok(())
    }

    /// The innermost open sequence or mapping ends.
    pub(super) fn end(&mut self, span: Span) -> Result<(), Refusal> {
        if self.documents > 1 {
            return Ok(());
        }
        let (value, flow, start, anchor, size) = match self.stack.pop() {
            Some(Frame::Seq {
                first,
                flow,
                start,
                anchor,
                size,
            }) => {
                let from = first.min(self.items.len());
                let items = self.items.drain(from..).collect();
                (Value::Seq(items), flow, start, anchor, size)
            }
            Some(Frame::Map {
                first,
                flow,
                start,
                anchor,
                size,
                ..
            }) => {
                self.keys.pop();
                let from = first.min(self.entries.len());
                let entries = self.entries.drain(from..).collect();
                (Value::Map(entries), flow, start, anchor, size)
            }
            None => {
                return Err(refusal(
                    span,
                    "a collection ends that never started",
                    "check the brackets and indentation above this place",
                ));
            }
        };
        if flow && self.multi_line {
            self.check_continuation(Span::new(start, span.end))?;
        }
        let span = Span::new(start, span.end);
        self.finish(Node { value, span }, anchor, size)
    }

    /// An alias: a copy of its anchor's node, counted before it is made.
    fn alias(&mut self, id: usize, span: Span) -> Result<(), Refusal> {
        let Some((node, size)) = self.anchors.get(&id) else {
            return Err(refusal(
                span,
                "this alias names no anchor (`&name`) defined before it",
                "define the anchor first, or quote the value if the `*` is part of the text",
            ));
        };
        let size = *size;
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(refusal(
                span,
                "the document's YAML aliases expand too far to be an SOP (an alias bomb?)",
                "write the values out, or use fewer aliases (at most 250,000 values may come from aliases)",
            ));
        }
        let node = node.clone();
        self.finish(node, 0, size)
    }

    /// Places a finished node in its parent (or as the root).
    fn finish(&mut self, node: Node<'t>, anchor: usize, size: usize) -> Result<(), Refusal> {
        self.nodes = self
            .nodes
            .saturating_add(if anchor == 0 && size > 1 { 0 } else { 1 });
        if self.nodes > MAX_NODES {
            return Err(Refusal {
                message: "the document has too many values to be an SOP".into(),
                help: "split the SOP into several files (at most 20,000,000 values)",
                span: Span::new(node.span.start, node.span.start),
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { size: total, .. }) => {
                *total += size;
                self.items.push(node);
            }
            Some(Frame::Map {
                first,
                skip_value,
                seen,
                size: total,
                ..
            }) => {
                *total += size;
                let Some(key) = self.keys.last_mut() else {
                    return Ok(());
                };
                match key.take() {
                    None => {
                        let earlier = &self.entries[(*first).min(self.entries.len())..];
                        if let Some(first) = find_duplicate(earlier, seen, &node) {
                            self.duplicates.push(DuplicateKey {
                                name: node.as_str().unwrap_or_default().to_owned(),
                                first,
                                second: node.span,
                            });
                            *skip_value = true;
                        }
                        *key = Some(node);
                    }
                    Some(k) => {
                        if !std::mem::take(skip_value) {
                            self.entries.push((k, node));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Frame {
    fn is_flow(&self) -> bool {
        match self {
            Self::Seq { flow, .. } | Self::Map { flow, .. } => *flow,
        }
    }

    fn start(&self) -> usize {
        match self {
            Self::Seq { start, .. } | Self::Map { start, .. } => *start,
        }
    }
}
