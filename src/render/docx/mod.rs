//! `--to docx`: the controlled document as a Word file (docx-rs), for
//! quality teams that keep their SOPs in Word. The same content as the PDF
//! ([`controlled`]) in real Word styles: the steps a "List Number" list
//! that Word counts, tables in "Table Grid", a header with the id, title
//! and version, a footer with the document-control facts and real PAGE and
//! NUMPAGES fields, the flowchart as a PNG at print resolution, and the
//! document's language set for spelling and hyphenation.

mod styles;
mod text;

use std::io::{self, Cursor, Write};

use docx_rs::{
    Docx as Word, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, Pic, Run, Tab,
    TabValueType, Table, TableRow,
};
use rayon::prelude::*;

use self::text::{Body, Child, Look, Place, cell, centred, grid, inlines, run, table};
use super::controlled::{self, Block, Body as Content, Controlled, Fact, Picture, StepItem};
use super::{Document, Renderer, png};

pub(crate) struct Docx;

impl Renderer for Docx {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let bytes = docx(&controlled::build(doc)).map_err(io::Error::other)?;
        out.write_all(&bytes)
    }
}

/// Twips (1/20 pt) of a length in points.
fn twips(points: f64) -> usize {
    (points * 20.0).round() as usize
}

/// English Metric Units (1/12,700 pt) of a length in points.
fn emu(points: f64) -> u32 {
    (points * 12_700.0).round() as u32
}

/// The flowchart's picture is drawn at this many dots per inch.
const PRINT_DPI: f64 = 200.0;

/// The whole file.
pub(crate) fn docx(c: &Controlled) -> Result<Vec<u8>, String> {
    let (width, height) = c.paper.size();
    let text_width = twips(c.paper.text_width());
    let mut body = Body::new(text_width);
    body.paragraph(run_paragraph("Title", &c.title, Look::default()));
    body.paragraph(run_paragraph("Subtitle", &c.department, Look::default()));
    for section in &c.sections {
        body.paragraph(
            run_paragraph("Heading1", &section.heading, Look::default()).keep_next(true),
        );
        section_body(&mut body, &section.body)?;
    }
    let margin = |points: f64| twips(points) as i32;
    let mut word = styles::add(Word::new())
        .page_size(twips(width) as u32, twips(height) as u32)
        .page_margin(PageMargin {
            top: margin(controlled::Paper::TOP_MARGIN),
            left: margin(controlled::Paper::SIDE_MARGIN),
            bottom: margin(controlled::Paper::BOTTOM_MARGIN),
            right: margin(controlled::Paper::SIDE_MARGIN),
            header: margin(28.0),
            footer: margin(24.0),
            gutter: 0,
        })
        .header(header(c, text_width))
        .footer(footer(c, text_width));
    for numbering in std::mem::take(&mut body.numberings) {
        word = word.add_numbering(numbering);
    }
    for child in body.children {
        word = match child {
            Child::Paragraph(p) => word.add_paragraph(*p),
            Child::Table(t) => word.add_table(*t),
        };
    }
    let mut xml = word.build();
    xml.styles = styles::with_language(&xml.styles, &c.tag)?;
    xml.doc_props.core = styles::with_title(&xml.doc_props.core, &c.title, &c.tag)?;
    let mut file = Cursor::new(Vec::new());
    xml.pack(&mut file).map_err(|e| e.to_string())?;
    Ok(file.into_inner())
}

fn run_paragraph(style: &str, text: &str, look: Look) -> Paragraph {
    Paragraph::new().style(style).add_run(run(text, look))
}

/// Id and title at the left, the version at the right margin.
fn header(c: &Controlled, text_width: usize) -> Header {
    let h = &c.header;
    let mut p = Paragraph::new()
        .style("Header")
        .add_tab(Tab::new().val(TabValueType::Right).pos(text_width));
    if let Some(id) = &h.id {
        p = p
            .add_run(run(id, Look::BOLD))
            .add_run(run(" — ", Look::default()));
    }
    p = p.add_run(run(&h.title, Look::default()));
    if let Some(version) = &h.version {
        p = p
            .add_run(Run::new().add_tab())
            .add_run(run(version, Look::default()));
    }
    Header::new().add_paragraph(p)
}

/// The document-control facts, and "Page X of Y" with fields Word fills.
fn footer(c: &Controlled, text_width: usize) -> Footer {
    let f = &c.footer;
    let facts = Paragraph::new()
        .style("Footer")
        .add_run(run(&facts_line(&f.facts), Look::default()));
    let [before, between, after] = &f.page_of;
    let pages = Paragraph::new()
        .style("Footer")
        .add_tab(Tab::new().val(TabValueType::Right).pos(text_width))
        .add_run(Run::new().add_tab())
        .add_run(run(before, Look::default()))
        .add_page_num(PageNum::new())
        .add_run(run(between, Look::default()))
        .add_num_pages(NumPages::new())
        .add_run(run(after, Look::default()));
    Footer::new().add_paragraph(facts).add_paragraph(pages)
}

/// "Status: Approved · Effective: 2026-03-01 · …".
fn facts_line(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| format!("{}: {}", f.label, f.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn section_body(body: &mut Body, content: &Content) -> Result<(), String> {
    match content {
        Content::Prose { blocks } => body.blocks(blocks, Place::TOP),
        Content::Table {
            columns,
            widths,
            rows,
        } => {
            let head: Vec<_> = columns.iter().map(|c| controlled::plain(c)).collect();
            body.table(table(&head, rows, widths, body.width));
        }
        Content::Steps { steps } => steps.iter().for_each(|s| step(body, s)),
        Content::Flowchart { pictures, note } => {
            // Each band is millions of pixels at print resolution and a
            // long flowchart has hundreds of bands: they are drawn in
            // parallel, then placed in order.
            let drawn: Vec<(Vec<u8>, u32, u32)> = pictures
                .par_iter()
                .map(rasterize)
                .collect::<Result<_, _>>()?;
            for (picture, (png, w, h)) in pictures.iter().zip(drawn) {
                let pic = Pic::new_with_dimensions(png, w, h)
                    .size(emu(picture.width), emu(picture.height));
                body.paragraph(centred().add_run(Run::new().add_image(pic)));
            }
            if let Some(note) = note {
                body.paragraph(run_paragraph("Normal", note, Look::ITALIC));
            }
        }
        Content::List { items } => {
            let blocks: Vec<Vec<Block>> = items
                .iter()
                .map(|c| vec![Block::Para { c: c.clone() }])
                .collect();
            body.blocks(
                &[Block::List {
                    start: None,
                    items: blocks,
                }],
                Place::TOP,
            );
        }
        Content::Approvals { columns, rows } => {
            body.table(approvals(columns, rows, body.width));
        }
        Content::Checklist { columns, rows } => {
            let head: Vec<_> = columns.iter().map(|c| controlled::plain(c)).collect();
            let rows: Vec<Vec<_>> = rows
                .iter()
                .map(|r| {
                    vec![
                        controlled::plain("☐"),
                        controlled::plain(&format!("{}. {}", r.number, r.text)),
                        controlled::plain(&r.role),
                        Vec::new(),
                        Vec::new(),
                    ]
                })
                .collect();
            let mut t = table(&head, &[], &[3, 12, 4, 3, 3], body.width);
            let widths = grid(&[3, 12, 4, 3, 3], body.width);
            for row in rows {
                let cells = row
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        let p = if i == 0 { centred() } else { Paragraph::new() };
                        cell(*w).add_paragraph(inlines(p, c, Look::default()))
                    })
                    .collect();
                t = t.add_row(tall(TableRow::new(cells), 560.0));
            }
            body.table(t);
        }
    }
    Ok(())
}

fn step(body: &mut Body, s: &StepItem) {
    let (first, rest) = match s.text.split_first() {
        Some((Block::Para { c }, rest)) => (c.as_slice(), rest),
        _ => (&[][..], s.text.as_slice()),
    };
    body.item(Body::step_paragraph(first), rest, Place::STEP);
    let under = || Paragraph::new().style("ListContinue");
    if !s.facts.is_empty() {
        body.paragraph(under().add_run(run(&facts_line(&s.facts), Look::ITALIC)));
    }
    for sub in &s.substeps {
        body.blocks(
            &[Block::List {
                start: None,
                items: vec![sub.clone()],
            }],
            Place::STEP,
        );
    }
    if let Some(script) = &s.script {
        let p = under().add_run(run(&format!("{}: ", script.label), Look::BOLD));
        let p = inlines(p.add_run(run("“", Look::ITALIC)), &script.c, Look::ITALIC);
        body.paragraph(p.add_run(run("”", Look::ITALIC)));
    }
    for callout in [&s.warning, &s.note].into_iter().flatten() {
        let label = run(&format!("{}: ", callout.label), Look::BOLD);
        let (first, rest) = match callout.c.split_first() {
            Some((Block::Para { c }, rest)) => (c.as_slice(), rest),
            _ => (&[][..], callout.c.as_slice()),
        };
        body.item(
            inlines(under().add_run(label), first, Look::default()),
            rest,
            Place::STEP,
        );
    }
    for lead in &s.leads {
        body.paragraph(
            under()
                .add_run(run(&lead.label, Look::BOLD))
                .add_run(run(&format!(" → {}", lead.to), Look::default())),
        );
    }
    if let Some(ends) = &s.ends {
        body.paragraph(under().add_run(run(ends, Look::ITALIC)));
    }
}

/// A picture of the flowchart as a PNG at print resolution for its printed
/// size, with its width and height in pixels.
fn rasterize(picture: &Picture) -> Result<(Vec<u8>, u32, u32), String> {
    let pixels = picture.width / 72.0 * PRINT_DPI;
    let scale = (pixels / picture.svg_width) as f32;
    let png = png::rasterize(&picture.svg, scale).map_err(|e| e.to_string())?;
    let (w, h) = png_size(&png).ok_or("the flowchart's PNG has no size")?;
    Ok((png, w, h))
}

/// The width and height in a PNG's header.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let word = |at: usize| Some(u32::from_be_bytes(png.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

/// One row per approval: role, name and date, and a tall empty cell to
/// sign in.
fn approvals(columns: &[String; 4], rows: &[[controlled::Cell; 3]], total: usize) -> Table {
    let widths = grid(&[4, 4, 3, 5], total);
    let head: Vec<_> = columns.iter().map(|c| controlled::plain(c)).collect();
    let heading = table(&head, &[], &[4, 4, 3, 5], total);
    let mut t = heading;
    for row in rows {
        let mut cells: Vec<_> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(*w).add_paragraph(inlines(Paragraph::new(), c, Look::default())))
            .collect();
        cells.push(cell(widths[3]).add_paragraph(Paragraph::new()));
        t = t.add_row(tall(TableRow::new(cells), 900.0));
    }
    t
}

/// A row at least `twips` high (room to write by hand), kept on one page.
fn tall(row: TableRow, twips: f32) -> TableRow {
    row.row_height(twips)
        .height_rule(docx_rs::HeightRule::AtLeast)
        .cant_split()
}
