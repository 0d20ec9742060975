//! `--to markdown`: CommonMark with GitHub tables, for GitHub, GitLab and
//! Azure DevOps wikis and MkDocs. The flowchart is a fenced `mermaid` block.
//!
//! Each step is its own numbered list item (`7.` starts a list at 7), so that
//! warnings and notes can sit between steps as top-level GitHub alerts
//! (`> [!WARNING]`), which GitHub does not render inside a list.

use std::io::{self, Write};

use super::markup::to_markdown;
use super::{Document, Renderer, escape, mermaid};
use crate::model::Step;

pub(super) struct Markdown;

/// The writer's Markdown for one table cell or one line: raw HTML escaped,
/// `|` escaped, on one line.
fn markdown_cell(text: &str) -> String {
    to_markdown(text)
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text as a code span that shows it exactly: fenced by one backtick more
/// than its longest run of backticks.
fn code_span(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Markdown text indented to sit inside a list item.
fn indented(text: &str, indent: &str) -> String {
    to_markdown(text.trim_end())
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table's header row and the row under it that makes it a table.
fn table_head(out: &mut dyn Write, head: &[&str]) -> io::Result<()> {
    writeln!(out, "| {} |", head.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(head.len()))
}

fn table(out: &mut dyn Write, head: [&str; 2], rows: &[(String, String)]) -> io::Result<()> {
    table_head(out, &head)?;
    for (a, b) in rows {
        writeln!(out, "| {a} | {b} |")?;
    }
    writeln!(out)
}

impl Renderer for Markdown {
    fn render(&self, doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (sop, l) = (doc.sop, doc.labels);
        writeln!(out, "# {}\n", escape::markdown(&sop.title.value))?;
        write_links(doc, out)?;
        write_metadata(doc, out)?;
        writeln!(
            out,
            "## {}\n\n{}\n",
            l.purpose,
            to_markdown(sop.purpose.value.trim_end())
        )?;
        if let Some(scope) = &sop.scope {
            writeln!(
                out,
                "## {}\n\n{}\n",
                l.scope,
                to_markdown(scope.value.trim_end())
            )?;
        }
        write_terms_and_roles(doc, out)?;
        write_metrics(doc, out)?;
        writeln!(out, "## {}\n\n```mermaid\nflowchart TD", l.flowchart)?;
        mermaid::write_body(doc, out, "    ")?;
        writeln!(out, "```\n\n## {}\n", l.instructions)?;
        for i in 0..sop.instructions.len() {
            write_step(doc, i, out)?;
        }
        write_history(doc, out)
    }
}

/// The line of links under the title: to the index, and to the
/// translations (none when there are neither).
fn write_links(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let l = doc.labels;
    if doc.translations.is_empty() && doc.index_href.is_none() {
        return Ok(());
    }
    let mut links: Vec<String> = Vec::new();
    if let Some(index) = &doc.index_href {
        links.push(format!("[{}]({index})", l.index));
    }
    if !doc.translations.is_empty() {
        let langs: Vec<String> = doc
            .translations
            .iter()
            .map(|t| format!("[{}]({})", escape::markdown(&t.language), t.href))
            .collect();
        links.push(format!("{}: {}", l.also_in, langs.join(" · ")));
    }
    writeln!(out, "{}\n", links.join(" — "))
}

fn write_terms_and_roles(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (sop, l) = (doc.sop, doc.labels);
    if !sop.terms.is_empty() {
        writeln!(out, "## {}\n", l.terms)?;
        let rows: Vec<_> = sop
            .terms
            .iter()
            .map(|(k, v)| {
                (
                    format!("**{}**", escape::markdown(&k.value)),
                    escape::markdown(&v.value),
                )
            })
            .collect();
        table(out, [l.term, l.definition], &rows)?;
    }
    if let Some(roles) = sop.roles.as_ref().filter(|r| !r.is_empty()) {
        writeln!(out, "## {}\n", l.roles)?;
        let rows: Vec<_> = roles
            .iter()
            // Plain text, not code: Markdown parsers disagree on `|` inside
            // code in a table cell.
            .map(|(k, v)| (escape::markdown(&k.value), escape::markdown(&v.value)))
            .collect();
        table(out, [l.role, l.description], &rows)?;
    }
    Ok(())
}

fn write_metrics(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (sop, l) = (doc.sop, doc.labels);
    if sop.metrics.is_empty() {
        return Ok(());
    }
    writeln!(out, "## {}\n", l.metrics)?;
    table_head(out, &[l.metric, l.target, l.kind])?;
    for m in &sop.metrics {
        let kind = m.kind.as_ref().map_or("", |k| l.metric_kind_name(k.value));
        writeln!(
            out,
            "| {} | {} | {kind} |",
            escape::markdown(&m.name.value),
            m.target.value
        )?;
    }
    writeln!(out)
}

fn write_metadata(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (sop, l) = (doc.sop, doc.labels);
    let mut rows = Vec::new();
    let mut row = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            rows.push((format!("**{label}**"), escape::markdown(&value)));
        }
    };
    row(l.id, sop.id.as_ref().map(|v| v.value.clone()));
    row(l.department, Some(sop.department.value.clone()));
    row(l.version, sop.version.as_ref().map(|v| v.value.clone()));
    row(l.status, Some(l.status_name(sop.status()).to_owned()));
    row(l.owner, sop.owner.as_ref().map(|v| v.value.clone()));
    row(
        l.effective,
        sop.effective.as_ref().map(|v| v.value.0.to_string()),
    );
    row(
        l.review_by,
        sop.review_by.as_ref().map(|v| v.value.0.to_string()),
    );
    table(out, ["", ""], &rows)
}

/// "→ step 7, *Escalate to the manager*", linked to the step's anchor.
fn jump(doc: &Document<'_>, to: usize) -> String {
    format!(
        "[{} {}, *{}*](#{})",
        doc.labels.step,
        to + 1,
        escape::markdown(&doc.step_summary(to, 60)),
        doc.anchor(to)
    )
}

fn write_step(doc: &Document<'_>, i: usize, out: &mut dyn Write) -> io::Result<()> {
    let l = doc.labels;
    let step: &Step = &doc.sop.instructions[i];
    let pad = " ".repeat(format!("{}. ", i + 1).len());
    let text = indented(&step.text.value, &pad);
    writeln!(
        out,
        "{}. <a id=\"{}\"></a>{}",
        i + 1,
        doc.anchor(i),
        text.trim_start()
    )?;
    let mut facts = Vec::new();
    if let Some(role) = &step.role {
        facts.push(format!("{}: {}", l.role, code_span(&role.value)));
    }
    if let Some(d) = &step.duration {
        facts.push(format!("{}: {}", l.duration, d.value));
    }
    if !facts.is_empty() {
        writeln!(out, "\n{pad}*{}*", facts.join(" · "))?;
    }
    if !step.substeps.is_empty() {
        writeln!(out)?;
        for sub in &step.substeps {
            writeln!(out, "{pad}- {}", markdown_cell(&sub.value))?;
        }
    }
    if let Some(script) = &step.script {
        writeln!(
            out,
            "\n{pad}> **{}:** “{}”",
            l.say,
            escape::markdown(&script.value)
        )?;
    }
    let successors = doc.flow.successors(i);
    if let Some(branches) = step.branches.as_ref().filter(|b| !b.is_empty()) {
        writeln!(out)?;
        for ((label, _), (to, _)) in branches.iter().zip(&successors) {
            writeln!(
                out,
                "{pad}- **{}** → {}",
                escape::markdown(&label.value),
                jump(doc, *to)
            )?;
        }
        // A branch to an unknown step has no edge; render files have none.
    } else if doc.flow.is_end(i) {
        writeln!(out, "\n{pad}*{}*", l.ends)?;
    } else if let Some((to, crate::flow::EdgeKind::Next)) = successors.first() {
        writeln!(out, "\n{pad}→ {}", jump(doc, *to))?;
    }
    writeln!(out)?;
    for (kind, text) in [("WARNING", &step.warning), ("NOTE", &step.note)] {
        if let Some(text) = text {
            writeln!(out, "> [!{kind}]")?;
            for line in to_markdown(text.value.trim_end()).lines() {
                writeln!(out, "> {line}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_history(doc: &Document<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (sop, l) = (doc.sop, doc.labels);
    if !sop.revisions.is_empty() {
        writeln!(out, "## {}\n", l.revisions)?;
        table_head(out, &[l.version, l.date, l.author, l.summary])?;
        for r in &sop.revisions {
            let text = |v: &Option<crate::model::Sp<String>>| {
                v.as_ref()
                    .map_or(String::new(), |v| escape::markdown(&v.value))
            };
            let date = r
                .date
                .as_ref()
                .map_or(String::new(), |d| d.value.0.to_string());
            writeln!(
                out,
                "| {} | {date} | {} | {} |",
                text(&r.version),
                text(&r.author),
                text(&r.summary)
            )?;
        }
        writeln!(out)?;
    }
    if !sop.approvals.is_empty() {
        writeln!(out, "## {}\n", l.approvals)?;
        table_head(out, &[l.name, l.role, l.date])?;
        for a in &sop.approvals {
            let date = a
                .date
                .as_ref()
                .map_or(String::new(), |d| d.value.0.to_string());
            writeln!(
                out,
                "| {} | {} | {date} |",
                escape::markdown(&a.name.value),
                escape::markdown(&a.role.value)
            )?;
        }
        writeln!(out)?;
    }
    if !sop.references.is_empty() {
        writeln!(out, "## {}\n", l.references)?;
        for r in &sop.references {
            writeln!(out, "- {}", markdown_cell(&r.value))?;
        }
        writeln!(out)?;
    }
    if !sop.tags.is_empty() {
        let tags: Vec<String> = sop.tags.iter().map(|t| code_span(&t.value)).collect();
        writeln!(out, "{}: {}", l.tags, tags.join(" "))?;
    }
    Ok(())
}
