//! Lowering speaks YAML when a key is missing ("add `purpose:`"). For a
//! Markdown file the same problem is a missing heading or a missing line of
//! the front matter: the reader notes, for each node it built or left out,
//! how to say it, and the matching diagnostics of lowering are reworded and
//! moved to where the Markdown writer would fix them.

use std::collections::HashMap;

use super::Reader;
use super::sections::Guessed;
use crate::diagnostic::Diagnostic;
use crate::load::tree::Node;
use crate::model::Sop;
use crate::rule::Rule;
use crate::source::Span;

/// How to say one problem that lowering reports in YAML words.
pub(super) struct Fixup {
    rule: Rule,
    /// Where lowering reports it.
    at: Span,
    /// How lowering's message ends (`` has no `purpose` ``).
    message_end: String,
    /// Where it is shown instead.
    span: Span,
    label: String,
    help: String,
}

/// Rewords the diagnostics of lowering that a fixup names.
pub(super) fn apply(fixups: &[Fixup], diagnostics: &mut [Diagnostic]) {
    if fixups.is_empty() {
        return;
    }
    let mut by_place: HashMap<(Rule, Span), Vec<&Fixup>> = HashMap::new();
    for fixup in fixups {
        by_place
            .entry((fixup.rule, fixup.at))
            .or_default()
            .push(fixup);
    }
    for d in diagnostics {
        let Some(candidates) = by_place.get(&(d.rule, d.span)) else {
            continue;
        };
        if let Some(fixup) = candidates
            .iter()
            .find(|f| d.message.ends_with(&f.message_end))
        {
            d.span = fixup.span;
            d.label = Some(fixup.label.clone());
            // A key missing because it is misspelt keeps lowering's help,
            // which names the misspelt key (shown as the related place).
            if d.related.is_empty() {
                d.help = Some(fixup.help.clone());
            }
        }
    }
}

impl Reader<'_> {
    pub(super) fn fixup(
        &mut self,
        (rule, at, message_end): (Rule, Span, &str),
        span: Span,
        label: &str,
        help: &str,
    ) {
        self.fixups.push(Fixup {
            rule,
            at,
            message_end: message_end.to_owned(),
            span,
            label: label.to_owned(),
            help: help.to_owned(),
        });
    }

    /// Rewords the missing-key problems of the keys `entries` lacks:
    /// lowering reports them at `root` (the first line); a missing section
    /// is shown at `sop_at` (the title).
    pub(super) fn missing_keys(
        &mut self,
        entries: &[(Node<'_>, Node<'_>)],
        front_matter: bool,
        root: Span,
        sop_at: Span,
        body: Span,
    ) {
        let text = self.src.text;
        let end = text.trim_end().len();
        let body_start = (body.start
            + (text[body.start..].len() - text[body.start..].trim_start().len()))
        .min(end);
        let body_line = self.first_line(Span::new(body_start, text.len()));
        for key in Sop::REQUIRED_KEYS {
            if entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
                continue;
            }
            let message_end = format!("has no `{key}`");
            let missing = (Rule::SchemaMissingKey, root, message_end.as_str());
            match *key {
                "title" => self.fixup(
                    missing,
                    body_line,
                    "expected the `# Title` here",
                    "start the document with a level-1 heading: `# What the SOP is about`",
                ),
                "department" if front_matter => self.fixup(
                    missing,
                    root,
                    "the front matter has no `department`",
                    "add `department: …` to the front matter",
                ),
                "department" => self.fixup(
                    missing,
                    root,
                    "the file has no front matter",
                    "start the file with a front matter: a line `---`, then `department: …`, then a line `---`",
                ),
                "purpose" => self.fixup(
                    missing,
                    sop_at,
                    "expected a `## Purpose` section in this SOP",
                    "add a `## Purpose` section: why the SOP exists",
                ),
                "terms" => self.fixup(
                    missing,
                    sop_at,
                    "expected a `## Terms` section in this SOP",
                    "add a `## Terms` section, one `- **TERM**: definition` per item; it may be empty",
                ),
                _ => self.fixup(
                    missing,
                    sop_at,
                    "expected an `## Instructions` section in this SOP",
                    "add an `## Instructions` section: the steps, as a numbered list",
                ),
            }
        }
    }

    /// A required section read from under a misspelt heading is missing
    /// all the same, as a misspelt key of a YAML SOP is: reported as the
    /// SOP's missing key, naming the heading that looks like it (which
    /// `schema/unknown-key` reports too).
    pub(super) fn misspelt_sections(&mut self, guessed: &[Guessed], sop_at: Span) {
        for guess in guessed {
            let key = guess.section.key();
            if !Sop::REQUIRED_KEYS.contains(&key) {
                continue;
            }
            let line = self.src.text[..guess.span.start].matches('\n').count() + 1;
            self.problems.push(
                Diagnostic::new(
                    Rule::SchemaMissingKey,
                    sop_at,
                    format!("the SOP has no `{key}`"),
                )
                .with_label(format!("expected a `{}` section in this SOP", guess.meant))
                .with_related(guess.span, format!("this looks like `{}`", guess.meant))
                .with_help(format!(
                    "`{}` on line {line} looks like it; rename it to `{}`",
                    guess.written, guess.meant
                )),
            );
        }
    }
}
