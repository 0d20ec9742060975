//! The controlled document (`--to docx`, and `--to pdf` when built with
//! the `pdf` feature): every part a reader and a quality system look for,
//! read back from the file the way Word and a PDF reader see it.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::support::{fixtures, folder, repo_root, run};

/// A DOCX file's parts, unzipped.
struct Docx {
    parts: HashMap<String, String>,
    media: Vec<Vec<u8>>,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

impl Docx {
    fn read(path: &Path) -> Self {
        let file = std::fs::File::open(path).expect("the docx was written");
        let mut zip = zip::ZipArchive::new(file).expect("a DOCX is a ZIP package");
        let mut parts = HashMap::new();
        let mut media = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("an entry");
            if entry.is_dir() {
                continue;
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("readable");
            if entry.name().starts_with("word/media/") {
                media.push(bytes);
            } else {
                let text = String::from_utf8(bytes).expect("XML parts are UTF-8");
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", entry.name()));
                parts.insert(entry.name().to_owned(), text);
            }
        }
        Self { parts, media }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.parts.keys()))
    }

    /// Each paragraph of a part as (style, text).
    fn paragraphs(&self, name: &str) -> Vec<(String, String)> {
        let xml = roxmltree::Document::parse(self.part(name)).expect("XML");
        xml.descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .map(|p| {
                let style = p
                    .descendants()
                    .find(|n| n.has_tag_name((W, "pStyle")))
                    .and_then(|s| s.attribute((W, "val")))
                    .unwrap_or("")
                    .to_owned();
                let text = p
                    .descendants()
                    .filter_map(|n| match n.tag_name().name() {
                        "t" if n.tag_name().namespace() == Some(W) => n.text(),
                        "br" => Some("\n"),
                        // A tab in a run, not a tab stop of the paragraph.
                        "tab" if n.parent().is_some_and(|r| r.has_tag_name((W, "r"))) => Some("\t"),
                        _ => None,
                    })
                    .collect();
                (style, text)
            })
            .collect()
    }

    /// The text of every paragraph with a style.
    fn styled(&self, style: &str) -> Vec<String> {
        self.paragraphs("word/document.xml")
            .into_iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t)
            .collect()
    }

    fn all_text(&self) -> String {
        self.paragraphs("word/document.xml")
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn render_docx(dir: &Path, sop: &str, extra: &[&str]) -> Docx {
    let out = dir.join("out.docx");
    let mut args = vec!["render", sop, "--to", "docx", "-o"];
    let out_arg = out.to_string_lossy().into_owned();
    args.push(&out_arg);
    args.extend(extra);
    let r = run(dir, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    Docx::read(&out)
}

#[test]
fn docx_has_every_part_of_the_sop_in_word_styles() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sop = repo_root().join("examples/billing-dispute-call.sop.yaml");
    let docx = render_docx(tmp.path(), &sop.to_string_lossy(), &[]);
    assert_eq!(docx.styled("Title"), ["Handling a billing dispute call"]);
    assert_eq!(
        docx.styled("Heading1"),
        [
            "Purpose",
            "Scope",
            "Terms",
            "Roles",
            "Instructions",
            "Flowchart",
            "Metrics",
            "Revision history",
            "Approvals"
        ]
    );
    // Word counts the steps: one List Number paragraph per step, numbered
    // by the steps' list.
    let steps = docx.styled("ListNumber");
    assert_eq!(steps.len(), 7);
    assert_eq!(
        steps[3], "Is the disputed amount above 500 EUR?",
        "the fourth step"
    );
    let document = docx.part("word/document.xml");
    assert_eq!(document.matches("<w:numId w:val=\"1\" />").count(), 7);
    assert!(document.contains("<w:tblStyle w:val=\"TableGrid\" />"));
    let text = docx.all_text();
    for needle in [
        "Customers who dispute a charge",
        "Customer relationship management system",
        "Shift manager on duty",
        "yes → step 6: Escalate to the shift manager",
        "Go to → step 7: Close the ticket",
        "Thank you for calling",
        "Never read card numbers aloud",
        "First response time",
        "Identity check before any billing detail.",
        "M. Rossi",
        "Quality manager",
        "2026-02-24",
    ] {
        assert!(text.contains(needle), "no {needle:?} in\n{text}");
    }
    // The flowchart is a PNG at print resolution: its pixels over its
    // printed width (in EMU, 914,400 an inch) make about 200 dots an inch.
    assert_eq!(docx.media.len(), 1);
    let png = &docx.media[0];
    assert_eq!(&png[1..4], b"PNG");
    let pixels = f64::from(u32::from_be_bytes(png[16..20].try_into().expect("4 bytes")));
    let extent = document
        .split("<wp:extent cx=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|cx| cx.parse::<f64>().ok())
        .expect("the picture's printed width");
    let dpi = pixels / (extent / 914_400.0);
    assert!((190.0..=210.0).contains(&dpi), "{dpi} dots an inch");
}

#[test]
fn docx_pages_have_header_footer_and_page_fields() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sop = repo_root().join("examples/vyrizeni-emailu.cs.sop.yaml");
    let docx = render_docx(tmp.path(), &sop.to_string_lossy(), &["--paper", "letter"]);
    let header: String = docx
        .paragraphs("word/header1.xml")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let footer: Vec<String> = docx
        .paragraphs("word/footer1.xml")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let sop = std::fs::read_to_string(&sop).expect("the example");
    let field = |key: &str| {
        sop.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .map(|v| v.trim_matches('"').to_owned())
            .unwrap_or_else(|| panic!("the example has a {key}"))
    };
    assert!(header.contains(&field("id")), "{header}");
    assert!(header.contains(&field("title")), "{header}");
    assert!(
        header.contains(&format!("Verze {}", field("version"))),
        "{header}"
    );
    assert!(footer[0].contains(&field("owner")), "{footer:?}");
    assert!(footer[0].contains(&field("review_by")), "{footer:?}");
    assert!(footer[0].contains("Platnost"), "{footer:?}");
    // "Strana 1 z 3": the numbers are fields Word fills in.
    assert_eq!(footer[1], "\tStrana 1 z 1");
    let xml = docx.part("word/footer1.xml");
    assert!(xml.contains("<w:instrText>PAGE</w:instrText>"), "{xml}");
    assert!(xml.contains("<w:instrText>NUMPAGES</w:instrText>"), "{xml}");
    // Czech, for Word's spelling and hyphenation; and on US Letter.
    assert!(
        docx.part("word/styles.xml")
            .contains("<w:lang w:val=\"cs-CZ\"")
    );
    assert!(
        docx.part("docProps/core.xml")
            .contains("<dc:language>cs</dc:language>")
    );
    assert!(
        docx.part("word/document.xml")
            .contains("<w:pgSz w:w=\"12240\" w:h=\"15840\"")
    );
}

#[test]
fn docx_without_approvals_has_blank_sign_off_and_a_checklist_on_demand() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sop = repo_root().join("examples/disputa-de-cobranca.pt.sop.yaml");
    let docx = render_docx(tmp.path(), &sop.to_string_lossy(), &["--checklist"]);
    let text = docx.all_text();
    for who in [
        "Elaborado por",
        "Revisado por",
        "Aprovado por",
        "Assinatura",
    ] {
        assert!(text.contains(who), "no {who:?} in\n{text}");
    }
    assert_eq!(
        docx.styled("Heading1").last().map(String::as_str),
        Some("Lista de verificação")
    );
    let boxes = docx.paragraphs("word/document.xml");
    let ticks = boxes.iter().filter(|(_, t)| t == "☐").count();
    assert_eq!(ticks, 7, "one tick box per step");
    assert!(text.contains("1. Cumprimente o cliente"), "{text}");
}

#[test]
fn docx_keeps_line_breaks_and_shows_control_characters() {
    let dir = folder(&[(
        "a.sop.yaml",
        "title: \"Breaks\\u0001\"\ndepartment: D\npurpose: P.\nterms:\n  TERM: \"first line\\nsecond line\"\n\
         instructions:\n  - text: Go.\n    script: \"Hello,\\nhow are you?\"\n",
    )]);
    let docx = render_docx(dir.path(), "a.sop.yaml", &[]);
    assert_eq!(docx.styled("Title"), ["Breaks␁"]);
    let text = docx.all_text();
    assert!(text.contains("first line\nsecond line"), "{text}");
    assert!(text.contains("“Hello,\nhow are you?”"), "{text}");
}

#[test]
fn hostile_text_in_a_docx_is_only_text() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let sop = fixtures().join("hostile/hostile.sop.yaml");
    let docx = render_docx(tmp.path(), &sop.to_string_lossy(), &["--checklist"]);
    let text = docx.all_text();
    assert!(
        text.contains("<script>document.title='pwned'</script>"),
        "{text}"
    );
    assert!(
        text.contains("#set text(red) $x$ *b* _i_ @ref <lbl>"),
        "{text}"
    );
    assert!(!docx.part("word/document.xml").contains("<script"));
}

#[cfg(not(feature = "pdf"))]
#[test]
fn pdf_in_a_sopkit_without_the_feature_says_how_to_get_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("x.pdf");
    let sop = repo_root().join("examples/billing-dispute-call.sop.yaml");
    let rendered = run(
        tmp.path(),
        &[
            "render",
            &sop.to_string_lossy(),
            "--to",
            "pdf",
            "-o",
            &out.to_string_lossy(),
        ],
    );
    let built = run(
        tmp.path(),
        &[
            "build",
            &repo_root().join("examples").to_string_lossy(),
            "-o",
            "site",
            "--to",
            "pdf",
        ],
    );
    for r in [rendered, built] {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains("cargo install --path . --features pdf"),
            "{}",
            r.stderr
        );
    }
    assert!(!out.exists() && !tmp.path().join("site").exists());
}

#[cfg(feature = "pdf")]
#[test]
fn build_writes_one_pdf_per_sop_named_like_the_sites_pages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let examples = repo_root().join("examples");
    let files = |to: &str| -> Vec<String> {
        let out = tmp.path().join(to);
        let r = run(
            tmp.path(),
            &["build", &examples.to_string_lossy(), "-o", to, "--to", to],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .expect("written")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let pdfs = files("pdf");
    let pages: Vec<String> = files("html")
        .into_iter()
        .filter(|n| n != "index.html")
        .map(|n| n.replace(".html", ".pdf"))
        .collect();
    assert_eq!(pdfs, pages);
    for name in &pdfs {
        let bytes = std::fs::read(tmp.path().join("pdf").join(name)).expect("a PDF");
        assert!(bytes.starts_with(b"%PDF-"), "{name}");
    }
}

#[cfg(feature = "pdf")]
#[test]
fn render_pdf_on_letter_paper_in_the_sops_language() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("cs.pdf");
    let sop = repo_root().join("examples/vyrizeni-emailu.cs.sop.yaml");
    let r = run(
        tmp.path(),
        &[
            "render",
            &sop.to_string_lossy(),
            "--to",
            "pdf",
            "--paper",
            "letter",
            "--checklist",
            "-o",
            &out.to_string_lossy(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&out).expect("written");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Lang(cs)"));
    assert!(text.contains("/MediaBox[0 0 612 792]"), "US Letter");
}
