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
mod scan;

use std::fmt;
use std::io::{self, Write};
use std::sync::{Arc, OnceLock};

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use resvg::{tiny_skia, usvg};

use super::font::{BOLD as FONT_BOLD, FAMILY as FONT_FAMILY, REGULAR as FONT};
use super::{Document, Renderer, svg};
use draw::Painter;
use scan::Picture;

pub struct Png;

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
/// The longest curve the flowchart draws, in units (see [`tiled`]).
const CURVE: f64 = 48.0;
/// Text is drawn in a shrunk picture only if it is at least this many
/// pixels high (the smallest text of the flowchart is 12 units).
const LEGIBLE: f64 = 4.0 / 12.0;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the SVG cannot be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the SVG cannot be read: {0}")]
    Scan(#[from] scan::ScanError),
    #[error("the picture is empty")]
    Empty,
    #[error("the PNG cannot be encoded: {0}")]
    Encode(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl PngError {
    /// As an I/O error, keeping the kind of one that was (a broken pipe
    /// is not a failure).
    fn into_io(self) -> io::Error {
        match self {
            Self::Io(e) => e,
            other => io::Error::other(other),
        }
    }
}

impl From<png::EncodingError> for PngError {
    fn from(e: png::EncodingError) -> Self {
        match e {
            png::EncodingError::IoError(e) => Self::Io(e),
            other => Self::Encode(other.to_string()),
        }
    }
}

/// A picture drawn smaller than asked, because at the scale asked it would
/// be larger than image viewers open.
#[derive(Debug, Clone, PartialEq)]
pub struct Shrunk {
    /// The scale asked, and the size it would have given.
    pub asked: f64,
    pub asked_size: (f64, f64),
    /// The scale drawn at, and the size drawn.
    pub scale: f64,
    pub size: (u32, u32),
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
pub fn write_png(svg: &str, scale: f32, out: &mut dyn Write) -> Result<Option<Shrunk>, PngError> {
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
pub fn rasterize(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
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

/// The picture in tiles of `tile` pixels, each drawn from the part of the
/// SVG that touches it, and written a band (a row of tiles) at a time.
///
/// Each tile is drawn with a margin around it that is then dropped: resvg
/// cuts a curve that crosses the edge of what it draws on into pieces it
/// smooths a little differently, so a curve is never cut at the edge of
/// the pixels kept. No curve of the flowchart (a glyph, a rounded corner,
/// an end circle) is longer than [`CURVE`] units.
fn tiled(
    picture: &Picture<'_>,
    plan: &Plan,
    tile: (u32, u32),
    out: &mut dyn Write,
) -> Result<(), PngError> {
    let (columns, rows) = (plan.width.div_ceil(tile.0), plan.height.div_ceil(tile.1));
    let text = plan.shrunk.is_none() || plan.scale >= LEGIBLE;
    let s = plan.scale;
    let margin = (s * CURVE).ceil().clamp(2.0, 512.0);
    let mut tiles: Vec<Vec<u32>> = vec![Vec::new(); (columns * rows) as usize];
    for (k, leaf) in picture.leaves.iter().enumerate() {
        if leaf.text && !text {
            continue;
        }
        let b = leaf.bounds;
        // The tiles whose pixels, margin included, the leaf may paint.
        let span = |lo: f64, hi: f64, size: u32, count: u32| {
            let (lo, hi) = (lo * s - margin, hi * s + margin);
            let last = f64::from(count - 1);
            let first = (lo / f64::from(size)).floor().clamp(0.0, last) as u32;
            let end = (hi / f64::from(size)).floor().clamp(0.0, last) as u32;
            (hi >= 0.0 && lo < f64::from(size * count)).then_some(first..=end)
        };
        let (Some(across), Some(down)) = (
            span(b.x0, b.x1, tile.0, columns),
            span(b.y0, b.y1, tile.1, rows),
        ) else {
            continue;
        };
        for ty in down {
            for tx in across.clone() {
                tiles[(ty * columns + tx) as usize].push(k as u32);
            }
        }
    }
    // Shrunk so far that no text can be read: the shapes are painted
    // directly (see `draw`), resvg draws only what the painter cannot.
    let painter = (!text).then(|| Painter::new(picture));
    let mut header = encoder(out, plan)?;
    let mut png = header.stream_writer()?;
    let mut band = tiny_skia::Pixmap::new(plan.width, tile.1).ok_or(PngError::Empty)?;
    let stride = plan.width as usize * 4;
    let m = margin as u32;
    // Bands in batches of at least 8 tiles, the tiles of a batch drawn on
    // every core, then written in order.
    let batch = 8u32.div_ceil(columns);
    for first in (0..rows).step_by(batch as usize) {
        let bands = first..(first + batch).min(rows);
        let lists: Vec<(u32, u32, Vec<u32>)> = bands
            .clone()
            .flat_map(|ty| (0..columns).map(move |tx| (tx, ty)))
            .map(|(tx, ty)| {
                (
                    tx,
                    ty,
                    std::mem::take(&mut tiles[(ty * columns + tx) as usize]),
                )
            })
            .collect();
        let drawn: Vec<Result<Vec<u8>, PngError>> = lists
            .into_par_iter()
            .map_init(
                || vec![0u8; ((tile.0 + 2 * m) * (tile.1 + 2 * m) * 4) as usize],
                |buffer, (tx, ty, leaves)| {
                    // The tile and its margin, but never past the picture's
                    // edges, where the whole picture is cut too.
                    let (x0, y0) = (tx * tile.0, ty * tile.1);
                    let (x1, y1) = (
                        (x0 + tile.0).min(plan.width),
                        (y0 + tile.1).min(plan.height),
                    );
                    let (left, top) = (x0.saturating_sub(m), y0.saturating_sub(m));
                    let (right, bottom) = ((x1 + m).min(plan.width), (y1 + m).min(plan.height));
                    let (w, h) = (right - left, bottom - top);
                    let bytes = &mut buffer[..(w * h * 4) as usize];
                    let mut piece =
                        tiny_skia::PixmapMut::from_bytes(bytes, w, h).ok_or(PngError::Empty)?;
                    let at = tiny_skia::Transform::from_row(
                        s as f32,
                        0.0,
                        0.0,
                        s as f32,
                        -(left as f32),
                        -(top as f32),
                    );
                    draw_tile(picture, painter.as_ref(), leaves, &mut piece, at)?;
                    // Its pixels, without the margin.
                    let (dx, dy) = ((x0 - left) as usize * 4, (y0 - top) as usize);
                    let width = (x1 - x0) as usize * 4;
                    let stride = w as usize * 4;
                    let mut kept = Vec::with_capacity(width * (y1 - y0) as usize);
                    for y in dy..dy + (y1 - y0) as usize {
                        kept.extend_from_slice(&piece.data_mut()[y * stride + dx..][..width]);
                    }
                    Ok(kept)
                },
            )
            .collect();
        let mut drawn = drawn.into_iter();
        for ty in bands {
            let height = tile.1.min(plan.height - ty * tile.1) as usize;
            for tx in 0..columns {
                let kept = drawn.next().ok_or(PngError::Empty)??;
                let width = kept.len() / height.max(1);
                let left = (tx * tile.0 * 4) as usize;
                for (y, row) in kept.chunks_exact(width.max(1)).enumerate() {
                    band.data_mut()[y * stride + left..][..width].copy_from_slice(row);
                }
            }
            write_rows(&mut png, &band, height as u32)?;
        }
    }
    png.finish()?;
    header.finish()?;
    Ok(())
}

/// One tile: `leaves` painted by the painter when there is one, and what
/// it cannot paint drawn by resvg, on white.
fn draw_tile(
    picture: &Picture<'_>,
    painter: Option<&Painter<'_>>,
    mut leaves: Vec<u32>,
    piece: &mut tiny_skia::PixmapMut<'_>,
    at: tiny_skia::Transform,
) -> Result<(), PngError> {
    piece.fill(tiny_skia::Color::WHITE);
    if let Some(painter) = painter {
        leaves.retain(|&k| !painter.paint(k as usize, piece, at));
    }
    if !leaves.is_empty() {
        let tree = usvg::Tree::from_str(&picture.part(&leaves), options())?;
        resvg::render(&tree, at, piece);
    }
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
        use crate::check::check_loaded;
        use crate::load::load_text;
        use crate::rules::RuleOptions;
        let sources = [
            include_str!("../../examples/complaint-handling.sop.yaml"),
            include_str!("../../examples/billing-dispute-call.sop.yaml"),
        ];
        for (text, lanes) in sources.into_iter().zip([true, false]) {
            let path = std::path::Path::new("t.sop.yaml");
            let file = check_loaded(load_text(path, text.to_owned()), &RuleOptions::default());
            let (Some(sop), Some(flow)) = (&file.sop, &file.flow) else {
                panic!("loads");
            };
            let mut doc = Document::new(sop, flow);
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
