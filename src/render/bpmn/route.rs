//! Lanes wide enough for their names: bpmn-js writes a lane's name in a
//! band 30 px deep across the lane's start, wrapped to the lane's breadth
//! (its height when lanes are rows, its width when they are columns). This
//! works on the [`Layout`] as computed, so [`crate::layout::check_geometry`]
//! still vouches for it.

use crate::layout::{Direction, Graph, Layout, transpose};
use crate::render::font;

/// The part of a lane's height its name may not use.
pub(super) const LANE_PADDING: f64 = 36.0;
/// A lane is never made taller than this for its name.
const MAX_LANE: f64 = 480.0;

/// Makes each lane broad enough for its name in two lines at `size`,
/// moving what is in it by half of what it grew (so it stays in the
/// middle), and the lanes after it by all of it.
pub(super) fn stretch_lanes(graph: &Graph, layout: &mut Layout, names: &[&str], size: f64) {
    match graph.direction {
        Direction::LeftToRight => stretch_rows(graph, layout, names, size),
        Direction::TopToBottom => {
            // Columns are rows of the drawing turned on its diagonal.
            transpose(layout);
            stretch_rows(graph, layout, names, size);
            transpose(layout);
        }
    }
}

/// [`stretch_lanes`] for lanes that are rows.
fn stretch_rows(graph: &Graph, layout: &mut Layout, names: &[&str], size: f64) {
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
