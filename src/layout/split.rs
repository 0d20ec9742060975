//! Where a drawing can be cut across the flow into bands no longer than a
//! given length, without cutting a box: for a page that shows a long
//! flowchart in parts (the HTML page, the printed page, a PDF). The cuts
//! fall between layers, in the middle of the free space between boxes, so
//! every band holds whole boxes; each band is as long as the limit allows.

use super::{Direction, Layout, Rect};

/// Free space kept between a cut and the nearest box.
const CLEAR: f64 = 4.;

/// The bands `[from, to)` along the flow (y when the flow runs down, x when
/// it runs right) that cover the drawing, each at most `max` long where the
/// boxes allow; a run of boxes that cannot be cut (one box longer than
/// `max`) makes its band longer. `keep` are more rectangles no cut may go
/// through (the labels). The first band starts at 0 and the last ends at the
/// drawing's length. O(n log n) for n boxes.
pub fn split(layout: &Layout, direction: Direction, keep: &[Rect], max: f64) -> Vec<(f64, f64)> {
    split_after(layout, direction, keep, max, max)
}

/// [`split`], with the first band at most `first` long (the room left on a
/// page that has text above the drawing) when a cut falls within it, else
/// as long as the others.
pub(crate) fn split_after(
    layout: &Layout,
    direction: Direction,
    keep: &[Rect],
    first: f64,
    max: f64,
) -> Vec<(f64, f64)> {
    let along = |r: &Rect| match direction {
        Direction::TopToBottom => (r.y, r.bottom()),
        Direction::LeftToRight => (r.x, r.right()),
    };
    let length = match direction {
        Direction::TopToBottom => layout.height,
        Direction::LeftToRight => layout.width,
    };
    let cuts = cut_points(layout.nodes.iter().chain(keep).map(along), length);
    let usable = |limit: f64| {
        if limit.is_finite() && limit > 0. {
            limit
        } else {
            f64::INFINITY
        }
    };
    let max = usable(max);
    let first = usable(first).min(max);
    let mut bands = Vec::new();
    let mut start = 0.;
    // The first band is shorter only where a cut lets it be.
    let mut limit = match cuts.first() {
        Some(&c) if c <= first && length > first => first,
        _ => max,
    };
    while length - start > limit {
        // The furthest cut within reach, else the nearest beyond it.
        let within = cuts.partition_point(|&c| c <= start + limit);
        let next = match cuts[..within].last() {
            Some(&c) if c > start => Some(c),
            _ => cuts[within..].iter().copied().find(|&c| c > start),
        };
        let Some(cut) = next else { break };
        bands.push((start, cut));
        start = cut;
        limit = max;
    }
    bands.push((start, length));
    bands
}

/// The middle of every free stretch between the spans `[a, b]` (grown by
/// [`CLEAR`]) that lies inside `(0, length)`, in order.
fn cut_points(spans: impl Iterator<Item = (f64, f64)>, length: f64) -> Vec<f64> {
    let mut spans: Vec<(f64, f64)> = spans
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (a - CLEAR, b + CLEAR))
        .collect();
    spans.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    let mut cuts = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (a, b) in spans {
        if a > reach && reach.is_finite() {
            let c = (reach + a) / 2.;
            if c > 0. && c < length {
                cuts.push(c);
            }
        }
        reach = reach.max(b);
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(rows: &[(f64, f64)]) -> Layout {
        Layout {
            nodes: rows
                .iter()
                .map(|&(y, h)| Rect {
                    x: 0.,
                    y,
                    width: 10.,
                    height: h,
                })
                .collect(),
            height: rows.last().map_or(0., |&(y, h)| y + h + 20.),
            width: 10.,
            ..Layout::default()
        }
    }

    #[test]
    fn the_first_band_fits_the_room_left_when_a_cut_allows() {
        // Boxes 50 high with 30 between them: cuts at 85, 165, 245, …
        let rows: Vec<(f64, f64)> = (0..10).map(|i| (20. + 80. * i as f64, 50.)).collect();
        let layout = boxes(&rows);
        let bands = split_after(&layout, Direction::TopToBottom, &[], 100., 300.);
        assert_eq!(bands[0], (0., 85.), "{bands:?}");
        assert!(bands[1..].iter().all(|&(a, b)| b - a <= 300.), "{bands:?}");
        assert_eq!(bands.last().map(|b| b.1), Some(layout.height));
        // No cut within the room: the first band is as long as the others.
        assert_eq!(
            split_after(&layout, Direction::TopToBottom, &[], 50., 300.),
            split(&layout, Direction::TopToBottom, &[], 300.)
        );
    }

    #[test]
    fn bands_end_between_boxes_and_stay_within_the_limit() {
        // Boxes 50 high with 30 between them: 20..70, 100..150, …
        let rows: Vec<(f64, f64)> = (0..10).map(|i| (20. + 80. * i as f64, 50.)).collect();
        let layout = boxes(&rows);
        let bands = split(&layout, Direction::TopToBottom, &[], 300.);
        assert_eq!(bands.first().map(|b| b.0), Some(0.));
        assert_eq!(bands.last().map(|b| b.1), Some(layout.height));
        for w in bands.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        for &(a, b) in &bands {
            assert!(b - a <= 300., "{bands:?}");
            for r in &layout.nodes {
                assert!(
                    r.bottom() <= a || r.y >= b || (r.y >= a && r.bottom() <= b),
                    "{r:?} cut by {bands:?}"
                );
            }
        }
        // As few bands as the limit allows: 3 boxes (240 px) per band.
        assert_eq!(bands.len(), 4, "{bands:?}");
    }

    #[test]
    fn a_box_longer_than_the_limit_gets_its_own_band() {
        let layout = boxes(&[(20., 50.), (100., 500.), (630., 50.)]);
        let bands = split(&layout, Direction::TopToBottom, &[], 200.);
        assert_eq!(bands.len(), 3, "{bands:?}");
        assert!(bands[1].1 - bands[1].0 > 500.);
        // No limit, or a drawing that fits: one band.
        assert_eq!(
            split(&layout, Direction::TopToBottom, &[], f64::INFINITY).len(),
            1
        );
        assert_eq!(split(&layout, Direction::TopToBottom, &[], 1e6).len(), 1);
    }

    #[test]
    fn labels_are_not_cut_either() {
        let layout = boxes(&[(20., 50.), (100., 50.), (180., 50.)]);
        let label = Rect {
            x: 0.,
            y: 65.,
            width: 10.,
            height: 30.,
        };
        let bands = split(&layout, Direction::TopToBottom, &[label], 90.);
        assert!(
            bands.iter().all(|&(a, _)| a <= 61. || a >= 99.),
            "{bands:?}"
        );
    }
}
