//! Flows at right angles. The layout draws a slanted piece only in the
//! free gap between two layers; here each becomes a level, straight across,
//! level run (for a left-to-right layout; down, across, down for a
//! top-to-bottom one), which reads as a clean wall chart and is what BPMN
//! tools expect. Pieces stay in their gap, so [`super::check_geometry`]
//! still vouches for the result.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use super::{Direction, Layout, Point, transpose};

/// Turns every slanted piece of every edge into right angles (see the
/// module documentation), for a layout in either direction.
pub fn square(layout: &mut Layout, direction: Direction) {
    match direction {
        Direction::LeftToRight => square_across(layout),
        Direction::TopToBottom => {
            transpose(layout);
            square_across(layout);
            transpose(layout);
        }
    }
}

/// Space kept between a vertical run and the columns beside it, and
/// between two vertical runs in one gap.
const RUN_GAP: f64 = 12.0;

/// Turns every slanted piece of a flow, which the layout puts only in the
/// free gap between two columns, into a horizontal, vertical, horizontal
/// run. Flows leaving one point (the branches of a gateway) share one
/// vertical run near their source, as do flows meeting at one point; other
/// runs in the same gap get their own places, away from the vertical pieces
/// already there (loops crossing the gap). The label points move onto the
/// new pieces.
fn square_across(layout: &mut Layout) {
    let (slanted, verticals) = pieces(layout);
    if slanted.is_empty() {
        return;
    }
    let ends = |k: usize, end: usize| {
        let (e, i) = slanted[k];
        layout.edges[e].points[i + end]
    };
    let roots = runs(slanted.len(), ends);
    let run_x = place_runs(slanted.len(), ends, &roots, &verticals);
    let mut bends: HashMap<(usize, usize), f64> = HashMap::default();
    for (k, piece) in slanted.iter().enumerate() {
        bends.insert(*piece, run_x[&roots[k]]);
    }
    bend(layout, &bends);
}

/// A coordinate as an integer key: points this close are one point.
fn key(v: f64) -> i64 {
    (v * 64.0).round() as i64
}

/// Every slanted piece (edge, index of its first point), and the x of
/// every vertical piece already in a gap, sorted.
fn pieces(layout: &Layout) -> (Vec<(usize, usize)>, Vec<f64>) {
    let mut slanted: Vec<(usize, usize)> = Vec::new();
    let mut verticals: Vec<f64> = Vec::new();
    for (e, edge) in layout.edges.iter().enumerate() {
        for (i, s) in edge.points.windows(2).enumerate() {
            let (dx, dy) = ((s[1].x - s[0].x).abs(), (s[1].y - s[0].y).abs());
            if dx > 0.01 && dy > 0.01 {
                slanted.push((e, i));
            } else if dx <= 0.01 && dy > 0.01 {
                verticals.push(s[0].x);
            }
        }
    }
    verticals.sort_by(f64::total_cmp);
    (slanted, verticals)
}

/// The run of each of `count` pieces (its first piece): pieces that share
/// their first or their last point (`ends(k, 0)`, `ends(k, 1)`) share a run.
fn runs(count: usize, ends: impl Fn(usize, usize) -> Point) -> Vec<usize> {
    let pkey = |p: Point| (key(p.x), key(p.y));
    let mut parent: Vec<usize> = (0..count).collect();
    fn find(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    let mut seen: HashMap<(usize, (i64, i64)), usize> = HashMap::default();
    for k in 0..count {
        for end in [0, 1] {
            if let Some(&other) = seen.get(&(end, pkey(ends(k, end)))) {
                let (a, b) = (find(&mut parent, k), find(&mut parent, other));
                parent[a.max(b)] = a.min(b);
            } else {
                seen.insert((end, pkey(ends(k, end))), k);
            }
        }
    }
    (0..count).map(|k| find(&mut parent, k)).collect()
}

/// The x of each run's vertical piece: the runs of a gap spread across
/// it in [`order_runs`]' order, away from the `verticals` already there.
fn place_runs(
    count: usize,
    ends: impl Fn(usize, usize) -> Point,
    roots: &[usize],
    verticals: &[f64],
) -> HashMap<usize, f64> {
    // The runs of each gap, in the order of their first piece.
    let mut gaps: HashMap<(i64, i64), Vec<usize>> = HashMap::default();
    let mut gap_order: Vec<(i64, i64)> = Vec::new();
    for k in (0..count).filter(|&k| roots[k] == k) {
        let (p, q) = (ends(k, 0), ends(k, 1));
        let gap = (key(p.x.min(q.x)), key(p.x.max(q.x)));
        gaps.entry(gap).or_insert_with(|| {
            gap_order.push(gap);
            Vec::new()
        });
        if let Some(runs) = gaps.get_mut(&gap) {
            runs.push(k);
        }
    }
    // Every piece's (start height, end height), by run.
    let mut heights: HashMap<usize, Vec<(i64, i64)>> = HashMap::default();
    for (k, &root) in roots.iter().enumerate() {
        let (p, q) = (ends(k, 0), ends(k, 1));
        heights.entry(root).or_default().push((key(p.y), key(q.y)));
    }
    let mut run_x: HashMap<usize, f64> = HashMap::default();
    for gap in gap_order {
        let runs = order_runs(&gaps[&gap], &heights);
        let (a, b) = (gap.0 as f64 / 64.0, gap.1 as f64 / 64.0);
        let step = ((b - a) / (runs.len() + 1) as f64).min(RUN_GAP);
        // The upright pieces already in this gap (`verticals` is sorted, so
        // finding them costs a search, not a pass over the whole drawing).
        let from = verticals.partition_point(|&x| x <= a);
        let to = verticals.partition_point(|&x| x < b);
        let taken = &verticals[from..to.max(from)];
        let mut x = a + step;
        for k in runs {
            while taken.iter().any(|&t| (t - x).abs() < step / 2.0) && x < b - step {
                x += step / 2.0;
            }
            run_x.insert(k, x.min(b - step / 2.0).max(a + 1.0));
            x += step;
        }
    }
    run_x
}

/// Replaces each slanted piece `(edge, index)` in `bends` by a level,
/// vertical (at the x given), level run, and moves the edge's label point
/// onto the new pieces.
fn bend(layout: &mut Layout, bends: &HashMap<(usize, usize), f64>) {
    for (e, edge) in layout.edges.iter_mut().enumerate() {
        if !(0..edge.points.len()).any(|i| bends.contains_key(&(e, i))) {
            continue;
        }
        let mut points = Vec::with_capacity(edge.points.len() + 4);
        for (i, &p) in edge.points.iter().enumerate() {
            points.push(p);
            if let (Some(&x), Some(&q)) = (bends.get(&(e, i)), edge.points.get(i + 1)) {
                points.push(Point::new(x, p.y));
                points.push(Point::new(x, q.y));
            }
        }
        edge.points = points;
        edge.label_at = middle_of_longest(&edge.points);
    }
}

/// The runs of one gap from left to right. A run that leaves at the height
/// where another arrives turns before it (else their level pieces would lie
/// on one another); otherwise runs going down turn in order from the lowest
/// start, then runs going up from the highest, which keeps nested runs from
/// crossing.
fn order_runs(runs: &[usize], heights: &HashMap<usize, Vec<(i64, i64)>>) -> Vec<usize> {
    let first = |k: usize| heights[&k][0];
    let mut sorted = runs.to_vec();
    sorted.sort_by_key(|&k| {
        let (p, q) = first(k);
        if q > p { (0, -p) } else { (1, p) }
    });
    // "Leaves where the other arrives" as edges of a graph, found through a
    // map of arrival heights, then placed in sorted order as far as the
    // edges allow (Kahn's algorithm with the sorted rank as priority): the
    // order the pairwise search gave, in n·log n instead of n³ (a gap of a
    // 100,000-step tree holds 25,000 runs).
    let rank: HashMap<usize, usize> = sorted.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut arriving: HashMap<i64, Vec<usize>> = HashMap::default();
    for &k in &sorted {
        for &(_, q) in &heights[&k] {
            arriving.entry(q).or_default().push(k);
        }
    }
    let mut after: HashMap<usize, Vec<usize>> = HashMap::default();
    let mut waiting: HashMap<usize, usize> = sorted.iter().map(|&k| (k, 0)).collect();
    for &r in &sorted {
        let mut next: Vec<usize> = heights[&r]
            .iter()
            .flat_map(|(p, _)| arriving.get(p).into_iter().flatten().copied())
            .filter(|&s| s != r)
            .collect();
        next.sort_unstable();
        next.dedup();
        for &s in &next {
            *waiting.entry(s).or_default() += 1;
        }
        after.insert(r, next);
    }
    let mut ready: BinaryHeap<Reverse<usize>> = sorted
        .iter()
        .filter(|k| waiting[k] == 0)
        .map(|k| Reverse(rank[k]))
        .collect();
    let mut placed: Vec<usize> = Vec::with_capacity(sorted.len());
    let mut done = vec![false; sorted.len()];
    let mut fallback = 0;
    while placed.len() < sorted.len() {
        // When only a cycle is left, the first waiting run in sorted order
        // goes next, as the pairwise search did.
        let Reverse(at) = ready.pop().unwrap_or_else(|| {
            while done[fallback] {
                fallback += 1;
            }
            Reverse(fallback)
        });
        if std::mem::replace(&mut done[at], true) {
            continue;
        }
        let k = sorted[at];
        placed.push(k);
        for &s in &after[&k] {
            if let Some(w) = waiting.get_mut(&s) {
                *w = w.saturating_sub(1);
                if *w == 0 && !done[rank[&s]] {
                    ready.push(Reverse(rank[&s]));
                }
            }
        }
    }
    placed
}

/// The middle of the longest piece of a polyline.
fn middle_of_longest(points: &[Point]) -> Point {
    let length = |s: &[Point]| (s[1].x - s[0].x).hypot(s[1].y - s[0].y);
    points
        .windows(2)
        .max_by(|a, b| length(a).total_cmp(&length(b)))
        .map_or_else(
            || points.first().copied().unwrap_or_default(),
            |s| Point::new((s[0].x + s[1].x) / 2.0, (s[0].y + s[1].y) / 2.0),
        )
}
