//! The layered graph the ordering and positioning work on: the real nodes,
//! plus a dummy node in every layer a forward edge crosses, so that every
//! segment joins two adjacent layers.
//!
//! Only forward edges spanning at most [`MAX_SPAN`] layers are split this
//! way; that bounds the dummies by `MAX_SPAN · E` whatever the graph. Longer
//! edges and all back edges are routed in side channels (`ports.rs`), where
//! a long edge costs one track instead of one dummy per layer.

use std::ops::Range;

use super::Input;
use super::csr::Csr;
use super::rank::Class;

/// The longest forward edge, in layers, that is routed between the nodes
/// (through dummy nodes); longer ones run in a side channel.
pub(crate) const MAX_SPAN: usize = 10;

/// How an input edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// Names a node that does not exist: not drawn.
    Skip,
    /// A small loop beside its node.
    SelfLoop,
    /// A back edge, or a forward edge longer than [`MAX_SPAN`]: through a
    /// side channel.
    Channel,
    /// Between the layers: through `dummies` dummy nodes numbered from
    /// `first`, along `dummies + 1` segments numbered from `seg`.
    Layered {
        first: usize,
        dummies: usize,
        seg: usize,
    },
}

/// A piece of a layered edge, from a node to a node of the next layer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seg {
    pub(crate) from: usize,
    pub(crate) to: usize,
    /// Whether this is the input edge `from → from + 1` between real nodes:
    /// the order the steps were written in.
    pub(crate) main: bool,
}

/// Nodes `0..real` are the input's; the rest are dummies.
pub(crate) struct Layered {
    pub(crate) real: usize,
    pub(crate) rank: Vec<usize>,
    pub(crate) lane: Vec<usize>,
    /// Extent across the flow (0 for dummies).
    pub(crate) w: Vec<f64>,
    pub(crate) segs: Vec<Seg>,
    /// The segments entering each node.
    pub(crate) up: Csr,
    /// The segments leaving each node.
    pub(crate) down: Csr,
    /// One per input edge.
    pub(crate) routes: Vec<Route>,
    layer_start: Vec<usize>,
    /// All nodes, layer by layer, each layer in its order across the flow;
    /// within a layer the lanes are contiguous and in lane order.
    pub(crate) order: Vec<usize>,
    /// Each node's index within its layer.
    pub(crate) pos: Vec<usize>,
}

impl Layered {
    pub(crate) fn build(input: &Input, class: &[Class], rank: &[usize]) -> Self {
        let real = input.len();
        let mut g = Layered {
            real,
            rank: rank.to_vec(),
            lane: input.lane.clone(),
            w: input.w.clone(),
            segs: Vec::new(),
            up: Csr::default(),
            down: Csr::default(),
            routes: Vec::with_capacity(class.len()),
            layer_start: Vec::new(),
            order: Vec::new(),
            pos: Vec::new(),
        };
        // Where each node starts across its layer: real nodes by index (the
        // written order), a dummy between its edge's ends.
        let mut key: Vec<f64> = (0..real).map(|v| v as f64).collect();
        for (e, &c) in class.iter().enumerate() {
            let route = match (c, input.edges[e]) {
                (Class::Forward, Some((u, v))) => g.add_edge(u, v, &mut key),
                (Class::Back, Some(_)) => Route::Channel,
                (Class::SelfLoop, Some(_)) => Route::SelfLoop,
                _ => Route::Skip,
            };
            g.routes.push(route);
        }
        let n = g.len();
        g.up = Csr::group(n, g.segs.len(), |s| Some(g.segs[s].to));
        g.down = Csr::group(n, g.segs.len(), |s| Some(g.segs[s].from));
        g.initial_order(&key);
        g
    }

    fn add_edge(&mut self, u: usize, v: usize, key: &mut Vec<f64>) -> Route {
        let span = self.rank[v].saturating_sub(self.rank[u]);
        if span == 0 || span > MAX_SPAN {
            return Route::Channel;
        }
        let (first, seg) = (self.len(), self.segs.len());
        let mut prev = u;
        for k in 1..span {
            let d = self.len();
            self.rank.push(self.rank[u] + k);
            self.lane.push(self.lane[u]);
            self.w.push(0.);
            key.push(u as f64 + (v as f64 - u as f64) * k as f64 / span as f64);
            self.segs.push(Seg {
                from: prev,
                to: d,
                main: false,
            });
            prev = d;
        }
        self.segs.push(Seg {
            from: prev,
            to: v,
            main: span == 1 && v == u + 1,
        });
        Route::Layered {
            first,
            dummies: span - 1,
            seg,
        }
    }

    fn initial_order(&mut self, key: &[f64]) {
        let layers = self.rank.iter().max().map_or(0, |&m| m + 1);
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| {
            self.rank[a]
                .cmp(&self.rank[b])
                .then(self.lane[a].cmp(&self.lane[b]))
                .then(key[a].total_cmp(&key[b]))
        });
        let mut layer_start = vec![0; layers + 1];
        for &v in &order {
            layer_start[self.rank[v] + 1] += 1;
        }
        for r in 1..=layers {
            layer_start[r] += layer_start[r - 1];
        }
        self.order = order;
        self.layer_start = layer_start;
        self.refresh_positions();
    }

    /// Recomputes [`Self::pos`] after [`Self::order`] changed.
    pub(crate) fn refresh_positions(&mut self) {
        self.pos.resize(self.len(), 0);
        for r in 0..self.layers() {
            for i in self.layer_range(r) {
                self.pos[self.order[i]] = i - self.layer_start[r];
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.rank.len()
    }

    pub(crate) fn layers(&self) -> usize {
        self.layer_start.len().saturating_sub(1)
    }

    /// Where layer `r` lies in [`Self::order`].
    pub(crate) fn layer_range(&self, r: usize) -> Range<usize> {
        self.layer_start[r]..self.layer_start[r + 1]
    }

    pub(crate) fn layer(&self, r: usize) -> &[usize] {
        &self.order[self.layer_range(r)]
    }

    pub(crate) fn is_dummy(&self, v: usize) -> bool {
        v >= self.real
    }

    /// The nodes a layered edge runs through, source to target.
    pub(crate) fn chain(&self, route: Route) -> Vec<usize> {
        let Route::Layered {
            first,
            dummies,
            seg,
        } = route
        else {
            return Vec::new();
        };
        let mut nodes = vec![self.segs[seg].from];
        nodes.extend(first..first + dummies);
        nodes.push(self.segs[seg + dummies].to);
        nodes
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::rank::{classify, layer};

    /// The layered graph of `n` nodes and `list` edges (also for order.rs).
    pub(crate) fn build(n: usize, list: &[(usize, usize)]) -> Layered {
        let input = Input {
            w: vec![10.; n],
            h: vec![10.; n],
            lane: vec![0; n],
            lanes: 1,
            edges: list.iter().map(|&e| Some(e)).collect(),
            label_room: vec![0.; list.len()],
        };
        let class = classify(n, &input.edges);
        let rank = layer(n, &input.edges, &class);
        Layered::build(&input, &class, &rank)
    }

    #[test]
    fn a_skip_gets_one_dummy_per_layer_crossed() {
        // 0 -> 1 -> 2 -> 3 and 0 -> 3.
        let g = build(4, &[(0, 1), (1, 2), (2, 3), (0, 3)]);
        assert_eq!(g.len(), 6);
        assert_eq!(g.chain(g.routes[3]), [0, 4, 5, 3]);
        assert_eq!(&g.rank[4..], &[1, 2]);
        assert!(g.segs.iter().all(|s| g.rank[s.to] == g.rank[s.from] + 1));
        assert_eq!(g.layer(1), &[1, 4], "the written order first");
    }

    #[test]
    fn long_edges_and_loops_go_to_the_channel() {
        let n = MAX_SPAN + 3;
        let mut list: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        list.extend([(0, n - 1), (n - 1, 2), (5, 5)]);
        let g = build(n, &list);
        let tail = &g.routes[n - 1..];
        assert_eq!(tail, [Route::Channel, Route::Channel, Route::SelfLoop]);
        assert_eq!(g.len(), n, "no dummies");
    }
}
