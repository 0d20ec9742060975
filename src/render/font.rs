//! The font sopkit draws flowcharts with: DejaVu Sans, shipped inside the
//! binary (see `assets/fonts/`, Bitstream Vera licence). The PNG renderer
//! draws with it, and every diagram measures its text with it, so boxes fit
//! their words on a machine with no fonts at all. Browsers showing the SVG
//! use DejaVu Sans when it is installed, else Verdana, whose widths match.

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name in the font, and the CSS font stack that names it.
pub(crate) const FAMILY: &str = "DejaVu Sans";
pub(crate) const CSS_STACK: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/// Advance widths at a size of one unit (multiply by the font size): the
/// font's tables read once, and the printable ASCII widths kept in a table,
/// since a 100,000-step flowchart measures millions of characters.
struct Metrics {
    charmap: Charmap<'static>,
    glyphs: GlyphMetrics<'static>,
    ascii: [f64; 128],
}

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static METRICS: [OnceLock<Option<Metrics>>; 2] = [OnceLock::new(), OnceLock::new()];
    METRICS[usize::from(bold)]
        .get_or_init(|| {
            let font = FontRef::new(if bold { BOLD } else { REGULAR }).ok()?;
            let mut metrics = Metrics {
                charmap: font.charmap(),
                glyphs: font.glyph_metrics(Size::new(1.0), LocationRef::default()),
                ascii: [0.0; 128],
            };
            for (c, width) in (0u8..128).zip(0..128) {
                metrics.ascii[width] = measured(&metrics, char::from(c));
            }
            Some(metrics)
        })
        .as_ref()
}

/// A character's width as the font gives it, or a guess for what it lacks.
fn measured(metrics: &Metrics, c: char) -> f64 {
    let found = metrics
        .charmap
        .map(c)
        .and_then(|glyph| metrics.glyphs.advance_width(glyph));
    match found {
        Some(width) => f64::from(width),
        None if c.is_whitespace() => 0.32,
        // Drawn by a fallback font (an emoji, a CJK ideograph): count it wide.
        None if (c as u32) >= 0x1100 => 1.0,
        None => 0.62,
    }
}

/// The width of one character at font size 1.
fn char_width(c: char, bold: bool) -> f64 {
    match metrics(bold) {
        Some(m) if c.is_ascii() => m.ascii[c as usize],
        Some(m) => measured(m, c),
        None => 0.6,
    }
}

/// The width of a line of text at `size` pixels.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    width_of(text, size, false)
}

/// The width of a line of bold text at `size` pixels.
pub(crate) fn bold_text_width(text: &str, size: f64) -> f64 {
    width_of(text, size, true)
}

fn width_of(text: &str, size: f64, bold: bool) -> f64 {
    text.chars().map(|c| char_width(c, bold)).sum::<f64>() * size
}

/// Words wrapped into lines no wider than `max_width` at `size` (a word
/// longer than a line is cut where it must be).
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    wrap_in(text, size, max_width, false)
}

/// [`wrap`] for bold text.
pub(crate) fn wrap_bold(text: &str, size: f64, max_width: f64) -> Vec<String> {
    wrap_in(text, size, max_width, true)
}

fn wrap_in(text: &str, size: f64, max_width: f64, bold: bool) -> Vec<String> {
    let space = char_width(' ', bold) * size;
    let mut lines: Vec<String> = Vec::new();
    let mut width = 0.0;
    for word in text.split_whitespace() {
        let word_width = width_of(word, size, bold);
        match lines.last_mut() {
            Some(line) if width + space + word_width <= max_width => {
                line.push(' ');
                line.push_str(word);
                width += space + word_width;
            }
            _ if word_width > max_width => {
                for piece in cut(word, size, max_width, bold) {
                    width = width_of(&piece, size, bold);
                    lines.push(piece);
                }
            }
            _ => {
                lines.push(word.to_owned());
                width = word_width;
            }
        }
    }
    lines
}

/// A word too long for a line, in pieces that fit.
fn cut(word: &str, size: f64, max_width: f64, bold: bool) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut width = 0.0;
    for c in word.chars() {
        let w = char_width(c, bold) * size;
        if width + w > max_width && !pieces.last().is_some_and(String::is_empty) {
            pieces.push(String::new());
            width = 0.0;
        }
        pieces
            .last_mut()
            .expect("invariant: pieces starts non-empty")
            .push(c);
        width += w;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let narrow = text_width("iiii", 13.0);
        let wide = text_width("MMMM", 13.0);
        assert!(narrow > 5.0 && narrow < wide, "{narrow} {wide}");
        assert!((text_width("ab", 10.0) - text_width("ab", 20.0) / 2.0).abs() < 1e-9);
        assert!(bold_text_width("Team lead", 13.0) > text_width("Team lead", 13.0) * 1.05);
    }

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_width() {
        let text = "Verify the caller's identity in the CRM before discussing anything";
        let lines = wrap(text, 13.0, 120.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(l, 13.0) <= 120.0));
        assert_eq!(lines.join(" "), text);
        let long = wrap("Supercalifragilisticexpialidocious", 13.0, 60.0);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "Supercalifragilisticexpialidocious");
    }
}
