//! `--to png`: the standalone SVG flowchart rasterized in pure Rust (resvg,
//! usvg, tiny-skia). The font ships inside sopkit (DejaVu Sans, see
//! `assets/fonts/`), and no system font is loaded: text appears on a machine
//! with no fonts at all, and the picture is the same on every machine.
//!
//! A picture of ordinary size is drawn whole, as resvg draws the SVG. A big
//! one is drawn in tiles ([`scan`] reads the SVG into what each tile needs)
//! and written a band of rows at a time, so neither the SVG's whole tree nor
//! the whole picture is ever in memory. A picture larger than image viewers
//! open (32,767 pixels a side, 100 million in all) is drawn smaller, and the
//! caller is told so (see [`Shrunk`]); when it is so small that no text can
//! be read, the text is left out and [`draw`] paints the shapes straight
//! onto the pixels, which is most of the time saved.

mod draw;
mod error;
mod scan;
mod tiled;

use std::fmt;
use std::io::{self, Write};
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::font::{BOLD as FONT_BOLD, FAMILY as FONT_FAMILY, REGULAR as FONT};
use super::{Document, Renderer, svg};
pub(crate) use error::PngError;
use scan::Picture;
use tiled::tiled;

pub(crate) struct Png;

impl Renderer for Png {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.render_noting(doc, out).map(drop)
    }

    fn render_noting(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<Vec<String>> {
        let shrunk = write_png(&svg::standalone(doc), doc.scale, out).map_err(PngError::into_io)?;
        Ok(shrunk.map(|s| s.to_string()).into_iter().collect())
    }
}

/// The largest picture made, in pixels per side and in all: what common
/// image viewers and browsers open (100 million pixels are 400 MB drawn).
const MAX_SIDE: f64 = 32_767.0;
const MAX_PIXELS: f64 = 100_000_000.0;
/// A picture of up to this many pixels, drawn at the scale asked, is drawn
/// whole; a bigger one in tiles.
const WHOLE_PIXELS: f64 = 16_000_000.0;
/// The tiles of a big picture, in pixels.
const TILE: (u32, u32) = (1024, 256);
/// The longest curve the flowchart draws, in units (see [`tiled()`]).
const CURVE: f64 = 48.0;
/// Text is drawn in a shrunk picture only if it is at least this many
/// pixels high (the smallest text of the flowchart is 12 units).
const LEGIBLE: f64 = 4.0 / 12.0;

/// A picture drawn smaller than asked, because at the scale asked it would
/// be larger than image viewers open.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shrunk {
    /// The scale asked, and the size it would have given.
    pub(crate) asked: f64,
    pub(crate) asked_size: (f64, f64),
    /// The scale drawn at, and the size drawn.
    pub(crate) scale: f64,
    pub(crate) size: (u32, u32),
}

impl fmt::Display for Shrunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, h) = self.asked_size;
        write!(
            f,
            "the flowchart would be {} × {} pixels at scale {}, more than image viewers open \
             (32,767 pixels a side, 100 million in all); it was drawn at scale {:.3} instead, {} × {} pixels. \
             For every detail, render it as SVG (--to svg)",
            grouped(w.ceil() as u64),
            grouped(h.ceil() as u64),
            self.asked,
            self.scale,
            grouped(u64::from(self.size.0)),
            grouped(u64::from(self.size.1)),
        )
    }
}

/// 1234567 as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The size to draw a picture of `width` × `height` units at, asked to be
/// drawn at `asked` (clamped to 0.1–8) pixels per unit.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    scale: f64,
    width: u32,
    height: u32,
    shrunk: Option<Shrunk>,
}

fn plan(width: f64, height: f64, asked: f32) -> Plan {
    let asked = f64::from(asked.clamp(0.1, 8.0));
    let (w, h) = (width.max(0.0) * asked, height.max(0.0) * asked);
    let fit = (MAX_SIDE / w.max(1.0))
        .min(MAX_SIDE / h.max(1.0))
        .min((MAX_PIXELS / (w * h).max(1.0)).sqrt());
    let scale = asked * fit.min(1.0);
    let side = |units: f64| ((units * scale).ceil().min(MAX_SIDE) as u32).max(1);
    let (width_px, height_px) = (side(width), side(height));
    Plan {
        scale,
        width: width_px,
        height: height_px,
        shrunk: (fit < 1.0).then_some(Shrunk {
            asked,
            asked_size: (w, h),
            scale,
            size: (width_px, height_px),
        }),
    }
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

/// Draws `svg` at `scale` (1.0 = one pixel per SVG unit) on white and
/// writes it to `out` as a PNG; says so when it was drawn smaller.
pub(crate) fn write_png(
    svg: &str,
    scale: f32,
    out: &mut dyn Write,
) -> Result<Option<Shrunk>, PngError> {
    let picture = Picture::read(svg)?;
    let plan = plan(picture.width, picture.height, scale);
    let pixels = f64::from(plan.width) * f64::from(plan.height);
    if plan.shrunk.is_none() && pixels <= WHOLE_PIXELS {
        drop(picture);
        whole(svg, &plan, out)?;
    } else {
        tiled(&picture, &plan, TILE, out)?;
    }
    Ok(plan.shrunk)
}

/// The PNG of `svg` at `scale`, in memory.
pub(crate) fn rasterize(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let mut png = Vec::new();
    write_png(svg, scale, &mut png)?;
    Ok(png)
}

/// The whole picture at once, as resvg draws the SVG.
fn whole(svg: &str, plan: &Plan, out: &mut dyn Write) -> Result<(), PngError> {
    let tree = usvg::Tree::from_str(svg, options())?;
    let mut pixmap = tiny_skia::Pixmap::new(plan.width, plan.height).ok_or(PngError::Empty)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let s = plan.scale as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(s, s),
        &mut pixmap.as_mut(),
    );
    drop(tree);
    let mut header = encoder(out, plan)?;
    let mut png = header.stream_writer()?;
    write_rows(&mut png, &pixmap, plan.height)?;
    png.finish()?;
    header.finish()?;
    Ok(())
}

/// A PNG encoder of the plan's size writing to `out`, its header written.
fn encoder<'a>(
    out: &'a mut dyn Write,
    plan: &Plan,
) -> Result<png::Writer<&'a mut dyn Write>, PngError> {
    let mut encoder = png::Encoder::new(out, plan.width, plan.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    Ok(encoder.write_header()?)
}

/// The first `rows` rows of `pixmap`, its premultiplied colours made plain.
fn write_rows(png: &mut impl Write, pixmap: &tiny_skia::Pixmap, rows: u32) -> io::Result<()> {
    let width = pixmap.width() as usize;
    let mut line = Vec::with_capacity(width * 4);
    for row in pixmap.pixels().chunks_exact(width).take(rows as usize) {
        line.clear();
        for p in row {
            let c = p.demultiply();
            line.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        png.write_all(&line)?;
    }
    Ok(())
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

    #[test]
    fn a_picture_too_big_to_open_is_drawn_smaller_and_says_so() {
        // Within the limits: as asked.
        let p = plan(1000.0, 2000.0, 2.0);
        assert_eq!((p.width, p.height, p.shrunk), (2000, 4000, None));
        // A long chain: its long side at the limit, never thinner than a pixel.
        let p = plan(300.0, 9_000_000.0, 2.0);
        assert_eq!(p.height, 32_767);
        assert_eq!(p.width, 2);
        let shrunk = p.shrunk.expect("shrunk");
        let said = shrunk.to_string();
        assert!(
            said.contains("600 × 18,000,000 pixels at scale 2"),
            "{said}"
        );
        assert!(
            said.contains("2 × 32,767 pixels") && said.contains("--to svg"),
            "{said}"
        );
        let p = plan(1.0, 9_000_000_000.0, 0.1);
        assert_eq!((p.width, p.height), (1, 32_767));
        // Wide and tall: within 100 million pixels in all.
        let p = plan(20_000.0, 20_000.0, 2.0);
        assert!(p.shrunk.is_some());
        let pixels = f64::from(p.width) * f64::from(p.height);
        assert!(pixels <= 100_020_001.0 && pixels > 99_000_000.0, "{pixels}");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(123_456_789), "123,456,789");
    }

    /// The decoded pixels of a PNG.
    fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let image = tiny_skia::Pixmap::decode_png(png).expect("a PNG");
        (image.width(), image.height(), image.data().to_vec())
    }

    const SHAPES: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200" font-family="DejaVu Sans"><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333333"/></marker></defs><rect width="300" height="200" fill="#ffffff"/><g fill="none" stroke="#4d4d4d" stroke-width="1.6" marker-end="url(#a)"><path d="M20 20L20 150L250 150"/><path stroke-dasharray="7 4" d="M280 10L280 190"/></g><g stroke="#333333" stroke-width="1.5" font-size="13" text-anchor="middle"><rect x="40" y="30" width="120" height="50" rx="6" fill="#ffffff"/><polygon points="200,20 260,60 200,100 140,60" fill="#e6e6e6"/><circle cx="60" cy="170" r="20" fill="#333333" stroke="none"/><text x="100" y="55" fill="#1a1a1a" stroke="none"><tspan x="100">Check the</tspan><tspan x="100" dy="17">ticket</tspan></text></g></svg>"##;

    #[test]
    fn tiles_draw_what_the_whole_picture_draws() {
        let svg = SHAPES;
        let picture = Picture::read(svg).expect("reads");
        for scale in [2.0, 0.7] {
            let plan = plan(picture.width, picture.height, scale);
            let mut whole_png = Vec::new();
            whole(svg, &plan, &mut whole_png).expect("drawn whole");
            let mut tiled_png = Vec::new();
            tiled(&picture, &plan, (64, 32), &mut tiled_png).expect("drawn in tiles");
            let (a, b) = (pixels(&whole_png), pixels(&tiled_png));
            assert!(a == b, "scale {scale}: the tiles differ");
            assert!(a.2.iter().any(|&v| v < 100), "something dark was drawn");
        }
    }

    #[test]
    fn shapes_painted_directly_look_as_resvg_draws_them() {
        let picture = Picture::read(SHAPES).expect("reads");
        for scale in [0.3, 0.1] {
            let asked = plan(picture.width, picture.height, scale);
            // As if shrunk to this scale: no text, shapes painted directly.
            let shrunk = Plan {
                shrunk: Some(Shrunk {
                    asked: 8.0,
                    asked_size: (0.0, 0.0),
                    scale: asked.scale,
                    size: (asked.width, asked.height),
                }),
                ..asked.clone()
            };
            let text_free = SHAPES.replace("Check the", "").replace(">ticket<", "><");
            let mut by_resvg = Vec::new();
            whole(&text_free, &asked, &mut by_resvg).expect("drawn by resvg");
            let mut painted = Vec::new();
            tiled(&picture, &shrunk, (64, 32), &mut painted).expect("painted");
            let (a, b) = (pixels(&by_resvg), pixels(&painted));
            assert_eq!((a.0, a.1), (b.0, b.1));
            let worst = a.2.iter().zip(&b.2).map(|(x, y)| x.abs_diff(*y)).max();
            let total: u64 =
                a.2.iter()
                    .zip(&b.2)
                    .map(|(x, y)| u64::from(x.abs_diff(*y)))
                    .sum();
            let mean = total as f64 / a.2.len() as f64;
            assert!(
                mean < 0.5 && worst < Some(40),
                "scale {scale}: mean {mean}, worst {worst:?}"
            );
        }
    }

    #[test]
    fn tiles_of_real_flowcharts_are_the_whole_picture() {
        use crate::flow::Flow;
        use crate::load::load_text;
        let sources = [
            include_str!("../../examples/complaint-handling.sop.yaml"),
            include_str!("../../examples/billing-dispute-call.sop.yaml"),
        ];
        for (text, lanes) in sources.into_iter().zip([true, false]) {
            let path = std::path::Path::new("t.sop.yaml");
            let file = load_text(path, text.to_owned());
            let Some(sop) = &file.sop else {
                panic!("loads");
            };
            let flow = Flow::build(sop);
            let mut doc = Document::new(sop, &flow);
            doc.lanes = if lanes {
                super::super::Lanes::Always
            } else {
                super::super::Lanes::Default
            };
            let svg = svg::standalone(&doc);
            let picture = Picture::read(&svg).expect("reads");
            let plan = plan(picture.width, picture.height, 1.0);
            let mut whole_png = Vec::new();
            whole(&svg, &plan, &mut whole_png).expect("drawn whole");
            let mut tiled_png = Vec::new();
            tiled(&picture, &plan, (192, 96), &mut tiled_png).expect("drawn in tiles");
            // The same but for rounding in the edges of shapes cut by a
            // tile farther than a curve reaches: the lanes' edges, which run
            // through every tile (by 3 of 255 at most), and a diamond's sides here
            // and there (a few pixels, by less than 1 of 8).
            let (a, b) = (pixels(&whole_png), pixels(&tiled_png));
            assert_eq!((a.0, a.1), (b.0, b.1));
            let apart = |p: &[u8], q: &[u8]| p.iter().zip(q).map(|(x, y)| x.abs_diff(*y)).max();
            let differ: Vec<u8> = (a.2.chunks_exact(4).zip(b.2.chunks_exact(4)))
                .filter_map(|(p, q)| apart(p, q).filter(|&d| d > 3))
                .collect();
            let title = &sop.title.value;
            assert!(
                differ.len() <= 16,
                "{title}: {} pixels differ",
                differ.len()
            );
            assert!(differ.iter().all(|&d| d <= 32), "{title}: {differ:?}");
        }
    }
}
