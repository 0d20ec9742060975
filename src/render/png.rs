//! `--to png`: the standalone SVG flowchart rasterized in pure Rust (resvg,
//! usvg, tiny-skia). The font ships inside sopkit (DejaVu Sans, see
//! `assets/fonts/`), and no system font is loaded: text appears on a machine
//! with no fonts at all, and the picture is the same on every machine.

use std::io::{self, Write};
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{Document, Renderer, svg};

pub struct Png;

impl Renderer for Png {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let png = rasterize(&svg::standalone(doc), doc.scale).map_err(io::Error::other)?;
        out.write_all(&png)
    }
}

use super::font::{BOLD as FONT_BOLD, FAMILY as FONT_FAMILY, REGULAR as FONT};
/// The largest picture made, in pixels per side and in all: beyond them
/// the scale is lowered, so a huge flowchart cannot exhaust memory (40
/// million pixels are 160 MB while drawn).
const MAX_SIDE: f32 = 16_384.0;
const MAX_PIXELS: f32 = 40_000_000.0;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the SVG cannot be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the picture is empty")]
    Empty,
    #[error("the PNG cannot be encoded: {0}")]
    Encode(String),
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(FONT.to_vec());
        fonts.load_font_data(FONT_BOLD.to_vec());
        for set in [
            usvg::fontdb::Database::set_sans_serif_family,
            usvg::fontdb::Database::set_serif_family,
            usvg::fontdb::Database::set_monospace_family,
            usvg::fontdb::Database::set_cursive_family,
            usvg::fontdb::Database::set_fantasy_family,
        ] {
            set(&mut fonts, FONT_FAMILY);
        }
        usvg::Options {
            font_family: FONT_FAMILY.to_owned(),
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// Rasterizes `svg` at `scale` (1.0 = one pixel per SVG unit) on white.
pub fn rasterize(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let tree = usvg::Tree::from_str(svg, options())?;
    let size = tree.size();
    let longest = size.width().max(size.height());
    let area = (size.width() * size.height()).max(1.0);
    let scale = scale
        .clamp(0.1, 8.0)
        .min(MAX_SIDE / longest.max(1.0))
        .min((MAX_PIXELS / area).sqrt());
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Empty)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="10" y="28" font-family="Helvetica" font-size="20" fill="#000">Účel</text></svg>"##;
        let png = rasterize(svg, 1.0).expect("renders");
        let image = tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!((image.width(), image.height()), (120, 40));
        let dark = image
            .pixels()
            .iter()
            .filter(|p| p.red() < 128 && p.alpha() > 0)
            .count();
        assert!(dark > 50, "the text was not drawn ({dark} dark pixels)");
    }

    #[test]
    fn scale_multiplies_the_size_within_limits() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"/>"#;
        let png = rasterize(svg, 2.0).expect("renders");
        let image = tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!((image.width(), image.height()), (200, 100));
        assert!(rasterize("<svg", 1.0).is_err());
    }
}
