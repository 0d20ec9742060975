//! Suppression comments in SOP files, and the last pass over a file's
//! diagnostics: the severities of `sopkit.toml`, then the suppressions.
//!
//! `# sopkit: allow(RULE, …)` silences those rules on its own line and on the
//! line below it (so it can trail the offending value or stand above it);
//! `# sopkit: allow-file(RULE, …)` anywhere silences them in the whole file.
//! A Markdown SOP writes them as HTML comments: `<!-- sopkit: allow(…) -->`.
//! A suppression that silences nothing is `meta/unused-suppression`; an
//! unknown rule id is `meta/invalid-suppression`, naming the closest rule.
//! Both carry a fix: the unused id is taken out of the comment (the whole
//! comment when it names nothing else), the unknown id becomes the rule
//! it most likely meant.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Fix, closest};
use crate::format::SourceFormat;
use crate::load::LoadedFile;
use crate::rule::Rule;
use crate::source::{SourceFile, Span};

/// One rule named in one suppression comment.
#[derive(Debug)]
struct Allow {
    rule: Rule,
    /// The rule id in the comment.
    span: Span,
    /// The comment's line (1-based), or `None` for the whole file.
    line: Option<usize>,
    used: bool,
    /// The comment it is in (an index into the file's suppression
    /// comments) and its place among the comment's ids.
    comment: usize,
    index: usize,
}

/// One suppression comment: where it is, and each rule id it names
/// (known or not), for the fix that removes one of them.
#[derive(Debug)]
struct Listed {
    span: Span,
    ids: Vec<Span>,
}

/// Applies the configuration's severities and the file's suppressions, and
/// sorts what is left by place.
pub fn finish(file: &mut LoadedFile) {
    let config = std::sync::Arc::clone(&file.config);
    let (mut allows, mut problems, listed) = parse(&file.source, &file.comments);
    let source = &file.source;
    // The suppressions of each rule on each line (`None`: the whole file),
    // so each diagnostic looks up its own instead of reading them all.
    let mut by_place: HashMap<(Rule, Option<usize>), Vec<usize>> = HashMap::new();
    for (i, allow) in allows.iter().enumerate() {
        by_place
            .entry((allow.rule, allow.line))
            .or_default()
            .push(i);
    }
    file.diagnostics.retain_mut(|d| {
        let Some(severity) = config.severity(d.rule) else {
            return false;
        };
        d.severity = severity;
        if by_place.is_empty() {
            return true;
        }
        let line = source.line_index(d.span.start) + 1;
        let mut silenced = false;
        for place in [None, Some(line), line.checked_sub(1)] {
            if place == Some(0) {
                continue;
            }
            for &i in by_place.get(&(d.rule, place)).into_iter().flatten() {
                allows[i].used = true;
                silenced = true;
            }
        }
        !silenced
    });
    for allow in allows.iter().filter(|a| !a.used) {
        let scope = if allow.line.is_some() {
            "here"
        } else {
            "in this file"
        };
        problems.push(
            Diagnostic::new(
                Rule::MetaUnusedSuppression,
                allow.span,
                format!(
                    "`{}` reports nothing {scope}: the suppression is not needed",
                    allow.rule.id()
                ),
            )
            .with_help("remove it from the comment")
            .with_fix(removal(&file.source, &listed[allow.comment], allow)),
        );
    }
    for mut problem in problems {
        if let Some(severity) = config.severity(problem.rule) {
            problem.severity = severity;
            file.diagnostics.push(problem);
        }
    }
    file.diagnostics.sort_by_key(|d| (d.span.start, d.rule));
}

/// The fix of an unused suppression: its id out of the comment, or the
/// whole comment when it names nothing else.
fn removal(source: &SourceFile, listed: &Listed, allow: &Allow) -> Option<Fix> {
    let id = allow.rule.id();
    if listed.ids.len() > 1 {
        let edit = crate::format::comments::remove_from_list(&listed.ids, allow.index)?;
        return Some(Fix {
            title: format!("Remove `{id}` from the suppression"),
            edits: vec![edit],
        });
    }
    let form = SourceFormat::of(source.path());
    let edit = crate::format::comments::remove_comment(source.text(), listed.span, form)?;
    Some(Fix {
        title: "Remove the unused suppression".to_owned(),
        edits: vec![edit],
    })
}

/// Finds the suppression comments among a file's comments, as its parser
/// found them: `# …` in YAML (a `#` inside a quoted or block text is text),
/// `<!-- … -->` in Markdown.
fn parse(source: &SourceFile, comments: &[Span]) -> (Vec<Allow>, Vec<Diagnostic>, Vec<Listed>) {
    let mut allows = Vec::new();
    let mut problems = Vec::new();
    let mut listed = Vec::new();
    let text = source.text();
    let form = SourceFormat::of(source.path());
    for span in comments {
        let Some(comment) = text.get(span.start..span.end) else {
            continue;
        };
        let inner = form.comment_text(comment);
        let body = inner.trim_start();
        if let Some(rest) = body.strip_prefix("sopkit:") {
            let offset = span.start + offset_in(comment, body) + "sopkit:".len();
            let place = (offset, source.line_index(span.start) + 1, form);
            let mut comment = Listed {
                span: *span,
                ids: Vec::new(),
            };
            let found = Found {
                allows: &mut allows,
                problems: &mut problems,
                comment: (listed.len(), &mut comment.ids),
            };
            read_comment(rest, place, found);
            listed.push(comment);
        }
    }
    (allows, problems, listed)
}

/// Where [`read_comment`] puts what it finds.
struct Found<'a> {
    allows: &'a mut Vec<Allow>,
    problems: &'a mut Vec<Diagnostic>,
    /// The comment's index, and its list of ids.
    comment: (usize, &'a mut Vec<Span>),
}

/// Where `part`, a slice of `whole`, starts in it.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Reads `allow(a, b)` or `allow-file(a)` after `sopkit:`; `offset` is the
/// byte offset of `rest` in the file, `line` its line.
fn read_comment(rest: &str, (offset, line, form): (usize, usize, SourceFormat), found: Found<'_>) {
    let Found {
        allows,
        problems,
        comment: (comment, ids),
    } = found;
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    let (file_wide, after) = if let Some(a) = trimmed.strip_prefix("allow-file(") {
        (true, a)
    } else if let Some(a) = trimmed.strip_prefix("allow(") {
        (false, a)
    } else {
        let span = Span::new(offset + lead, offset + lead + trimmed.trim_end().len());
        problems.push(
            Diagnostic::new(
                Rule::MetaInvalidSuppression,
                span,
                format!(
                    "a `{}` comment must be `allow(RULE, …)` or `allow-file(RULE, …)`",
                    form.comment_start("sopkit:")
                ),
            )
            .with_help(format!(
                "write `{}`",
                form.comment("sopkit: allow(terms/undefined-acronym)")
            )),
        );
        return;
    };
    let open = trimmed.len() - after.len();
    let Some(close) = after.find(')') else {
        let span = Span::new(offset + lead, offset + lead + trimmed.trim_end().len());
        problems.push(Diagnostic::new(
            Rule::MetaInvalidSuppression,
            span,
            "the suppression has no closing `)`",
        ));
        return;
    };
    let mut at = offset + lead + open;
    for part in after[..close].split(',') {
        let id = part.trim();
        let start = at + (part.len() - part.trim_start().len());
        at += part.len() + 1;
        if id.is_empty() {
            continue;
        }
        let span = Span::new(start, start + id.len());
        ids.push(span);
        match Rule::from_id(id) {
            Some(rule) => allows.push(Allow {
                rule,
                span,
                line: (!file_wide).then_some(line),
                used: false,
                comment,
                index: ids.len() - 1,
            }),
            None => {
                let meant = closest(id, Rule::ids());
                problems.push(
                    Diagnostic::new(
                        Rule::MetaInvalidSuppression,
                        span,
                        format!("no rule `{id}`"),
                    )
                    .with_help_opt(meant.map(|m| format!("did you mean `{m}`?")))
                    .with_label("unknown rule")
                    .with_fix(meant.map(|m| Fix::replace(format!("Replace with `{m}`"), span, m))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_yaml(text: &str) -> (Vec<Allow>, Vec<Diagnostic>) {
        let comments = crate::load::yaml::parse(text, 0).comments;
        let (allows, problems, _) = parse(&SourceFile::new(Path::new("x"), text), &comments);
        (allows, problems)
    }

    #[test]
    fn only_real_comments_count() {
        let text = "a: \"b # sopkit: allow(x)\"\nc: |\n  # sopkit: allow(terms/unused-term)\nd: e # sopkit: allow(meta/review-overdue)\n";
        let (allows, problems) = parse_yaml(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(allows.len(), 1, "{allows:?}");
        assert_eq!(allows[0].rule, Rule::MetaReviewOverdue);
        assert_eq!(allows[0].line, Some(4));
    }

    #[test]
    fn reads_rules_and_their_places() {
        let text = "a: 1 # sopkit: allow(flow/single-branch, meta/review-overdue)\n# sopkit: allow-file(terms/unused-term)\n";
        let (allows, problems) = parse_yaml(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(allows.len(), 3);
        assert_eq!(
            &text[allows[1].span.start..allows[1].span.end],
            "meta/review-overdue"
        );
        assert_eq!(allows[0].line, Some(1));
        assert_eq!(allows[2].line, None);
    }

    #[test]
    fn unknown_rules_name_the_closest() {
        let (_, problems) = parse_yaml("# sopkit: allow(meta/review-overdu)\n");
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `meta/review-overdue`?")
        );
    }
}
