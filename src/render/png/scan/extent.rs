//! Where a shape of the picture may paint: the rectangle around it (with a
//! margin for strokes and markers), which decides the tiles it is drawn in.

use std::ops::Range;

use super::{Attributes, Bounds, MARGIN, attributes, get, number, numbers};
use crate::render::font;

/// The rectangle a leaf may paint, when it is a shape whose extent is
/// known; `None` when not. `inside` is what is between its tags.
pub(super) fn extent(
    svg: &str,
    name: &str,
    attrs: &Attributes<'_>,
    inside: Range<usize>,
    font_size: f64,
) -> Option<Bounds> {
    let at = |name| number(get(attrs, name)).unwrap_or(0.0);
    let (x0, y0, x1, y1) = match name {
        "rect" => {
            let (x, y) = (at("x"), at("y"));
            (x, y, x + at("width"), y + at("height"))
        }
        "circle" => {
            let (cx, cy, r) = (at("cx"), at("cy"), at("r"));
            (cx - r, cy - r, cx + r, cy + r)
        }
        "ellipse" => {
            let (cx, cy, rx, ry) = (at("cx"), at("cy"), at("rx"), at("ry"));
            (cx - rx, cy - ry, cx + rx, cy + ry)
        }
        "line" => {
            let (a, b, c, d) = (at("x1"), at("y1"), at("x2"), at("y2"));
            (a.min(c), b.min(d), a.max(c), b.max(d))
        }
        "polygon" | "polyline" => points(numbers(get(attrs, "points")?))?,
        "path" => {
            let d = get(attrs, "d")?;
            // Absolute moves and lines only: every number is then a point.
            if d.chars()
                .any(|c| c.is_ascii_alphabetic() && !matches!(c, 'M' | 'L' | 'Z' | 'z' | 'e' | 'E'))
            {
                return None;
            }
            points(numbers(d))?
        }
        "text" => return text_extent(svg, attrs, inside, font_size),
        _ => return None,
    };
    Some(Bounds {
        x0: x0 - MARGIN,
        y0: y0 - MARGIN,
        x1: x1 + MARGIN,
        y1: y1 + MARGIN,
    })
}

/// The corners around a list of x, y pairs.
fn points(mut values: impl Iterator<Item = f64>) -> Option<(f64, f64, f64, f64)> {
    let mut corners: Option<(f64, f64, f64, f64)> = None;
    while let (Some(x), Some(y)) = (values.next(), values.next()) {
        let (a, b, c, d) = corners.unwrap_or((x, y, x, y));
        corners = Some((a.min(x), b.min(y), c.max(x), d.max(y)));
    }
    corners
}

/// Where a `text` may paint: around its x, as wide as its longest piece
/// either way (whatever its anchor), from a line above its first baseline
/// to below its last one (each `tspan`'s `dy` moves it down).
fn text_extent(
    svg: &str,
    attrs: &Attributes<'_>,
    inside: Range<usize>,
    font_size: f64,
) -> Option<Bounds> {
    let x = numbers(get(attrs, "x")?).next()?;
    let y = numbers(get(attrs, "y")?).next()?;
    let inside = &svg[inside.start.min(inside.end)..inside.end];
    let (mut widest, mut down, mut size) = (0.0f64, 0.0f64, font_size);
    let mut rest = inside;
    while let Some(lt) = rest.find('<') {
        widest = widest.max(font::text_width(&rest[..lt], size));
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let piece = &rest[lt..gt];
        for (name, value) in attributes(piece) {
            match name {
                "dy" => down += numbers(value).next().unwrap_or(0.0).max(0.0),
                "font-size" => size = size.max(number(Some(value)).unwrap_or(size)),
                _ => {}
            }
        }
        rest = &rest[gt..];
    }
    // Bold and wider fonts than the one measured: half as wide again.
    let half = 1.5 * widest.max(font::text_width(rest, size)) + MARGIN;
    Some(Bounds {
        x0: x - half,
        y0: y - 1.5 * size - MARGIN,
        x1: x + half,
        y1: y + down + size + MARGIN,
    })
}
