//! The shapes of a picture with their text, the branch labels, and the
//! small writers both use.

use std::fmt::Write as _;

use super::{INK, Picture};
use crate::layout::{Point, Rect};
use crate::render::Document;
use crate::render::bands;
use crate::render::branch_labels::{LABEL_LINE, label_size};
use crate::render::diagram::{
    Diagram, FONT_SIZE, LABEL_SIZE, LINE_HEIGHT, Shape, TAG_LINE_HEIGHT, TAG_SIZE,
};
use crate::render::escape;
use crate::render::number::Tenths;

impl Picture<'_> {
    /// The shapes with their text.
    pub(super) fn nodes(&self, svg: &mut String, which: impl Iterator<Item = usize>) {
        let (diagram, frame, links) = (self.diagram, self.frame, self.options.links);
        let _ = write!(
            svg,
            "<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"1.5\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
        );
        for i in which {
            let (node, rect) = (&diagram.nodes[i], &diagram.rects[i]);
            let r = frame.rect(*rect);
            let c = r.center();
            let anchor = node.step.map(|i| self.doc.anchor_str(i));
            if let (Some(anchor), true) = (anchor, links) {
                svg.push_str("<a href=\"#");
                escape::xml_into(svg, anchor);
                svg.push_str("\">");
            }
            let mut id = String::with_capacity(64);
            if let Some(anchor) = anchor {
                id.push_str(" id=\"node-");
                escape::xml_into(&mut id, anchor);
                id.push('"');
            }
            id.push_str(" data-node=\"");
            name_into(&mut id, node.name(self.doc));
            id.push('"');
            shape_into(svg, node.shape, &id, r);
            let (weight, colour) = match node.shape {
                Shape::Start => (" font-weight=\"bold\"", "#ffffff"),
                Shape::End => (" font-weight=\"bold\"", INK),
                _ => ("", INK),
            };
            if node.tag.is_empty() {
                text_lines(svg, &node.lines, c, weight, colour);
            } else {
                tagged_lines(svg, &node.tag, &node.lines, c);
            }
            if links && anchor.is_some() {
                svg.push_str("</a>");
            }
        }
        svg.push_str("</g>");
    }

    /// The branch labels of the given edges (those with one).
    pub(super) fn labels(&self, svg: &mut String, which: impl Iterator<Item = usize>) {
        let (diagram, frame) = (self.diagram, self.frame);
        let _ = write!(
            svg,
            "<g class=\"edge-labels\" font-size=\"{LABEL_SIZE}\" font-weight=\"bold\" text-anchor=\"middle\">"
        );
        for k in which {
            let edge = &diagram.edges[k];
            if edge.label.is_none() {
                continue;
            }
            let (width, height) = label_size(&edge.label_lines);
            let at = frame.at(edge.label_at);
            svg.push_str("<rect class=\"edge-label\"");
            edge_attributes(svg, self.doc, diagram, k);
            let _ = write!(
                svg,
                " x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" stroke=\"#808080\" stroke-width=\"1\"/>",
                Tenths(at.x - width / 2.0),
                Tenths(at.y - height / 2.0),
                Tenths(width),
                Tenths(height),
            );
            let top = at.y - height / 2.0 + 13.0;
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" fill=\"{INK}\" stroke=\"none\">",
                Tenths(at.x),
                Tenths(top)
            );
            for (i, line) in edge.label_lines.iter().enumerate() {
                let dy = if i == 0 {
                    String::new()
                } else {
                    format!(" dy=\"{LABEL_LINE}\"")
                };
                let _ = write!(
                    svg,
                    "<tspan x=\"{}\"{dy}>{}</tspan>",
                    Tenths(at.x),
                    escape::xml(line)
                );
            }
            svg.push_str("</text>");
        }
        svg.push_str("</g>");
    }
}

/// A node's shape drawn in `r`, its id and data attributes `id` (written
/// as they are) on it.
fn shape_into(svg: &mut String, shape: Shape, id: &str, r: Rect) {
    let c = r.center();
    match shape {
        Shape::Task => {
            let _ = write!(
                svg,
                "<rect class=\"step\"{id} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\"/>",
                Tenths(r.x),
                Tenths(r.y),
                Tenths(r.width),
                Tenths(r.height)
            );
        }
        Shape::Decision => {
            let _ = write!(
                svg,
                "<polygon class=\"decision\"{id} points=\"{},{} {},{} {},{} {},{}\" fill=\"#e6e6e6\"/>",
                Tenths(c.x),
                Tenths(r.y),
                Tenths(r.right()),
                Tenths(c.y),
                Tenths(c.x),
                Tenths(r.bottom()),
                Tenths(r.x),
                Tenths(c.y)
            );
        }
        Shape::Start => {
            let _ = write!(
                svg,
                "<circle class=\"start\"{id} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#333333\" stroke=\"none\"/>",
                Tenths(c.x),
                Tenths(c.y),
                Tenths(r.width / 2.0)
            );
        }
        Shape::End => {
            let _ = write!(
                svg,
                "<circle class=\"end\"{id} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" stroke-width=\"4\"/>",
                Tenths(c.x),
                Tenths(c.y),
                Tenths(r.width / 2.0 - 2.0)
            );
        }
    }
}

/// ` data-edge="K" data-from="…" data-to="…"`: which edge an element
/// draws and the nodes it joins (see [`crate::render::diagram::Node::name`]), so
/// that tests and readers of the picture can tell what joins what.
pub(super) fn edge_attributes(svg: &mut String, doc: &Document<'_>, diagram: &Diagram, k: usize) {
    let edge = &diagram.edges[k];
    let _ = write!(svg, " data-edge=\"{k}\" data-from=\"");
    name_into(svg, diagram.nodes[edge.from].name(doc));
    svg.push_str("\" data-to=\"");
    name_into(svg, diagram.nodes[edge.to].name(doc));
    svg.push('"');
}

/// A node's name (see [`crate::render::diagram::Node::name`]), escaped.
pub(super) fn name_into(svg: &mut String, (prefix, anchor): (&str, &str)) {
    svg.push_str(prefix);
    escape::xml_into(svg, anchor);
}

/// How far the labels reach past the layout's drawing: (leftmost x,
/// topmost y, rightmost x, lowest y), in the layout's coordinates (0 when
/// none reaches out).
pub(super) fn label_extents(diagram: &Diagram) -> (f64, f64, f64, f64) {
    let mut extents = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    for (_, r) in bands::label_rects(diagram) {
        extents.0 = extents.0.min(r.x - 4.0);
        extents.1 = extents.1.min(r.y - 4.0);
        extents.2 = extents.2.max(r.right() + 4.0);
        extents.3 = extents.3.max(r.bottom() + 4.0);
    }
    extents
}

/// Lines of text centred on `center`, one `<tspan>` each. Size and
/// anchoring come from the enclosing group.
pub(super) fn text_lines(
    svg: &mut String,
    lines: &[String],
    center: Point,
    weight: &str,
    colour: &str,
) {
    let top = center.y - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0 + FONT_SIZE * 0.35;
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\"{weight} fill=\"{colour}\" stroke=\"none\">",
        Tenths(center.x),
        Tenths(top)
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(svg, "<tspan x=\"{}\"", Tenths(center.x));
        if i > 0 {
            let _ = write!(svg, " dy=\"{LINE_HEIGHT}\"");
        }
        svg.push('>');
        escape::xml_into(svg, line);
        svg.push_str("</tspan>");
    }
    svg.push_str("</text>");
}

/// A step's role in italics above its text, the two centred together on
/// `center`.
pub(super) fn tagged_lines(svg: &mut String, tag: &[String], lines: &[String], center: Point) {
    let height = tag.len() as f64 * TAG_LINE_HEIGHT + lines.len() as f64 * LINE_HEIGHT;
    let top = center.y - height / 2.0;
    let _ = write!(
        svg,
        "<g class=\"role-tag\" font-size=\"{TAG_SIZE}\" font-style=\"italic\">"
    );
    for (i, line) in tag.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"#4d4d4d\" stroke=\"none\">{}</text>",
            Tenths(center.x),
            Tenths(top + (i as f64 + 0.75) * TAG_LINE_HEIGHT),
            escape::xml(line)
        );
    }
    svg.push_str("</g>");
    let below = top + tag.len() as f64 * TAG_LINE_HEIGHT;
    let text_center = Point::new(center.x, below + lines.len() as f64 * LINE_HEIGHT / 2.0);
    text_lines(svg, lines, text_center, "", INK);
}
