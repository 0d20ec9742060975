//! The edges of a picture (or the pieces of them in one band) and the
//! connectors that join an edge cut between bands.

use std::fmt::Write as _;

use super::shapes::edge_attributes;
use super::{INK, LINE, Picture};
use crate::layout::Point;
use crate::render::bands::{CONNECTOR_RADIUS, Connector};
use crate::render::number::Tenths;

impl Picture<'_> {
    /// Edges (or pieces of them): (edge, points, whether it ends in an
    /// arrowhead).
    pub(super) fn edges<'p>(
        &self,
        svg: &mut String,
        pieces: impl Iterator<Item = (usize, &'p [Point], bool)>,
        band: usize,
    ) {
        // What every edge shares is said once, on the group: a 100,000-step
        // picture is then about half the size.
        let _ = write!(
            svg,
            "<g class=\"edges\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.6\" stroke-linejoin=\"round\" marker-end=\"url(#sopkit-arrow-{})\">",
            self.marker(band)
        );
        for (k, points, arrow) in pieces {
            let edge = &self.diagram.edges[k];
            let Some((first, rest)) = points.split_first() else {
                continue;
            };
            let first = self.frame.at(*first);
            let (class, style) = match (edge.back, edge.handoff) {
                (true, _) => ("edge back", " stroke-dasharray=\"7 4\""),
                (false, true) => ("edge handoff", " stroke-width=\"2.6\""),
                (false, false) => ("edge", ""),
            };
            let _ = write!(svg, "<path class=\"{class}\"{style}");
            if !arrow {
                svg.push_str(" marker-end=\"none\"");
            }
            edge_attributes(svg, self.doc, self.diagram, k);
            let _ = write!(svg, " d=\"M{} {}", Tenths(first.x), Tenths(first.y));
            for p in rest {
                let p = self.frame.at(*p);
                let _ = write!(svg, "L{} {}", Tenths(p.x), Tenths(p.y));
            }
            svg.push_str("\"/>");
        }
        svg.push_str("</g>");
    }

    /// Numbered connector circles where a band's edges go on in another.
    pub(super) fn connectors(&self, svg: &mut String, connectors: &[Connector], class: &str) {
        if connectors.is_empty() {
            return;
        }
        let _ = write!(
            svg,
            "<g class=\"{class}\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\">"
        );
        for c in connectors {
            let at = self.frame.at(c.center);
            let _ = write!(
                svg,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{CONNECTOR_RADIUS}\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.5\"/>\
                 <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
                Tenths(at.x),
                Tenths(at.y),
                Tenths(at.x),
                Tenths(at.y + 4.0),
                c.number
            );
        }
        svg.push_str("</g>");
    }
}
