//! The swimlanes of a picture: each lane's band and its heading.

use std::fmt::Write as _;

use super::shapes::text_lines;
use super::{HEADING_WIDTH, INK, Picture, View};
use crate::layout::{Direction, Rect};
use crate::render::diagram::{Diagram, FONT_SIZE, LINE_HEIGHT};
use crate::render::font;
use crate::render::number::Tenths;

impl Picture<'_> {
    /// The lanes across a view: each lane's band, and its heading when
    /// `headings` (a row above columns, a column left of rows, at the
    /// view's start).
    pub(super) fn lanes(&self, svg: &mut String, view: View, headings: bool) {
        let diagram = self.diagram;
        if diagram.lanes.is_empty() {
            return;
        }
        let _ = write!(
            svg,
            "<g class=\"lanes\" stroke=\"#999999\" stroke-width=\"1\" font-size=\"{FONT_SIZE}\" text-anchor=\"middle\">"
        );
        for (i, lane) in diagram.lanes.iter().enumerate() {
            let band = self.lane_band(i, lane.band, view);
            let fill = if i % 2 == 0 { "#ffffff" } else { "#f2f2f2" };
            let _ = write!(
                svg,
                "<rect class=\"lane\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
                Tenths(band.x),
                Tenths(band.y),
                Tenths(band.width),
                Tenths(band.height),
            );
            if headings {
                self.lane_heading(svg, band, view, &lane.name);
            }
        }
        svg.push_str("</g>");
    }

    /// Where lane `i` (laid out in `laid`) is drawn in a view.
    fn lane_band(&self, i: usize, laid: Rect, view: View) -> Rect {
        let columns = self.diagram.direction == Direction::TopToBottom;
        let last = self.diagram.lanes.len() - 1;
        let frame = self.frame;
        // Across the flow the outer lanes reach the picture's sides,
        // which may lie beyond the layout's to hold a label; along it
        // every lane fills the view, below the heading row.
        let band = frame.rect(laid);
        let (lo, hi) = match columns {
            true => (band.x, band.right()),
            false => (band.y, band.bottom()),
        };
        let lo = if i == 0 {
            0.0_f64.max(if columns { 0.0 } else { frame.dy })
        } else {
            lo
        };
        let hi = match (i == last, columns) {
            (true, true) => self.width,
            (true, false) => self.height,
            _ => hi,
        };
        // Where the view cuts a lane, the lane runs on a little past
        // it, so that no border is drawn across it at the cut.
        let (start, end) = match columns {
            true => (view.y, view.y + view.height),
            false => (view.x, view.x + view.width),
        };
        let picture_end = if columns { self.height } else { self.width };
        let first = match columns {
            true => frame.dy - self.heading_row,
            false => 0.0,
        };
        let start = if start > first + 0.5 {
            start - 2.0
        } else {
            first.max(start)
        };
        let end = if end < picture_end - 0.5 {
            end + 2.0
        } else {
            end
        };
        match columns {
            true => Rect {
                x: lo,
                y: start,
                width: hi - lo,
                height: end - start,
            },
            false => Rect {
                x: start,
                y: lo,
                width: end - start,
                height: hi - lo,
            },
        }
    }

    /// The heading of the lane drawn in `band`, with its `name`.
    fn lane_heading(&self, svg: &mut String, band: Rect, view: View, name: &str) {
        let (heading, wrap_width) = match self.diagram.direction == Direction::TopToBottom {
            true => (
                Rect {
                    y: self.frame.dy - self.heading_row,
                    height: self.heading_row,
                    ..band
                },
                band.width - 16.0,
            ),
            false => (
                Rect {
                    x: view.x,
                    width: HEADING_WIDTH,
                    ..band
                },
                HEADING_WIDTH - 20.0,
            ),
        };
        let _ = write!(
            svg,
            "<rect class=\"lane-heading\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#e0e0e0\"/>",
            Tenths(heading.x),
            Tenths(heading.y),
            Tenths(heading.width),
            Tenths(heading.height)
        );
        let lines = font::wrap_bold(name, FONT_SIZE, wrap_width.max(40.0));
        text_lines(svg, &lines, heading.center(), " font-weight=\"bold\"", INK);
    }
}

/// The height of the row of lane headings above lanes drawn as columns:
/// room for the longest name wrapped to its lane's width.
pub(super) fn heading_row_height(diagram: &Diagram) -> f64 {
    let lines = diagram
        .lanes
        .iter()
        .map(|lane| {
            font::wrap_bold(&lane.name, FONT_SIZE, (lane.band.width - 16.0).max(40.0)).len()
        })
        .max()
        .unwrap_or(1);
    lines as f64 * LINE_HEIGHT + 16.0
}
