//! `*.sop.md` files: Markdown text → the same untyped [`Node`] tree a YAML
//! file gives, so that lowering, the rules and the renderers treat both
//! forms alike (`SOP-MARKDOWN.md` is the contract).
//!
//! The front matter is read by the YAML reader ([`front_matter`]); the body
//! by pulldown-cmark into blocks ([`blocks`]), whose sections ([`sections`],
//! [`terms`], [`steps`]) become the tree's `title`, `purpose`, `scope`,
//! `terms` and `instructions`. Every node's span points into the `.sop.md`
//! file: a front-matter value at its own line, an attribute at the
//! attribute, a branch target at the target. Problems of the Markdown
//! itself are `markdown/structure`; the tree's values are then checked by
//! lowering, like a YAML file's, and the few messages of lowering that
//! speak YAML are reworded for a Markdown writer ([`wording`]).

mod attributes;
mod blocks;
mod branches;
mod excerpt;
mod front_matter;
mod sections;
mod step_lists;
mod steps;
mod terms;
mod wording;

use crate::diagnostic::Diagnostic;
use crate::format::SourceFormat;
use crate::load::lower::lower;
use crate::load::tree::{Node, Value};
use crate::model::Sop;
use crate::source::{SourceFile, Span};

use excerpt::Source;
use sections::Sections;
use wording::Fixup;

/// Loads a Markdown SOP: the model, the problems, and where the file's
/// HTML comments are (for suppressions).
pub(crate) fn load(src: &SourceFile) -> (Option<Sop>, Vec<Diagnostic>, Vec<Span>) {
    let reading = read(src.text());
    let mut diagnostics = reading.problems;
    let comments = reading.comments;
    let Some(root) = reading.root else {
        return (None, diagnostics, comments);
    };
    let (sop, mut found) = lower(src, root);
    wording::apply(&reading.fixups, &mut found);
    diagnostics.extend(found);
    let sop = sop.map(|mut sop| {
        for &i in &reading.doubtful {
            if let Some(step) = sop.instructions.get_mut(i) {
                step.flow_unreadable = true;
            }
        }
        sop
    });
    (sop, diagnostics, comments)
}

/// A Markdown SOP read into a tree, before lowering.
pub(crate) struct Reading<'t> {
    /// `None` when the front matter cannot be read.
    pub(crate) root: Option<Node<'t>>,
    pub(crate) problems: Vec<Diagnostic>,
    /// Rewordings of lowering's messages for this file.
    fixups: Vec<Fixup>,
    /// Steps whose flow was written but could not be read: the flow rules
    /// make no claims through them.
    doubtful: Vec<usize>,
    /// Where the HTML comments are.
    pub(crate) comments: Vec<Span>,
}

/// Reads Markdown text into a tree (see the module documentation).
pub(crate) fn read(text: &str) -> Reading<'_> {
    let mut problems = Vec::new();
    let front = front_matter::read(text, &mut problems);
    let body = blocks::parse(text, front.body);
    let comments = body.comments.clone();
    let mut reader = Reader {
        src: Source {
            text,
            comments: body.comments,
        },
        problems,
        fixups: Vec::new(),
        doubtful: Vec::new(),
    };
    let mut sections = reader.sections(&body.root);
    let guessed = std::mem::take(&mut sections.guessed);
    let title = sections.title.as_ref().map(|(key, _)| key.span);
    let root = front.entries.map(|mut entries| {
        let first_line = Span::new(0, text.find('\n').unwrap_or(text.len()));
        // A missing section is reported at the title, or at the top of the
        // file when it has none: where the reader looks for the SOP's parts.
        let sop_at = title.filter(|t| !t.is_empty()).unwrap_or(first_line);
        reader.body_keys(&mut entries, sections, front.misplaced);
        reader.missing_keys(&entries, front.present, first_line, sop_at, front.body);
        reader.misspelt_sections(&guessed, sop_at);
        Node::new(Value::Map(entries), first_line)
    });
    Reader::sort(&mut reader.problems);
    Reading {
        root,
        problems: reader.problems,
        fixups: reader.fixups,
        doubtful: reader.doubtful,
        comments,
    }
}

/// What reading the body needs and finds.
struct Reader<'a> {
    src: Source<'a>,
    problems: Vec<Diagnostic>,
    fixups: Vec<Fixup>,
    doubtful: Vec<usize>,
}

impl Reader<'_> {
    /// Adds the body's parts to the top-level entries; a part the body
    /// lacks is taken from the front matter, where it was reported.
    fn body_keys<'t>(
        &mut self,
        entries: &mut Vec<(Node<'t>, Node<'t>)>,
        sections: Sections,
        mut misplaced: Vec<(Node<'t>, Node<'t>)>,
    ) {
        let mut from_body: Vec<(Node<'t>, Node<'t>)> = sections.title.into_iter().collect();
        from_body.extend(sections.found.into_iter().map(|(_, k, v)| (k, v)));
        for &(key, _) in SourceFormat::Markdown.body_keys() {
            let take = |list: &mut Vec<(Node<'t>, Node<'t>)>| {
                let i = list.iter().position(|(k, _)| k.as_str() == Some(key))?;
                Some(list.remove(i))
            };
            if let Some(entry) = take(&mut from_body).or_else(|| take(&mut misplaced)) {
                entries.push(entry);
            }
        }
    }

    fn sort(problems: &mut [Diagnostic]) {
        problems.sort_by_key(|d| d.span.start);
    }

    /// The first line of `span`: where a message about a whole block
    /// points, so that its excerpt is one line.
    fn first_line(&self, span: Span) -> Span {
        let end = self.src.text[span.start..span.end]
            .find('\n')
            .map_or(span.end, |i| span.start + i);
        let line = &self.src.text[span.start..end];
        Span::new(span.start, span.start + line.trim_end().len())
    }
}

/// A text node.
fn text_node(text: impl Into<String>, span: Span) -> Node<'static> {
    Node::new(Value::Str(text.into().into()), span)
}

#[cfg(test)]
mod tests;
