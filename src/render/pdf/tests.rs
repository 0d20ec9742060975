//! The PDF read back as a reader sees it: the text of each page, from the
//! typeset document typst writes the PDF from (headers and footers
//! included; the flowchart's own text is inside its picture), and the file
//! itself for what only the file holds (language, title, fonts).

use std::path::Path;

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;

use super::{flowchart_mark, pdf, room_before_flowchart, typeset, typeset_fitted};
use crate::flow::Flow;
use crate::load::{load_markdown, load_text};
use crate::render::Document;
use crate::render::controlled::{self, Controlled, Paper};

/// `then` on the rendering of an SOP file of the repository, or of text,
/// on `paper`.
fn with_document<R>(
    name: &str,
    text: String,
    paper: Paper,
    then: impl FnOnce(&mut Document<'_>) -> R,
) -> R {
    let path = Path::new(name);
    let file = if name.ends_with(".md") {
        load_markdown(path, text)
    } else {
        load_text(path, text)
    };
    let Some(sop) = &file.sop else {
        panic!("{name} loads: {:?}", file.diagnostics);
    };
    let flow = Flow::build(sop);
    let mut doc = Document::new(sop, &flow);
    doc.paper = paper;
    then(&mut doc)
}

/// The controlled document of an SOP file of the repository, or of text.
fn controlled_of(name: &str, text: String, paper: Paper, checklist: bool) -> Controlled {
    with_document(name, text, paper, |doc| {
        doc.checklist = checklist;
        controlled::build(doc)
    })
}

fn example(name: &str) -> Controlled {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let text = std::fs::read_to_string(&path).expect("the file exists");
    controlled_of(name, text, Paper::A4, false)
}

/// Each page's text, line by line, top to bottom.
pub(super) fn pages(document: &PagedDocument) -> Vec<String> {
    document
        .pages()
        .iter()
        .map(|page| {
            let mut runs = Vec::new();
            collect(&page.frame, Point::zero(), &mut runs);
            lines(runs)
        })
        .collect()
}

/// A run of text where it sits: its baseline, its left and right ends.
struct Run {
    y: f64,
    x: f64,
    end: f64,
    text: String,
}

fn collect(frame: &Frame, at: Point, runs: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        let here = at + *pos;
        match item {
            FrameItem::Group(group) => {
                let moved = Point::new(here.x + group.transform.tx, here.y + group.transform.ty);
                collect(&group.frame, moved, runs);
            }
            FrameItem::Text(text) => runs.push(Run {
                y: here.y.to_pt(),
                x: here.x.to_pt(),
                end: (here.x + text.width()).to_pt(),
                text: text.text.to_string(),
            }),
            _ => {}
        }
    }
}

/// Runs on one baseline (within 2 pt) make a line; a gap between two runs
/// is a space.
fn lines(mut runs: Vec<Run>) -> String {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out = String::new();
    let mut last: Option<&Run> = None;
    for run in &runs {
        if let Some(prev) = last {
            if (run.y - prev.y).abs() >= 2.0 {
                out.push('\n');
            } else if run.x - prev.end > 1.0 && !out.ends_with(' ') && !run.text.starts_with(' ') {
                out.push(' ');
            }
        }
        out.push_str(&run.text);
        last = Some(run);
    }
    out
}

#[test]
fn every_page_has_the_header_and_page_x_of_y() {
    let c = example("examples/billing-dispute-call.sop.yaml");
    let document = typeset(&c).expect("typesets");
    let pages = pages(&document);
    let n = pages.len();
    assert!(n >= 2, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        let first = page.lines().next().unwrap_or("");
        assert_eq!(
            first,
            "CS-014 — Handling a billing dispute call Version 2.1",
            "page {}",
            i + 1
        );
        let last = page.lines().last().unwrap_or("");
        assert_eq!(
            last,
            format!(
                "Status: Approved · Effective: 2026-03-01 · Owner: Customer Service Operations · Review by: 2027-03-01 Page {} of {n}",
                i + 1
            ),
            "page {}",
            i + 1
        );
    }
}

/// The text of the whole document, page by page: what a reader finds, in
/// the order the contract gives.
#[test]
fn the_text_of_a_controlled_document() {
    let c = example("examples/billing-dispute-call.sop.yaml");
    let text = pages(&typeset(&c).expect("typesets")).join("\n\u{c}\n");
    insta::assert_snapshot!("billing-dispute-call", text);
}

#[test]
fn czech_text_stays_exact_and_the_checklist_follows_the_sign_off() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/vyrizeni-emailu.cs.sop.yaml");
    let text = std::fs::read_to_string(path).expect("the example");
    let c = controlled_of("v.sop.yaml", text, Paper::Letter, true);
    let pages = pages(&typeset(&c).expect("typesets"));
    let all = pages.join("\n");
    assert!(
        all.contains("Vyřízení e-mailového požadavku zákazníka"),
        "{all}"
    );
    assert!(
        all.contains(&format!("Strana 1 z {}", pages.len())),
        "{all}"
    );
    for label in [
        "Zpracoval",
        "Přezkoumal",
        "Schválil",
        "Kontrolní seznam",
        "Iniciály",
    ] {
        assert!(all.contains(label), "no {label} in {all}");
    }
    let sign_off = all.find("Schválení").expect("the approval block");
    let checklist = all.find("Kontrolní seznam").expect("the checklist");
    assert!(sign_off < checklist);
}

#[test]
fn the_pdf_file_carries_language_title_and_embedded_fonts() {
    let c = example("examples/disputa-de-cobranca.pt.sop.yaml");
    let bytes = pdf(&typeset(&c).expect("typesets")).expect("a PDF");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("%PDF-"));
    assert!(text.contains("/Lang(pt-BR)"), "the catalog's language");
    assert!(text.contains("pdfaid:part"), "PDF/A-2b");
    assert!(text.contains("/FontFile"), "fonts are embedded");
    assert!(
        text.contains("Atendimento de uma liga"),
        "the title in the metadata"
    );
}

#[test]
fn hostile_text_is_only_text() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/hostile.sop.yaml");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let c = controlled_of("h.sop.yaml", text, Paper::A4, true);
    // Table cells are narrow: lines wrap (a word may be hyphenated, which
    // leaves a soft hyphen in the text), and the lines of two cells of a
    // row interleave. Each word of the text must be there as written: Typst
    // markup would have turned `*b*` into a bold `b`, `$x$` into maths.
    let squeeze = |s: &str| -> String {
        s.replace("-\n", "")
            .replace('\u{ad}', "")
            .split_whitespace()
            .collect()
    };
    let all = squeeze(&pages(&typeset(&c).expect("typesets")).join("\n"));
    let name = "N <script>document.title='pwned'</script> #set text(red) $x$ *b* _i_ @ref <lbl> [c] \\ // /* ~ `r`";
    let role = "R \"]; evil [ --> #{panic()} = heading - list + enum";
    for word in name.split_whitespace().chain(role.split_whitespace()) {
        assert!(
            all.contains(word),
            "{word:?} is not shown as written in\n{all}"
        );
    }
}

/// A quality manager's objections to the Portuguese example as first
/// typeset: its title hyphenated ("co-" / "brança") and the footer's
/// "Revisar até:" at the end of one line, its date on the next.
#[test]
fn titles_are_whole_words_and_a_footers_label_stays_with_its_value() {
    let c = example("examples/disputa-de-cobranca.pt.sop.yaml");
    let pages = pages(&typeset(&c).expect("typesets"));
    let first = &pages[0];
    let title: Vec<&str> = first.lines().skip(1).take(2).collect();
    assert!(
        title.iter().all(|line| !line.ends_with(['-', '\u{ad}'])),
        "the title is hyphenated: {title:?}"
    );
    assert!(first.contains("cobrança"), "{first}");
    for (i, page) in pages.iter().enumerate() {
        for fact in [
            "Situação: Aprovado",
            "Vigência: 2026-03-01",
            "Revisar até: 2027-03-01",
        ] {
            assert!(
                page.lines().any(|line| line.contains(fact)),
                "page {}: {fact:?} is split in\n{page}",
                i + 1
            );
        }
    }
}

/// Where each picture is: its page, from 1, its top and its bottom in points.
fn pictures_at(document: &PagedDocument) -> Vec<(usize, f64, f64)> {
    fn walk(frame: &Frame, at: Point, page: usize, out: &mut Vec<(usize, f64, f64)>) {
        for (p, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, at + *p, page, out),
                FrameItem::Image(_, size, _) => {
                    let top = (at + *p).y.to_pt();
                    out.push((page, top, top + size.y.to_pt()));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, Point::zero(), i + 1, &mut out);
    }
    out
}

/// The document of a file as `render --to pdf` typesets it.
fn fitted(name: &str, text: String, paper: Paper) -> PagedDocument {
    with_document(name, text, paper, |doc| {
        typeset_fitted(doc).expect("typesets")
    })
}

/// A flowchart that does not fit under the text before it used to move
/// whole to the next page, leaving up to three quarters of a page empty:
/// with half a page or more left it now starts there (made smaller when it
/// stays readable, else cut there into bands), and its pictures still fit
/// the pages.
#[test]
fn the_flowchart_starts_under_the_text_before_it() {
    let mut long =
        String::from("title: Long\ndepartment: Ops\npurpose: P.\nterms: {}\ninstructions:\n");
    for i in 0..40 {
        long += &format!("  - id: s{i}\n    text: Do the work of step {i}.\n");
    }
    let mut cases: Vec<(String, String)> = [
        "examples/billing-dispute-call.sop.yaml",
        "examples/disputa-de-cobranca.pt.sop.yaml",
        "examples/kuendigung-am-telefon.de.sop.md",
        "examples/onboarding-support-agent.sop.yaml",
    ]
    .iter()
    .map(|name| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let text = std::fs::read_to_string(&path).expect("the file exists");
        ((*name).to_owned(), text)
    })
    .collect();
    cases.push(("long.sop.yaml".to_owned(), long));
    for (name, text) in cases {
        for paper in [Paper::A4, Paper::Letter] {
            let document = fitted(&name, text.clone(), paper);
            let (mark_page, y) = flowchart_mark(&document).expect("the mark is there");
            let room = room_before_flowchart(&document, paper).expect("a room");
            let pictures = pictures_at(&document);
            let first = pictures.first().expect("a flowchart");
            assert!(
                room - 40.0 < (paper.text_height() - 40.0) / 2.0 || first.0 == mark_page,
                "{name} {paper:?}: text ends at {y:.0} pt on page {mark_page} ({room:.0} pt left), the flowchart starts on page {}",
                first.0
            );
            let bottom = paper.size().1 - Paper::BOTTOM_MARGIN;
            for (page, top, end) in &pictures {
                assert!(
                    *top >= Paper::TOP_MARGIN - 0.5 && *end <= bottom + 0.5,
                    "{name} {paper:?}: a picture on page {page} runs from {top:.0} to {end:.0} pt"
                );
            }
        }
    }
}
