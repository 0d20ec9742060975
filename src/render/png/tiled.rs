//! A big picture drawn in tiles, each from the part of the SVG that
//! touches it, and written a band (a row of tiles) at a time.

use std::io::Write;
use std::ops::Range;

use rayon::iter::{IntoParallelIterator, ParallelIterator};
use resvg::{tiny_skia, usvg};

use super::draw::Painter;
use super::scan::Picture;
use super::{CURVE, LEGIBLE, Plan, PngError, encoder, options, write_rows};

/// The picture in tiles of `tile` pixels, each drawn from the part of the
/// SVG that touches it, and written a band (a row of tiles) at a time.
///
/// Each tile is drawn with a margin around it that is then dropped: resvg
/// cuts a curve that crosses the edge of what it draws on into pieces it
/// smooths a little differently, so a curve is never cut at the edge of
/// the pixels kept. No curve of the flowchart (a glyph, a rounded corner,
/// an end circle) is longer than [`CURVE`] units.
pub(super) fn tiled(
    picture: &Picture<'_>,
    plan: &Plan,
    tile: (u32, u32),
    out: &mut dyn Write,
) -> Result<(), PngError> {
    let text = plan.shrunk.is_none() || plan.scale >= LEGIBLE;
    let mut tiling = Tiling {
        picture,
        plan,
        tile,
        columns: plan.width.div_ceil(tile.0),
        rows: plan.height.div_ceil(tile.1),
        margin: (plan.scale * CURVE).ceil().clamp(2.0, 512.0),
        painter: None,
    };
    let mut tiles = tiling.leaves(text);
    // Shrunk so far that no text can be read: the shapes are painted
    // directly (see `draw`), resvg draws only what the painter cannot.
    tiling.painter = (!text).then(|| Painter::new(picture));
    let mut header = encoder(out, plan)?;
    let mut png = header.stream_writer()?;
    let mut band = tiny_skia::Pixmap::new(plan.width, tile.1).ok_or(PngError::Empty)?;
    // Bands in batches of at least 8 tiles, the tiles of a batch drawn on
    // every core, then written in order.
    let (columns, rows) = (tiling.columns, tiling.rows);
    let batch = 8u32.div_ceil(columns);
    for first in (0..rows).step_by(batch as usize) {
        let bands = first..(first + batch).min(rows);
        let mut drawn = tiling.draw(bands.clone(), &mut tiles).into_iter();
        for ty in bands {
            let height = tile.1.min(plan.height - ty * tile.1) as usize;
            for tx in 0..columns {
                let kept = drawn.next().ok_or(PngError::Empty)??;
                tiling.paste(&mut band, tx, height, &kept);
            }
            write_rows(&mut png, &band, height as u32)?;
        }
    }
    png.finish()?;
    header.finish()?;
    Ok(())
}

/// What every tile of a picture is drawn with.
struct Tiling<'a> {
    picture: &'a Picture<'a>,
    plan: &'a Plan,
    /// A tile's size in pixels, and how many there are across and down.
    tile: (u32, u32),
    columns: u32,
    rows: u32,
    /// The pixels drawn around a tile and then dropped.
    margin: f64,
    painter: Option<Painter<'a>>,
}

impl Tiling<'_> {
    /// The leaves each tile (row by row) may show, text left out unless
    /// `text`.
    fn leaves(&self, text: bool) -> Vec<Vec<u32>> {
        let (s, margin, tile) = (self.plan.scale, self.margin, self.tile);
        let mut tiles: Vec<Vec<u32>> = vec![Vec::new(); (self.columns * self.rows) as usize];
        for (k, leaf) in self.picture.leaves.iter().enumerate() {
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
                span(b.x0, b.x1, tile.0, self.columns),
                span(b.y0, b.y1, tile.1, self.rows),
            ) else {
                continue;
            };
            for ty in down {
                for tx in across.clone() {
                    tiles[(ty * self.columns + tx) as usize].push(k as u32);
                }
            }
        }
        tiles
    }

    /// The kept pixels of every tile of `bands`, in order, drawn on every
    /// core; their leaves taken out of `tiles`.
    fn draw(&self, bands: Range<u32>, tiles: &mut [Vec<u32>]) -> Vec<Result<Vec<u8>, PngError>> {
        let (tile, m) = (self.tile, self.margin as u32);
        let columns = self.columns;
        let lists: Vec<(u32, u32, Vec<u32>)> = bands
            .flat_map(|ty| (0..columns).map(move |tx| (tx, ty)))
            .map(|(tx, ty)| {
                (
                    tx,
                    ty,
                    std::mem::take(&mut tiles[(ty * columns + tx) as usize]),
                )
            })
            .collect();
        lists
            .into_par_iter()
            .map_init(
                || vec![0u8; ((tile.0 + 2 * m) * (tile.1 + 2 * m) * 4) as usize],
                |buffer, (tx, ty, leaves)| self.draw_one(buffer, (tx, ty), leaves),
            )
            .collect()
    }

    /// Tile `(tx, ty)`'s pixels, without the margin, drawn in `buffer`.
    fn draw_one(
        &self,
        buffer: &mut [u8],
        (tx, ty): (u32, u32),
        leaves: Vec<u32>,
    ) -> Result<Vec<u8>, PngError> {
        let (plan, tile, m, s) = (self.plan, self.tile, self.margin as u32, self.plan.scale);
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
        let mut piece = tiny_skia::PixmapMut::from_bytes(bytes, w, h).ok_or(PngError::Empty)?;
        let at = tiny_skia::Transform::from_row(
            s as f32,
            0.0,
            0.0,
            s as f32,
            -(left as f32),
            -(top as f32),
        );
        draw_tile(self.picture, self.painter.as_ref(), leaves, &mut piece, at)?;
        // Its pixels, without the margin.
        let (dx, dy) = ((x0 - left) as usize * 4, (y0 - top) as usize);
        let width = (x1 - x0) as usize * 4;
        let stride = w as usize * 4;
        let mut kept = Vec::with_capacity(width * (y1 - y0) as usize);
        for y in dy..dy + (y1 - y0) as usize {
            kept.extend_from_slice(&piece.data_mut()[y * stride + dx..][..width]);
        }
        Ok(kept)
    }

    /// Copies tile `tx`'s kept pixels, `height` rows, into its place in
    /// `band`.
    fn paste(&self, band: &mut tiny_skia::Pixmap, tx: u32, height: usize, kept: &[u8]) {
        let stride = self.plan.width as usize * 4;
        let width = kept.len() / height.max(1);
        let left = (tx * self.tile.0 * 4) as usize;
        for (y, row) in kept.chunks_exact(width.max(1)).enumerate() {
            band.data_mut()[y * stride + left..][..width].copy_from_slice(row);
        }
    }
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
