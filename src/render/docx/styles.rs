//! The Word styles and list numbering of the controlled document, and what
//! docx-rs cannot say: the document's language (`w:lang` in the style
//! defaults, so Word's spelling and hyphenation use it) and its title and
//! language in the core properties.
//!
//! The styles carry Word's own ids and names (`Heading1` / "heading 1",
//! `ListNumber` / "List Number", `TableGrid` / "Table Grid" …), so a
//! quality team that takes the file over edits it with the styles it
//! knows, and a new paragraph continues in the right one.

use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelText, LineSpacing, NumberFormat, Numbering,
    RunFonts, SpecialIndentType, Start, Style, StyleType,
};

use crate::render::escape;

/// The numbering instances every document has: the steps, all bullets,
/// and the template that each ordered list of the writer's restarts.
pub(super) const STEPS: usize = 1;
pub(super) const BULLETS: usize = 2;
pub(super) const ORDERED: usize = 3;

pub(super) const BODY_FONT: &str = "Calibri";
pub(super) const CODE_FONT: &str = "Consolas";

/// Font sizes in half-points.
const BODY_SIZE: usize = 21;

pub(super) fn add(docx: Docx) -> Docx {
    let fonts = |name: &str| {
        RunFonts::new()
            .ascii(name)
            .hi_ansi(name)
            .cs(name)
            .east_asia(name)
    };
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
    };
    let heading = |level: usize, size: usize| {
        paragraph(&format!("Heading{level}"), &format!("heading {level}"))
            .next("Normal")
            .bold()
            .size(size)
            .color("1F3864")
            .outline_lvl(level - 1)
            .line_spacing(
                LineSpacing::new()
                    .before(280 - 40 * level as u32)
                    .after(100),
            )
    };
    let list = |id: &str, name: &str, level: i32| {
        paragraph(id, name).indent(Some(360 * level), None, None, None)
    };
    let styles = [
        paragraph("Title", "Title")
            .next("Normal")
            .size(40)
            .bold()
            .line_spacing(LineSpacing::new().after(60)),
        paragraph("Subtitle", "Subtitle")
            .next("Normal")
            .size(24)
            .color("595959")
            .line_spacing(LineSpacing::new().after(240)),
        heading(1, 28),
        heading(2, 24),
        heading(3, 22),
        heading(4, 21),
        list("ListNumber", "List Number", 1),
        list("ListNumber2", "List Number 2", 2),
        list("ListBullet", "List Bullet", 1),
        list("ListBullet2", "List Bullet 2", 2),
        list("ListContinue", "List Continue", 1),
        list("ListContinue2", "List Continue 2", 2),
        paragraph("Quote", "Quote")
            .italic()
            .indent(Some(567), None, Some(567), None),
        paragraph("Code", "Code")
            .fonts(fonts(CODE_FONT))
            .size(18)
            .line_spacing(LineSpacing::new().after(0)),
        paragraph("Header", "header").size(17).color("404040"),
        paragraph("Footer", "footer").size(17).color("404040"),
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color("0563C1")
            .underline("single"),
        Style::new("TableGrid", StyleType::Table)
            .name("Table Grid")
            .based_on("TableNormal"),
    ];
    let mut docx = docx
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().after(120));
    for style in styles {
        docx = docx.add_style(style);
    }
    numbering(docx)
}

/// The steps count `1.`, `2.` …; bullets go `•`, `◦`, `▪` by level; ordered
/// lists of the writer's count `1.`, `a.`, `i.` by level.
fn numbering(docx: Docx) -> Docx {
    let level = |i: usize, format: &str, text: &str| {
        let indent = 360 * (i as i32 + 1);
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    let mut steps = AbstractNumbering::new(STEPS);
    steps = steps.add_level(level(0, "decimal", "%1."));
    let mut bullets = AbstractNumbering::new(BULLETS);
    let mut ordered = AbstractNumbering::new(ORDERED);
    for i in 0..4 {
        bullets = bullets.add_level(level(i, "bullet", ["•", "◦", "▪", "•"][i]));
        let (format, text) = [
            ("decimal", "%1."),
            ("lowerLetter", "%2."),
            ("lowerRoman", "%3."),
            ("decimal", "%4."),
        ][i];
        ordered = ordered.add_level(level(i, format, text));
    }
    docx.add_abstract_numbering(steps)
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(ordered)
        .add_numbering(Numbering::new(STEPS, STEPS))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .add_numbering(Numbering::new(ORDERED, ORDERED))
}

/// The language Word knows a tag by: Word names languages with their
/// region (`cs-CZ`), so a tag without one gets its language's home region.
pub(super) fn word_language(tag: &str) -> String {
    if tag.contains('-') {
        return tag.to_owned();
    }
    let region = match tag.to_ascii_lowercase().as_str() {
        "en" => "US",
        "pt" => "PT",
        "it" => "IT",
        "cs" => "CZ",
        "es" => "ES",
        "de" => "DE",
        "fr" => "FR",
        "nl" => "NL",
        "pl" => "PL",
        "sk" => "SK",
        _ => return tag.to_owned(),
    };
    format!("{}-{region}", tag.to_ascii_lowercase())
}

/// The styles part with `<w:lang>` set in the run defaults: Word then
/// checks spelling and hyphenates in the SOP's language. (docx-rs has no
/// setter for it; `w:lang` comes last in a run's properties, so it goes
/// just before their end.)
pub(super) fn with_language(styles: &[u8], tag: &str) -> Result<Vec<u8>, &'static str> {
    let text = std::str::from_utf8(styles).map_err(|_| "the styles part is not UTF-8")?;
    let lang = format!(
        "<w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"{0}\" />",
        escape::xml(&word_language(tag))
    );
    let defaults = text
        .find("<w:rPrDefault>")
        .ok_or("the styles part has no run defaults")?;
    let end = text[defaults..]
        .find("</w:rPr>")
        .map(|i| defaults + i)
        .ok_or("the styles part's run defaults are not closed")?;
    Ok([&text[..end], &lang, &text[end..]].concat().into_bytes())
}

/// The core properties with the document's title and language.
pub(super) fn with_title(core: &[u8], title: &str, tag: &str) -> Result<Vec<u8>, &'static str> {
    let text = std::str::from_utf8(core).map_err(|_| "the core properties are not UTF-8")?;
    let end = text
        .rfind("</cp:coreProperties>")
        .ok_or("the core properties are not closed")?;
    let added = format!(
        "<dc:title>{}</dc:title><dc:language>{}</dc:language>",
        escape::xml(title),
        escape::xml(tag)
    );
    Ok([&text[..end], &added, &text[end..]].concat().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_names_languages_with_their_region() {
        assert_eq!(word_language("cs"), "cs-CZ");
        assert_eq!(word_language("pt-BR"), "pt-BR");
        assert_eq!(word_language("ja"), "ja");
    }

    #[test]
    fn the_language_goes_into_the_run_defaults() {
        let styles = b"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"21\" /></w:rPr></w:rPrDefault></w:docDefaults><w:style><w:rPr></w:rPr></w:style></w:styles>";
        let got = String::from_utf8(with_language(styles, "it").unwrap()).unwrap();
        assert!(
            got.contains("<w:sz w:val=\"21\" /><w:lang w:val=\"it-IT\" w:eastAsia=\"it-IT\" w:bidi=\"it-IT\" /></w:rPr></w:rPrDefault>"),
            "{got}"
        );
        assert!(with_language(b"<w:styles/>", "it").is_err());
    }
}
