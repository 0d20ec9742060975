//! `--to json`: the typed model, with the flowchart's edges resolved.
//!
//! ```json
//! { "format": "sopkit/1", "sop": { ...the model, as in the YAML... },
//!   "flow": { "start": "step-greet",
//!             "steps": [{ "number": 1, "id": "greet", "anchor": "step-greet",
//!                         "decision": false, "end": false }],
//!             "edges": [{ "from": "step-greet", "to": "step-verify",
//!                         "kind": "fall-through", "label": null }] } }
//! ```

use std::io::{self, Write};

use serde::Serialize;

use super::{Document, Renderer};
use crate::flow::EdgeKind;
use crate::model::Sop;

pub(super) struct Json;

#[derive(Serialize)]
struct Output<'a> {
    format: &'static str,
    sop: &'a Sop,
    flow: Flow<'a>,
}

#[derive(Serialize)]
struct Flow<'a> {
    start: Option<String>,
    steps: Vec<Step<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct Step<'a> {
    number: usize,
    id: Option<&'a str>,
    anchor: String,
    decision: bool,
    end: bool,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: String,
    to: String,
    kind: &'static str,
    label: Option<&'a str>,
}

impl Renderer for Json {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let steps = doc
            .sop
            .instructions
            .iter()
            .enumerate()
            .map(|(i, step)| Step {
                number: i + 1,
                id: step.id_str(),
                anchor: doc.anchor(i),
                decision: Document::is_decision(step),
                end: doc.flow.is_end(i),
            })
            .collect();
        let edges = doc
            .flow
            .edges()
            .map(|(from, to, kind)| {
                let (kind, label) = match kind {
                    EdgeKind::FallThrough => ("fall-through", None),
                    EdgeKind::Next => ("next", None),
                    EdgeKind::Branch(label) => ("branch", Some(label.as_str())),
                };
                Edge {
                    from: doc.anchor(from),
                    to: doc.anchor(to),
                    kind,
                    label,
                }
            })
            .collect();
        let output = Output {
            format: "sopkit/1",
            sop: doc.sop,
            flow: Flow {
                start: (!doc.flow.is_empty()).then(|| doc.anchor(0)),
                steps,
                edges,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &output)?;
        writeln!(out)
    }
}
