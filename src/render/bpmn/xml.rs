//! The process and its drawing as BPMN 2.0 XML, the way bpmn.io and Camunda
//! Modeler write it: `bpmn:` semantics first (a collaboration with one
//! participant when there are lanes), then one `bpmndi:BPMNDiagram`.
//! Every name and text goes through [`escape::xml`]; ids come from
//! [`super::process`] and are NCNames by construction.

use std::fmt::Write as _;
use std::io;

use super::geometry::Geometry;
use super::process::{Kind, Process};
use crate::layout::{Direction, Point, Rect};
use crate::render::number::Whole;
use crate::render::{Document, Spool, escape, markup};

const NAMESPACES: &str = "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" \
     xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" \
     xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" \
     xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\"";
const COLLABORATION: &str = "Collaboration_1";
const PARTICIPANT: &str = "Participant_1";

/// The whole `.bpmn` document, written to `out`.
pub(super) fn document(
    doc: &Document<'_>,
    process: &Process,
    geometry: &Geometry,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut spool = Spool::new(out);
    let x = &mut spool;
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<bpmn:definitions {NAMESPACES} id=\"Definitions_1\" targetNamespace=\"http://bpmn.io/schema/bpmn\" \
         exporter=\"sopkit\" exporterVersion=\"{}\">",
        env!("CARGO_PKG_VERSION")
    );
    let title = escape::xml(&doc.sop.title.value);
    let pool = geometry.pool.is_some();
    if pool {
        let _ = writeln!(
            x,
            "  <bpmn:collaboration id=\"{COLLABORATION}\">\n    \
             <bpmn:participant id=\"{PARTICIPANT}\" name=\"{title}\" processRef=\"{}\" />\n  \
             </bpmn:collaboration>",
            process.id
        );
    }
    let _ = writeln!(
        x,
        "  <bpmn:process id=\"{}\" name=\"{title}\" isExecutable=\"false\">",
        process.id
    );
    let purpose = markup::plain_text(&doc.sop.purpose.value);
    if !purpose.trim().is_empty() {
        let _ = writeln!(
            x,
            "    <bpmn:documentation>{}</bpmn:documentation>",
            escape::xml(&purpose)
        );
    }
    lane_set(x, process);
    flow_nodes(x, doc, process);
    for f in &process.flows {
        let _ = write!(x, "    <bpmn:sequenceFlow id=\"{}\"", f.id);
        if let Some(name) = &f.name {
            let _ = write!(x, " name=\"{}\"", escape::xml(name));
        }
        let _ = writeln!(
            x,
            " sourceRef=\"{}\" targetRef=\"{}\" />",
            process.nodes[f.from].id, process.nodes[f.to].id
        );
    }
    x.push_str("  </bpmn:process>\n");
    diagram(x, process, geometry);
    x.push_str("</bpmn:definitions>\n");
    spool.finish()
}

fn lane_set(x: &mut Spool<'_>, process: &Process) {
    if process.lanes.is_empty() {
        return;
    }
    x.push_str("    <bpmn:laneSet id=\"LaneSet_1\">\n");
    for lane in &process.lanes {
        let _ = writeln!(
            x,
            "      <bpmn:lane id=\"{}\" name=\"{}\">",
            lane.id,
            escape::xml(&lane.name)
        );
        for &v in &lane.nodes {
            let _ = writeln!(
                x,
                "        <bpmn:flowNodeRef>{}</bpmn:flowNodeRef>",
                process.nodes[v].id
            );
        }
        x.push_str("      </bpmn:lane>\n");
    }
    x.push_str("    </bpmn:laneSet>\n");
}

/// Every event, task and gateway, with its flows in and out (which
/// bpmn-moddle does not derive from the flows themselves).
fn flow_nodes(x: &mut Spool<'_>, doc: &Document<'_>, process: &Process) {
    let mut incoming: Vec<Vec<&str>> = vec![Vec::new(); process.nodes.len()];
    let mut outgoing: Vec<Vec<&str>> = vec![Vec::new(); process.nodes.len()];
    for f in &process.flows {
        outgoing[f.from].push(&f.id);
        incoming[f.to].push(&f.id);
    }
    for (v, node) in process.nodes.iter().enumerate() {
        let element = match node.kind {
            Kind::Start => "startEvent",
            Kind::Task => "task",
            Kind::Split | Kind::Join => "exclusiveGateway",
            Kind::End => "endEvent",
        };
        let _ = write!(x, "    <bpmn:{element} id=\"{}\"", node.id);
        match node.name.trim() {
            "" => x.push_str(">\n"),
            name => {
                let _ = writeln!(x, " name=\"{}\">", escape::xml(name));
            }
        }
        if let (Kind::Task | Kind::Split, Some(step)) = (node.kind, node.step)
            && let Some(text) = documentation(doc, step)
        {
            let _ = writeln!(
                x,
                "      <bpmn:documentation>{}</bpmn:documentation>",
                escape::xml(&text)
            );
        }
        for id in &incoming[v] {
            let _ = writeln!(x, "      <bpmn:incoming>{id}</bpmn:incoming>");
        }
        for id in &outgoing[v] {
            let _ = writeln!(x, "      <bpmn:outgoing>{id}</bpmn:outgoing>");
        }
        let _ = writeln!(x, "    </bpmn:{element}>");
    }
}

/// The documentation of a step's task or gateway: what the step says
/// beyond its text, each part labelled in the SOP's language; `None` when
/// there is nothing.
pub(super) fn documentation(doc: &Document<'_>, i: usize) -> Option<String> {
    let (step, l) = (&doc.sop.instructions[i], doc.labels);
    let mut parts = Vec::new();
    if let Some(d) = &step.duration {
        parts.push(format!("{}: {}", l.duration, d.value));
    }
    if !step.substeps.is_empty() {
        let items: Vec<String> = (step.substeps.iter())
            .map(|s| format!("- {}", markup::plain_text(&s.value)))
            .collect();
        parts.push(format!("{}:\n{}", l.substeps, items.join("\n")));
    }
    if let Some(script) = &step.script {
        parts.push(format!("{}: “{}”", l.say, script.value.trim()));
    }
    if let Some(note) = &step.note {
        parts.push(format!("{}: {}", l.note, markup::plain_text(&note.value)));
    }
    if let Some(warning) = &step.warning {
        let text = markup::plain_text(&warning.value);
        parts.push(format!("{}: {text}", l.warning));
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

fn diagram(x: &mut Spool<'_>, process: &Process, g: &Geometry) {
    let plane = if g.pool.is_some() {
        COLLABORATION
    } else {
        &process.id
    };
    let _ = writeln!(
        x,
        "  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\">\n    <bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"{plane}\">"
    );
    // Lanes are rows when the flow runs right, columns when it runs down.
    let horizontal = match g.direction {
        Direction::LeftToRight => " isHorizontal=\"true\"",
        Direction::TopToBottom => " isHorizontal=\"false\"",
    };
    if let Some(pool) = g.pool {
        shape(x, PARTICIPANT, horizontal, pool, None);
    }
    for (lane, rect) in process.lanes.iter().zip(&g.lanes) {
        shape(x, &lane.id, horizontal, *rect, None);
    }
    for (v, node) in process.nodes.iter().enumerate() {
        let marker = match node.kind {
            Kind::Split | Kind::Join => " isMarkerVisible=\"true\"",
            _ => "",
        };
        shape(x, &node.id, marker, g.shapes[v], g.labels[v]);
    }
    for (f, flow) in process.flows.iter().enumerate() {
        edge(x, &flow.id, &g.flows[f], g.flow_labels[f]);
    }
    x.push_str("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n");
}

fn shape(x: &mut Spool<'_>, id: &str, extra: &str, r: Rect, label: Option<Rect>) {
    let _ = write!(
        x,
        "      <bpmndi:BPMNShape id=\"DI_{id}\" bpmnElement=\"{id}\"{extra}>\n        "
    );
    bounds(x, r);
    label_bounds(x, label);
    x.push_str("      </bpmndi:BPMNShape>\n");
}

fn edge(x: &mut Spool<'_>, id: &str, points: &[Point], label: Option<Rect>) {
    let _ = writeln!(
        x,
        "      <bpmndi:BPMNEdge id=\"DI_{id}\" bpmnElement=\"{id}\">"
    );
    for p in points {
        let _ = writeln!(
            x,
            "        <di:waypoint x=\"{}\" y=\"{}\" />",
            Whole(p.x),
            Whole(p.y)
        );
    }
    label_bounds(x, label);
    x.push_str("      </bpmndi:BPMNEdge>\n");
}

fn label_bounds(x: &mut Spool<'_>, label: Option<Rect>) {
    if let Some(label) = label {
        x.push_str("        <bpmndi:BPMNLabel>\n          ");
        bounds(x, label);
        x.push_str("        </bpmndi:BPMNLabel>\n");
    }
}

/// `<dc:Bounds …/>` and a line break.
fn bounds(x: &mut Spool<'_>, r: Rect) {
    let _ = writeln!(
        x,
        "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" />",
        Whole(r.x),
        Whole(r.y),
        Whole(r.width),
        Whole(r.height)
    );
}
