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

mod extent;

use std::ops::Range;

use self::extent::extent;

/// How far a stroke, a marker (an arrowhead is 11 units) or a glyph may
/// paint outside the geometry that is measured.
const MARGIN: f64 = 12.0;
pub(super) const NO_GROUP: u32 = u32::MAX;

/// The rectangle a leaf may paint: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Bounds {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

/// A group (`g`, `a`, ...) as written: where its start tag is and its name.
pub(super) struct Group {
    pub(super) start: Range<usize>,
    name: Range<usize>,
    /// The group it is in, or [`NO_GROUP`].
    pub(super) parent: u32,
}

/// Something drawn, with everything inside it (a `text` with its `tspan`s).
pub(super) struct Leaf {
    pub(super) range: Range<usize>,
    pub(super) group: u32,
    /// Text, which is left out when it would be too small to read.
    pub(super) text: bool,
    pub(super) bounds: Bounds,
}

/// The SVG, read.
pub(super) struct Picture<'a> {
    pub(super) svg: &'a str,
    /// The `<svg …>` start tag.
    pub(super) root: Range<usize>,
    pub(super) width: f64,
    pub(super) height: f64,
    /// What every tile needs whole: `<defs>`, `<title>`, `<style>`.
    pub(super) always: Vec<Range<usize>>,
    pub(super) groups: Vec<Group>,
    pub(super) leaves: Vec<Leaf>,
}

/// Why an SVG could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum ScanError {
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
    pub(super) fn read(svg: &'a str) -> Result<Self, ScanError> {
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
            if let Some((next, closes)) = skip_markup(svg, lt)? {
                at = next;
                if closes {
                    open.pop();
                }
                continue;
            }
            at = picture.element(lt, &mut open)?;
        }
        if picture.root.is_empty() {
            return Err(ScanError::NoSize);
        }
        Ok(picture)
    }

    /// Reads the element whose start tag is at `lt`: the root, what every
    /// tile needs, a group (opened) or a leaf. Returns where reading goes on.
    fn element(&mut self, lt: usize, open: &mut Vec<Inherited>) -> Result<usize, ScanError> {
        let svg = self.svg;
        let tag = Tag::read(svg, lt)?;
        let name = &svg[tag.name.clone()];
        let attrs: Attributes<'_> = attributes(&svg[tag.attributes.clone()]).collect();
        let inherited = open.last().copied().unwrap_or(Inherited {
            font_size: 16.0,
            moved: false,
            group: NO_GROUP,
        });
        let end = match name {
            "svg" if self.root.is_empty() => {
                self.root = lt..tag.end;
                self.width = number(get(&attrs, "width")).ok_or(ScanError::NoSize)?;
                self.height = number(get(&attrs, "height")).ok_or(ScanError::NoSize)?;
                if !tag.closed {
                    open.push(inherited.within(&attrs, NO_GROUP));
                }
                tag.end
            }
            "defs" | "title" | "desc" | "style" | "metadata" => {
                let end = element_end(svg, &tag)?;
                self.always.push(lt..end);
                end
            }
            "g" | "a" | "switch" if !tag.closed => {
                self.groups.push(Group {
                    start: lt..tag.end,
                    name: tag.name.clone(),
                    parent: inherited.group,
                });
                let id = (self.groups.len() - 1) as u32;
                open.push(inherited.within(&attrs, id));
                tag.end
            }
            _ => {
                let end = element_end(svg, &tag)?;
                let here = inherited.within(&attrs, inherited.group);
                let bounds = match here.moved {
                    true => None,
                    false => extent(svg, name, &attrs, tag.end..end, here.font_size),
                };
                self.leaves.push(Leaf {
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
                end
            }
        };
        Ok(end)
    }

    /// An SVG document of the leaves `chosen` (indices into
    /// [`Self::leaves`], in the order written), in their groups, after what
    /// every tile needs; the same size as the whole picture.
    pub(super) fn part(&self, chosen: &[u32]) -> String {
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
pub(super) struct Tag {
    pub(super) name: Range<usize>,
    pub(super) attributes: Range<usize>,
    pub(super) end: usize,
    pub(super) closed: bool,
}

impl Tag {
    /// The start tag at `lt` (a `<`).
    pub(super) fn read(svg: &str, lt: usize) -> Result<Self, ScanError> {
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
    pub(super) fn attribute<'s>(&self, svg: &'s str, wanted: &str) -> Option<&'s str> {
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
pub(super) fn attributes(mut text: &str) -> impl Iterator<Item = (&str, &str)> {
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

/// What is at `lt` when it is not a start tag: a processing instruction,
/// a comment, a declaration or an end tag (`true`). Returns where reading
/// goes on after it.
fn skip_markup(svg: &str, lt: usize) -> Result<Option<(usize, bool)>, ScanError> {
    let rest = &svg[lt..];
    let (close, closes) = if rest.starts_with("<?") {
        ("?>", false)
    } else if rest.starts_with("<!--") {
        ("-->", false)
    } else if rest.starts_with("<!") {
        (">", false)
    } else if rest.starts_with("</") {
        (">", true)
    } else {
        return Ok(None);
    };
    let end = find(svg, lt, close).ok_or(ScanError::Unclosed)? + close.len();
    Ok(Some((end, closes)))
}

/// Where the element of start tag `tag` ends: after the tag when it closes
/// itself, else after its end tag.
fn element_end(svg: &str, tag: &Tag) -> Result<usize, ScanError> {
    if tag.closed {
        Ok(tag.end)
    } else {
        subtree_end(svg, tag.end)
    }
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

pub(super) fn number(text: Option<&str>) -> Option<f64> {
    let text = text?.trim();
    let text = text.strip_suffix("px").unwrap_or(text);
    text.parse().ok().filter(|v: &f64| v.is_finite())
}

/// The numbers in a list of points or path data.
pub(super) fn numbers(text: &str) -> impl Iterator<Item = f64> + '_ {
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+')))
        .filter(|t| !t.is_empty())
        .filter_map(|t| t.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::font;

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
