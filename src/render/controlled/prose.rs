//! The writer's Markdown (purpose, scope, step text, notes, substeps,
//! references) as [`Block`]s and [`Inline`]s of the controlled document.
//!
//! It reads the same events as the HTML page ([`markup::events`]): raw HTML
//! is text, unsafe link targets are gone, images are links. A link stays a
//! link only with an `http`, `https`, `mailto` or `tel` target; other
//! targets (an anchor in a web page, a relative path) mean nothing on paper
//! and keep only their text. Every piece of text passes [`Inline::text`].

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Block, Cell, Inline};
use crate::render::escape;
use crate::render::markup;

/// Markdown as blocks.
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    let mut reader = Reader {
        stack: vec![Frame::Blocks(Vec::new())],
    };
    for event in markup::events(markdown) {
        reader.event(event);
    }
    reader.finish()
}

/// Short Markdown (a substep, a reference) as one line of inline text: the
/// inlines of its blocks, blocks after the first on new lines.
pub(crate) fn inlines(markdown: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    for block in blocks(markdown) {
        if !out.is_empty() {
            out.push(Inline::Break);
        }
        flatten(block, &mut out);
    }
    out
}

fn flatten(block: Block, out: &mut Vec<Inline>) {
    match block {
        Block::Para { c } | Block::Heading { c, .. } => out.extend(c),
        Block::Code { c } => out.push(Inline::Code(c)),
        Block::Quote { c } => c.into_iter().for_each(|b| flatten(b, out)),
        Block::List { items, .. } => {
            for item in items {
                item.into_iter().for_each(|b| flatten(b, out));
            }
        }
        Block::Table { head, rows } => {
            for cell in head.into_iter().chain(rows.into_iter().flatten()) {
                out.extend(cell);
                out.push(Inline::Text(" ".into()));
            }
        }
        Block::Rule => {}
    }
}

/// What an open element collects.
enum Frame {
    /// Blocks: the document, a quote or a list item.
    Blocks(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Inlines(Vec<Inline>, Span),
    Code(String),
    Table {
        head: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
        row: Vec<Cell>,
    },
}

/// What a run of inline text is part of.
#[derive(Clone)]
enum Span {
    Para,
    /// The text of a tight list item, which has no paragraph of its own.
    Implicit,
    Heading(u8),
    Strong,
    Emph,
    Strike,
    Link(String),
    Cell,
    /// An element the controlled document has no form for: its text is kept.
    Other,
}

struct Reader {
    stack: Vec<Frame>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(Frame::Code(code)) = self.stack.last_mut() {
                    code.push_str(&text);
                } else {
                    // Raw HTML lines (turned into text) end in line breaks.
                    for inline in super::plain(&text) {
                        self.inline(inline);
                    }
                }
            }
            Event::Code(code) => self.inline(Inline::Code(escape::document(&code))),
            Event::Html(raw) | Event::InlineHtml(raw) => self.inline(Inline::text(&raw)),
            Event::SoftBreak => self.inline(Inline::Text(" ".into())),
            Event::HardBreak => self.inline(Inline::Break),
            Event::Rule => self.block(Block::Rule),
            Event::TaskListMarker(done) => {
                self.inline(Inline::Text(if done { "☒ " } else { "☐ " }.into()));
            }
            Event::FootnoteReference(name) | Event::InlineMath(name) | Event::DisplayMath(name) => {
                self.inline(Inline::text(&name))
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(Vec::new(), Span::Para),
            Tag::Heading { level, .. } => Frame::Inlines(Vec::new(), Span::Heading(level as u8)),
            Tag::BlockQuote(_) | Tag::Item => Frame::Blocks(Vec::new()),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::HtmlBlock => Frame::Inlines(Vec::new(), Span::Para),
            Tag::List(start) => Frame::List {
                start,
                items: Vec::new(),
            },
            Tag::Table(_) => Frame::Table {
                head: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Frame::Inlines(Vec::new(), Span::Cell),
            Tag::Emphasis => self.span(Span::Emph),
            Tag::Strong => self.span(Span::Strong),
            Tag::Strikethrough => self.span(Span::Strike),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.span(Span::Link(dest_url.into_string()))
            }
            _ => self.span(Span::Other),
        };
        if !matches!(frame, Frame::Inlines(_, ref s) if is_inline(s)) {
            self.close_implicit();
        }
        self.stack.push(frame);
    }

    /// An inline element: inside a paragraph (an implicit one in a tight
    /// list item) or a cell.
    fn span(&mut self, span: Span) -> Frame {
        self.open_implicit();
        Frame::Inlines(Vec::new(), span)
    }

    fn end(&mut self, tag: TagEnd) {
        self.close_implicit();
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table { head, row, .. }) = self.stack.last_mut() {
                    *head = std::mem::take(row);
                }
                return;
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { rows, row, .. }) = self.stack.last_mut() {
                    rows.push(std::mem::take(row));
                }
                return;
            }
            _ => {}
        }
        // The reader's stack holds one frame per open element, and the root
        // is never closed: a stray end (there is none in pulldown-cmark's
        // well-nested events) is ignored rather than trusted.
        if self.stack.len() < 2 {
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Blocks(c) => match self.stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(c),
                _ => self.block(Block::Quote { c }),
            },
            Frame::List { start, items } => self.block(Block::List { start, items }),
            Frame::Code(code) => {
                let code = code.strip_suffix('\n').unwrap_or(&code);
                self.block(Block::Code {
                    c: escape::document(code),
                });
            }
            Frame::Table { head, rows, .. } => self.block(Block::Table { head, rows }),
            Frame::Inlines(c, span) => self.inlines_done(c, span),
        }
    }

    fn inlines_done(&mut self, mut c: Vec<Inline>, span: Span) {
        while matches!(span, Span::Para | Span::Implicit) && c.last() == Some(&Inline::Break) {
            c.pop();
        }
        match span {
            Span::Para | Span::Implicit => self.block(Block::Para { c }),
            Span::Heading(level) => self.block(Block::Heading { level, c }),
            Span::Cell => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(c);
                }
            }
            Span::Strong => self.inline(Inline::Strong(c)),
            Span::Emph => self.inline(Inline::Emph(c)),
            Span::Strike => self.inline(Inline::Strike(c)),
            Span::Link(url) if printable_link(&url) => self.inline(Inline::Link {
                url: escape::document(&url),
                text: c,
            }),
            Span::Link(_) | Span::Other => c.into_iter().for_each(|i| self.inline(i)),
        }
    }

    fn inline(&mut self, inline: Inline) {
        self.open_implicit();
        if let Some(Frame::Inlines(c, _)) = self.stack.last_mut() {
            c.push(inline);
        }
    }

    fn block(&mut self, block: Block) {
        self.close_implicit();
        match self.stack.last_mut() {
            Some(Frame::Blocks(c)) => c.push(block),
            // A block where the reader expects none (a code block inside a
            // list item's text, say) is put after what is open.
            _ => {
                if let Some(Frame::Blocks(c)) = self.stack.first_mut() {
                    c.push(block);
                }
            }
        }
    }

    fn open_implicit(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Blocks(_))) {
            self.stack.push(Frame::Inlines(Vec::new(), Span::Implicit));
        }
    }

    fn close_implicit(&mut self) {
        if let Some(Frame::Inlines(_, Span::Implicit)) = self.stack.last()
            && let Some(Frame::Inlines(c, _)) = self.stack.pop()
            && let Some(Frame::Blocks(blocks)) = self.stack.last_mut()
        {
            blocks.push(Block::Para { c });
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.close_implicit();
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        match self.stack.pop() {
            Some(Frame::Blocks(blocks)) => blocks,
            _ => Vec::new(),
        }
    }
}

fn is_inline(span: &Span) -> bool {
    !matches!(
        span,
        Span::Para | Span::Implicit | Span::Heading(_) | Span::Cell
    )
}

/// Whether a link target means something on paper and in a Word file.
fn printable_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn paragraphs_emphasis_and_links() {
        let got = blocks("Open **the** *CRM* `now`.\n\nSee [docs](https://x.org) and [step](#a).");
        assert_eq!(
            got,
            [
                Block::Para {
                    c: vec![
                        text("Open "),
                        Inline::Strong(vec![text("the")]),
                        text(" "),
                        Inline::Emph(vec![text("CRM")]),
                        text(" "),
                        Inline::Code("now".into()),
                        text("."),
                    ]
                },
                Block::Para {
                    c: vec![
                        text("See "),
                        Inline::Link {
                            url: "https://x.org".into(),
                            text: vec![text("docs")]
                        },
                        text(" and "),
                        text("step"),
                        text("."),
                    ]
                }
            ]
        );
    }

    #[test]
    fn lists_quotes_code_and_tables() {
        let got = blocks("- a\n- b **c**\n\n> q\n\n```\nx\ny\n```\n\n| h |\n|---|\n| v |\n");
        assert_eq!(
            got,
            [
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Para { c: vec![text("a")] }],
                        vec![Block::Para {
                            c: vec![text("b "), Inline::Strong(vec![text("c")])]
                        }],
                    ]
                },
                Block::Quote {
                    c: vec![Block::Para { c: vec![text("q")] }]
                },
                Block::Code { c: "x\ny".into() },
                Block::Table {
                    head: vec![vec![text("h")]],
                    rows: vec![vec![vec![text("v")]]]
                },
            ]
        );
    }

    #[test]
    fn markup_of_other_formats_stays_text() {
        let got = inlines("Press <Enter> then #set text(red) $x$ \u{1}");
        let joined: String = got
            .iter()
            .map(|i| match i {
                Inline::Text(t) => t.as_str(),
                _ => "|",
            })
            .collect();
        assert_eq!(joined, "Press <Enter> then #set text(red) $x$ ␁");
        assert_eq!(
            inlines("a  \nb"),
            [text("a"), Inline::Break, text("b")],
            "a hard break"
        );
    }
}
