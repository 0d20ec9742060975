//! Where the edges that leave the layers meet their nodes: channel edges
//! (back edges and over-long forward edges) and self-loops.
//!
//! A channel edge leaves its source's side, runs along a track of a side
//! channel (left or right of the drawing, whichever its ends are nearer) and
//! enters its target from the same side. When another box stands between a
//! node and the channel in the node's layer, the edge first steps aside on a
//! short vertical "stub" beside the node into the free gap between two
//! layers, and crosses to the channel there (a "hop"); so no edge is ever
//! drawn through a box. A back edge to the layer just above, both of whose
//! ends are hemmed in, hops straight from stub to stub.
//!
//! Everything here is decided before coordinates exist: ports, stubs and
//! hops are numbered, and their room is reserved (`Pads` across, hops per gap
//! along the flow), so positioning can keep them clear of other boxes.

use super::channel::assign_tracks;
use super::csr::Csr;
use super::layers::{Layered, Route};

/// Across the flow, between a node's side and its first stub, and between stubs.
pub(crate) const STUB_GAP: f64 = 8.;
/// Along the flow, between two hops in one gap.
pub(crate) const HOP_GAP: f64 = 10.;
/// How far the innermost self-loop reaches out from its node.
pub(crate) const LOOP_WIDTH: f64 = 20.;
/// How much further each next self-loop of the same node reaches.
pub(crate) const LOOP_STEP: f64 = 10.;

/// A side of a node, or of the drawing, across the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Left = 0,
    Right = 1,
}

impl Side {
    /// -1 to the left, +1 to the right.
    pub(crate) fn sign(self) -> f64 {
        match self {
            Side::Left => -1.,
            Side::Right => 1.,
        }
    }
}

/// One end of a channel edge.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct End {
    pub(crate) node: usize,
    /// No box lies beyond the node in its layer: the edge runs straight
    /// across from the node's side to the channel.
    pub(crate) direct: bool,
    /// The edge turns from the port towards the layer above (else below).
    pub(crate) goes_up: bool,
    /// The port's index down the node's side.
    pub(crate) slot: usize,
    /// The stub's index out from the node (when not `direct`).
    pub(crate) stub: usize,
    /// The hop crosses the gap below layer `gap` (when not `direct`).
    pub(crate) gap: usize,
    /// The hop's index within its gap.
    pub(crate) hop: usize,
}

/// An edge routed through a side channel.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChannelEdge {
    pub(crate) edge: usize,
    pub(crate) side: Side,
    /// Both ends hop through the same gap: stub to stub, no track.
    pub(crate) shortcut: bool,
    /// 0 = the track nearest the drawing.
    pub(crate) track: usize,
    /// Source end, target end.
    pub(crate) ends: [End; 2],
}

/// What one side of a node carries.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SideUse {
    pub(crate) ports: usize,
    pub(crate) stubs: usize,
    pub(crate) loops: usize,
}

impl SideUse {
    /// Room reserved beside the node for its loops and stubs.
    pub(crate) fn pad(&self) -> f64 {
        loop_area(self.loops) + self.stubs as f64 * STUB_GAP
    }
}

/// How far a node's loops reach out from its side.
pub(crate) fn loop_area(loops: usize) -> f64 {
    match loops {
        0 => 0.,
        n => LOOP_WIDTH + (n - 1) as f64 * LOOP_STEP,
    }
}

/// A self-loop: the `index`-th (from the inside) on its node's `side`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SelfLoop {
    pub(crate) edge: usize,
    pub(crate) node: usize,
    pub(crate) side: Side,
    pub(crate) index: usize,
}

/// Room reserved across the flow on each side of each node (0 for dummies).
pub(crate) struct Pads {
    pub(crate) left: Vec<f64>,
    pub(crate) right: Vec<f64>,
}

/// Every channel edge and self-loop, placed.
pub(crate) struct Plan {
    pub(crate) channels: Vec<ChannelEdge>,
    pub(crate) loops: Vec<SelfLoop>,
    /// Per real node, [left, right].
    pub(crate) sides: Vec<[SideUse; 2]>,
    /// Per gap (below layer r), the number of hops crossing it.
    pub(crate) hops: Vec<usize>,
}

impl Plan {
    pub(crate) fn new(g: &Layered, edges: &[Option<(usize, usize)>], lanes: usize) -> Self {
        let across = Across::new(g, lanes);
        let mut channels: Vec<ChannelEdge> = (0..g.routes.len())
            .filter(|&e| g.routes[e] == Route::Channel)
            .filter_map(|e| Some(ChannelEdge::new(g, &across, e, edges[e]?)))
            .collect();
        for side in [Side::Left, Side::Right] {
            let on_side: Vec<usize> = (0..channels.len())
                .filter(|&c| channels[c].side == side && !channels[c].shortcut)
                .collect();
            let spans: Vec<(usize, usize)> = on_side
                .iter()
                .map(|&c| {
                    let (a, b) = (channels[c].ends[0].node, channels[c].ends[1].node);
                    (g.rank[a].min(g.rank[b]), g.rank[a].max(g.rank[b]))
                })
                .collect();
            for (track, c) in assign_tracks(&spans, g.layers()).into_iter().zip(on_side) {
                channels[c].track = track;
            }
        }
        let mut sides = vec![[SideUse::default(); 2]; g.real];
        place_ports(g, &mut channels, &mut sides);
        let loops = place_loops(g, edges, &mut sides);
        let hops = place_hops(g, &mut channels);
        Plan {
            channels,
            loops,
            sides,
            hops,
        }
    }

    pub(crate) fn pads(&self, g: &Layered) -> Pads {
        let side = |s: Side| {
            let mut pad = vec![0.; g.len()];
            for (p, uses) in pad.iter_mut().zip(&self.sides) {
                *p = uses[s as usize].pad();
            }
            pad
        };
        Pads {
            left: side(Side::Left),
            right: side(Side::Right),
        }
    }
}

impl ChannelEdge {
    fn new(g: &Layered, across: &Across, edge: usize, (s, t): (usize, usize)) -> Self {
        let up = g.rank[t] < g.rank[s];
        // The side with fewer nodes and edges between the ends and it in
        // their layers (each would be crossed on the way out); when even,
        // the side the two ends lie nearer to, right when even again.
        let beyond = |v: usize, side: Side| match side {
            Side::Left => g.pos[v],
            Side::Right => g.layer(g.rank[v]).len() - 1 - g.pos[v],
        };
        let cost = |side: Side| beyond(s, side) + beyond(t, side);
        let side = match cost(Side::Left).cmp(&cost(Side::Right)) {
            std::cmp::Ordering::Less => Side::Left,
            std::cmp::Ordering::Greater => Side::Right,
            std::cmp::Ordering::Equal if across.place[s] + across.place[t] < 1. - 1e-9 => {
                Side::Left
            }
            std::cmp::Ordering::Equal => Side::Right,
        };
        let end = |node: usize, source: bool| {
            let goes_up = source == up;
            End {
                node,
                direct: across.is_outermost(g, node, side),
                goes_up,
                gap: if goes_up {
                    g.rank[node].saturating_sub(1)
                } else {
                    g.rank[node]
                },
                ..End::default()
            }
        };
        let ends = [end(s, true), end(t, false)];
        ChannelEdge {
            edge,
            side,
            shortcut: !ends[0].direct && !ends[1].direct && ends[0].gap == ends[1].gap,
            track: 0,
            ends,
        }
    }
}

/// Where the real nodes lie across the drawing.
struct Across {
    /// Per layer, the position of its first and of its last real node:
    /// nothing but edges lies beyond them.
    first: Vec<usize>,
    last: Vec<usize>,
    /// Per real node, from 0 (left) to 1 (right): its lane's place, and its
    /// place among the real nodes of its lane in its layer.
    place: Vec<f64>,
}

impl Across {
    fn new(g: &Layered, lanes: usize) -> Self {
        let mut place = vec![0.5; g.real];
        let (mut first, mut last) = (Vec::new(), Vec::new());
        for r in 0..g.layers() {
            let layer = g.layer(r);
            let real = |&(_, &v): &(usize, &usize)| !g.is_dummy(v);
            first.push(
                layer
                    .iter()
                    .enumerate()
                    .find(real)
                    .map_or(usize::MAX, |(i, _)| i),
            );
            last.push(
                layer
                    .iter()
                    .enumerate()
                    .rfind(real)
                    .map_or(usize::MAX, |(i, _)| i),
            );
            for run in layer.chunk_by(|&a, &b| g.lane[a] == g.lane[b]) {
                let count = run.iter().filter(|&&v| !g.is_dummy(v)).count() as f64;
                for (i, &v) in run.iter().filter(|&&v| !g.is_dummy(v)).enumerate() {
                    place[v] = (g.lane[v] as f64 + (i as f64 + 0.5) / count) / lanes as f64;
                }
            }
        }
        Self { first, last, place }
    }

    fn is_outermost(&self, g: &Layered, v: usize, side: Side) -> bool {
        let ends = match side {
            Side::Left => &self.first,
            Side::Right => &self.last,
        };
        ends[g.rank[v]] == g.pos[v]
    }
}

/// Orders the ports down each node side and numbers the stubs. Ports
/// turning up come first, those whose track is nearer higher up; ports
/// turning down follow, nearer tracks lower down; the port nearest its gap
/// gets the stub nearest the node. So a node's channel edges do not cross
/// each other beside it.
fn place_ports(g: &Layered, channels: &mut [ChannelEdge], sides: &mut [[SideUse; 2]]) {
    let groups = Csr::group(g.real * 2, channels.len() * 2, |r| {
        let c = &channels[r / 2];
        Some(c.ends[r % 2].node * 2 + c.side as usize)
    });
    let mut refs = Vec::new();
    for (key, uses) in sides.iter_mut().flatten().enumerate() {
        refs.clear();
        refs.extend_from_slice(groups.of(key));
        refs.sort_by_key(|&r| {
            let c = &channels[r / 2];
            let track = if c.shortcut { -1 } else { c.track as i64 };
            match c.ends[r % 2].goes_up {
                true => (0, track),
                false => (1, -track),
            }
        });
        let (mut ups, mut downs) = (0, 0);
        for (slot, &r) in refs.iter().enumerate() {
            channels[r / 2].ends[r % 2].slot = slot;
        }
        for &r in refs.iter().rev() {
            let end = &mut channels[r / 2].ends[r % 2];
            if !end.direct && !end.goes_up {
                end.stub = downs;
                downs += 1;
            }
        }
        for &r in &refs {
            let end = &mut channels[r / 2].ends[r % 2];
            if !end.direct && end.goes_up {
                end.stub = ups;
                ups += 1;
            }
        }
        uses.ports = refs.len();
        uses.stubs = ups.max(downs);
    }
}

/// Puts each self-loop on the side of its node with fewer ports.
fn place_loops(
    g: &Layered,
    edges: &[Option<(usize, usize)>],
    sides: &mut [[SideUse; 2]],
) -> Vec<SelfLoop> {
    let mut loops = Vec::new();
    for (edge, _) in g
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| **r == Route::SelfLoop)
    {
        let Some((node, _)) = edges[edge] else {
            continue;
        };
        let [left, right] = sides[node];
        let side = if right.ports <= left.ports {
            Side::Right
        } else {
            Side::Left
        };
        let uses = &mut sides[node][side as usize];
        loops.push(SelfLoop {
            edge,
            node,
            side,
            index: uses.loops,
        });
        uses.loops += 1;
    }
    loops
}

/// Numbers the hops within each gap, along the flow: first those coming
/// down from the layer above (outer stubs first), then stub-to-stub
/// shortcuts, then those coming up from the layer below (inner stubs
/// first), so that stubs and hops of one node do not cross.
fn place_hops(g: &Layered, channels: &mut [ChannelEdge]) -> Vec<usize> {
    // (gap, group, order within group, channel, end; 2 = both ends)
    let mut entries: Vec<(usize, u8, i64, usize, usize)> = Vec::new();
    for (i, c) in channels.iter().enumerate() {
        if c.shortcut {
            entries.push((c.ends[0].gap, 1, 0, i, 2));
            continue;
        }
        for (k, end) in c.ends.iter().enumerate().filter(|(_, e)| !e.direct) {
            let stub = end.stub as i64;
            entries.push(match end.goes_up {
                true => (end.gap, 2, stub, i, k),
                false => (end.gap, 0, -stub, i, k),
            });
        }
    }
    entries.sort_unstable();
    let mut hops = vec![0; g.layers().saturating_sub(1)];
    for (gap, _, _, c, k) in entries {
        let Some(count) = hops.get_mut(gap) else {
            continue;
        };
        let which: &[usize] = match k {
            0 => &[0],
            1 => &[1],
            _ => &[0, 1],
        };
        for &k in which {
            channels[c].ends[k].hop = *count;
        }
        *count += 1;
    }
    hops
}
