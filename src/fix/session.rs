//! Fixing until nothing changes: check, apply every safe fix that does not
//! overlap another, check the fixed text again (a fix can reveal or enable
//! another, and overlapping fixes wait for the next round), and repeat, at
//! most [`MAX_ROUNDS`] times. Cross-file rules see the fixed text of every
//! file, as a later `check` would.
//!
//! A file whose fixed text gets a `yaml/syntax` or `markdown/structure`
//! error that its original text did not have is left as it was: its fixes
//! are refused, and nothing of it is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::{CheckReport, Input, check};
use crate::config::Resolver;
use crate::load::{self, LoadedFile};
use crate::rule::Rule;
use crate::rules::RuleOptions;

use super::apply::apply_diagnostics;
use super::diff::Origins;

/// Rounds of check-and-fix before giving up on reaching a fixed point.
pub(crate) const MAX_ROUNDS: usize = 10;

/// A file that had fixes.
#[derive(Debug, Clone)]
pub struct FixedFile {
    /// The path as given (or the name of standard input).
    pub path: PathBuf,
    /// The text as read (without a byte-order mark).
    pub original: String,
    /// The text after the fixes; the original when they were refused.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Which lines of `text` are lines of `original`, for the diff.
    pub origins: Origins,
    /// Why the fixes were refused: the parse error they would cause.
    pub refused: Option<String>,
}

impl FixedFile {
    pub(crate) fn changed(&self) -> bool {
        self.text != self.original
    }
}

/// What a fix session did, and the check of the fixed texts.
#[derive(Debug)]
pub struct Session {
    /// Every file that had a fix, in the order checked.
    pub files: Vec<FixedFile>,
    /// The last check: of the fixed texts, with the usage problems of the first.
    pub report: CheckReport,
}

impl Session {
    /// How many fixes were applied, in how many files.
    pub(crate) fn totals(&self) -> (usize, usize) {
        let changed = self.files.iter().filter(|f| f.changed());
        changed.fold((0, 0), |(fixes, files), f| (fixes + f.applied, files + 1))
    }
}

/// Checks `inputs` and fixes them until nothing changes. With `only`, just
/// that file is fixed (the others are read, for the cross-file rules).
pub fn run(
    inputs: &[Input],
    options: &RuleOptions,
    resolver: &mut Resolver,
    only: Option<&Path>,
) -> Session {
    let mut report = check(inputs, options, resolver);
    let mut texts: Vec<(PathBuf, String)> = report
        .files
        .iter()
        .map(|f| (f.source.path().to_path_buf(), f.source.text().to_owned()))
        .collect();
    let slots: HashMap<PathBuf, usize> = texts
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (path.clone(), i))
        .collect();
    let mut fixing = Fixing::default();
    for _ in 0..MAX_ROUNDS {
        let mut changed = false;
        for file in &report.files {
            let path = file.source.path();
            if only.is_some_and(|o| o != path) {
                continue;
            }
            if let Some(text) = fixing.round(file)
                && let Some(&slot) = slots.get(path)
            {
                texts[slot].1 = text;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        let again: Vec<Input> = texts
            .iter()
            .map(|(name, text)| Input::Stdin {
                name: name.clone(),
                bytes: text.clone().into_bytes(),
            })
            .collect();
        let next = check(&again, options, resolver);
        report = carry_usage_problems(report, next);
    }
    Session {
        files: fixing.files,
        report,
    }
}

/// The files being fixed, and the parse errors of their original texts.
#[derive(Default)]
struct Fixing {
    files: Vec<FixedFile>,
    index: HashMap<PathBuf, usize>,
    parse_errors: HashMap<PathBuf, Vec<(Rule, String)>>,
}

impl Fixing {
    /// Applies the fixes of one checked file; returns its new text when it
    /// changed (the original text again when the fixes are refused).
    fn round(&mut self, file: &LoadedFile) -> Option<String> {
        if !file.diagnostics.iter().any(|d| d.fix.is_some()) {
            return None;
        }
        let path = file.source.path();
        let files = &mut self.files;
        let i = *self.index.entry(path.to_path_buf()).or_insert_with(|| {
            files.push(FixedFile {
                path: path.to_path_buf(),
                original: file.source.text().to_owned(),
                text: file.source.text().to_owned(),
                applied: 0,
                origins: Origins::of(file.source.text()),
                refused: None,
            });
            files.len() - 1
        });
        let state = &mut self.files[i];
        if state.refused.is_some() {
            return None;
        }
        let applied = apply_diagnostics(file.source.text(), &file.diagnostics);
        if applied.applied == 0 {
            return None;
        }
        let before = self
            .parse_errors
            .entry(path.to_path_buf())
            .or_insert_with(|| parse_problems(path, &state.original));
        if let Some(problem) = new_problem(before, &parse_problems(path, &applied.text)) {
            state.refused = Some(problem);
            state.text.clone_from(&state.original);
            state.applied = 0;
            state.origins = Origins::of(&state.original);
        } else {
            state.origins = state
                .origins
                .after(file.source.text(), &applied.edits, &applied.text);
            state.text = applied.text;
            state.applied += applied.applied;
        }
        Some(state.text.clone())
    }
}

/// The later report, with the usage problems found by the first (which a
/// re-check of in-memory texts cannot find again).
fn carry_usage_problems(first: CheckReport, mut next: CheckReport) -> CheckReport {
    next.path_errors = first.path_errors;
    next.config_errors = first.config_errors;
    next.unchecked = first.unchecked;
    next.empty_folders = first.empty_folders;
    next
}

/// The problems that mean a text cannot be read as an SOP at all.
fn parse_problems(path: &Path, text: &str) -> Vec<(Rule, String)> {
    let loaded = load::load_bytes(path, text.as_bytes().to_vec());
    loaded
        .diagnostics
        .into_iter()
        .filter(|d| matches!(d.rule, Rule::YamlSyntax | Rule::MarkdownStructure))
        .map(|d| (d.rule, d.message))
        .collect()
}

/// A problem of `after` that `before` does not have (counting repeats).
fn new_problem(before: &[(Rule, String)], after: &[(Rule, String)]) -> Option<String> {
    let mut left: HashMap<&(Rule, String), usize> = HashMap::new();
    for problem in before {
        *left.entry(problem).or_default() += 1;
    }
    for problem in after {
        match left.get_mut(problem) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return Some(format!("{}: {}", problem.0.id(), problem.1)),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_the_original_did_not_have_is_new() {
        let path = Path::new("a.sop.yaml");
        let before = parse_problems(path, "title: [x\n");
        assert_eq!(before.len(), 1);
        assert_eq!(new_problem(&before, &before), None);
        assert_eq!(new_problem(&[], &parse_problems(path, "title: ok\n")), None);
        let broken = parse_problems(path, "title: \"x\n");
        assert!(new_problem(&[], &broken).is_some_and(|p| p.starts_with("yaml/syntax: ")));
        let markdown = parse_problems(Path::new("a.sop.md"), "# T\n\n1. A {#a\n");
        assert!(new_problem(&[], &markdown).is_some_and(|p| p.starts_with("markdown/structure: ")));
    }
}
