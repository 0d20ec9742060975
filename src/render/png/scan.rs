//! sopkit's own SVG read as a list of things to draw, each with the
//! rectangle it may paint, so that a big picture can be drawn a tile at a
//! time: each tile is handed to resvg as a small SVG document of only what
//! touches it, in the same groups, after the same `<defs>`. So the PNG is
//! always the SVG's own drawing, whatever the SVG draws, and no tile needs
//! more memory than what is in it.
//!
//! The reading is not a general SVG parser: it splits the markup at tags
//! (quotes respected) and knows the extent of the shapes sopkit writes
//! (`rect`, `circle`, `ellipse`, `line`, `polygon`, `polyline`, `path`
//! with absolute moves and lines, `text`). Anything else, or anything under
//! a `transform`, is taken to paint the whole picture: it is drawn in every
//! tile, which is slower but never wrong.

use std::ops::Range;

use crate::render::font;

/// How far a stroke, a marker (an arrowhead is 11 units) or a glyph may
/// paint outside the geometry that is measured.
const MARGIN: f64 = 12.0;
pub const NO_GROUP: u32 = u32::MAX;

/// The rectangle a leaf may paint: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// A group (`g`, `a`, ...) as written: where its start tag is and its name.
pub struct Group {
    pub start: Range<usize>,
    name: Range<usize>,
    /// The group it is in, or [`NO_GROUP`].
    pub parent: u32,
}

/// Something drawn, with everything inside it (a `text` with its `tspan`s).
pub struct Leaf {
    pub range: Range<usize>,
    pub group: u32,
    /// Text, which is left out when it would be too small to read.
    pub text: bool,
    pub bounds: Bounds,
}

/// The SVG, read.
pub struct Picture<'a> {
    pub svg: &'a str,
    /// The `<svg …>` start tag.
    pub root: Range<usize>,
    pub width: f64,
    pub height: f64,
    /// What every tile needs whole: `<defs>`, `<title>`, `<style>`.
    pub always: Vec<Range<usize>>,
    pub groups: Vec<Group>,
    pub leaves: Vec<Leaf>,
}

/// Why an SVG could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScanError {
    #[error("no <svg> element with a width and a height")]
    NoSize,
    #[error("a tag is not closed")]
    Unclosed,
}

/// What the group a leaf is in gives it.
#[derive(Clone, Copy)]
struct Inherited {
    font_size: f64,
    /// A `transform` above: extents are not known.
    moved: bool,
    group: u32,
}

impl<'a> Picture<'a> {
    pub fn read(svg: &'a str) -> Result<Self, ScanError> {
        let mut picture = Picture {
            svg,
            root: 0..0,
            width: 0.0,
            height: 0.0,
            always: Vec::new(),
            groups: Vec::new(),
            leaves: Vec::new(),
        };
        // The groups open around the current position, innermost last.
        let mut open: Vec<Inherited> = Vec::new();
        let mut at = 0;
        while let Some(lt) = find(svg, at, "<") {
            let rest = &svg[lt..];
            if rest.starts_with("<?") {
                at = find(svg, lt, "?>").ok_or(ScanError::Unclosed)? + 2;
                continue;
            }
            if rest.starts_with("<!--") {
                at = find(svg, lt, "-->").ok_or(ScanError::Unclosed)? + 3;
                continue;
            }
            if rest.starts_with("<!") {
                at = find(svg, lt, ">").ok_or(ScanError::Unclosed)? + 1;
                continue;
            }
            if rest.starts_with("</") {
                at = find(svg, lt, ">").ok_or(ScanError::Unclosed)? + 1;
                open.pop();
                continue;
            }
            let tag = Tag::read(svg, lt)?;
            at = tag.end;
            let name = &svg[tag.name.clone()];
            let attrs: Attributes<'_> = attributes(&svg[tag.attributes.clone()]).collect();
            let inherited = open.last().copied().unwrap_or(Inherited {
                font_size: 16.0,
                moved: false,
                group: NO_GROUP,
            });
            match name {
                "svg" if picture.root.is_empty() => {
                    picture.root = lt..tag.end;
                    picture.width = number(get(&attrs, "width")).ok_or(ScanError::NoSize)?;
                    picture.height = number(get(&attrs, "height")).ok_or(ScanError::NoSize)?;
                    if !tag.closed {
                        open.push(inherited.within(&attrs, NO_GROUP));
                    }
                }
                "defs" | "title" | "desc" | "style" | "metadata" => {
                    let end = if tag.closed {
                        tag.end
                    } else {
                        subtree_end(svg, tag.end)?
                    };
                    picture.always.push(lt..end);
                    at = end;
                }
                "g" | "a" | "switch" if !tag.closed => {
                    picture.groups.push(Group {
                        start: lt..tag.end,
                        name: tag.name.clone(),
                        parent: inherited.group,
                    });
                    let id = (picture.groups.len() - 1) as u32;
                    open.push(inherited.within(&attrs, id));
                }
                _ => {
                    let end = if tag.closed {
                        tag.end
                    } else {
                        subtree_end(svg, tag.end)?
                    };
                    let here = inherited.within(&attrs, inherited.group);
                    let bounds = match here.moved {
                        true => None,
                        false => extent(svg, name, &attrs, tag.end..end, here.font_size),
                    };
                    picture.leaves.push(Leaf {
                        range: lt..end,
                        group: inherited.group,
                        text: name == "text",
                        bounds: bounds.unwrap_or(Bounds {
                            x0: f64::NEG_INFINITY,
                            y0: f64::NEG_INFINITY,
                            x1: f64::INFINITY,
                            y1: f64::INFINITY,
                        }),
                    });
                    at = end;
                }
            }
        }
        if picture.root.is_empty() {
            return Err(ScanError::NoSize);
        }
        Ok(picture)
    }

    /// An SVG document of the leaves `chosen` (indices into
    /// [`Self::leaves`], in the order written), in their groups, after what
    /// every tile needs; the same size as the whole picture.
    pub fn part(&self, chosen: &[u32]) -> String {
        let svg = self.svg;
        let mut out = String::with_capacity(4096);
        out.push_str(&svg[self.root.clone()]);
        for part in &self.always {
            out.push_str(&svg[part.clone()]);
        }
        // The groups open in `out`, outermost first.
        let mut open: Vec<u32> = Vec::new();
        let mut chain: Vec<u32> = Vec::new();
        for &k in chosen {
            let leaf = &self.leaves[k as usize];
            chain.clear();
            let mut g = leaf.group;
            while g != NO_GROUP {
                chain.push(g);
                g = self.groups[g as usize].parent;
            }
            chain.reverse();
            let same = open.iter().zip(&chain).take_while(|(a, b)| a == b).count();
            while open.len() > same {
                let g = open.pop().expect("invariant: a group is open");
                self.close(&mut out, g);
            }
            for &g in &chain[same..] {
                out.push_str(&svg[self.groups[g as usize].start.clone()]);
                open.push(g);
            }
            out.push_str(&svg[leaf.range.clone()]);
        }
        while let Some(g) = open.pop() {
            self.close(&mut out, g);
        }
        out.push_str("</svg>");
        out
    }

    fn close(&self, out: &mut String, g: u32) {
        out.push_str("</");
        out.push_str(&self.svg[self.groups[g as usize].name.clone()]);
        out.push('>');
    }
}

impl Inherited {
    /// What an element passes on to what is inside it.
    fn within(self, attrs: &Attributes<'_>, group: u32) -> Self {
        Self {
            font_size: number(get(attrs, "font-size")).unwrap_or(self.font_size),
            moved: self.moved || get(attrs, "transform").is_some(),
            group,
        }
    }
}

/// A start tag: its name, where its attributes are, and whether it closes
/// itself (`/>`).
pub struct Tag {
    pub name: Range<usize>,
    pub attributes: Range<usize>,
    pub end: usize,
    pub closed: bool,
}

impl Tag {
    /// The start tag at `lt` (a `<`).
    pub fn read(svg: &str, lt: usize) -> Result<Self, ScanError> {
        let bytes = svg.as_bytes();
        let mut i = lt + 1;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
            i += 1;
        }
        let name = lt + 1..i;
        let mut quote = None;
        while i < bytes.len() {
            match (bytes[i], quote) {
                (b'"' | b'\'', None) => quote = Some(bytes[i]),
                (c, Some(q)) if c == q => quote = None,
                (b'>', None) => {
                    let closed = bytes[i - 1] == b'/';
                    let attributes = name.end..if closed { i - 1 } else { i };
                    return Ok(Tag {
                        name,
                        attributes,
                        end: i + 1,
                        closed,
                    });
                }
                _ => {}
            }
            i += 1;
        }
        Err(ScanError::Unclosed)
    }

    /// The value of an attribute, as written.
    pub fn attribute<'s>(&self, svg: &'s str, wanted: &str) -> Option<&'s str> {
        attributes(&svg[self.attributes.clone()]).find_map(|(k, v)| (k == wanted).then_some(v))
    }
}

/// A tag's attributes, as (name, value).
type Attributes<'s> = Vec<(&'s str, &'s str)>;

/// The value of an attribute.
fn get<'s>(attrs: &Attributes<'s>, name: &str) -> Option<&'s str> {
    attrs.iter().find_map(|&(k, v)| (k == name).then_some(v))
}

/// The attributes in the text of a start tag, as (name, value).
pub fn attributes(mut text: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::from_fn(move || {
        let eq = text.find('=')?;
        let name = text[..eq].trim();
        let after = text[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let close = after[1..].find(quote)?;
        let value = &after[1..1 + close];
        text = &after[close + 2..];
        Some((name, value))
    })
}

/// Where the element whose start tag ends at `from` ends, after its end tag.
fn subtree_end(svg: &str, from: usize) -> Result<usize, ScanError> {
    let mut depth = 1usize;
    let mut at = from;
    while let Some(lt) = find(svg, at, "<") {
        if svg[lt..].starts_with("</") {
            at = find(svg, lt, ">").ok_or(ScanError::Unclosed)? + 1;
            depth -= 1;
            if depth == 0 {
                return Ok(at);
            }
        } else if svg[lt..].starts_with("<!--") {
            at = find(svg, lt, "-->").ok_or(ScanError::Unclosed)? + 3;
        } else {
            let tag = Tag::read(svg, lt)?;
            at = tag.end;
            if !tag.closed {
                depth += 1;
            }
        }
    }
    Err(ScanError::Unclosed)
}

/// Where `needle` is first found in `text` from `from` on.
fn find(text: &str, from: usize, needle: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    let found = match needle.as_bytes() {
        // A single character is found with memchr.
        [one] => rest.find(char::from(*one)),
        _ => rest.find(needle),
    };
    found.map(|p| from + p)
}

pub fn number(text: Option<&str>) -> Option<f64> {
    let text = text?.trim();
    let text = text.strip_suffix("px").unwrap_or(text);
    text.parse().ok().filter(|v: &f64| v.is_finite())
}

/// The numbers in a list of points or path data.
pub fn numbers(text: &str) -> impl Iterator<Item = f64> + '_ {
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+')))
        .filter(|t| !t.is_empty())
        .filter_map(|t| t.parse().ok())
}

/// The rectangle a leaf may paint, when it is a shape whose extent is
/// known; `None` when not. `inside` is what is between its tags.
fn extent(
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

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300"><title>T &amp; "q"</title><defs><marker id="m"><path d="M 0 0 L 10 5 z"/></marker></defs><rect class="background" width="400" height="300" fill="#ffffff"/><g class="edges" stroke="#000" marker-end="url(#m)"><path d="M10 20L10 80L200 80"/></g><g class="nodes" font-size="13"><rect x="100" y="150" width="50" height="30" rx="6"/><polygon points="300,100 340,120 300,140 260,120"/><circle cx="50" cy="250" r="20"/><text x="125" y="165" fill="#1a1a1a"><tspan x="125">One &lt;b&gt;</tspan><tspan x="125" dy="17">two</tspan></text><a href="#x"><path d="M1 1 C 2 2 3 3 4 4"/></a><g transform="translate(5 5)"><rect x="0" y="0" width="1" height="1"/></g></g></svg>
"##;

    #[test]
    fn leaves_are_read_with_their_extent_and_groups() {
        let p = Picture::read(SVG).expect("reads");
        assert_eq!((p.width, p.height), (400.0, 300.0));
        assert_eq!(p.always.len(), 2, "the title and the defs");
        let kinds: Vec<&str> = (p.leaves.iter())
            .map(|l| SVG[l.range.clone()].split([' ', '>']).next().unwrap_or(""))
            .collect();
        assert_eq!(
            kinds,
            [
                "<rect", "<path", "<rect", "<polygon", "<circle", "<text", "<path", "<rect"
            ]
        );
        let b = |k: usize| p.leaves[k].bounds;
        assert_eq!(
            b(1),
            Bounds {
                x0: -2.0,
                y0: 8.0,
                x1: 212.0,
                y1: 92.0
            }
        );
        assert_eq!(
            b(3),
            Bounds {
                x0: 248.0,
                y0: 88.0,
                x1: 352.0,
                y1: 152.0
            }
        );
        assert_eq!(
            b(4),
            Bounds {
                x0: 18.0,
                y0: 218.0,
                x1: 82.0,
                y1: 282.0
            }
        );
        // The text: its second line 17 below, its font size from its group.
        let text = b(5);
        assert!(p.leaves[5].text);
        assert!(
            text.y1 >= 165.0 + 17.0 + 13.0 && text.y0 <= 165.0 - 13.0,
            "{text:?}"
        );
        assert!(text.x0 < 125.0 - font::text_width("One &lt;b&gt;", 13.0) / 2.0);
        // A curve, and anything moved by a transform: everywhere.
        assert_eq!(b(6).x0, f64::NEG_INFINITY);
        assert_eq!(b(7).x1, f64::INFINITY);
    }

    #[test]
    fn a_part_keeps_the_groups_and_the_defs_of_its_leaves() {
        let p = Picture::read(SVG).expect("reads");
        let part = p.part(&[1, 4, 6]);
        let doc = roxmltree::Document::parse(&part).expect("well-formed");
        let names: Vec<&str> = (doc.descendants())
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(
            names,
            [
                "svg", "title", "defs", "marker", "path", "g", "path", "g", "circle", "a", "path"
            ]
        );
        assert!(part.contains(r#"<g class="nodes" font-size="13"><circle"#));
        assert_eq!(
            p.part(&[]),
            SVG[p.root.clone()].to_owned()
                + &SVG[p.always[0].clone()]
                + &SVG[p.always[1].clone()]
                + "</svg>"
        );
    }

    #[test]
    fn what_is_not_an_svg_is_refused() {
        assert_eq!(Picture::read("").err(), Some(ScanError::NoSize));
        assert_eq!(
            Picture::read("<svg width=\"1\">").err(),
            Some(ScanError::NoSize)
        );
        assert_eq!(
            Picture::read("<svg width=\"1\" height=\"2\"><rect").err(),
            Some(ScanError::Unclosed)
        );
        assert_eq!(
            Picture::read("<svg width=\"1\" height=\"2\"><text x=\"1\">").err(),
            Some(ScanError::Unclosed)
        );
    }
}
