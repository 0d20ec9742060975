//! The Terms section: a bullet list, one `**TERM**: definition` per item
//! (`**TERM:** definition` and `__TERM__` are read too).

use super::blocks::{Block, Kind};
use super::excerpt::Strip;
use super::{Reader, text_node};
use crate::diagnostic::Diagnostic;
use crate::load::tree::{Node, Value};
use crate::rule::Rule;
use crate::source::Span;

const HELP: &str =
    "write the term in bold, a colon, then its definition: `- **SLA**: Service level agreement.`";

impl Reader<'_> {
    pub(super) fn terms(&mut self, heading: Span, blocks: &[&Block]) -> Node<'static> {
        let mut entries: Vec<(Node<'static>, Node<'static>)> = Vec::new();
        let mut stray_reported = false;
        for block in blocks {
            let Kind::List { .. } = block.kind else {
                if !stray_reported {
                    self.problems.push(
                        Diagnostic::new(
                            Rule::MarkdownStructure,
                            self.first_line(block.span),
                            format!("{} in Terms", block.describe()),
                        )
                        .with_label("expected a bullet list of terms")
                        .with_help(HELP),
                    );
                    stray_reported = true;
                }
                continue;
            };
            stray_reported = false;
            for item in block.content_children() {
                let Some((term, definition)) = self.term(item) else {
                    continue;
                };
                let same = entries.iter().find(|(t, _)| t.value == term.value);
                if let Some((first, _)) = same {
                    self.problems.push(
                        Diagnostic::new(
                            Rule::MarkdownStructure,
                            term.span,
                            format!(
                                "the term `{}` is defined twice",
                                term.as_str().unwrap_or("")
                            ),
                        )
                        .with_related(first.span, "first defined here")
                        .with_help("keep one definition"),
                    );
                    continue;
                }
                entries.push((term, definition));
            }
        }
        Node::new(Value::Map(entries), heading)
    }

    /// One item: the term and its definition.
    fn term(&mut self, item: &Block) -> Option<(Node<'static>, Node<'static>)> {
        let first = item.content_children().next();
        let parsed = first
            .filter(|b| b.kind == Kind::Paragraph)
            .and_then(|p| split_term(&self.src.blanked(p.span), p.span.start));
        let Some((term, definition_start)) = parsed else {
            let at = self.first_line(first.map_or(item.span, |b| b.span));
            let found = &self.src.text[at.start..at.end];
            // `SLA: Service level agreement`: only the bold is missing.
            let help = match found.split_once(':') {
                Some((term, _))
                    if !term.trim().is_empty() && term.split_whitespace().count() <= 4 =>
                {
                    format!("write the term in bold: `- **{}**: …`", term.trim())
                }
                _ => HELP.to_owned(),
            };
            self.problems.push(
                Diagnostic::new(
                    Rule::MarkdownStructure,
                    at,
                    format!("expected a term written `**TERM**: definition`, found `{found}`"),
                )
                .with_help(help),
            );
            return None;
        };
        let indent = self
            .src
            .column(first.map_or(item.span.start, |b| b.span.start));
        let (definition, span) = self.src.excerpt(
            Span::new(definition_start, item.span.end),
            Strip::Indent(indent),
        );
        let span = if definition.is_empty() {
            term.span
        } else {
            span
        };
        Some((term, text_node(definition, span)))
    }
}

/// `**TERM**: definition` at the start of `text` (which starts at byte
/// `base`): the term, and where the definition starts.
fn split_term(text: &str, base: usize) -> Option<(Node<'static>, usize)> {
    let marker = ["**", "__"].into_iter().find(|m| text.starts_with(m))?;
    let inner_end = 2 + text[2..].find(marker)?;
    let inner = &text[2..inner_end];
    let after = &text[inner_end + 2..];
    let (term, rest) = match inner.trim_end().strip_suffix(':') {
        Some(term) => (term, after),
        None => (inner, after.trim_start().strip_prefix(':')?),
    };
    let term_start = 2 + (inner.len() - inner.trim_start().len());
    let term = term.trim();
    if term.is_empty() {
        return None;
    }
    let span = Span::new(base + term_start, base + term_start + term.len());
    let definition_start = base + (text.len() - rest.len());
    Some((text_node(term, span), definition_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Option<(String, String)> {
        let (term, at) = split_term(text, 0)?;
        let name = &text[term.span.start..term.span.end];
        assert_eq!(Some(name), term.as_str());
        Some((name.to_owned(), text[at..].trim().to_owned()))
    }

    #[test]
    fn terms_in_every_spelling() {
        let want = Some(("CRM".to_owned(), "Customer relationship.".to_owned()));
        assert_eq!(split("**CRM**: Customer relationship."), want);
        assert_eq!(split("**CRM:** Customer relationship."), want);
        assert_eq!(split("__CRM__ : Customer relationship."), want);
        assert_eq!(split("CRM: Customer relationship."), None);
        assert_eq!(split("**CRM** Customer relationship."), None);
        assert_eq!(split("****: x"), None);
    }
}
