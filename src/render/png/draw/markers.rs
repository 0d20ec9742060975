//! End markers (arrowheads): read from the picture's `<defs>`, painted at
//! the end of a line, turned to its direction.

use resvg::tiny_skia::{self, Color, FillRule, Paint, PixmapMut, Transform};

use super::Style;
use super::outline::moves_and_lines;
use crate::render::png::scan::{Tag, number, numbers};

/// An end marker: its shape in its own units, and how those map onto the
/// line's end.
#[derive(Debug, Clone)]
pub(super) struct Marker {
    shape: tiny_skia::Path,
    fill: Option<Color>,
    /// The point of the shape put on the line's end.
    reference: (f32, f32),
    /// Units of the shape per unit of the drawing (times the stroke width
    /// unless `markerUnits="userSpaceOnUse"`).
    scale: (f32, f32),
    per_stroke: bool,
    /// Its larger side (`markerWidth`, `markerHeight`), in units.
    size: f32,
}

/// The end markers defined in a part of the SVG (its `<defs>`).
pub(super) fn read_markers(defs: &str) -> Vec<(&str, Marker)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = defs[at..].find("<marker") {
        let start = at + found;
        let Ok(tag) = Tag::read(defs, start) else {
            break;
        };
        at = tag.end;
        let Some(id) = tag.attribute(defs, "id") else {
            continue;
        };
        let end = defs[at..].find("</marker>").map_or(defs.len(), |e| at + e);
        let Some(shape_at) = defs[at..end].find("<path").map(|p| at + p) else {
            continue;
        };
        let Ok(shape) = Tag::read(defs, shape_at) else {
            continue;
        };
        let Some((Some(path), _)) = shape.attribute(defs, "d").and_then(moves_and_lines) else {
            continue;
        };
        let get =
            |name: &str, default: f64| number(tag.attribute(defs, name)).unwrap_or(default) as f32;
        let view: Vec<f32> = tag
            .attribute(defs, "viewBox")
            .map(|v| numbers(v).map(|n| n as f32).collect())
            .unwrap_or_default();
        let (width, height) = (get("markerWidth", 3.0), get("markerHeight", 3.0));
        let scale = match view[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 => (width / w, height / h),
            _ => (1.0, 1.0),
        };
        let fill = Style::default().with(&defs[shape.attributes.clone()]).fill;
        out.push((
            id,
            Marker {
                shape: path,
                fill,
                reference: (get("refX", 0.0), get("refY", 0.0)),
                scale,
                per_stroke: tag.attribute(defs, "markerUnits") != Some("userSpaceOnUse"),
                size: width.max(height),
            },
        ));
        at = end;
    }
    out
}

/// A marker at the end of a line running from `from` to `to`, turned to
/// the line's direction (`orient="auto"`); none smaller than half a pixel,
/// which could not be seen.
pub(super) fn paint_marker(
    pixmap: &mut PixmapMut<'_>,
    marker: &Marker,
    from: (f32, f32),
    to: (f32, f32),
    stroke_width: f32,
    at: Transform,
) {
    let Some(fill) = marker.fill else {
        return;
    };
    let angle = (to.1 - from.1).atan2(to.0 - from.0).to_degrees();
    let per = if marker.per_stroke { stroke_width } else { 1.0 };
    if marker.size * per * at.sx.abs().max(at.sy.abs()) < 0.5 {
        return;
    }
    let placed = at
        .pre_translate(to.0, to.1)
        .pre_rotate(angle)
        .pre_scale(marker.scale.0 * per, marker.scale.1 * per)
        .pre_translate(-marker.reference.0, -marker.reference.1);
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    paint.set_color(fill);
    pixmap.fill_path(&marker.shape, &paint, FillRule::Winding, placed, None);
}
