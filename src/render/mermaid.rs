//! `--to mermaid`: the flowchart alone, as Mermaid `flowchart TD` text.
//! Node ids are generated (`s1`, `s2` …), so nothing from the SOP is ever an
//! id; every label is quoted and passed through [`super::escape::mermaid`].

use std::io::{self, Write};

use super::escape::mermaid as escape;
use super::{Document, Renderer, node_lines};
use crate::flow::EdgeKind;

pub(super) struct Mermaid;

fn label(lines: &[String]) -> String {
    super::join_lines(lines, escape, "<br>")
}

impl Renderer for Mermaid {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "flowchart TD")?;
        write_body(doc, out, "    ")
    }
}

/// The statements of the flowchart, each line indented by `indent`; shared
/// with the Markdown renderer's mermaid block.
pub(super) fn write_body(doc: &Document<'_>, out: &mut dyn Write, indent: &str) -> io::Result<()> {
    let l = doc.labels;
    writeln!(out, "{indent}sop_start([\"{}\"])", escape(l.start))?;
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let text = label(&node_lines(doc, i));
        if Document::is_decision(step) {
            writeln!(out, "{indent}s{}{{\"{text}\"}}", i + 1)?;
        } else {
            writeln!(out, "{indent}s{}[\"{text}\"]", i + 1)?;
        }
    }
    let ends = (0..doc.flow.len()).any(|i| doc.flow.is_end(i));
    if ends {
        writeln!(out, "{indent}sop_end([\"{}\"])", escape(l.end))?;
    }
    if !doc.flow.is_empty() {
        writeln!(out, "{indent}sop_start --> s1")?;
    }
    for (from, to, kind) in doc.flow.edges() {
        match kind {
            EdgeKind::Branch(text) => {
                writeln!(
                    out,
                    "{indent}s{} -->|\"{}\"| s{}",
                    from + 1,
                    escape(text),
                    to + 1
                )?;
            }
            EdgeKind::Next | EdgeKind::FallThrough => {
                writeln!(out, "{indent}s{} --> s{}", from + 1, to + 1)?
            }
        }
    }
    for i in (0..doc.flow.len()).filter(|&i| doc.flow.is_end(i)) {
        writeln!(out, "{indent}s{} --> sop_end", i + 1)?;
    }
    writeln!(out, "{indent}classDef decision fill:#fff4d6,stroke:#b7791f")?;
    writeln!(out, "{indent}classDef terminal fill:#e6f4ea,stroke:#2f855a")?;
    let decisions: Vec<String> = doc
        .sop
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, s)| Document::is_decision(s))
        .map(|(i, _)| format!("s{}", i + 1))
        .collect();
    if !decisions.is_empty() {
        writeln!(out, "{indent}class {} decision", decisions.join(","))?;
    }
    writeln!(
        out,
        "{indent}class sop_start{} terminal",
        if ends { ",sop_end" } else { "" }
    )
}
