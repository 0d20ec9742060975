//! The YAML front matter of a `.sop.md` file: a first line `---`, YAML, a
//! line `---`. It holds every key of the model but those written in the
//! body; it is read by the YAML reader, so its values keep their line and
//! column in the `.sop.md` file.

use crate::diagnostic::Diagnostic;
use crate::format::{self, SourceFormat};
use crate::load::tree::{Node, Value};
use crate::load::yaml;
use crate::rule::Rule;
use crate::source::Span;

pub(super) struct FrontMatter<'t> {
    /// Its keys, but those that belong in the body; `None` when it cannot
    /// be read (so no model is built, as for a YAML file).
    pub(super) entries: Option<Vec<(Node<'t>, Node<'t>)>>,
    /// Keys that belong in the body: reported, and used only when the body
    /// lacks them, so that the one mistake is reported once.
    pub(super) misplaced: Vec<(Node<'t>, Node<'t>)>,
    /// Whether the file has a front matter at all.
    pub(super) present: bool,
    /// The rest of the file.
    pub(super) body: Span,
}

/// Finds and reads the front matter at the start of `text`.
pub(super) fn read<'t>(text: &'t str, problems: &mut Vec<Diagnostic>) -> FrontMatter<'t> {
    let whole = Span::new(0, text.len());
    let mut front = FrontMatter {
        entries: Some(Vec::new()),
        misplaced: Vec::new(),
        present: false,
        body: whole,
    };
    let Some(found) = format::FrontMatter::find(text) else {
        return front;
    };
    front.present = true;
    let Some(body_start) = found.body_start else {
        problems.push(
            Diagnostic::new(
                Rule::MarkdownStructure,
                Span::new(0, 3),
                "the front matter is never closed",
            )
            .with_label("the front matter opens here")
            .with_help("end the front matter with a line `---`, before the `# Title`"),
        );
        front.entries = None;
        front.body = Span::new(text.len(), text.len());
        return front;
    };
    front.body = Span::new(body_start, text.len());
    let (yaml_start, yaml_end) = (found.yaml.start, found.yaml.end);
    let parsed = yaml::parse(&text[yaml_start..yaml_end], yaml_start);
    problems.extend(parsed.problems);
    front.entries = match parsed.root {
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => Some(entries),
        Some(Node {
            value: Value::Null, ..
        }) => Some(Vec::new()),
        Some(other) => {
            problems.push(
                Diagnostic::new(
                    Rule::SchemaInvalidValue,
                    other.span,
                    format!(
                        "the front matter must be a mapping of keys, found {}",
                        other.type_name()
                    ),
                )
                .with_help("write one `key: value` per line, e.g. `department: Finance`"),
            );
            None
        }
        None => None,
    };
    if let Some(entries) = &mut front.entries {
        front.misplaced = take_body_keys(entries, problems);
    }
    front
}

/// Removes and reports the keys that belong in the body.
fn take_body_keys<'t>(
    entries: &mut Vec<(Node<'t>, Node<'t>)>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Node<'t>, Node<'t>)> {
    let mut misplaced = Vec::new();
    entries.retain(|(key, value)| {
        let Some((name, help)) = (SourceFormat::Markdown.body_keys().iter())
            .find(|(name, _)| key.as_str() == Some(name))
        else {
            return true;
        };
        problems.push(
            Diagnostic::new(
                Rule::SchemaUnknownKey,
                key.span,
                format!("`{name}` belongs in the body of a Markdown SOP, not in the front matter"),
            )
            .with_help(*help),
        );
        misplaced.push((key.clone(), value.clone()));
        false
    });
    misplaced
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_place_in_the_file() {
        let text = "---\nid: CS-1\ndepartment: Finance\n---\n# T\n";
        let mut problems = Vec::new();
        let front = read(text, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let entries = front.entries.expect("read");
        let department = &entries[1].1;
        assert_eq!(department.as_str(), Some("Finance"));
        assert_eq!(&text[department.span.start..department.span.end], "Finance");
        assert_eq!(department.span.start, 25);
        assert_eq!(&text[front.body.start..], "# T\n");
    }

    #[test]
    fn body_keys_are_reported_and_kept_aside() {
        let text = "---\ntitle: T\ndepartment: D\n---\n";
        let mut problems = Vec::new();
        let front = read(text, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::SchemaUnknownKey);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("write the title as the `# Title` heading")
        );
        assert_eq!(front.entries.expect("read").len(), 1);
        assert_eq!(front.misplaced.len(), 1);
    }

    #[test]
    fn an_unclosed_front_matter_is_one_problem() {
        let mut problems = Vec::new();
        let front = read("---\ndepartment: D\n# T\n", &mut problems);
        assert!(front.entries.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::MarkdownStructure);
    }
}
