//! The flowchart of an SOP as a petgraph graph, built once per file and read
//! by the flow rules, the metrics rule and every renderer.
//!
//! Edges follow SOP-FORMAT.md: the first step is the start; a step with
//! `branches` has one labelled edge per branch; else `next` gives one edge;
//! else `end: true` ends the procedure; else the step falls through to the
//! next one, and the last step ends the procedure.

use std::collections::VecDeque;

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use std::sync::OnceLock;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::diagnostic::Suggestions;
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
    /// The step the writer most likely meant (the closest id), if any.
    pub guess: Option<usize>,
}

/// The flowchart. Node `i` is step `i` of `instructions`.
#[derive(Debug)]
pub struct Flow {
    graph: DiGraph<usize, EdgeKind>,
    /// Steps that end the procedure (`end: true`, or the last step falling through).
    ends: Vec<bool>,
    /// Steps with a target that names no step, or whose way on could not be
    /// read: where they lead is unknown, so they are not blamed for trapping
    /// the reader (that would repeat the error already reported).
    open: Vec<bool>,
    /// Open steps whose intended target cannot be guessed: while one is
    /// reachable, no step can be called unreachable with certainty.
    uncertain: Vec<usize>,
    /// Each id's first definition, in step order.
    by_id: IndexMap<String, usize, FxBuildHasher>,
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
        let mut by_id = IndexMap::with_capacity_and_hasher(steps.len(), FxBuildHasher);
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
            uncertain: Vec::new(),
            by_id,
            duplicates,
            unknown_targets: Vec::new(),
            reachable: OnceLock::new(),
            can_finish: OnceLock::new(),
        };
        for (i, step) in steps.iter().enumerate() {
            if step.flow_unreadable {
                flow.open[i] = true;
                flow.uncertain.push(i);
                continue;
            }
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
        flow.guess_targets();
        flow
    }

    /// For each unknown target, the step the writer most likely meant: the
    /// closest id, ties broken by step order. Guessing compares a target
    /// with every id, so it stops when the comparisons of [`Suggestions`]
    /// are spent: thousands of broken targets get no more guesses than
    /// their first few.
    fn guess_targets(&mut self) {
        let mut unknown = std::mem::take(&mut self.unknown_targets);
        let mut suggestions = Suggestions::new(self.by_id.keys().map(String::as_str));
        for target in &mut unknown {
            target.guess = suggestions
                .closest(&target.target.value)
                .and_then(|id| self.by_id.get(id).copied());
            if target.guess.is_none() {
                self.uncertain.push(target.step);
            }
        }
        self.unknown_targets = unknown;
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
                    guess: None,
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

    /// Every step id, in the order the steps are written.
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

    /// Steps a reader can get to from the start. An unknown target counts
    /// as a way to the step it most likely meant, so that one typo is one
    /// error, not also "unreachable" for the step the writer meant.
    pub fn reachable(&self) -> &[bool] {
        self.reachable.get_or_init(|| {
            let mut guessed: Vec<Vec<usize>> = Vec::new();
            for unknown in &self.unknown_targets {
                if let Some(to) = unknown.guess {
                    if guessed.is_empty() {
                        guessed = vec![Vec::new(); self.len()];
                    }
                    guessed[unknown.step].push(to);
                }
            }
            let starts = if self.is_empty() { vec![] } else { vec![0] };
            self.search(starts, Direction::Outgoing, &guessed)
        })
    }

    /// Whether a reachable step leads nowhere that can be known (a target
    /// with no close id, or a way on that could not be read): then no step
    /// can be called unreachable with certainty.
    pub(crate) fn is_uncertain(&self) -> bool {
        let reachable = self.reachable();
        self.uncertain.iter().any(|&i| reachable[i])
    }

    /// Steps from which an end can be reached (steps with an unknown target
    /// count as ends here, see [`Flow::open`]).
    pub(crate) fn can_finish(&self) -> &[bool] {
        self.can_finish.get_or_init(|| {
            let starts = (0..self.len())
                .filter(|&i| self.ends[i] || self.open[i])
                .collect();
            self.search(starts, Direction::Incoming, &[])
        })
    }

    /// Whether a step counts as a way out for path computations.
    pub(crate) fn is_exit(&self, step: usize) -> bool {
        self.ends[step] || self.open[step]
    }

    /// Breadth-first search along `direction`, plus the `extra` edges of
    /// each step (indexed by step; may be empty).
    fn search(&self, starts: Vec<usize>, direction: Direction, extra: &[Vec<usize>]) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut queue: VecDeque<usize> = starts.into();
        for &s in &queue {
            seen[s] = true;
        }
        while let Some(i) = queue.pop_front() {
            let neighbours = self
                .graph
                .neighbors_directed(NodeIndex::new(i), direction)
                .map(|n| n.index());
            let guessed = extra.get(i).into_iter().flatten().copied();
            for n in neighbours.chain(guessed) {
                if !seen[n] {
                    seen[n] = true;
                    queue.push_back(n);
                }
            }
        }
        seen
    }
}
