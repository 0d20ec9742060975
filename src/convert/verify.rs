//! Reading a converted SOP back and comparing its model with the original:
//! what makes a conversion lossless, and, when it is not, the value that
//! differs, named as a writer knows it ("the `text` of step 3"), with why
//! the form cannot carry it.

use std::fmt;
use std::path::Path;

use super::Unwritable;
use super::difference::{Difference, Segment, first_difference, parse, step_text_difference};
use super::reasons::{self, Slot};
use crate::format::SourceFormat;
use crate::load;
use crate::model::Sop;
use crate::rule::{Rule, Severity};

/// The model as `render --to json` writes it (keys in the model's order).
pub fn model_json(sop: &Sop) -> String {
    serde_json::to_string(sop).expect("invariant: the model serializes to JSON")
}

/// Whether a rule's errors mean the model may be incomplete (a file with
/// them is not converted): syntax, schema and Markdown structure.
pub(crate) fn is_loading_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::YamlSyntax
            | Rule::SchemaMissingKey
            | Rule::SchemaUnknownKey
            | Rule::SchemaInvalidValue
            | Rule::MarkdownStructure
    )
}

/// Reads `text` (written in `target` form) back and compares its model
/// with `sop`.
pub(super) fn verify(sop: &Sop, text: &str, target: SourceFormat) -> Result<(), Unwritable> {
    let name = Path::new("converted").with_extension(target.extension());
    let file = match target {
        SourceFormat::Markdown => load::load_markdown(&name, text.to_owned()),
        SourceFormat::Yaml => load::load_text(&name, text.to_owned()),
    };
    let original = model_json(sop);
    let read = file.sop.as_ref().map(model_json).unwrap_or_default();
    let problem = file
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && is_loading_rule(d.rule));
    if original == read && problem.is_none() {
        return Ok(());
    }
    let difference = parse(&original).zip(parse(&read)).and_then(|(a, b)| {
        let mut path = Vec::new();
        // A value with a known reason is the one to blame: it cannot have
        // been read back as it was.
        if target == SourceFormat::Markdown
            && let Some(known) = reasons::first_unwritable(&a, &mut path)
        {
            return Some(known);
        }
        let found = first_difference(&a, &b, &mut path)?;
        // A step text read as something else takes the step's attributes
        // with it: the text is what to blame, though its id differs first.
        Some(step_text_difference(&a, &b, &found.path).unwrap_or(found))
    });
    Err(match difference {
        Some(difference) => refusal(&difference, target),
        None => Unwritable {
            path: String::new(),
            message: format!(
                "the SOP cannot be written in {} so that it reads back cleanly: {}",
                target.name(),
                problem.map_or("", |d| d.message.as_str())
            ),
            help: Some(help(target).to_owned()),
        },
    })
}

fn help(target: SourceFormat) -> &'static str {
    match target {
        SourceFormat::Markdown => {
            "Markdown gives some text a meaning of its own (a line starting with `>`, `-`, `1.` or `#`, a heading, an HTML comment); change the value, or keep this SOP in YAML"
        }
        SourceFormat::Yaml => "this is a bug in sopkit; please report it",
    }
}

fn refusal(difference: &Difference, target: SourceFormat) -> Unwritable {
    let what = Described(difference);
    let slot = Slot::of(&difference.path, difference.in_key);
    let reason = match slot {
        Slot::End if target == SourceFormat::Markdown => Some(reasons::not_ending()),
        Slot::Branches if target == SourceFormat::Markdown => Some(reasons::no_branches()),
        _ if target == SourceFormat::Markdown => difference
            .text
            .as_deref()
            .and_then(|text| reasons::why(text, slot)),
        _ => None,
    };
    let (message, help) = match reason {
        Some((reason, help)) => (
            format!("{what} cannot be written in {}: {reason}", target.name()),
            help.to_owned(),
        ),
        None => (
            format!(
                "{what} cannot be written in {} so that it reads back the same",
                target.name()
            ),
            help(target).to_owned(),
        ),
    };
    Unwritable {
        path: path_text(&difference.path),
        message,
        help: Some(help),
    }
}

/// A path as `instructions[2].text`.
fn path_text(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) if out.is_empty() => out.push_str(key),
            Segment::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A difference in words: "the `text` of step 3", "the term `SLA`".
struct Described<'a>(&'a Difference);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Segment::{Index, Key};
        let d = self.0;
        match d.path.as_slice() {
            [] => f.write_str("the SOP"),
            [Key(i), Index(n), rest @ ..] if i == "instructions" => {
                let n = n + 1;
                match rest {
                    [] => write!(f, "step {n}"),
                    [Key(b), Key(label)] if b == "branches" && d.in_key => {
                        write!(f, "the branch label `{label}` of step {n}")
                    }
                    [Key(b), Key(label)] if b == "branches" => {
                        write!(f, "the target of branch `{label}` of step {n}")
                    }
                    [Key(s), Index(j)] if s == "substeps" => {
                        write!(f, "substep {} of step {n}", j + 1)
                    }
                    [Key(field), ..] => write!(f, "the `{field}` of step {n}"),
                    [Index(_), ..] => write!(f, "step {n}"),
                }
            }
            [Key(map), Key(name)] if map == "terms" && d.in_key => write!(f, "the term `{name}`"),
            [Key(map), Key(name)] if map == "terms" => {
                write!(f, "the definition of the term `{name}`")
            }
            [Key(map), Key(name)] if map == "roles" && d.in_key => write!(f, "the role `{name}`"),
            [Key(map), Key(name)] if map == "roles" => {
                write!(f, "the description of role `{name}`")
            }
            [Key(key)] => write!(f, "the `{key}`"),
            path => write!(f, "`{}`", path_text(path)),
        }
    }
}
