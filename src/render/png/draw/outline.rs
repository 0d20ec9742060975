//! The outline of each shape the painter knows, from its attributes, as a
//! tiny-skia path.

use resvg::tiny_skia::{self, PathBuilder};

use crate::render::png::scan::{number, numbers};

/// The attributes of a shape that give its geometry.
#[derive(Default)]
pub(super) struct Geometry<'s> {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
    rx: Option<f32>,
    ry: Option<f32>,
    cx: f32,
    cy: f32,
    r: f32,
    x1: f32,
    y1: f32,
    x2: f32,
    y2: f32,
    /// `points` or `d`, as written.
    points: Option<&'s str>,
}

impl<'s> Geometry<'s> {
    /// Applies one attribute, if it is one of the geometry's.
    pub(super) fn apply(&mut self, name: &str, value: &'s str) {
        let v = || number(Some(value)).unwrap_or(0.0) as f32;
        match name {
            "x" => self.x = v(),
            "y" => self.y = v(),
            "width" => self.width = v(),
            "height" => self.height = v(),
            "rx" => self.rx = Some(v()),
            "ry" => self.ry = Some(v()),
            "cx" => self.cx = v(),
            "cy" => self.cy = v(),
            "r" => self.r = v(),
            "x1" => self.x1 = v(),
            "y1" => self.y1 = v(),
            "x2" => self.x2 = v(),
            "y2" => self.y2 = v(),
            "points" | "d" => self.points = Some(value),
            _ => {}
        }
    }
}

/// The last two points of a line, where its end marker goes.
pub(super) type Ends = [(f32, f32); 2];

/// The path of a shape named `name` (none when it has no size) and the
/// last two points of a line it runs along (for an end marker); `None`
/// when it is not a shape this painter knows.
pub(super) fn outline(
    name: &str,
    g: &Geometry<'_>,
) -> Option<(Option<tiny_skia::Path>, Option<Ends>)> {
    let shape = match name {
        "rect" => (rounded_rect(g), None),
        "circle" => (PathBuilder::from_circle(g.cx, g.cy, g.r), None),
        "ellipse" => {
            let (rx, ry) = (g.rx.unwrap_or(0.0), g.ry.unwrap_or(0.0));
            let oval = tiny_skia::Rect::from_xywh(g.cx - rx, g.cy - ry, 2.0 * rx, 2.0 * ry);
            (oval.and_then(PathBuilder::from_oval), None)
        }
        "line" => {
            let points = [(g.x1, g.y1), (g.x2, g.y2)];
            (polyline(&points, false), Some(points))
        }
        "polygon" | "polyline" => {
            let points = pairs(numbers(g.points.unwrap_or("")));
            (polyline(&points, name == "polygon"), last_two(&points))
        }
        "path" => {
            let (path, points) = moves_and_lines(g.points.unwrap_or(""))?;
            (path, last_two(&points))
        }
        _ => return None,
    };
    Some(shape)
}

/// A rectangle, its corners rounded by `rx`/`ry` as SVG rounds them.
fn rounded_rect(g: &Geometry<'_>) -> Option<tiny_skia::Path> {
    let (x, y, w, h) = (g.x, g.y, g.width, g.height);
    let (rx, ry) = match (g.rx, g.ry) {
        (Some(rx), Some(ry)) => (rx, ry),
        (Some(r), None) | (None, Some(r)) => (r, r),
        (None, None) => (0.0, 0.0),
    };
    let (rx, ry) = (rx.clamp(0.0, w / 2.0), ry.clamp(0.0, h / 2.0));
    if rx <= 0.0 || ry <= 0.0 {
        return tiny_skia::Rect::from_xywh(x, y, w, h).map(PathBuilder::from_rect);
    }
    // A quarter ellipse as one cubic: its control points 0.5523 of the
    // radius from the ends.
    let (kx, ky) = (rx * 0.552_284_8, ry * 0.552_284_8);
    let (r, b) = (x + w, y + h);
    let mut p = PathBuilder::new();
    p.move_to(x + rx, y);
    p.line_to(r - rx, y);
    p.cubic_to(r - rx + kx, y, r, y + ry - ky, r, y + ry);
    p.line_to(r, b - ry);
    p.cubic_to(r, b - ry + ky, r - rx + kx, b, r - rx, b);
    p.line_to(x + rx, b);
    p.cubic_to(x + rx - kx, b, x, b - ry + ky, x, b - ry);
    p.line_to(x, y + ry);
    p.cubic_to(x, y + ry - ky, x + rx - kx, y, x + rx, y);
    p.close();
    p.finish()
}

fn pairs(values: impl Iterator<Item = f64>) -> Vec<(f32, f32)> {
    let values: Vec<f32> = values.map(|v| v as f32).collect();
    values.chunks_exact(2).map(|c| (c[0], c[1])).collect()
}

fn last_two(points: &[(f32, f32)]) -> Option<Ends> {
    match points {
        [.., a, b] => Some([*a, *b]),
        _ => None,
    }
}

fn polyline(points: &[(f32, f32)], closed: bool) -> Option<tiny_skia::Path> {
    let (first, rest) = points.split_first()?;
    let mut p = PathBuilder::new();
    p.move_to(first.0, first.1);
    for q in rest {
        p.line_to(q.0, q.1);
    }
    if closed {
        p.close();
    }
    p.finish()
}

/// A path (none when empty) and the points it runs through.
type Traced = (Option<tiny_skia::Path>, Vec<(f32, f32)>);

/// A path of absolute moves (`M`), lines (`L`) and closes (`Z`), and the
/// points it runs through; `None` for any other command.
pub(super) fn moves_and_lines(d: &str) -> Option<Traced> {
    let mut p = PathBuilder::new();
    let mut points = Vec::new();
    let mut command = 'M';
    let mut rest = d.trim_start();
    let mut values = Vec::new();
    loop {
        // A command letter, or more numbers for the last one.
        if let Some(c) = rest.chars().next().filter(char::is_ascii_alphabetic) {
            command = c;
            rest = rest[1..].trim_start();
            if matches!(c, 'Z' | 'z') {
                p.close();
                continue;
            }
        }
        if rest.is_empty() {
            break;
        }
        values.clear();
        while values.len() < 2 {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E'))
                .map_or(rest.len(), |(i, _)| i);
            let value: f32 = rest[..end].parse().ok()?;
            values.push(value);
            rest = rest[end..].trim_start_matches([' ', ',', '\n', '\t', '\r']);
        }
        let point = (values[0], values[1]);
        match command {
            'M' => {
                p.move_to(point.0, point.1);
                command = 'L';
            }
            'L' => p.line_to(point.0, point.1),
            _ => return None,
        }
        points.push(point);
    }
    Some((p.finish(), points))
}
