//! Coordinates along the flow (the layers' rows) and every edge's polyline.
//!
//! Every node is centred on its layer's row, whose height is its tallest
//! box. A layered edge leaves the middle of its source's bottom, goes
//! straight down to the bottom of the row, crosses the free gap to the next
//! row diagonally, and passes each row it crosses vertically at its dummy's
//! place; so its slanted pieces lie only in gaps, where no box is, and its
//! straight pieces only where its own node or dummy is. Edges between the
//! same two nodes are spread apart. Channel edges and self-loops follow the
//! plan of `ports.rs`.

use super::layers::{Layered, Route};
use super::ports::{ChannelEdge, End, HOP_GAP, LOOP_STEP, LOOP_WIDTH, Pads, Plan, STUB_GAP};
use super::ports::{SelfLoop, Side, loop_area};
use super::position::extent;
use super::rank::Class;
use super::{EdgePath, Input, Point, Rect, Spacing};

/// The rows of the layers along the flow.
pub(crate) struct Rows {
    top: Vec<f64>,
    thick: Vec<f64>,
    hops: Vec<usize>,
    /// Per layer, the room below it kept for the labels of the edges that
    /// leave it: edges run straight down through it and turn only below.
    room: Vec<f64>,
}

impl Rows {
    pub(crate) fn new(g: &Layered, input: &Input, plan: &Plan, sp: &Spacing) -> Self {
        let layers = g.layers();
        let mut thick = vec![0.; layers];
        for v in 0..g.real {
            thick[g.rank[v]] = f64::max(thick[g.rank[v]], input.h[v]);
        }
        let mut room = vec![0.; layers];
        for (e, route) in g.routes.iter().enumerate() {
            if let (Route::Layered { seg, .. }, Some(&(u, _))) = (route, input.edges[e].as_ref()) {
                debug_assert_eq!(g.segs[*seg].from, u);
                room[g.rank[u]] = f64::max(room[g.rank[u]], input.label_room[e]);
            }
        }
        let mut top = Vec::with_capacity(layers);
        let mut y = 0.;
        for (r, t) in thick.iter().enumerate() {
            top.push(y);
            let hops = plan.hops.get(r).copied().unwrap_or(0);
            y += t + room[r] + sp.layer_gap + hops as f64 * HOP_GAP;
        }
        Rows {
            top,
            thick,
            hops: plan.hops.clone(),
            room,
        }
    }

    fn top(&self, r: usize) -> f64 {
        self.top[r]
    }

    fn bottom(&self, r: usize) -> f64 {
        self.top[r] + self.thick[r]
    }

    /// Where edges leaving layer `r` may first turn: below its row and the
    /// room kept for labels.
    fn turn(&self, r: usize) -> f64 {
        self.bottom(r) + self.room[r]
    }

    /// Where hop `index` crosses the gap below layer `gap`: the hops are
    /// centred in the gap, [`HOP_GAP`] apart.
    fn hop_y(&self, gap: usize, index: usize) -> f64 {
        let count = self.hops.get(gap).copied().unwrap_or(1).max(1);
        let middle = match self.top.get(gap + 1) {
            Some(&next) => (self.turn(gap) + next) / 2.,
            None => self.turn(gap) + HOP_GAP,
        };
        middle + (index as f64 - (count - 1) as f64 / 2.) * HOP_GAP
    }
}

/// Where everything is: node centres and the side channels.
pub(crate) struct Frame<'a> {
    g: &'a Layered,
    input: &'a Input,
    x: &'a [f64],
    rows: &'a Rows,
    /// x of the innermost track, [left, right].
    channel: [f64; 2],
    track_gap: f64,
    edge_gap: f64,
}

impl<'a> Frame<'a> {
    pub(crate) fn new(
        g: &'a Layered,
        input: &'a Input,
        x: &'a [f64],
        rows: &'a Rows,
        pads: &Pads,
        sp: &Spacing,
    ) -> Self {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in 0..g.len() {
            let (a, b) = extent(g, pads, x, v);
            (lo, hi) = (lo.min(a), hi.max(b));
        }
        Frame {
            g,
            input,
            x,
            rows,
            channel: [lo - 2. * sp.track_gap, hi + 2. * sp.track_gap],
            track_gap: sp.track_gap,
            edge_gap: sp.edge_gap,
        }
    }

    fn cy(&self, v: usize) -> f64 {
        let r = self.g.rank[v];
        self.rows.top(r) + self.rows.thick[r] / 2.
    }

    /// The box of real node `v`.
    pub(crate) fn rect(&self, v: usize) -> Rect {
        let (w, h) = (self.input.w[v], self.input.h[v]);
        Rect {
            x: self.x[v] - w / 2.,
            y: self.cy(v) - h / 2.,
            width: w,
            height: h,
        }
    }

    fn track_x(&self, side: Side, track: usize) -> f64 {
        self.channel[side as usize] + side.sign() * track as f64 * self.track_gap
    }
}

/// One path per input edge, in the internal frame.
pub(crate) fn paths(g: &Layered, class: &[Class], plan: &Plan, f: &Frame) -> Vec<EdgePath> {
    let (out_offset, in_offset) = parallel_offsets(g, f.x, f.edge_gap);
    let mut points: Vec<Vec<Point>> = (g.routes.iter())
        .map(|&route| layered(f, route, &out_offset, &in_offset))
        .collect();
    for c in &plan.channels {
        points[c.edge] = channel(f, plan, c);
    }
    for l in &plan.loops {
        points[l.edge] = self_loop(f, plan, l);
    }
    points
        .into_iter()
        .zip(class)
        .map(|(points, &class)| {
            let points = simplify(points);
            EdgePath {
                label_at: label_at(&points),
                points,
                back: matches!(class, Class::Back | Class::SelfLoop),
            }
        })
        .collect()
}

/// Offsets across the flow, at the source and at the target, of the
/// segments leaving and entering each node.
///
/// The segments leaving a node each get their own port along its bottom,
/// in the order of the nodes they lead to, spread over the middle half of
/// its width: two branches of a decision leave it apart, so a reader can
/// follow each one (Graphviz's `dot` does the same). Segments entering a
/// node meet at its middle, and may merge there; only segments from one
/// node to one node (repeated edges) are spread apart.
fn parallel_offsets(g: &Layered, x: &[f64], gap: f64) -> (Vec<f64>, Vec<f64>) {
    let mut out = vec![0.; g.segs.len()];
    let mut into = vec![0.; g.segs.len()];
    let mut group: Vec<(f64, usize, usize)> = Vec::new();
    for v in 0..g.real {
        let leaving = g.down.of(v);
        if leaving.len() > 1 {
            group.clear();
            group.extend(leaving.iter().map(|&s| (x[g.segs[s].to], g.segs[s].to, s)));
            group.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            // Each port as near above its target as the middle half of the
            // node allows (no jog for a branch going straight on), at
            // least `apart` from the next.
            let half = g.w[v] / 4.;
            let apart = (2. * half / (group.len() - 1) as f64).min(half);
            let mut at: Vec<f64> = group
                .iter()
                .map(|&(tx, _, _)| (tx - x[v]).clamp(-half, half))
                .collect();
            for i in 1..at.len() {
                at[i] = at[i].max(at[i - 1] + apart);
            }
            if let Some(last) = at.last_mut()
                && *last > half
            {
                *last = half;
                for i in (0..at.len() - 1).rev() {
                    at[i] = at[i].min(at[i + 1] - apart);
                }
            }
            for (&(_, _, s), &d) in group.iter().zip(&at) {
                out[s] = d;
            }
        }
        let entering = g.up.of(v);
        if entering.len() > 1 {
            group.clear();
            group.extend(entering.iter().map(|&s| (0., g.segs[s].from, s)));
            group.sort_unstable_by_key(|&(_, from, s)| (from, s));
            for run in group
                .chunk_by(|a, b| a.1 == b.1)
                .filter(|run| run.len() > 1)
            {
                let m = run.len() as f64;
                let step = gap.min(g.w[v] / (m + 1.));
                for (i, &(_, _, s)) in run.iter().enumerate() {
                    into[s] = (i as f64 - (m - 1.) / 2.) * step;
                }
            }
        }
    }
    (out, into)
}

/// The polyline of a layered edge (empty for any other route).
fn layered(f: &Frame, route: Route, out_offset: &[f64], in_offset: &[f64]) -> Vec<Point> {
    let Route::Layered { dummies, seg, .. } = route else {
        return Vec::new();
    };
    let (g, rows) = (f.g, f.rows);
    let chain = g.chain(route);
    let (Some(&u), Some(&v)) = (chain.first(), chain.last()) else {
        return Vec::new();
    };
    let mut points = Vec::with_capacity(2 * chain.len() + 2);
    let x = f.x[u] + out_offset[seg];
    points.push(Point::new(x, f.cy(u) + f.input.h[u] / 2.));
    points.push(Point::new(x, rows.turn(g.rank[u])));
    for &d in &chain[1..chain.len() - 1] {
        points.push(Point::new(f.x[d], rows.top(g.rank[d])));
        points.push(Point::new(f.x[d], rows.turn(g.rank[d])));
    }
    let x = f.x[v] + in_offset[seg + dummies];
    points.push(Point::new(x, rows.top(g.rank[v])));
    points.push(Point::new(x, f.cy(v) - f.input.h[v] / 2.));
    points
}

/// The polyline of a channel edge: out of the source's side, to the
/// channel (directly, or by a stub and a hop), along its track, and back
/// in the same way to the target's side.
fn channel(f: &Frame, plan: &Plan, c: &ChannelEdge) -> Vec<Point> {
    let sign = c.side.sign();
    let uses = |end: &End| plan.sides[end.node][c.side as usize];
    let port = |end: &End| {
        let (v, h) = (end.node, f.input.h[end.node]);
        let share = (end.slot + 1) as f64 / (uses(end).ports + 1) as f64;
        Point::new(
            f.x[v] + sign * f.input.w[v] / 2.,
            f.cy(v) - h / 2. + h * share,
        )
    };
    let stub = |end: &End| {
        let out = loop_area(uses(end).loops) + (end.stub + 1) as f64 * STUB_GAP;
        f.x[end.node] + sign * (f.input.w[end.node] / 2. + out)
    };
    let hop = |end: &End| f.rows.hop_y(end.gap, end.hop);
    let [s, t] = &c.ends;
    let (from, to) = (port(s), port(t));
    let mut points = vec![from];
    if c.shortcut {
        let y = hop(s);
        points.extend(
            [
                (stub(s), from.y),
                (stub(s), y),
                (stub(t), y),
                (stub(t), to.y),
            ]
            .map(pt),
        );
    } else {
        let x = f.track_x(c.side, c.track);
        match s.direct {
            true => points.push(Point::new(x, from.y)),
            false => points.extend([(stub(s), from.y), (stub(s), hop(s)), (x, hop(s))].map(pt)),
        }
        match t.direct {
            true => points.push(Point::new(x, to.y)),
            false => points.extend([(x, hop(t)), (stub(t), hop(t)), (stub(t), to.y)].map(pt)),
        }
    }
    points.push(to);
    points
}

fn pt((x, y): (f64, f64)) -> Point {
    Point::new(x, y)
}

/// A self-loop: out of the node's side, around, and back in lower down;
/// loops of one node nest.
fn self_loop(f: &Frame, plan: &Plan, l: &SelfLoop) -> Vec<Point> {
    let v = l.node;
    let (w, h, cy) = (f.input.w[v], f.input.h[v], f.cy(v));
    let loops = plan.sides[v][l.side as usize].loops;
    let rise = h / 2. * (l.index + 1) as f64 / (loops + 1) as f64;
    let side = f.x[v] + l.side.sign() * w / 2.;
    let out = side + l.side.sign() * (LOOP_WIDTH + l.index as f64 * LOOP_STEP);
    [
        (side, cy - rise),
        (out, cy - rise),
        (out, cy + rise),
        (side, cy + rise),
    ]
    .map(pt)
    .to_vec()
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|q| (q.x - p.x).abs() < 1e-9 && (q.y - p.y).abs() < 1e-9)
        {
            continue;
        }
        if let [.., a, b] = out[..] {
            let cross = (b.x - a.x) * (p.y - b.y) - (b.y - a.y) * (p.x - b.x);
            let onward = (b.x - a.x) * (p.x - b.x) + (b.y - a.y) * (p.y - b.y);
            let scale = (b.x - a.x).hypot(b.y - a.y) * (p.x - b.x).hypot(p.y - b.y);
            if cross.abs() <= 1e-9 * scale && onward > 0. {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The middle of the longest segment that touches no node (the first and
/// last touch their nodes), or of the longest segment if there is no other.
fn label_at(points: &[Point]) -> Point {
    let segments = points.len().saturating_sub(1);
    let inner = if segments >= 3 {
        1..segments - 1
    } else {
        0..segments
    };
    let length = |i: usize| (points[i + 1].x - points[i].x).hypot(points[i + 1].y - points[i].y);
    match inner.max_by(|&a, &b| length(a).total_cmp(&length(b))) {
        Some(i) => Point::new(
            (points[i].x + points[i + 1].x) / 2.,
            (points[i].y + points[i + 1].y) / 2.,
        ),
        None => points.first().copied().unwrap_or_default(),
    }
}
