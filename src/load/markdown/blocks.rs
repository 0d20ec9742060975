//! The body of a `.sop.md` file as a tree of blocks (headings, paragraphs,
//! lists, items, quotes), each with its byte range in the file, read from
//! pulldown-cmark's event stream. Inline content is not kept: values are
//! taken from the source (see [`super::excerpt`]).
//!
//! The tree is only as deep as an SOP needs (a section's list, its items,
//! their lists and quotes, and their items): anything nested deeper is not
//! walked, and stays in the tree only as part of the source of the block
//! that holds it. So 10,000 nested lists cost no stack and no time.

use pulldown_cmark::{BlockQuoteKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::source::Span;

/// Blocks nested deeper than this are not in the tree (the document's
/// blocks are at depth 1; a branch item's paragraph is at depth 5).
const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The whole document.
    Document,
    Heading {
        level: HeadingLevel,
    },
    Paragraph,
    List {
        ordered: bool,
    },
    Item,
    Quote(Option<BlockQuoteKind>),
    /// An HTML block of nothing but comments: never content.
    Comment,
    /// Anything else: raw HTML, code, a table, a rule...
    Other(Other),
}

/// The blocks an SOP gives no meaning of their own (kept as source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Other {
    Html,
    Code,
    Table,
    Rule,
    Footnote,
    Metadata,
    DefinitionList,
}

/// A block, kept small: a 100,000-step SOP has a million of them.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) kind: Kind,
    pub(super) span: Span,
    heading: Option<Box<Heading>>,
    pub(super) children: Vec<Block>,
}

/// What a heading has beyond its span.
#[derive(Debug, Default)]
struct Heading {
    /// The span of its text, without the `#`s and the attribute block.
    content: Option<Span>,
    /// Its `{#id}` attribute.
    id: Option<String>,
    /// Its text, as a reader sees it.
    words: String,
}

impl Block {
    fn new(kind: Kind, span: Span) -> Self {
        Self {
            kind,
            span,
            heading: None,
            children: Vec::new(),
        }
    }

    /// Of a heading: the span of its text, without the `#`s and the
    /// attribute block (`None` when it has no text).
    pub(super) fn content(&self) -> Option<Span> {
        self.heading.as_ref().and_then(|h| h.content)
    }

    /// Of a heading: its `{#id}` attribute.
    pub(super) fn id(&self) -> Option<&str> {
        self.heading.as_ref().and_then(|h| h.id.as_deref())
    }

    /// Of a heading: its text, as a reader sees it.
    pub(super) fn words(&self) -> &str {
        self.heading.as_ref().map_or("", |h| &h.words)
    }

    /// The children that are content (not comments).
    pub(super) fn content_children(&self) -> impl Iterator<Item = &Block> {
        self.children.iter().filter(|b| b.kind != Kind::Comment)
    }

    /// What the block is, for messages: "a paragraph", "a bullet list".
    pub(super) fn describe(&self) -> &'static str {
        match self.kind {
            Kind::Document => "the document",
            Kind::Heading { .. } => "a heading",
            Kind::Paragraph => "a paragraph",
            Kind::List { ordered: true } => "a numbered list",
            Kind::List { ordered: false } => "a bullet list",
            Kind::Item => "a list item",
            Kind::Quote(None) => "a quote",
            Kind::Quote(Some(_)) => "an alert",
            Kind::Comment => "a comment",
            Kind::Other(Other::Html) => "raw HTML",
            Kind::Other(Other::Code) => "a code block",
            Kind::Other(Other::Table) => "a table",
            Kind::Other(Other::Rule) => "a thematic break",
            Kind::Other(Other::Footnote) => "a footnote",
            Kind::Other(Other::Metadata) => "a metadata block",
            Kind::Other(Other::DefinitionList) => "a definition list",
        }
    }
}

/// The parsed body: its blocks, and where its HTML comments are.
pub(super) struct Body {
    pub(super) root: Block,
    pub(super) comments: Vec<Span>,
}

/// Reads `text[body]` (the file without its front matter); every span is an
/// offset into `text`.
pub(super) fn parse(text: &str, body: Span) -> Body {
    let options = Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut builder = Builder {
        text,
        stack: vec![Block::new(Kind::Document, body)],
        skipped: 0,
        loose_text: false,
        comments: Vec::new(),
    };
    let parser = Parser::new_ext(&text[body.start..body.end], options);
    for (event, range) in parser.into_offset_iter() {
        builder.event(
            event,
            Span::new(body.start + range.start, body.start + range.end),
        );
    }
    while builder.stack.len() > 1 {
        builder.close();
    }
    Body {
        root: builder
            .stack
            .pop()
            .expect("invariant: the document is never closed"),
        comments: builder.comments,
    }
}

struct Builder<'a> {
    text: &'a str,
    /// The open blocks, the document first.
    stack: Vec<Block>,
    /// How many tags are open below the deepest block kept.
    skipped: usize,
    /// Whether the last child of the open item is text of a tight list,
    /// which pulldown-cmark gives without a paragraph around it.
    loose_text: bool,
    comments: Vec<Span>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(end) => self.end(end),
            Event::InlineHtml(html) => {
                if html.starts_with("<!--") {
                    self.comments.push(span);
                }
                self.inline(span, &html);
            }
            Event::Text(text) | Event::Code(text) => self.inline(span, &text),
            Event::Rule => self.leaf(Kind::Other(Other::Rule), span),
            Event::Html(_) => {}
            _ => self.inline(span, ""),
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        let kind = match &tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading { level: *level },
            Tag::BlockQuote(kind) => Kind::Quote(*kind),
            Tag::List(start) => Kind::List {
                ordered: start.is_some(),
            },
            Tag::Item => Kind::Item,
            Tag::HtmlBlock if only_comments(&self.text[span.start..span.end]) => {
                self.comments.push(span);
                Kind::Comment
            }
            Tag::HtmlBlock => Kind::Other(Other::Html),
            Tag::CodeBlock(_) => Kind::Other(Other::Code),
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                Kind::Other(Other::Table)
            }
            Tag::FootnoteDefinition(_) => Kind::Other(Other::Footnote),
            Tag::MetadataBlock(_) => Kind::Other(Other::Metadata),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                Kind::Other(Other::DefinitionList)
            }
            // Inline tags: emphasis, links, images...
            _ => {
                if self.skipped > 0 {
                    self.skipped += 1;
                } else {
                    self.inline(span, "");
                }
                return;
            }
        };
        self.loose_text = false;
        if self.skipped > 0 || self.stack.len() > MAX_DEPTH {
            self.skipped += 1;
            return;
        }
        let mut block = Block::new(kind, span);
        if let Tag::Heading { id, .. } = tag {
            block.heading = Some(Box::new(Heading {
                id: id.map(|id| id.to_string()),
                ..Heading::default()
            }));
        }
        self.stack.push(block);
    }

    fn end(&mut self, end: TagEnd) {
        if self.skipped > 0 {
            self.skipped -= 1;
            return;
        }
        if is_block(end) {
            self.loose_text = false;
            self.close();
        }
    }

    /// Closes the innermost open block and adds it to its parent.
    fn close(&mut self) {
        if self.stack.len() > 1 {
            let block = self.stack.pop().expect("invariant: checked above");
            self.push_child(block);
        }
    }

    /// Adds a closed block to the open one. A list that follows a list of
    /// the same kind with nothing but comments between them goes on that
    /// list: a comment between items (which CommonMark reads as the end of
    /// the list) changes nothing.
    fn push_child(&mut self, mut block: Block) {
        let parent = self
            .stack
            .last_mut()
            .expect("invariant: the document stays");
        if let Kind::List { ordered } = block.kind {
            let comments = parent
                .children
                .iter()
                .rev()
                .take_while(|b| b.kind == Kind::Comment)
                .count();
            let before = parent.children.len().checked_sub(comments + 1);
            let same = before
                .and_then(|i| parent.children.get_mut(i))
                .filter(|b| comments > 0 && b.kind == (Kind::List { ordered }));
            if let Some(list) = same {
                list.span.end = block.span.end;
                list.children.append(&mut block.children);
                return;
            }
        }
        parent.children.push(block);
    }

    fn leaf(&mut self, kind: Kind, span: Span) {
        self.loose_text = false;
        if self.skipped == 0 && self.stack.len() <= MAX_DEPTH {
            self.push_child(Block::new(kind, span));
        }
    }

    /// Inline content: a heading's text, or the text of a tight list item.
    fn inline(&mut self, span: Span, words: &str) {
        if self.skipped > 0 {
            return;
        }
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        match open.kind {
            Kind::Heading { .. } => {
                let heading = open.heading.get_or_insert_with(Box::default);
                let content = heading.content.get_or_insert(span);
                content.end = content.end.max(span.end);
                heading.words.push_str(words);
            }
            Kind::Item => match open.children.last_mut() {
                Some(text) if self.loose_text => text.span.end = text.span.end.max(span.end),
                _ => {
                    open.children.push(Block::new(Kind::Paragraph, span));
                    self.loose_text = true;
                }
            },
            _ => {}
        }
    }
}

/// Whether a tag's end closes a block (and not an inline tag).
fn is_block(end: TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Whether an HTML block holds nothing but comments (`<!-- a --> <!-- b -->`).
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix("<!--") else {
            return false;
        };
        let Some(end) = inner.find("-->") else {
            return false;
        };
        rest = inner[end + 3..].trim_start();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(block: &Block) -> Vec<Kind> {
        block.children.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn tight_items_get_a_paragraph_and_headings_their_text() {
        let text = "## Purpose {#purpose}\n\n1. Ask. {#a}\n   - yes → b\n";
        let body = parse(text, Span::new(0, text.len()));
        let heading = &body.root.children[0];
        assert_eq!(heading.id(), Some("purpose"));
        assert_eq!(heading.words(), "Purpose");
        let content = heading.content().expect("text");
        assert_eq!(&text[content.start..content.end], "Purpose");
        let item = &body.root.children[1].children[0];
        assert_eq!(
            kinds(item),
            [Kind::Paragraph, Kind::List { ordered: false }]
        );
        let para = item.children[0].span;
        assert_eq!(&text[para.start..para.end], "Ask. {#a}");
    }

    #[test]
    fn comments_are_found_in_blocks_and_inline() {
        let text = "a <!-- x --> b\n\n<!-- y --> <!-- z -->\n\n<!-- w --> raw\n";
        let body = parse(text, Span::new(0, text.len()));
        assert_eq!(
            kinds(&body.root),
            [Kind::Paragraph, Kind::Comment, Kind::Other(Other::Html)]
        );
        assert_eq!(body.comments.len(), 2);
        assert_eq!(body.comments[0], Span::new(2, 12));
    }

    #[test]
    fn a_comment_between_items_does_not_end_the_list() {
        let text = "1. a\n<!-- c -->\n2. b\n\n- x\n* y\n";
        let body = parse(text, Span::new(0, text.len()));
        let lists: Vec<usize> = body
            .root
            .content_children()
            .map(|b| b.children.len())
            .collect();
        assert_eq!(lists, [2, 1, 1], "different bullets are different lists");
    }

    #[test]
    fn deep_nesting_is_cut_off() {
        let text = "> ".repeat(5000) + "x\n";
        let body = parse(&text, Span::new(0, text.len()));
        let mut depth = 0;
        let mut block = &body.root;
        while let Some(child) = block.children.first() {
            depth += 1;
            block = child;
        }
        assert_eq!(depth, MAX_DEPTH);
    }
}
