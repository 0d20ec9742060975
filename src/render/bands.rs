//! A flowchart too long for one page, cut into bands at layer boundaries
//! (see [`crate::layout::split`]) and joined by numbered connectors: the
//! classic flowchart circle with the same number where an edge leaves one
//! band and where it enters the next. Each band knows the shapes, labels
//! and pieces of edges it shows; nothing is lost, and no shape is cut.
//!
//! Everything is in the diagram's coordinates. Shapes, labels and edges are
//! put in their bands by binary search over the cuts, so cutting a
//! 100,000-step flowchart into ten thousand bands costs n log n plus the
//! pieces drawn.

use std::borrow::Cow;

use super::branch_labels::label_size;
use super::diagram::Diagram;
use crate::layout::{Direction, Point, Rect, split_after};

/// The radius of a connector circle.
pub(super) const CONNECTOR_RADIUS: f64 = 9.;
/// Free space between a connector and its cut.
const CONNECTOR_GAP: f64 = 2.;

/// One band of a flowchart.
#[derive(Debug, Clone, Default)]
pub(crate) struct Band<'d> {
    /// Its stretch along the flow: y when the flow runs down, x when it runs
    /// right. The first band starts at 0, the last ends at the diagram's
    /// length.
    pub(crate) from: f64,
    pub(crate) to: f64,
    /// The shapes in it (indices into [`Diagram::nodes`]).
    pub(crate) nodes: Vec<usize>,
    /// The labelled edges whose label is in it.
    pub(crate) labels: Vec<usize>,
    /// The parts of edges in it.
    pub(crate) pieces: Vec<Piece<'d>>,
    /// The connectors at its two ends.
    pub(crate) connectors: Vec<Connector>,
}

/// The part of an edge inside one band.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece<'d> {
    pub(crate) edge: usize,
    /// The edge's own points when it lies in one band, else the part cut.
    pub(crate) points: Cow<'d, [Point]>,
    /// Whether the piece ends where the edge does (and gets its arrowhead).
    pub(crate) arrow: bool,
}

/// A numbered connector circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Connector {
    pub(crate) center: Point,
    pub(crate) number: usize,
}

/// The bands of a diagram no longer than `max` along the flow (where the
/// shapes allow); one band when it fits.
pub(super) fn bands(diagram: &Diagram, max: f64) -> Vec<Band<'_>> {
    bands_after(diagram, max, max)
}

/// [`bands`], the first no longer than `first` where a cut allows (the
/// room left under the text on a printed page).
pub(super) fn bands_after(diagram: &Diagram, first: f64, max: f64) -> Vec<Band<'_>> {
    let labels: Vec<Rect> = label_rects(diagram).map(|(_, r)| r).collect();
    let ranges = split_after(&diagram.layout, diagram.direction, &labels, first, max);
    fill(diagram, &ranges)
}

/// The box of every label, with its edge.
pub(super) fn label_rects(diagram: &Diagram) -> impl Iterator<Item = (usize, Rect)> + '_ {
    diagram
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label.is_some())
        .map(|(k, e)| {
            let (w, h) = label_size(&e.label_lines);
            (
                k,
                Rect {
                    x: e.label_at.x - w / 2.,
                    y: e.label_at.y - h / 2.,
                    width: w,
                    height: h,
                },
            )
        })
}

/// Bands for the given stretches, which must follow each other.
fn fill<'d>(diagram: &'d Diagram, ranges: &[(f64, f64)]) -> Vec<Band<'d>> {
    let mut bands: Vec<Band<'d>> = ranges
        .iter()
        .map(|&(from, to)| Band {
            from,
            to,
            ..Band::default()
        })
        .collect();
    if bands.len() <= 1 {
        // One band: everything, whole.
        if let Some(band) = bands.first_mut() {
            band.nodes = (0..diagram.nodes.len()).collect();
            band.labels = label_rects(diagram).map(|(k, _)| k).collect();
            band.pieces = diagram
                .edges
                .iter()
                .enumerate()
                .map(|(edge, e)| Piece {
                    edge,
                    points: Cow::Borrowed(&e.points),
                    arrow: true,
                })
                .collect();
        }
        return bands;
    }
    let cuts = Cuts {
        starts: ranges.iter().map(|r| r.0).collect(),
        down: diagram.direction == Direction::TopToBottom,
    };
    for (i, r) in diagram.rects.iter().enumerate() {
        bands[cuts.band_of(cuts.along(r.center()))].nodes.push(i);
    }
    for (k, r) in label_rects(diagram) {
        bands[cuts.band_of(cuts.along(r.center()))].labels.push(k);
    }
    let crossings = cuts.pieces(diagram, &mut bands);
    place_connectors(&mut bands, crossings, cuts.down);
    bands
}

/// Where a diagram is cut into bands.
struct Cuts {
    /// Where each band starts along the flow.
    starts: Vec<f64>,
    /// Whether the flow runs down (else right).
    down: bool,
}

impl Cuts {
    /// A point's place along the flow.
    fn along(&self, p: Point) -> f64 {
        if self.down { p.y } else { p.x }
    }

    /// The band a place along the flow is in.
    fn band_of(&self, v: f64) -> usize {
        self.starts.partition_point(|&s| s <= v).saturating_sub(1)
    }

    /// Puts every edge's pieces in their bands, and returns where edges
    /// cross each cut: (cut, across, edge).
    fn pieces<'d>(&self, diagram: &'d Diagram, bands: &mut [Band<'d>]) -> Vec<(usize, f64, usize)> {
        let down = self.down;
        let mut crossings: Vec<(usize, f64, usize)> = Vec::new();
        for (edge, e) in diagram.edges.iter().enumerate() {
            if e.points.is_empty() {
                continue;
            }
            let (lo, hi) = e
                .points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| {
                    (lo.min(self.along(p)), hi.max(self.along(p)))
                });
            if self.band_of(lo) == self.band_of(hi) {
                // In one band: drawn whole.
                bands[self.band_of(lo)].pieces.push(Piece {
                    edge,
                    points: Cow::Borrowed(&e.points),
                    arrow: true,
                });
                continue;
            }
            for b in self.band_of(lo)..=self.band_of(hi) {
                let (from, to) = (bands[b].from, bands[b].to);
                for (points, ends) in clip(&e.points, from, to, down) {
                    // Each crossing of the cut below band `b` is seen once, as
                    // an end of a piece in band `b` that lies on that cut.
                    if b + 1 < bands.len() {
                        let cut_ends = [(ends.0, points.first()), (ends.1, points.last())];
                        for (on_cut, p) in cut_ends {
                            if let (true, Some(&p)) = (on_cut, p)
                                && (self.along(p) - to).abs() < 1e-6
                            {
                                crossings.push((b, if down { p.x } else { p.y }, edge));
                            }
                        }
                    }
                    bands[b].pieces.push(Piece {
                        edge,
                        arrow: !ends.1,
                        points: Cow::Owned(points),
                    });
                }
            }
        }
        crossings
    }
}

/// The parts of a polyline within `from..=to` along the flow, each with
/// whether it starts and whether it ends on a cut (not at the polyline's
/// own ends).
fn clip(points: &[Point], from: f64, to: f64, down: bool) -> Vec<(Vec<Point>, (bool, bool))> {
    let along = |p: Point| if down { p.y } else { p.x };
    let at = |a: Point, b: Point, v: f64| {
        let t = (v - along(a)) / (along(b) - along(a));
        Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
    };
    let inside = |p: Point| along(p) >= from && along(p) <= to;
    let mut out: Vec<(Vec<Point>, (bool, bool))> = Vec::new();
    let mut current: Option<(Vec<Point>, bool)> = None;
    if let Some(&first) = points.first()
        && inside(first)
    {
        current = Some((vec![first], false));
    }
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (va, vb) = (along(a), along(b));
        // Where the segment enters and leaves the stretch.
        let (lo, hi) = (va.min(vb), va.max(vb));
        if hi < from || lo > to {
            if let Some((piece, start)) = current.take() {
                out.push((piece, (start, true)));
            }
            continue;
        }
        let enter = if inside(a) {
            a
        } else {
            at(a, b, if va < from { from } else { to })
        };
        let leave = if inside(b) {
            b
        } else {
            at(a, b, if vb < from { from } else { to })
        };
        match &mut current {
            Some((piece, _)) => piece.push(leave),
            None => current = Some((vec![enter, leave], true)),
        }
        if !inside(b)
            && let Some((piece, start)) = current.take()
        {
            out.push((piece, (start, true)));
        }
    }
    if let Some((piece, start)) = current.take() {
        out.push((piece, (start, false)));
    }
    out.retain(|(piece, _)| piece.len() >= 2);
    out
}

/// One connector per place an edge crosses a cut (edges crossing at one
/// place share it), numbered along each cut and from cut to cut; the same
/// number just before the cut and just after it. Connectors too close for
/// their circles step away from the cut in a second row.
fn place_connectors(bands: &mut [Band], mut crossings: Vec<(usize, f64, usize)>, down: bool) {
    crossings.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    crossings.dedup_by(|a, b| a.0 == b.0 && (a.1 - b.1).abs() < 0.5);
    let mut last: Option<(usize, f64, bool)> = None;
    for (k, (cut, across, _)) in crossings.into_iter().enumerate() {
        let number = k + 1;
        // A second row when the previous circle on this cut is too near.
        let outer = match last {
            Some((c, at, outer)) if c == cut && across - at < 2. * CONNECTOR_RADIUS + 2. => !outer,
            _ => false,
        };
        last = Some((cut, across, outer));
        let depth = CONNECTOR_RADIUS
            + CONNECTOR_GAP
            + if outer {
                2. * CONNECTOR_RADIUS + 2.
            } else {
                0.
            };
        let at = bands[cut].to;
        let point = |along: f64| {
            if down {
                Point::new(across, along)
            } else {
                Point::new(along, across)
            }
        };
        bands[cut].connectors.push(Connector {
            center: point(at - depth),
            number,
        });
        bands[cut + 1].connectors.push(Connector {
            center: point(at + depth),
            number,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(list: &[(f64, f64)]) -> Vec<Point> {
        list.iter().map(|&(x, y)| Point::new(x, y)).collect()
    }

    #[test]
    fn a_line_is_cut_at_the_band_ends() {
        let line = pts(&[(0., 0.), (0., 100.), (50., 100.), (50., 300.)]);
        let parts = clip(&line, 50., 200., true);
        assert_eq!(parts.len(), 1);
        assert_eq!(
            parts[0].0,
            pts(&[(0., 50.), (0., 100.), (50., 100.), (50., 200.)])
        );
        assert_eq!(parts[0].1, (true, true));
        let start = clip(&line, 0., 50., true);
        assert_eq!(start[0].0, pts(&[(0., 0.), (0., 50.)]));
        assert_eq!(start[0].1, (false, true));
        let end = clip(&line, 200., 400., true);
        assert_eq!(end[0].0, pts(&[(50., 200.), (50., 300.)]));
        assert_eq!(end[0].1, (true, false));
    }

    #[test]
    fn a_line_that_leaves_and_comes_back_is_two_pieces() {
        // Down, out of the band, and back up into it (a loop's channel).
        let line = pts(&[(0., 10.), (0., 300.), (20., 300.), (20., 20.)]);
        let parts = clip(&line, 0., 100., true);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[0].0, pts(&[(0., 10.), (0., 100.)]));
        assert_eq!(parts[1].0, pts(&[(20., 100.), (20., 20.)]));
        assert_eq!(parts[1].1, (true, false));
    }
}
