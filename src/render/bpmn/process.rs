//! The BPMN process of an SOP, before any geometry: which events, tasks and
//! gateways it has, the sequence flows between them, and the lanes.
//!
//! The mapping (see docs/output.md, `--to bpmn`):
//!
//! - one start event, leading to the first step;
//! - one element per step: a decision is an exclusive gateway that splits,
//!   named with its whole question, with one sequence flow per branch,
//!   named with the branch's label (branches to the same step share one
//!   flow, their labels joined with ` / `, since two flows between the same
//!   two elements are duplicates to BPMN tools); every other step is a task
//!   (so is a decision whose branches all lead to one step: a gateway with
//!   one way out is superfluous to BPMN tools);
//! - before a step that several flows lead to, an exclusive gateway that
//!   joins them: in BPMN a task with several incoming flows is a "fake
//!   join" (bpmnlint's `fake-join`), so every task has one incoming flow;
//! - after each step that ends the procedure, its own end event;
//! - with lanes, one lane per role and one for the steps without a role.
//!
//! Ids are built from fixed prefixes, the step's number and, as a readable
//! hint, the characters of its id that an XML NCName allows; never from raw
//! text, and unique because of the number.

use crate::flow::EdgeKind;
use crate::render::swimlanes::{lane_index, lane_names};
use crate::render::{Document, markup};

/// What a node of the process is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Start,
    Task,
    /// A decision: an exclusive gateway with one flow per branch.
    Split,
    /// An exclusive gateway where several flows meet before a step.
    Join,
    End,
}

/// One flow node: an event, a task or a gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub id: String,
    /// Empty for a joining gateway, which needs no name.
    pub name: String,
    /// The step the node belongs to (none for the start event).
    pub step: Option<usize>,
    /// Index into [`Process::lanes`], when there are lanes.
    pub lane: Option<usize>,
}

/// A sequence flow between two nodes (indices into [`Process::nodes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceFlow {
    pub id: String,
    pub from: usize,
    pub to: usize,
    /// The branch label(s), on the flows out of a splitting gateway only
    /// (bpmnlint's `superfluous-label`).
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub id: String,
    pub name: String,
    /// The nodes in the lane, in node order.
    pub nodes: Vec<usize>,
}

/// The process: nodes in step order (the start event first), flows, lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub id: String,
    pub nodes: Vec<Node>,
    pub flows: Vec<SequenceFlow>,
    /// Empty without lanes.
    pub lanes: Vec<Lane>,
}

impl Process {
    /// The process of a document: with lanes when the SOP has roles, or
    /// when `doc.lanes` asks for them (never with `--no-lanes`).
    pub fn build(doc: &Document<'_>) -> Self {
        let names = if doc.wants_lanes(true) {
            lane_names(doc)
        } else {
            Vec::new()
        };
        let steps = doc.sop.instructions.len();
        let targets: Vec<Vec<(usize, Vec<String>)>> = (0..steps).map(|i| targets(doc, i)).collect();
        let (nodes, at) = nodes(doc, &targets, |step| lane_index(doc, step, &names));
        let flows = flows(&nodes, &targets, &at);
        let lanes = names
            .iter()
            .enumerate()
            .map(|(k, name)| Lane {
                id: format!("Lane_{}{}", k + 1, lane_hint(doc, k)),
                name: name.clone(),
                nodes: (0..nodes.len())
                    .filter(|&v| nodes[v].lane == Some(k))
                    .collect(),
            })
            .collect();
        Self {
            id: match doc.sop.id.as_ref().map(|id| hint(&id.value)) {
                Some(h) if !h.is_empty() => format!("Process{h}"),
                _ => "Process_1".to_owned(),
            },
            nodes,
            flows,
            lanes,
        }
    }
}

/// The nodes of each step (indices into [`Process::nodes`]).
struct StepNodes {
    /// Where flows into the step end: its joining gateway, when it has
    /// one, else its element.
    entry: Vec<usize>,
    /// The step's task or splitting gateway.
    element: Vec<usize>,
    /// The end event after a step that ends the procedure.
    end: Vec<Option<usize>>,
}

/// The start event, then each step's joining gateway (when several flows
/// reach it), its element and its end event (when it ends the procedure).
fn nodes(
    doc: &Document<'_>,
    targets: &[Vec<(usize, Vec<String>)>],
    lane_of: impl Fn(usize) -> Option<usize>,
) -> (Vec<Node>, StepNodes) {
    let steps = targets.len();
    // How many flows reach each step: the start's, and one from each
    // step that leads there.
    let mut incoming = vec![0usize; steps];
    if steps > 0 {
        incoming[0] += 1;
    }
    for (to, _) in targets.iter().flatten() {
        incoming[*to] += 1;
    }
    let mut nodes = Vec::with_capacity(steps * 2 + 1);
    nodes.push(Node {
        kind: Kind::Start,
        id: "StartEvent_1".to_owned(),
        name: doc.labels.start.to_owned(),
        step: None,
        lane: if steps > 0 { lane_of(0) } else { None },
    });
    let mut at = StepNodes {
        entry: vec![0; steps],
        element: vec![0; steps],
        end: vec![None; steps],
    };
    for i in 0..steps {
        let hint = hint(doc.sop.instructions[i].id_str().unwrap_or(""));
        let n = i + 1;
        let mut add = |kind: Kind, id: String, name: String| {
            nodes.push(Node {
                kind,
                id,
                name,
                step: Some(i),
                lane: lane_of(i),
            });
            nodes.len() - 1
        };
        if incoming[i] >= 2 {
            at.entry[i] = add(Kind::Join, format!("Join_{n}{hint}"), String::new());
        }
        at.element[i] = if targets[i].len() >= 2 {
            add(Kind::Split, format!("Gateway_{n}{hint}"), doc.step_text(i))
        } else {
            add(Kind::Task, format!("Task_{n}{hint}"), doc.step_text(i))
        };
        if incoming[i] < 2 {
            at.entry[i] = at.element[i];
        }
        if doc.flow.is_end(i) {
            let name = doc.labels.end.to_owned();
            at.end[i] = Some(add(Kind::End, format!("EndEvent_{n}{hint}"), name));
        }
    }
    (nodes, at)
}

/// The sequence flows, numbered in order: from the start, then each
/// step's (into its element, out to its targets, to its end event).
fn flows(
    nodes: &[Node],
    targets: &[Vec<(usize, Vec<String>)>],
    at: &StepNodes,
) -> Vec<SequenceFlow> {
    let steps = targets.len();
    let mut flows = Vec::with_capacity(nodes.len() + steps);
    let mut link = |from: usize, to: usize, name: Option<String>| {
        let id = format!("Flow_{}", flows.len() + 1);
        flows.push(SequenceFlow { id, from, to, name });
    };
    if steps > 0 {
        link(0, at.entry[0], None);
    }
    for (i, targets) in targets.iter().enumerate() {
        let element = at.element[i];
        if at.entry[i] != element {
            link(at.entry[i], element, None);
        }
        let split = nodes[element].kind == Kind::Split;
        for (to, labels) in targets {
            let name = split.then(|| labels.join(" / "));
            link(element, at.entry[*to], name);
        }
        if let Some(end) = at.end[i] {
            link(element, end, None);
        }
    }
    flows
}

/// Where step `i` leads, each target step once, in the order written, with
/// the labels of the branches that lead there (none for `next` and falling
/// through).
fn targets(doc: &Document<'_>, i: usize) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (to, kind) in doc.flow.successors(i) {
        let label = match kind {
            EdgeKind::Branch(label) => Some(markup::plain_text(label)),
            _ => None,
        };
        match out.iter_mut().find(|(t, _)| *t == to) {
            Some((_, labels)) => labels.extend(label),
            None => out.push((to, label.into_iter().collect())),
        }
    }
    out
}

/// The readable part of an id: `_` and the characters of `text` that an
/// XML NCName allows after its first (ASCII letters, digits, `-`, `.`,
/// `_`), at most 40; empty when none is left.
pub(crate) fn hint(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .take(40)
        .collect();
    if kept.is_empty() {
        kept
    } else {
        format!("_{kept}")
    }
}

/// The hint of lane `k`: its role's id (the lane of steps without a role,
/// which comes after the roles, has none).
fn lane_hint(doc: &Document<'_>, k: usize) -> String {
    doc.sop
        .roles
        .as_ref()
        .and_then(|roles| roles.keys().nth(k))
        .map_or_else(String::new, hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::bpmn::tests::process_of;

    fn kinds(p: &Process) -> Vec<(Kind, Option<usize>)> {
        p.nodes.iter().map(|n| (n.kind, n.step)).collect()
    }

    fn flow_names(p: &Process) -> Vec<(String, String, Option<String>)> {
        p.flows
            .iter()
            .map(|f| {
                (
                    p.nodes[f.from].id.clone(),
                    p.nodes[f.to].id.clone(),
                    f.name.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn ids_are_ncnames_whatever_the_text() {
        assert_eq!(hint("check-amount"), "_check-amount");
        assert_eq!(hint("agent\"><script>"), "_agentscript");
        assert_eq!(hint("<>&\"' "), "");
        assert_eq!(hint("Účet"), "_et");
        assert_eq!(hint(&"x".repeat(100)).len(), 41);
        let p = process_of(
            "roles:\n  \"a b<c>\": A\ninstructions:\n  - id: 3\n    text: T.\n    role: \"a b<c>\"\n",
            false,
        );
        let ncname = |id: &str| {
            id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        };
        let ids: Vec<&str> = (p.nodes.iter().map(|n| n.id.as_str()))
            .chain(p.flows.iter().map(|f| f.id.as_str()))
            .chain(p.lanes.iter().map(|l| l.id.as_str()))
            .chain([p.id.as_str()])
            .collect();
        assert!(ids.iter().all(|id| ncname(id)), "{ids:?}");
        assert_eq!(p.nodes[1].id, "Task_1_3");
        assert_eq!(p.lanes[0].id, "Lane_1_abc");
    }

    #[test]
    fn a_straight_procedure_has_no_gateway() {
        let p = process_of(
            "instructions:\n  - text: One.\n  - text: Two.\n  - text: Three.\n",
            false,
        );
        assert_eq!(
            kinds(&p),
            [
                (Kind::Start, None),
                (Kind::Task, Some(0)),
                (Kind::Task, Some(1)),
                (Kind::Task, Some(2)),
                (Kind::End, Some(2)),
            ]
        );
        assert!(p.flows.iter().all(|f| f.name.is_none()));
        assert!(p.lanes.is_empty(), "no roles, no --lanes: no lanes");
    }

    #[test]
    fn a_decision_splits_and_a_step_reached_twice_joins() {
        let p = process_of(
            "instructions:\n  - id: ask\n    text: Big?\n    branches:\n      \"yes\": big\n      \"no\": small\n  - id: big\n    text: Escalate.\n    next: close\n  - id: small\n    text: Refund.\n  - id: close\n    text: Close.\n",
            false,
        );
        assert_eq!(
            flow_names(&p),
            [
                ("StartEvent_1", "Gateway_1_ask", None),
                ("Gateway_1_ask", "Task_2_big", Some("yes")),
                ("Gateway_1_ask", "Task_3_small", Some("no")),
                ("Task_2_big", "Join_4_close", None),
                ("Task_3_small", "Join_4_close", None),
                ("Join_4_close", "Task_4_close", None),
                ("Task_4_close", "EndEvent_4_close", None),
            ]
            .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.map(str::to_owned)))
        );
        assert_eq!(p.nodes[1].name, "Big?", "the gateway asks the question");
    }

    #[test]
    fn a_decision_is_one_gateway_with_its_whole_question() {
        let question = "Has the customer confirmed, in writing and within the last thirty days, that the charge is disputed?";
        assert!(question.chars().count() > 75);
        let p = process_of(
            &format!(
                "instructions:\n  - id: ask\n    text: \"{question}\"\n    branches:\n      \"yes\": a\n      \"no\": b\n  - id: a\n    text: A.\n    end: true\n  - id: b\n    text: B.\n  - id: same\n    text: Either way?\n    branches:\n      \"yes\": c\n      \"no\": c\n  - id: c\n    text: C.\n"
            ),
            false,
        );
        assert_eq!(
            kinds(&p),
            [
                (Kind::Start, None),
                (Kind::Split, Some(0)),
                (Kind::Task, Some(1)),
                (Kind::End, Some(1)),
                (Kind::Task, Some(2)),
                // Both branches lead to one step: no split, so a task.
                (Kind::Task, Some(3)),
                (Kind::Task, Some(4)),
                (Kind::End, Some(4)),
            ]
        );
        assert_eq!(p.nodes[1].name, question, "never shortened");
    }

    #[test]
    fn loops_join_before_their_target_and_branches_to_one_step_share_a_flow() {
        let p = process_of(
            "instructions:\n  - id: try\n    text: Try.\n  - id: ok\n    text: Did it work?\n    branches:\n      \"yes\": done\n      \"no\": try\n      \"not sure\": try\n  - id: done\n    text: Done.\n    next: done-too\n  - id: done-too\n    text: Again.\n    next: done-too\n",
            false,
        );
        let names = flow_names(&p);
        assert!(names.contains(&(
            "Gateway_2_ok".into(),
            "Join_1_try".into(),
            Some("no / not sure".into())
        )));
        // Start and the retry meet before `try`; the self-loop meets the
        // flow from `done` before `done-too`.
        assert!(names.contains(&("StartEvent_1".into(), "Join_1_try".into(), None)));
        assert!(names.contains(&("Task_4_done-too".into(), "Join_4_done-too".into(), None)));
        assert!(
            !p.nodes.iter().any(|n| n.id == "Join_3_done"),
            "one flow in"
        );
        // No node has two flows from the same node.
        let mut pairs: Vec<(usize, usize)> = p.flows.iter().map(|f| (f.from, f.to)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(pairs.len(), p.flows.len());
    }

    #[test]
    fn lanes_come_from_roles_or_from_the_flag() {
        let sop = "roles:\n  agent: Agent on duty\n  manager: Shift manager\ninstructions:\n  - text: One.\n    role: agent\n  - text: Two.\n  - text: Three.\n    role: manager\n";
        let p = process_of(sop, false);
        let lanes: Vec<(&str, &str, usize)> = p
            .lanes
            .iter()
            .map(|l| (l.id.as_str(), l.name.as_str(), l.nodes.len()))
            .collect();
        // Start and task 1; task 2; task 3 and its end.
        assert_eq!(
            lanes,
            [
                ("Lane_1_agent", "Agent on duty", 2),
                ("Lane_2_manager", "Shift manager", 2),
                ("Lane_3", "No role", 1),
            ]
        );
        let every_node_once: usize = p.lanes.iter().map(|l| l.nodes.len()).sum();
        assert_eq!(every_node_once, p.nodes.len());
        let plain = "instructions:\n  - text: One.\n";
        assert!(process_of(plain, false).lanes.is_empty());
        let flagged = process_of(plain, true);
        assert_eq!(flagged.lanes.len(), 1);
        assert_eq!(flagged.lanes[0].name, "No role");
    }
}
