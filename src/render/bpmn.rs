//! `--to bpmn`: the flowchart as a BPMN 2.0 process with its diagram
//! (BPMN DI), for bpmn.io, Camunda Modeler and other BPMN tools.
//!
//! Three steps, one file each: [`process`] maps the steps onto BPMN's
//! events, tasks, exclusive gateways and sequence flows (so that bpmnlint's
//! recommended rules pass: no fake joins, no implicit splits, no gateway
//! that both joins and forks, every forking gateway named); [`geometry`]
//! lays it out with [`crate::layout`], running down or right as the
//! document asks (`--direction`), in one lane per role inside a pool when
//! the SOP has roles (or `--lanes` asks for lanes), and [`labels`] places
//! the names drawn outside shapes; [`xml`] writes both. The output is the
//! same for the same SOP.

pub mod geometry;
mod labels;
pub mod process;
mod route;
mod xml;

use std::io::{self, Write};

pub(crate) use geometry::Geometry;
pub use process::Kind;
pub(crate) use process::Process;

use super::{Document, Renderer};

pub struct Bpmn;

impl Renderer for Bpmn {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (process, geometry) = build(doc);
        xml::document(doc, &process, &geometry, out)
    }
}

/// The process of a document and its drawing.
pub fn build(doc: &Document<'_>) -> (Process, Geometry) {
    let process = Process::build(doc);
    let geometry = Geometry::build(&process, doc.layout_direction());
    (process, geometry)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;
    use crate::flow::Flow;
    use crate::load::load_text;

    /// The process of an SOP whose `roles` and `instructions` are given.
    pub(crate) fn process_of(tail: &str, lanes: bool) -> Process {
        let text = format!("title: T\ndepartment: D\npurpose: P.\nterms: {{}}\n{tail}");
        let file = load_text(Path::new("t.sop.yaml"), text);
        let Some(sop) = &file.sop else {
            panic!("the SOP loads: {:?}", file.diagnostics);
        };
        let flow = Flow::build(sop);
        let mut doc = Document::new(sop, &flow);
        if lanes {
            doc.lanes = crate::render::Lanes::Always;
        }
        Process::build(&doc)
    }

    #[test]
    fn documentation_labels_each_part() {
        let text = "title: T\ndepartment: D\npurpose: P.\nterms: {}\nlanguage: pt\ninstructions:\n  - text: Greet.\n    duration: 1m\n    substeps:\n      - Ask the *number*.\n      - Confirm.\n    script: \"Hello!\"\n    note: A note.\n    warning: Careful.\n  - text: Bye.\n";
        let file = load_text(Path::new("t.sop.yaml"), text.to_owned());
        let Some(sop) = &file.sop else {
            panic!("loads");
        };
        let flow = Flow::build(sop);
        let doc = Document::new(sop, &flow);
        assert_eq!(
            xml::documentation(&doc, 0).as_deref(),
            Some(
                "Duração: 1m\nSubpassos:\n- Ask the number.\n- Confirm.\nDiga: “Hello!”\nNota: A note.\nAtenção: Careful."
            )
        );
        assert_eq!(xml::documentation(&doc, 1), None);
    }
}
