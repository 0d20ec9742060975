//! The shapes of a picture drawn much smaller than its SVG, painted straight
//! onto the pixels with tiny-skia (resvg's own rasterizer), without building
//! resvg's tree: at a scale where text cannot be read, the tree's work per
//! shape (bounding boxes of strokes, markers instantiated one by one) is
//! most of the time a 100,000-step picture takes, for details smaller than
//! a pixel.
//!
//! It paints what sopkit's SVG uses: `rect` (with rounded corners),
//! `circle`, `ellipse`, `line`, `polygon`, `polyline` and `path` made of
//! absolute moves and lines; fill and stroke as solid colours, stroke width,
//! dashes and joins, inherited from groups; and end markers (arrowheads),
//! read from the `<defs>`. What it cannot paint is left to resvg.

use rustc_hash::FxHashMap as HashMap;

use resvg::tiny_skia::{
    self, Color, FillRule, LineJoin, Paint, PathBuilder, PixmapMut, Stroke, StrokeDash, Transform,
};

use super::scan::{NO_GROUP, Picture, Tag, attributes, number, numbers};

/// What a shape is painted with, as its groups and its own attributes say.
#[derive(Debug, Clone, Copy)]
struct Style<'s> {
    fill: Option<Color>,
    stroke: Option<Color>,
    width: f32,
    /// `stroke-dasharray` as written.
    dash: Option<&'s str>,
    join: LineJoin,
    /// The id of the end marker.
    marker: Option<&'s str>,
}

impl Default for Style<'_> {
    /// SVG's initial values: filled black, not stroked, 1 wide.
    fn default() -> Self {
        Self {
            fill: Some(Color::BLACK),
            stroke: None,
            width: 1.0,
            dash: None,
            join: LineJoin::Miter,
            marker: None,
        }
    }
}

impl<'s> Style<'s> {
    /// Applies one attribute, if it is a presentation attribute; `false`
    /// when it is not.
    fn apply(&mut self, name: &str, value: &'s str) -> bool {
        match name {
            "fill" => self.fill = colour(value),
            "stroke" => self.stroke = colour(value),
            "stroke-width" => self.width = number(Some(value)).map_or(1.0, |w| w as f32),
            "stroke-dasharray" => self.dash = Some(value).filter(|v| v.trim() != "none"),
            "stroke-linejoin" => {
                self.join = match value {
                    "round" => LineJoin::Round,
                    "bevel" => LineJoin::Bevel,
                    _ => LineJoin::Miter,
                }
            }
            "marker-end" => {
                self.marker = value
                    .strip_prefix("url(#")
                    .and_then(|v| v.strip_suffix(')'));
            }
            _ => return false,
        }
        true
    }

    /// The style with the presentation attributes of a tag applied.
    fn with(mut self, attributes_text: &'s str) -> Self {
        for (name, value) in attributes(attributes_text) {
            self.apply(name, value);
        }
        self
    }
}

/// A solid colour: `#rgb`, `#rrggbb`, or one of the few names sopkit may
/// write; `None` for `none` (and for what it does not know, which is then
/// not painted rather than painted wrong).
fn colour(value: &str) -> Option<Color> {
    let value = value.trim();
    let hex = |s: &str| u8::from_str_radix(s, 16).ok();
    let (r, g, b) = match value.strip_prefix('#') {
        Some(h) if h.len() == 6 && h.is_ascii() => (hex(&h[0..2])?, hex(&h[2..4])?, hex(&h[4..6])?),
        Some(h) if h.len() == 3 && h.is_ascii() => {
            let d = |i: usize| hex(&h[i..=i]).map(|v| v * 17);
            (d(0)?, d(1)?, d(2)?)
        }
        _ => match value {
            "black" => (0, 0, 0),
            "white" => (255, 255, 255),
            _ => return None,
        },
    };
    Some(Color::from_rgba8(r, g, b, 255))
}

/// An end marker: its shape in its own units, and how those map onto the
/// line's end.
#[derive(Debug, Clone)]
struct Marker {
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

/// Paints the shapes of a picture.
pub struct Painter<'a> {
    picture: &'a Picture<'a>,
    /// The style each group gives what is in it.
    groups: Vec<Style<'a>>,
    markers: HashMap<&'a str, Marker>,
}

/// The attributes of a shape that give its geometry.
#[derive(Default)]
struct Geometry<'s> {
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
    fn apply(&mut self, name: &str, value: &'s str) {
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

impl<'a> Painter<'a> {
    pub fn new(picture: &'a Picture<'a>) -> Self {
        let svg: &'a str = picture.svg;
        let root = Tag::read(svg, picture.root.start).map_or_else(
            |_| Style::default(),
            |tag| Style::default().with(&svg[tag.attributes]),
        );
        let mut groups: Vec<Style<'a>> = Vec::with_capacity(picture.groups.len());
        for group in &picture.groups {
            let parent = match group.parent {
                NO_GROUP => root,
                p => groups[p as usize],
            };
            let own = Tag::read(svg, group.start.start).map(|t| t.attributes);
            groups.push(own.map_or(parent, |a| parent.with(&svg[a])));
        }
        let markers = picture
            .always
            .iter()
            .flat_map(|part| read_markers(&svg[part.clone()]))
            .collect();
        Self {
            picture,
            groups,
            markers,
        }
    }

    /// Paints leaf `k` onto `pixmap` through `at`; `false` when it is not a
    /// shape this painter knows (resvg must draw it).
    pub fn paint(&self, k: usize, pixmap: &mut PixmapMut<'_>, at: Transform) -> bool {
        let svg: &'a str = self.picture.svg;
        let leaf = &self.picture.leaves[k];
        let Ok(tag) = Tag::read(svg, leaf.range.start) else {
            return false;
        };
        let mut style = match leaf.group {
            NO_GROUP => Style::default(),
            g => self.groups[g as usize],
        };
        let mut g = Geometry::default();
        for (name, value) in attributes(&svg[tag.attributes.clone()]) {
            if style.apply(name, value) {
                continue;
            }
            if matches!(
                name,
                "transform"
                    | "style"
                    | "opacity"
                    | "fill-opacity"
                    | "stroke-opacity"
                    | "clip-path"
                    | "mask"
                    | "filter"
                    | "fill-rule"
            ) {
                return false;
            }
            g.apply(name, value);
        }
        let name = &svg[tag.name.clone()];
        let (path, ends) = match name {
            "rect" => (rounded_rect(&g), None),
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
                let Some((path, points)) = moves_and_lines(g.points.unwrap_or("")) else {
                    return false;
                };
                (path, last_two(&points))
            }
            _ => return false,
        };
        let Some(path) = path else {
            // Nothing to paint (no size), which is how SVG draws it too.
            return true;
        };
        let mut paint = Paint {
            anti_alias: true,
            ..Paint::default()
        };
        // A line has no inside; an open polyline is filled as if closed.
        if let Some(fill) = style.fill
            && name != "line"
        {
            paint.set_color(fill);
            pixmap.fill_path(&path, &paint, FillRule::Winding, at, None);
        }
        if let Some(stroke) = style.stroke
            && style.width > 0.0
        {
            paint.set_color(stroke);
            let dash = style.dash.and_then(|d| {
                let dashes: Vec<f32> = numbers(d).map(|v| v as f32).collect();
                StrokeDash::new(dashes, 0.0)
            });
            let line = Stroke {
                width: style.width,
                line_join: style.join,
                dash,
                ..Stroke::default()
            };
            pixmap.stroke_path(&path, &paint, &line, at, None);
        }
        if let (Some(id), Some([from, to])) = (style.marker, ends)
            && let Some(marker) = self.markers.get(id)
        {
            paint_marker(pixmap, marker, from, to, style.width, at);
        }
        true
    }
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

fn last_two(points: &[(f32, f32)]) -> Option<[(f32, f32); 2]> {
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
fn moves_and_lines(d: &str) -> Option<Traced> {
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

/// The end markers defined in a part of the SVG (its `<defs>`).
fn read_markers(defs: &str) -> Vec<(&str, Marker)> {
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
fn paint_marker(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_paths_are_read_as_sopkit_writes_them() {
        assert_eq!(colour("#ff8000"), Some(Color::from_rgba8(255, 128, 0, 255)));
        assert_eq!(colour("#fff"), Some(Color::WHITE));
        assert_eq!(colour("none"), None);
        assert_eq!(colour("#zzzzzz"), None);
        let (path, points) = moves_and_lines("M10 20L10 80L200.5 80").expect("moves and lines");
        assert!(path.is_some());
        assert_eq!(points, [(10.0, 20.0), (10.0, 80.0), (200.5, 80.0)]);
        let (_, points) = moves_and_lines("M 0 0 L 10 5 L 0 10 z").expect("with spaces");
        assert_eq!(points.len(), 3);
        assert_eq!(moves_and_lines("M1 1 C 2 2 3 3 4 4").map(|_| ()), None);
        assert_eq!(
            moves_and_lines("M1 -2L-3e1 4").map(|p| p.1),
            Some(vec![(1.0, -2.0), (-30.0, 4.0)])
        );
    }
}
