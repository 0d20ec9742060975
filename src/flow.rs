//! The flowchart of an SOP as a petgraph graph, built once per file and read
//! by the flow rules, the metrics rule and every renderer.
//!
//! Edges follow SOP-FORMAT.md: the first step is the start; a step with
//! `branches` has one labelled edge per branch; else `next` gives one edge;
//! else `end: true` ends the procedure; else the step falls through to the
//! next one, and the last step ends the procedure.

use std::collections::{HashMap, VecDeque};
use std::sync::OnceLock;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{Sop, Sp};

/// Why one step leads to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    /// The step after it in the list.
    FallThrough,
    /// `next: id`.
    Next,
    /// One branch of a decision, with its label.
    Branch(String),
}

/// A `next` or branch target that names no step.
#[derive(Debug, Clone)]
pub struct UnknownTarget {
    pub step: usize,
    pub target: Sp<String>,
}

/// The flowchart. Node `i` is step `i` of `instructions`.
#[derive(Debug)]
pub struct Flow {
    graph: DiGraph<usize, EdgeKind>,
    /// Steps that end the procedure (`end: true`, or the last step falling through).
    ends: Vec<bool>,
    /// Steps with a target that names no step: where they lead is unknown, so
    /// they are not blamed for trapping the reader (that would repeat the
    /// `flow/unknown-target` error).
    open: Vec<bool>,
    /// Each id's first definition.
    by_id: HashMap<String, usize>,
    /// (later step, first step) for each id defined twice.
    pub duplicates: Vec<(usize, usize)>,
    pub unknown_targets: Vec<UnknownTarget>,
    /// Computed once, on first use, and shared by every rule that asks.
    reachable: OnceLock<Vec<bool>>,
    can_finish: OnceLock<Vec<bool>>,
}

impl Flow {
    /// Builds the flowchart in time linear in the number of steps and branches.
    pub fn build(sop: &Sop) -> Self {
        let steps = &sop.instructions;
        let mut graph = DiGraph::with_capacity(steps.len(), steps.len());
        let mut by_id = HashMap::with_capacity(steps.len());
        let mut duplicates = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            graph.add_node(i);
            if let Some(id) = step.id_str() {
                if let Some(&first) = by_id.get(id) {
                    duplicates.push((i, first));
                } else {
                    by_id.insert(id.to_owned(), i);
                }
            }
        }
        let mut flow = Self {
            graph,
            ends: vec![false; steps.len()],
            open: vec![false; steps.len()],
            by_id,
            duplicates,
            unknown_targets: Vec::new(),
            reachable: OnceLock::new(),
            can_finish: OnceLock::new(),
        };
        for (i, step) in steps.iter().enumerate() {
            match (&step.branches, &step.next) {
                (Some(branches), _) if !branches.is_empty() => {
                    for (label, target) in branches.iter() {
                        flow.link(i, target, EdgeKind::Branch(label.value.clone()));
                    }
                }
                (_, Some(target)) => flow.link(i, target, EdgeKind::Next),
                _ if step.ends() => flow.ends[i] = true,
                _ if i + 1 < steps.len() => {
                    flow.graph.add_edge(
                        NodeIndex::new(i),
                        NodeIndex::new(i + 1),
                        EdgeKind::FallThrough,
                    );
                }
                _ => flow.ends[i] = true,
            }
        }
        flow
    }

    fn link(&mut self, from: usize, target: &Sp<String>, kind: EdgeKind) {
        match self.by_id.get(&target.value) {
            Some(&to) => {
                self.graph
                    .add_edge(NodeIndex::new(from), NodeIndex::new(to), kind);
            }
            None => {
                self.open[from] = true;
                self.unknown_targets.push(UnknownTarget {
                    step: from,
                    target: target.clone(),
                });
            }
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The step an id names (its first definition).
    pub fn step_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    /// Whether the step ends the procedure.
    pub fn is_end(&self, step: usize) -> bool {
        self.ends[step]
    }

    /// Where a step leads, in the order its edges were written.
    pub fn successors(&self, step: usize) -> Vec<(usize, &EdgeKind)> {
        let mut out: Vec<_> = self
            .graph
            .edges(NodeIndex::new(step))
            .map(|e| (e.id().index(), e.target().index(), e.weight()))
            .collect();
        out.sort_by_key(|(edge, ..)| *edge);
        out.into_iter().map(|(_, to, kind)| (to, kind)).collect()
    }

    /// Every edge as (from, to, kind), in the order steps and branches are written.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize, &EdgeKind)> {
        self.graph
            .edge_references()
            .map(|e| (e.source().index(), e.target().index(), e.weight()))
    }

    pub(crate) fn graph(&self) -> &DiGraph<usize, EdgeKind> {
        &self.graph
    }

    /// Steps a reader can get to from the start.
    pub fn reachable(&self) -> &[bool] {
        self.reachable.get_or_init(|| {
            let starts = if self.is_empty() { vec![] } else { vec![0] };
            self.search(starts, Direction::Outgoing)
        })
    }

    /// Steps from which an end can be reached (steps with an unknown target
    /// count as ends here, see [`Flow::open`]).
    pub fn can_finish(&self) -> &[bool] {
        self.can_finish.get_or_init(|| {
            let starts = (0..self.len())
                .filter(|&i| self.ends[i] || self.open[i])
                .collect();
            self.search(starts, Direction::Incoming)
        })
    }

    /// Whether a step counts as a way out for path computations.
    pub fn is_exit(&self, step: usize) -> bool {
        self.ends[step] || self.open[step]
    }

    fn search(&self, starts: Vec<usize>, direction: Direction) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut queue: VecDeque<usize> = starts.into();
        for &s in &queue {
            seen[s] = true;
        }
        while let Some(i) = queue.pop_front() {
            for n in self.graph.neighbors_directed(NodeIndex::new(i), direction) {
                if !seen[n.index()] {
                    seen[n.index()] = true;
                    queue.push_back(n.index());
                }
            }
        }
        seen
    }
}
