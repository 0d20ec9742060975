//! The fix of a badly formed step id (`Check Amount` → `check-amount`),
//! attached after every file of a run is checked, because whether it is
//! safe depends on the whole file and on the files checked with it.
//!
//! The slug is offered only when renaming the id changes nothing else: the
//! slug is a valid id no other step has and no other badly formed id
//! becomes, no `next` or branch names the old id (they would break), and
//! the SOP is not a translation nor translated (a translation must keep its
//! source's step ids).

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Fix};
use crate::load::LoadedFile;
use crate::load::scalars::slug;
use crate::model::{Sop, StepId};
use crate::rule::Rule;
use crate::source::Span;

/// Attaches the slug fix to each badly formed step id where it is safe.
/// Each file's ids and targets are indexed once, so the pass is linear in
/// steps and diagnostics (it compared every diagnostic with every step).
pub(super) fn attach(files: &mut [LoadedFile]) {
    let translated: HashSet<String> = files
        .iter()
        .filter_map(|f| Some(f.sop.as_ref()?.translation_of.as_ref()?.value.clone()))
        .collect();
    for file in files {
        let Some(sop) = &file.sop else {
            continue;
        };
        let in_family = sop.translation_of.is_some()
            || sop
                .id
                .as_ref()
                .is_some_and(|id| translated.contains(&id.value));
        if in_family {
            continue;
        }
        let wanted = |d: &Diagnostic| d.rule == Rule::SchemaInvalidValue && d.fix.is_none();
        if !file.diagnostics.iter().any(wanted) {
            continue;
        }
        let ids = Ids::of(sop);
        for d in file.diagnostics.iter_mut().filter(|d| wanted(d)) {
            let Some(old) = ids.by_span.get(&d.span).copied() else {
                continue;
            };
            let new = slug(old);
            if StepId::is_valid(old) || !StepId::is_valid(&new) || !ids.safe_to_rename(old, &new) {
                continue;
            }
            d.fix = crate::format::spelling::replace_value(&file.source, d.span, &new)
                .map(|edit| Fix {
                    title: format!("Rename the step to `{new}`"),
                    edits: vec![edit],
                })
                .map(Box::new);
        }
    }
}

/// One file's step ids and the targets that name them, indexed.
struct Ids<'a> {
    /// The id written at each id's span.
    by_span: HashMap<Span, &'a str>,
    /// How many steps have each id.
    count: HashMap<&'a str, usize>,
    /// How many badly formed ids become each slug.
    slugs: HashMap<String, usize>,
    /// Ids that a `next` or a branch names.
    named: HashSet<&'a str>,
}

impl<'a> Ids<'a> {
    fn of(sop: &'a Sop) -> Self {
        let mut ids = Self {
            by_span: HashMap::new(),
            count: HashMap::new(),
            slugs: HashMap::new(),
            named: HashSet::new(),
        };
        for step in &sop.instructions {
            if let (Some(id), Some(text)) = (&step.id, step.id_str()) {
                ids.by_span.insert(id.span, text);
                *ids.count.entry(text).or_default() += 1;
                if !StepId::is_valid(text) {
                    *ids.slugs.entry(slug(text)).or_default() += 1;
                }
            }
            ids.named
                .extend(step.next.as_ref().map(|n| n.value.as_str()));
            if let Some(branches) = &step.branches {
                ids.named
                    .extend(branches.iter().map(|(_, t)| t.value.as_str()));
            }
        }
        ids
    }

    /// Whether no other step is `new` already nor becomes it, `old` is
    /// one step's id, and nothing names `old`.
    fn safe_to_rename(&self, old: &str, new: &str) -> bool {
        let taken = self.count.contains_key(new) || self.slugs.get(new).is_some_and(|&n| n > 1);
        let twice = self.count.get(old).is_some_and(|&n| n > 1);
        !(taken || twice || self.named.contains(old))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::check::check_loaded;
    use crate::load::load_text;
    use crate::rules::RuleOptions;

    /// The fixes offered for the bad ids of an SOP with these steps.
    fn fixes(steps: &str) -> Vec<String> {
        let text =
            format!("title: T\ndepartment: D\npurpose: P.\nterms: {{}}\ninstructions:\n{steps}");
        let file = check_loaded(
            load_text(Path::new("t.sop.yaml"), text),
            &RuleOptions::default(),
        );
        let mut files = [file];
        super::attach(&mut files);
        files[0]
            .diagnostics
            .iter()
            .filter_map(|d| Some(d.fix.as_ref()?.title.clone()))
            .collect()
    }

    #[test]
    fn a_bad_id_is_renamed_to_its_slug_when_nothing_else_changes() {
        assert_eq!(
            fixes("  - id: Check Amount\n    text: A.\n  - id: ok\n    text: B.\n"),
            ["Rename the step to `check-amount`"]
        );
        // `ok` is named by a `next`: renaming it would break the link.
        assert!(fixes("  - id: A B\n    text: A.\n    next: A B\n").is_empty());
        // The slug is taken.
        assert!(fixes("  - id: Ok\n    text: A.\n  - id: ok\n    text: B.\n").is_empty());
    }

    #[test]
    fn two_bad_ids_with_one_slug_are_not_renamed() {
        assert!(
            fixes("  - id: Check Amount\n    text: A.\n  - id: check_amount\n    text: B.\n")
                .is_empty(),
            "both would become `check-amount`"
        );
    }
}
