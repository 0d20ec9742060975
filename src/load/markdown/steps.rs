//! The Instructions section: one numbered list, one step per item. An
//! item's first paragraph is the step's text and may end with an attribute
//! block; after it come, in any order, a list of branches, lists of
//! substeps, a quote (the script), alerts (note, warning) and more text.

use pulldown_cmark::BlockQuoteKind;

use super::blocks::{Block, Kind};
use super::excerpt::Strip;
use super::{Reader, attributes, text_node};
use crate::diagnostic::Diagnostic;
use crate::load::tree::{Node, Value};
use crate::rule::Rule;
use crate::source::Span;

/// The parts of one step, gathered from its item.
#[derive(Default)]
pub(super) struct Parts {
    text: Vec<(String, Span)>,
    attributes: Vec<(Node<'static>, Node<'static>)>,
    /// The first list of branches, and its first line.
    pub(super) branches: Option<(Span, Vec<(Node<'static>, Node<'static>)>)>,
    pub(super) substeps: Option<(Span, Vec<Node<'static>>)>,
    script: Vec<(String, Span)>,
    note: Vec<(String, Span)>,
    warning: Vec<(String, Span)>,
    /// Where the step leads was written but could not be read.
    pub(super) doubtful: bool,
}

impl Reader<'_> {
    pub(super) fn instructions(&mut self, heading: Span, blocks: &[&Block]) -> Node<'static> {
        let mut items: Vec<&Block> = Vec::new();
        let mut list_span: Option<Span> = None;
        let mut ordered = None;
        let mut strays: Vec<(&Block, Option<&Block>)> = Vec::new();
        let mut in_stray_run = false;
        for block in blocks {
            match (block.kind, ordered) {
                (Kind::List { ordered: o }, None) => {
                    ordered = Some(o);
                    list_span = Some(block.span);
                    if !o {
                        self.report_bullet_steps(block);
                    }
                    items.extend(block.content_children());
                    in_stray_run = false;
                }
                (Kind::List { ordered: o }, Some(first)) if o == first => {
                    items.extend(block.content_children());
                    in_stray_run = false;
                }
                _ => {
                    // One report for a run of stray blocks: one mistake.
                    if !in_stray_run {
                        strays.push((block, items.last().copied()));
                    }
                    in_stray_run = true;
                }
            }
        }
        // With no list at all, lowering's "no steps" says it all.
        if !items.is_empty() {
            for (stray, previous) in strays {
                self.report_stray_in_instructions(stray, previous, ordered == Some(true));
            }
        }
        if items.is_empty() {
            self.fixup(
                (Rule::SchemaInvalidValue, heading, "has no steps"),
                heading,
                "expected a numbered list of steps under this heading",
                "write the steps as a numbered list: `1. First step.`, `2. …`",
            );
        }
        let steps = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.step(i, item))
            .collect();
        Node::new(Value::Seq(steps), list_span.unwrap_or(heading))
    }

    fn report_bullet_steps(&mut self, list: &Block) {
        self.problems.push(
            Diagnostic::new(
                Rule::MarkdownStructure,
                self.first_line(list.span),
                "the steps are a bullet list",
            )
            .with_label("expected a numbered list, `1. …`")
            .with_help("number the steps: `1.`, `2.`, … (the numbers themselves mean nothing)"),
        );
    }

    fn report_stray_in_instructions(
        &mut self,
        stray: &Block,
        previous: Option<&Block>,
        ordered: bool,
    ) {
        let kind = if ordered { "numbered" } else { "bullet" };
        let help = match previous {
            Some(item) => {
                let indent = item
                    .children
                    .first()
                    .map_or(3, |c| self.src.column(c.span.start));
                format!(
                    "to make it part of the step above, indent it by {indent} spaces; else move it to `## Purpose` or `## Scope`"
                )
            }
            None => "move it to `## Purpose` or `## Scope`, or make it a step".to_owned(),
        };
        let label = if matches!(stray.kind, Kind::List { .. }) {
            "expected one list of steps; this list is not part of it".to_owned()
        } else {
            format!("expected the {kind} list of steps")
        };
        self.problems.push(
            Diagnostic::new(
                Rule::MarkdownStructure,
                self.first_line(stray.span),
                format!(
                    "{} in Instructions, outside the list of steps",
                    stray.describe()
                ),
            )
            .with_label(label)
            .with_help(help),
        );
    }

    /// One item: a step, as the mapping a YAML step is.
    fn step(&mut self, index: usize, item: &Block) -> Node<'static> {
        let mut parts = Parts::default();
        let mut children = item.content_children().peekable();
        if let Some(first) = children.next_if(|b| b.kind == Kind::Paragraph) {
            self.first_paragraph(first, &mut parts);
        }
        for child in children {
            match child.kind {
                Kind::Paragraph => self.later_paragraph(child, &mut parts),
                Kind::List { ordered } => self.step_list(child, ordered, &mut parts),
                Kind::Quote(kind) => self.quote(child, kind, &mut parts),
                _ => parts
                    .text
                    .push(self.item_source(child.span, child.span.start)),
            }
        }
        if parts.doubtful {
            self.doubtful.push(index);
        }
        let span = self.first_line(item.span);
        if parts.text.is_empty() {
            self.fixup(
                (Rule::SchemaMissingKey, span, "has no `text`"),
                span,
                "expected the step's text after the number",
                "write what to do after the number, before any attribute block: `1. Check the receipt. {#check}`",
            );
        }
        parts.into_node(span)
    }

    /// The text, and the attribute block at its end.
    fn first_paragraph(&mut self, paragraph: &Block, parts: &mut Parts) {
        let span = paragraph.span;
        let found = attributes::find(&self.src.blanked(span), span.start);
        let text_end = found.as_ref().map_or(span.end, |f| span.start + f.start);
        let (text, text_span) = self.item_source(Span::new(span.start, text_end), span.start);
        if !text.is_empty() {
            parts.text.push((text, text_span));
        }
        if let Some(found) = found {
            parts.doubtful |= !found.problems.is_empty();
            self.problems.extend(found.problems);
            parts.attributes = found
                .attributes
                .into_iter()
                .map(|a| (a.key, a.value))
                .collect();
        }
    }

    /// More text; an attribute block at its end is misplaced, reported, and
    /// used when the first paragraph had none.
    fn later_paragraph(&mut self, paragraph: &Block, parts: &mut Parts) {
        let span = paragraph.span;
        let found = attributes::find(&self.src.blanked(span), span.start)
            .filter(|f| f.problems.is_empty() && !f.attributes.is_empty());
        let Some(found) = found else {
            parts.text.push(self.item_source(span, span.start));
            return;
        };
        // The block ends the paragraph, which may have several lines.
        let paragraph_end = span.start + self.src.text[span.start..span.end].trim_end().len();
        let block = Span::new(span.start + found.start, paragraph_end);
        self.problems.push(
            Diagnostic::new(
                Rule::MarkdownStructure,
                block,
                "an attribute block after the step's first paragraph",
            )
            .with_label("expected it at the end of the first paragraph")
            .with_help("move it to the end of the step's first paragraph"),
        );
        let text = self.item_source(Span::new(span.start, span.start + found.start), span.start);
        if !text.0.is_empty() {
            parts.text.push(text);
        }
        if parts.attributes.is_empty() {
            parts.attributes = found
                .attributes
                .into_iter()
                .map(|a| (a.key, a.value))
                .collect();
        }
    }

    /// The Markdown of a block inside an item, from `start`.
    pub(super) fn item_source(&self, span: Span, start: usize) -> (String, Span) {
        self.src
            .excerpt(span, Strip::Indent(self.src.column(start)))
    }

    /// A quote: the script, a note or a warning.
    fn quote(&mut self, quote: &Block, kind: Option<BlockQuoteKind>, parts: &mut Parts) {
        let span = quote.span;
        let (text, text_span) = self.src.excerpt(span, Strip::Quote);
        let marker = text.lines().next().and_then(alert_marker);
        let target = match (kind, marker) {
            (Some(BlockQuoteKind::Note), _) => &mut parts.note,
            (Some(BlockQuoteKind::Warning), _) => &mut parts.warning,
            (None, None) => {
                parts.script.push((text, text_span));
                return;
            }
            (_, found) => {
                let found = found.map_or_else(|| format!("{kind:?}").to_uppercase(), str::to_owned);
                let line = self.first_line(span);
                self.problems.push(
                    Diagnostic::new(Rule::MarkdownStructure, line, format!("an alert `[!{found}]` in a step"))
                        .with_label("expected `> [!NOTE]` or `> [!WARNING]`, alone on the quote's first line")
                        .with_help("a step has a note (`> [!NOTE]`), a warning (`> [!WARNING]`) and a script (a plain `>` quote)"),
                );
                return;
            }
        };
        // The alert's content starts on the line after its marker.
        let content = self.src.text[span.start..span.end]
            .find('\n')
            .map_or(span.end, |i| span.start + i + 1);
        let (text, text_span) = self.src.excerpt(Span::new(content, span.end), Strip::Quote);
        let text_span = if text.is_empty() {
            self.first_line(span)
        } else {
            text_span
        };
        target.push((text, text_span));
    }
}

/// `NOTE` for a line `[!NOTE]…`: an alert marker that GitHub would not read
/// as an alert here (unknown, or with text after it).
fn alert_marker(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("[!")?;
    let end = inner.find(']')?;
    let word = &inner[..end];
    (!word.is_empty() && word.chars().all(char::is_alphabetic)).then_some(word)
}

impl Parts {
    /// The step's mapping, with the keys in the order of the reference.
    fn into_node(self, span: Span) -> Node<'static> {
        let mut entries = Vec::new();
        let mut attributes = self.attributes;
        let mut attribute = |entries: &mut Vec<(Node<'static>, Node<'static>)>, name: &str| {
            if let Some(i) = attributes
                .iter()
                .position(|(k, _)| k.as_str() == Some(name))
            {
                entries.push(attributes.remove(i));
            }
        };
        attribute(&mut entries, "id");
        push_joined(&mut entries, "text", self.text);
        attribute(&mut entries, "role");
        attribute(&mut entries, "duration");
        push_joined(&mut entries, "script", self.script);
        push_joined(&mut entries, "note", self.note);
        push_joined(&mut entries, "warning", self.warning);
        if let Some((at, items)) = self.substeps {
            entries.push((text_node("substeps", at), Node::new(Value::Seq(items), at)));
        }
        attribute(&mut entries, "next");
        if let Some((at, map)) = self.branches {
            entries.push((text_node("branches", at), Node::new(Value::Map(map), at)));
        }
        attribute(&mut entries, "end");
        Node::new(Value::Map(entries), span)
    }
}

/// Several pieces of Markdown as one value: paragraphs apart, ending with a
/// newline when it has several lines.
fn push_joined(
    entries: &mut Vec<(Node<'static>, Node<'static>)>,
    key: &str,
    parts: Vec<(String, Span)>,
) {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return;
    };
    let span = Span::new(first.1.start, last.1.end.max(first.1.start));
    let text = if parts.len() == 1 {
        parts.into_iter().next().map(|(t, _)| t).unwrap_or_default()
    } else {
        let pieces: Vec<&str> = parts.iter().map(|(t, _)| t.trim_end()).collect();
        pieces.join("\n\n") + "\n"
    };
    entries.push((text_node(key, span), text_node(text, span)));
}
