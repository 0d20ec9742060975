//! What BPMN readers expect of a layout beyond right angles (which
//! [`crate::layout::square`] gives every diagram): lanes tall enough for
//! their names, and branch labels beside the branch they name. Each works
//! on the [`Layout`] as computed, so [`crate::layout::check_geometry`] still
//! vouches for it.

use crate::layout::{Graph, Layout, Point};
use crate::render::font;

/// Where a branch's label goes, as (left end of its baseline, width to wrap
/// at, whether it hangs above the line): on the branch's own level run (the
/// first one away from the gateway's height), starting just after its
/// bend; for a branch that runs straight on, just before its arrow.
pub fn label_run(points: &[Point]) -> Option<(Point, f64, bool)> {
    let start = points.first()?;
    let level = |s: &&[Point]| (s[0].y - s[1].y).abs() < 0.01 && (s[0].x - s[1].x).abs() > 0.01;
    let own = points
        .windows(2)
        .filter(level)
        .find(|s| (s[0].y - start.y).abs() > 0.01);
    if let Some(s) = own {
        let (from, to) = (s[0].x.min(s[1].x), s[0].x.max(s[1].x));
        return Some((Point::new(from + 6.0, s[0].y), to - from - 16.0, false));
    }
    let s = points.windows(2).find(level)?;
    let (from, to) = (s[0].x.min(s[1].x), s[0].x.max(s[1].x));
    Some((Point::new(to - 10.0, s[0].y), to - from - 16.0, true))
}

/// The part of a lane's height its name may not use.
pub const LANE_PADDING: f64 = 36.0;
/// A lane is never made taller than this for its name.
const MAX_LANE: f64 = 480.0;

/// Makes each lane tall enough for its name in two lines at `size`, moving
/// what is in it down by half of what it grew (so it stays in the middle),
/// and the lanes below it by all of it.
pub fn stretch_lanes(graph: &Graph, layout: &mut Layout, names: &[&str], size: f64) {
    let count = layout.lanes.len();
    if count == 0 || names.len() != count {
        return;
    }
    let extra: Vec<f64> = layout
        .lanes
        .iter()
        .zip(names)
        .map(|(band, name)| {
            let mut height = band.rect.height;
            let fits = |h: f64| font::wrap(name, size, h - LANE_PADDING).len() <= 2;
            while !fits(height) && height < MAX_LANE {
                height += 10.0;
            }
            height - band.rect.height
        })
        .collect();
    if extra.iter().all(|&e| e == 0.0) {
        return;
    }
    let mut before = vec![0.0; count];
    for k in 1..count {
        before[k] = before[k - 1] + extra[k - 1];
    }
    let bottoms: Vec<f64> = layout.lanes.iter().map(|b| b.rect.bottom()).collect();
    let shift = |k: usize| before[k] + extra[k] / 2.0;
    let band_of = |y: f64| bottoms.iter().position(|&b| y < b).unwrap_or(count - 1);
    for (r, spec) in layout.nodes.iter_mut().zip(&graph.nodes) {
        r.y += shift(spec.lane.unwrap_or(0).min(count - 1));
    }
    for edge in &mut layout.edges {
        let label_band = band_of(edge.label_at.y);
        for p in &mut edge.points {
            p.y += shift(band_of(p.y));
        }
        edge.label_at.y += shift(label_band);
    }
    for (k, band) in layout.lanes.iter_mut().enumerate() {
        band.rect.y += before[k];
        band.rect.height += extra[k];
    }
    layout.height += before[count - 1] + extra[count - 1];
}
