//! The page's instructions: each step with its role and duration, its
//! substeps, what to say, where it leads, and its warning and note.

use std::fmt::Write as _;

use crate::flow::EdgeKind;
use crate::model::Step;
use crate::render::Document;
use crate::render::escape::html as escape;
use crate::render::markup::{to_html as markdown, to_html_inline as markdown_inline};

pub(super) fn steps(doc: &Document<'_>, b: &mut String) {
    let _ = write!(
        b,
        "<section id=\"instructions\"><h2>{}</h2>\n<ol class=\"steps\">\n",
        escape(doc.labels.instructions)
    );
    for (i, step) in doc.sop.instructions.iter().enumerate() {
        let class = if Document::is_decision(step) {
            " class=\"decision\""
        } else {
            ""
        };
        let _ = write!(
            b,
            "<li id=\"{}\"{class}>\n<div class=\"step-text\">{}</div>\n",
            escape(&doc.anchor(i)),
            markdown(&step.text.value)
        );
        facts(doc, step, b);
        if !step.substeps.is_empty() {
            b.push_str("<ul class=\"substeps\">");
            for sub in &step.substeps {
                let _ = write!(b, "<li>{}</li>", markdown_inline(&sub.value));
            }
            b.push_str("</ul>\n");
        }
        if let Some(script) = &step.script {
            let _ = writeln!(
                b,
                "<blockquote class=\"script\"><strong>{}:</strong> “{}”</blockquote>",
                escape(doc.labels.say),
                escape(&script.value)
            );
        }
        ways_on(doc, i, step, b);
        callouts(doc, step, b);
        b.push_str("</li>\n");
    }
    b.push_str("</ol></section>\n");
}

/// Who does the step and how long it takes, when the SOP says.
fn facts(doc: &Document<'_>, step: &Step, b: &mut String) {
    let l = doc.labels;
    let mut facts = Vec::new();
    if let Some(role) = &step.role {
        let name = doc.role_name(&role.value);
        facts.push(format!(
            "<span class=\"role\">{}: {}</span>",
            escape(l.role),
            escape(name)
        ));
    }
    if let Some(d) = &step.duration {
        facts.push(format!(
            "<span>{}: {}</span>",
            escape(l.duration),
            escape(&d.value.to_string())
        ));
    }
    if !facts.is_empty() {
        let _ = writeln!(b, "<p class=\"facts\">{}</p>", facts.join(""));
    }
}

/// Where step `i` leads: its branches, the end, or a jump to a step other
/// than the next.
fn ways_on(doc: &Document<'_>, i: usize, step: &Step, b: &mut String) {
    let successors = doc.flow.successors(i);
    if let Some(branches) = step.branches.as_ref().filter(|br| !br.is_empty()) {
        b.push_str("<ul class=\"branches\">");
        for ((label, _), (to, _)) in branches.iter().zip(&successors) {
            let _ = write!(
                b,
                "<li><span class=\"label\">{}</span> → {}</li>",
                escape(&label.value),
                link(doc, *to)
            );
        }
        b.push_str("</ul>\n");
    } else if doc.flow.is_end(i) {
        let _ = writeln!(b, "<p class=\"ends\">{}</p>", escape(doc.labels.ends));
    } else if let Some((to, EdgeKind::Next)) = successors.first() {
        let _ = writeln!(b, "<p class=\"jump\">→ {}</p>", link(doc, *to));
    }
}

/// A link to step `to` on this page: "step 7, *Escalate to the manager*".
fn link(doc: &Document<'_>, to: usize) -> String {
    format!(
        "<a href=\"#{}\">{} {}, <em>{}</em></a>",
        escape(&doc.anchor(to)),
        escape(doc.labels.step),
        to + 1,
        escape(&doc.step_summary(to, 60))
    )
}

/// The step's warning and note.
fn callouts(doc: &Document<'_>, step: &Step, b: &mut String) {
    let l = doc.labels;
    for (class, title, text) in [
        ("warning", l.warning, &step.warning),
        ("note", l.note, &step.note),
    ] {
        if let Some(text) = text {
            let _ = writeln!(
                b,
                "<aside class=\"callout {class}\"><p class=\"callout-title\">{}</p>{}</aside>",
                escape(title),
                markdown(&text.value)
            );
        }
    }
}
