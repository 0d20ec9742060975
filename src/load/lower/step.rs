//! The instructions: each step, its id, and where it leads.

use std::fmt;

use super::fields::Fields;
use super::{Lower, Numbers};
use crate::diagnostic::Diagnostic;
use crate::load::scalars::slug;
use crate::load::tree::{Node, Value};
use crate::model::{Sp, Step, StepId};
use crate::rule::Rule;

/// How messages name a step while it is read: "step `restored`" when it has
/// an id, else "step 3".
enum StepName<'a> {
    Id(&'a str),
    Number(usize),
}

impl fmt::Display for StepName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "step `{id}`"),
            Self::Number(n) => write!(f, "step {n}"),
        }
    }
}

/// "the `text` of step 3", formatted only when a problem is reported.
struct FieldOf<'a>(&'a str, &'a StepName<'a>);

impl fmt::Display for FieldOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the `{}` of {}", self.0, self.1)
    }
}

/// The keys that say where a step leads; a step may have one of them.
const FLOW_KEYS: [&str; 3] = ["branches", "next", "end"];

impl Lower<'_> {
    pub(super) fn instructions(&mut self, node: Node<'_>) -> Vec<Step> {
        let (span, is_list) = (node.span, matches!(node.value, Value::Seq(_)));
        let items = self.list(node, &"`instructions`");
        if !is_list {
            return Vec::new();
        }
        if items.is_empty() {
            self.invalid(
                span,
                "`instructions` has no steps".into(),
                Some("add at least one step: `- text: ...`".into()),
            );
        }
        // A step that cannot be read still holds its place, so that step
        // numbers and falling through stay as the writer sees them.
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let span = item.span;
                self.step(item, i + 1)
                    .unwrap_or_else(|| Step::placeholder(self.first_line(span)))
            })
            .collect()
    }

    fn step(&mut self, node: Node<'_>, number: usize) -> Option<Step> {
        let node = match node {
            Node {
                value: Value::Str(text),
                span,
            } => {
                self.invalid(
                    span,
                    format!("step {number} must be a mapping with `text`, found text"),
                    Some(format!("write `- text: {}`", first_line(&text))),
                );
                let mut step = Step::placeholder(span);
                step.text = Sp::new(text.into_owned(), span);
                return Some(step);
            }
            node => node,
        };
        // The step is named by its id in every message, even those about
        // its other keys, so the id is looked up before they are read (a
        // copy of a borrowed text costs nothing).
        let written_id = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some("id"))
                .and_then(|(_, v)| match &v.value {
                    Value::Str(id) | Value::Number(id) => Some(id.clone()),
                    _ => None,
                })
                .filter(|id| StepId::is_valid(id)),
            _ => None,
        };
        let name = written_id
            .as_deref()
            .map_or(StepName::Number(number), StepName::Id);
        let mut f = self.fields(node, &name, Step::KEYS)?;
        let id = f.take("id").and_then(|n| self.step_id(n));
        let text = self
            .required(&mut f, "text", &name)
            .and_then(|n| self.text(n, &FieldOf("text", &name)));
        self.one_flow_key(&f, &name);
        let field = |me: &mut Self, f: &mut Fields<'_>, key: &str| {
            f.take(key).and_then(|n| me.text(n, &FieldOf(key, &name)))
        };
        let mut flow_unreadable = false;
        let next = f.take("next").and_then(|n| {
            let target = self.ident(n, &FieldOf("next", &name));
            flow_unreadable |= target.is_none();
            target
        });
        let branches = f.take("branches").and_then(|n| {
            let what = FieldOf("branches", &name);
            let map = self.text_map(n, &what, &"the target of branch", Numbers::Allowed);
            flow_unreadable |= map.is_none();
            map
        });
        let span = self.first_line(f.span);
        let step = Step {
            text: text.unwrap_or_else(|| Sp::new(String::new(), span)),
            role: f
                .take("role")
                .and_then(|n| self.ident(n, &FieldOf("role", &name))),
            duration: f
                .take("duration")
                .and_then(|n| self.duration(n, &FieldOf("duration", &name))),
            script: field(self, &mut f, "script"),
            note: field(self, &mut f, "note"),
            warning: field(self, &mut f, "warning"),
            substeps: f
                .take("substeps")
                .map(|n| self.list_of(n, &"a substep", Numbers::Refused))
                .unwrap_or_default(),
            next,
            branches,
            end: f.take("end").and_then(|n| self.end(n, &name)),
            flow_unreadable,
            span,
            id,
        };
        Some(step)
    }

    /// A step either branches, jumps with `next`, or ends: the second of
    /// these keys is reported, at the key.
    fn one_flow_key(&mut self, f: &Fields<'_>, name: &StepName<'_>) {
        // `end: false` says the step does not end: it leads nowhere by itself.
        let mut present = FLOW_KEYS
            .into_iter()
            .filter(|k| f.get(k).is_some_and(|n| n.value != Value::Bool(false)));
        if let (Some(first), Some(second)) = (present.next(), present.next()) {
            let at = f.key_span(second).unwrap_or(f.span);
            let first_at = f.key_span(first).unwrap_or(f.span);
            self.diagnostics.push(
                Diagnostic::new(
                    Rule::SchemaInvalidValue,
                    at,
                    format!("{name} has both `{first}` and `{second}`"),
                )
                .with_related(first_at, format!("`{first}` is here"))
                .with_help("a step either branches, jumps with `next`, or ends: keep one"),
            );
        }
    }

    fn end(&mut self, node: Node<'_>, name: &StepName<'_>) -> Option<Sp<bool>> {
        match node.value {
            Value::Bool(b) => Some(Sp::new(b, node.span)),
            _ => {
                self.invalid(
                    node.span,
                    format!("`end` of {name} must be `true`, found {}", node.type_name()),
                    Some("write `end: true`".into()),
                );
                None
            }
        }
    }

    /// A step id. A badly formed id is reported but kept, so that `next` and
    /// branches that name it still resolve and no second error follows.
    fn step_id(&mut self, node: Node<'_>) -> Option<Sp<StepId>> {
        let id = self.ident(node, &"a step `id`")?;
        if !StepId::is_valid(&id.value) {
            let suggestion = slug(&id.value);
            self.invalid(
                id.span,
                format!("`{}` is not a valid step id", id.value),
                Some(if suggestion.is_empty() {
                    "a step id is lowercase letters, digits and `-`, e.g. `check-amount`".into()
                } else {
                    format!("a step id is lowercase letters, digits and `-`: try `{suggestion}`")
                }),
            );
        }
        Some(Sp::new(StepId(id.value), id.span))
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(40) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}
