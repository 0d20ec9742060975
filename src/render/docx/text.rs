//! The controlled document's text as Word paragraphs and runs: inline
//! emphasis, links, code and breaks; the writer's blocks (paragraphs,
//! headings, lists, quotes, code, tables) in real Word styles, nested in
//! list levels where they belong to a step.

use docx_rs::{
    AlignmentType, BreakType, Hyperlink, HyperlinkType, IndentLevel, LevelOverride, Numbering,
    NumberingId, Paragraph, Run, RunFonts, Shading, Table, TableCell, TableRow, WidthType,
};

use super::styles::{BULLETS, CODE_FONT, ORDERED, STEPS};
use crate::render::controlled::{Block, Cell, Inline};

/// What the body is made of, in order.
pub(super) enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// Collects the body and the numbering instances that its ordered lists
/// start.
pub(super) struct Body {
    pub(super) children: Vec<Child>,
    /// One numbering instance per ordered list of the writer's, so that each
    /// starts at its own first number.
    pub(super) numberings: Vec<Numbering>,
    next_numbering: usize,
    /// The width of the text, in twips (tables fill it).
    pub(super) width: usize,
}

/// How inline text is drawn.
#[derive(Clone, Copy, Default)]
pub(super) struct Look {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) strike: bool,
    pub(super) code: bool,
}

impl Look {
    pub(super) const BOLD: Self = Self {
        bold: true,
        italic: false,
        strike: false,
        code: false,
    };
    pub(super) const ITALIC: Self = Self {
        bold: false,
        italic: true,
        strike: false,
        code: false,
    };
}

/// A run of text: tabs as Word tabs; nothing else in it is special (the
/// controlled document's text has no control characters, and docx-rs
/// escapes XML's own).
pub(super) fn run(text: &str, look: Look) -> Run {
    let mut run = Run::new();
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !part.is_empty() {
            run = run.add_text(part);
        }
    }
    if look.bold {
        run = run.bold();
    }
    if look.italic {
        run = run.italic();
    }
    if look.strike {
        run = run.strike();
    }
    if look.code {
        run = run.fonts(
            RunFonts::new()
                .ascii(CODE_FONT)
                .hi_ansi(CODE_FONT)
                .cs(CODE_FONT),
        );
    }
    run
}

/// Inline text added to a paragraph.
pub(super) fn inlines(mut p: Paragraph, inlines: &[Inline], look: Look) -> Paragraph {
    for inline in inlines {
        p = match inline {
            Inline::Text(t) => p.add_run(run(t, look)),
            Inline::Code(t) => p.add_run(run(t, Look { code: true, ..look })),
            Inline::Strong(c) => self::inlines(p, c, Look { bold: true, ..look }),
            Inline::Emph(c) => self::inlines(
                p,
                c,
                Look {
                    italic: true,
                    ..look
                },
            ),
            Inline::Strike(c) => self::inlines(
                p,
                c,
                Look {
                    strike: true,
                    ..look
                },
            ),
            Inline::Break => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::Link { url, text } => {
                let mut link = Hyperlink::new(url, HyperlinkType::External);
                for piece in flat(text) {
                    link = link.add_run(run(&piece, look).style("Hyperlink"));
                }
                p.add_hyperlink(link)
            }
        };
    }
    p
}

/// The words of inline text (a link's text).
fn flat(inlines: &[Inline]) -> Vec<String> {
    let mut out = Vec::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push(t.clone()),
            Inline::Strong(c) | Inline::Emph(c) | Inline::Strike(c) => out.extend(flat(c)),
            Inline::Link { text, .. } => out.extend(flat(text)),
            Inline::Break => out.push(" ".into()),
        }
    }
    out
}

/// Where blocks go: the paragraph style of their text and their list level.
#[derive(Clone, Copy)]
pub(super) struct Place {
    /// `Normal` at the top, `ListContinue` under a step or a list item.
    pub(super) style: &'static str,
    /// The list level of lists inside (0 at the top).
    pub(super) level: usize,
}

impl Place {
    pub(super) const TOP: Self = Self {
        style: "Normal",
        level: 0,
    };
    /// Under a step (a list item of level 0).
    pub(super) const STEP: Self = Self {
        style: "ListContinue",
        level: 1,
    };

    fn inner(self) -> Self {
        Self {
            style: if self.level == 0 {
                "ListContinue"
            } else {
                "ListContinue2"
            },
            level: self.level + 1,
        }
    }
}

impl Body {
    pub(super) fn new(width: usize) -> Self {
        Self {
            children: Vec::new(),
            numberings: Vec::new(),
            // Instances 1 to 3 are the steps, bullets and the template of
            // ordered lists ([`super::styles`]).
            next_numbering: 4,
            width,
        }
    }

    pub(super) fn paragraph(&mut self, p: Paragraph) {
        self.children.push(Child::Paragraph(Box::new(p)));
    }

    pub(super) fn table(&mut self, t: Table) {
        self.children.push(Child::Table(Box::new(t)));
    }

    /// A numbered step's or a list item's first paragraph; the rest of
    /// its blocks below it.
    pub(super) fn item(&mut self, first: Paragraph, rest: &[Block], place: Place) {
        self.paragraph(first);
        self.blocks(rest, place);
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], place: Place) {
        for block in blocks {
            self.block(block, place);
        }
    }

    fn block(&mut self, block: &Block, place: Place) {
        match block {
            Block::Para { c } => self.paragraph(inlines(
                Paragraph::new().style(place.style),
                c,
                Look::default(),
            )),
            Block::Heading { level, c } => {
                let style = format!("Heading{}", (*level).clamp(2, 4));
                let p = Paragraph::new().style(&style).keep_next(true);
                self.paragraph(inlines(p, c, Look::default()));
            }
            Block::Quote { c } => {
                for b in c {
                    match b {
                        Block::Para { c } => self.paragraph(inlines(
                            Paragraph::new().style("Quote"),
                            c,
                            Look::default(),
                        )),
                        other => self.block(other, place),
                    }
                }
            }
            Block::Code { c } => {
                let mut p = Paragraph::new().style("Code");
                for (i, line) in c.split('\n').enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = p.add_run(run(line, Look::default()));
                }
                self.paragraph(p);
            }
            Block::List { start, items } => self.list(*start, items, place),
            Block::Table { head, rows } => {
                let widths = vec![1; head.len().max(1)];
                let t = table(head, rows, &widths, self.width);
                self.table(t);
            }
            Block::Rule => self.paragraph(Paragraph::new().style(place.style)),
        }
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], place: Place) {
        let (style, numbering) = match start {
            None => (bullet_style(place.level), BULLETS),
            Some(first) => {
                let id = self.next_numbering;
                self.next_numbering += 1;
                let first = usize::try_from(first).unwrap_or(1);
                self.numberings.push(
                    Numbering::new(id, ORDERED).add_override(LevelOverride::new(0).start(first)),
                );
                (number_style(place.level), id)
            }
        };
        for item in items {
            let (first, rest) = match item.split_first() {
                Some((Block::Para { c }, rest)) => (c.as_slice(), rest),
                _ => (&[][..], item.as_slice()),
            };
            let p = Paragraph::new()
                .style(style)
                .numbering(NumberingId::new(numbering), IndentLevel::new(place.level));
            let p = inlines(p, first, Look::default());
            self.item(p, rest, place.inner());
        }
    }

    /// A step's numbered first paragraph (Word counts the steps).
    pub(super) fn step_paragraph(first: &[Inline]) -> Paragraph {
        let p = Paragraph::new()
            .style("ListNumber")
            .numbering(NumberingId::new(STEPS), IndentLevel::new(0));
        inlines(p, first, Look::default())
    }
}

fn bullet_style(level: usize) -> &'static str {
    if level == 0 {
        "ListBullet"
    } else {
        "ListBullet2"
    }
}

fn number_style(level: usize) -> &'static str {
    if level == 0 {
        "ListNumber"
    } else {
        "ListNumber2"
    }
}

/// A table in the Table Grid style: a bold, shaded heading row and the
/// rows, none split over two pages; `widths` are relative.
pub(super) fn table(head: &[Cell], rows: &[Vec<Cell>], widths: &[u32], total: usize) -> Table {
    let grid = grid(widths, total);
    let heading = TableRow::new(
        head.iter()
            .zip(&grid)
            .map(|(c, w)| {
                cell(*w)
                    .shading(Shading::new().fill("E8E8E8"))
                    .add_paragraph(inlines(Paragraph::new(), c, Look::BOLD))
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![heading];
    for row in rows {
        all.push(
            TableRow::new(
                row.iter()
                    .zip(&grid)
                    .map(|(c, w)| {
                        cell(*w).add_paragraph(inlines(Paragraph::new(), c, Look::default()))
                    })
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(all)
        .style("TableGrid")
        .set_grid(grid)
        .width(total, WidthType::Dxa)
}

pub(super) fn cell(width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa)
}

/// Relative widths as twips that add up to `total`.
pub(super) fn grid(widths: &[u32], total: usize) -> Vec<usize> {
    let sum: u32 = widths.iter().sum::<u32>().max(1);
    widths
        .iter()
        .map(|w| total * *w as usize / sum as usize)
        .collect()
}

/// A centred paragraph (a picture, a tick box).
pub(super) fn centred() -> Paragraph {
    Paragraph::new().align(AlignmentType::Center)
}
