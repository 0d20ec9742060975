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

mod markers;
mod outline;

use rustc_hash::FxHashMap as HashMap;

use resvg::tiny_skia::{
    self, Color, FillRule, LineJoin, Paint, PixmapMut, Stroke, StrokeDash, Transform,
};

use self::markers::{Marker, paint_marker, read_markers};
use self::outline::{Ends, Geometry, outline};
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

/// Paints the shapes of a picture.
pub(super) struct Painter<'a> {
    picture: &'a Picture<'a>,
    /// The style each group gives what is in it.
    groups: Vec<Style<'a>>,
    markers: HashMap<&'a str, Marker>,
}

impl<'a> Painter<'a> {
    pub(super) fn new(picture: &'a Picture<'a>) -> Self {
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
    pub(super) fn paint(&self, k: usize, pixmap: &mut PixmapMut<'_>, at: Transform) -> bool {
        let svg: &'a str = self.picture.svg;
        let leaf = &self.picture.leaves[k];
        let Ok(tag) = Tag::read(svg, leaf.range.start) else {
            return false;
        };
        let Some((style, g)) = self.style_and_geometry(leaf.group, &svg[tag.attributes.clone()])
        else {
            return false;
        };
        let name = &svg[tag.name.clone()];
        let Some((path, ends)) = outline(name, &g) else {
            return false;
        };
        let Some(path) = path else {
            // Nothing to paint (no size), which is how SVG draws it too.
            return true;
        };
        // A line has no inside; an open polyline is filled as if closed.
        self.fill_and_stroke(pixmap, &path, name != "line", style, ends, at);
        true
    }

    /// The style of a shape in `group` with the attributes `text`, and its
    /// geometry; `None` when an attribute asks for more than this painter
    /// paints.
    fn style_and_geometry(&self, group: u32, text: &'a str) -> Option<(Style<'a>, Geometry<'a>)> {
        let mut style = match group {
            NO_GROUP => Style::default(),
            g => self.groups[g as usize],
        };
        let mut g = Geometry::default();
        for (name, value) in attributes(text) {
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
                return None;
            }
            g.apply(name, value);
        }
        Some((style, g))
    }

    /// Fills `path` (when `filled`), strokes it and puts the end marker on
    /// its `ends`, as `style` says.
    fn fill_and_stroke(
        &self,
        pixmap: &mut PixmapMut<'_>,
        path: &tiny_skia::Path,
        filled: bool,
        style: Style<'_>,
        ends: Option<Ends>,
        at: Transform,
    ) {
        let mut paint = Paint {
            anti_alias: true,
            ..Paint::default()
        };
        if let Some(fill) = style.fill
            && filled
        {
            paint.set_color(fill);
            pixmap.fill_path(path, &paint, FillRule::Winding, at, None);
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
            pixmap.stroke_path(path, &paint, &line, at, None);
        }
        if let (Some(id), Some([from, to])) = (style.marker, ends)
            && let Some(marker) = self.markers.get(id)
        {
            paint_marker(pixmap, marker, from, to, style.width, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::outline::moves_and_lines;
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
