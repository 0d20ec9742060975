//! `--to dot`: a Graphviz digraph of the flowchart, top to bottom: decisions
//! as diamonds, the start and the end marked, branch labels on edges. Every
//! string from the SOP goes through [`super::escape::dot`].

use std::io::{self, Write};

use super::escape::dot as escape;
use super::{Document, Renderer, node_lines};
use crate::flow::EdgeKind;

pub(super) struct Dot;

fn label(lines: &[String]) -> String {
    super::join_lines(lines, escape, "\\n")
}

impl Renderer for Dot {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let l = doc.labels;
        writeln!(out, "digraph sop {{")?;
        writeln!(
            out,
            "    graph [rankdir=TB, label=\"{}\", labelloc=t, fontname=\"Helvetica\", fontsize=16];",
            escape(&doc.sop.title.value)
        )?;
        writeln!(
            out,
            "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6f8\", color=\"#4a5568\", fontname=\"Helvetica\", fontsize=11];"
        )?;
        writeln!(
            out,
            "    edge [color=\"#4a5568\", fontname=\"Helvetica\", fontsize=10];"
        )?;
        writeln!(
            out,
            "    start [label=\"{}\", shape=circle, fillcolor=\"#2f855a\", fontcolor=white, style=filled];",
            escape(l.start)
        )?;
        for (i, step) in doc.sop.instructions.iter().enumerate() {
            let shape = if Document::is_decision(step) {
                ", shape=diamond, style=filled, fillcolor=\"#fff4d6\", color=\"#b7791f\""
            } else {
                ""
            };
            writeln!(
                out,
                "    s{} [label=\"{}\", URL=\"#{}\"{shape}];",
                i + 1,
                label(&node_lines(doc, i)),
                escape(&doc.anchor(i))
            )?;
        }
        let ends: Vec<usize> = (0..doc.flow.len())
            .filter(|&i| doc.flow.is_end(i))
            .collect();
        if !ends.is_empty() {
            writeln!(
                out,
                "    end [label=\"{}\", shape=doublecircle, fillcolor=\"#2f855a\", fontcolor=white, style=filled];",
                escape(l.end)
            )?;
        }
        if !doc.flow.is_empty() {
            writeln!(out, "    start -> s1;")?;
        }
        for (from, to, kind) in doc.flow.edges() {
            match kind {
                EdgeKind::Branch(text) => writeln!(
                    out,
                    "    s{} -> s{} [label=\"{}\"];",
                    from + 1,
                    to + 1,
                    escape(text)
                )?,
                EdgeKind::Next | EdgeKind::FallThrough => {
                    writeln!(out, "    s{} -> s{};", from + 1, to + 1)?
                }
            }
        }
        for i in ends {
            writeln!(out, "    s{} -> end;", i + 1)?;
        }
        writeln!(out, "}}")
    }
}
