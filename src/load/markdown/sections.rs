//! The body's outline: the `# Title`, then level-2 sections found by name
//! (`## Purpose`) or by attribute (`## Propósito {#purpose}`), in any
//! order. Purpose and Scope are kept as the Markdown they were written in.

use pulldown_cmark::HeadingLevel;

use super::blocks::{Block, Kind};
use super::excerpt::Strip;
use super::{Reader, text_node};
use crate::diagnostic::{Diagnostic, Fix, closest};
use crate::load::tree::Node;
use crate::model::Sop;
use crate::rule::Rule;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Purpose,
    Scope,
    Terms,
    Instructions,
}

impl Section {
    pub(super) const ALL: [Self; 4] = [Self::Purpose, Self::Scope, Self::Terms, Self::Instructions];

    /// The heading's name in English, as written in the file.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Purpose => "Purpose",
            Self::Scope => "Scope",
            Self::Terms => "Terms",
            Self::Instructions => "Instructions",
        }
    }

    /// The model key, also the heading attribute (`{#purpose}`).
    pub(super) const fn key(self) -> &'static str {
        match self {
            Self::Purpose => "purpose",
            Self::Scope => "scope",
            Self::Terms => "terms",
            Self::Instructions => "instructions",
        }
    }

    fn named(name: &str) -> Option<Self> {
        let name = name.trim().trim_end_matches(':').trim_end();
        Self::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

/// The title and the sections, as entries of the top-level mapping.
#[derive(Default)]
pub(super) struct Sections {
    pub(super) title: Option<(Node<'static>, Node<'static>)>,
    pub(super) found: Vec<(Section, Node<'static>, Node<'static>)>,
    /// The sections read from under a misspelt heading (`## Purpse`).
    pub(super) guessed: Vec<Guessed>,
}

/// A section read from under a misspelt heading.
pub(super) struct Guessed {
    pub(super) section: Section,
    /// The heading's text.
    pub(super) span: Span,
    /// The heading as written and as it should be: `## Purpse` and
    /// `## Purpose`, or `{#purpse}` and `{#purpose}`.
    pub(super) written: String,
    pub(super) meant: String,
}

/// Where the walk through the document is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    BeforeTitle,
    AfterTitle,
    /// In the last section of the bodies.
    In,
    /// In an unknown or repeated section, already reported.
    Ignored,
}

/// A section as found: its heading and its blocks.
struct Body<'b> {
    section: Section,
    heading: &'b Block,
    blocks: Vec<&'b Block>,
    /// Under a misspelt heading (`## Purpse`), reported: used only when the
    /// section is not there under its right name, so that the one mistake
    /// is not also reported as a missing section.
    guessed: bool,
}

impl Reader<'_> {
    pub(super) fn sections(&mut self, root: &Block) -> Sections {
        let mut sections = Sections::default();
        let mut bodies: Vec<Body<'_>> = Vec::new();
        let mut place = Place::BeforeTitle;
        let mut stray_reported = false;
        for block in root.content_children() {
            match block.kind {
                Kind::Heading {
                    level: HeadingLevel::H1,
                } => {
                    self.title(block, &mut sections, place);
                    if place == Place::BeforeTitle {
                        place = Place::AfterTitle;
                        stray_reported = false;
                    }
                }
                Kind::Heading {
                    level: HeadingLevel::H2,
                } => {
                    place = match self.section_heading(block, &bodies) {
                        Some((section, guessed)) => {
                            let blocks = Vec::new();
                            bodies.push(Body {
                                section,
                                heading: block,
                                blocks,
                                guessed,
                            });
                            Place::In
                        }
                        None => Place::Ignored,
                    };
                }
                _ => match place {
                    Place::BeforeTitle | Place::AfterTitle if !stray_reported => {
                        self.stray(block, place);
                        stray_reported = true;
                    }
                    Place::In => {
                        if let Some(body) = bodies.last_mut() {
                            body.blocks.push(block);
                        }
                    }
                    _ => {}
                },
            }
        }
        sections.found = self.found(bodies, &mut sections.guessed);
        sections
    }

    /// The entries of the sections found; a guessed one only when the
    /// section is not there under its right name (then noted in `guessed`).
    fn found(
        &mut self,
        bodies: Vec<Body<'_>>,
        guessed: &mut Vec<Guessed>,
    ) -> Vec<(Section, Node<'static>, Node<'static>)> {
        let mut kept: Vec<Section> = bodies
            .iter()
            .filter(|b| !b.guessed)
            .map(|b| b.section)
            .collect();
        let mut found = Vec::new();
        for body in bodies {
            if body.guessed {
                if kept.contains(&body.section) {
                    continue;
                }
                kept.push(body.section);
                let span = body
                    .heading
                    .content()
                    .unwrap_or(self.first_line(body.heading.span));
                let (written, meant) = match body.heading.id() {
                    Some(id) => (format!("{{#{id}}}"), format!("{{#{}}}", body.section.key())),
                    None => (
                        format!("## {}", body.heading.words().trim()),
                        format!("## {}", body.section.name()),
                    ),
                };
                guessed.push(Guessed {
                    section: body.section,
                    span,
                    written,
                    meant,
                });
            }
            found.push(self.section(&body));
        }
        found
    }

    /// A section's entry of the top-level mapping.
    fn section(&mut self, body: &Body<'_>) -> (Section, Node<'static>, Node<'static>) {
        let key_span = body
            .heading
            .content()
            .unwrap_or(self.first_line(body.heading.span));
        let value = match body.section {
            Section::Purpose | Section::Scope => self.prose(body.section, key_span, &body.blocks),
            Section::Terms => self.terms(key_span, &body.blocks),
            Section::Instructions => self.instructions(key_span, &body.blocks),
        };
        (body.section, text_node(body.section.key(), key_span), value)
    }

    fn title(&mut self, heading: &Block, sections: &mut Sections, place: Place) {
        let span = heading.content().unwrap_or(self.first_line(heading.span));
        if let Some((first, _)) = &sections.title {
            self.problems.push(
                Diagnostic::new(
                    Rule::MarkdownStructure,
                    span,
                    "a second level-1 heading: an SOP has one title",
                )
                .with_label("expected one `# Title`, found another")
                .with_related(first.span, "the title is here")
                .with_help("make this a section (`## …`) or a heading inside one (`### …`)"),
            );
            return;
        }
        if matches!(place, Place::In | Place::Ignored) {
            self.problems.push(
                Diagnostic::new(
                    Rule::MarkdownStructure,
                    span,
                    "the title comes after a section",
                )
                .with_label("expected the `# Title` before every section")
                .with_help("move the title to the top of the document, under the front matter"),
            );
        }
        let (text, span) = if span.is_empty() {
            (String::new(), span)
        } else {
            self.src.excerpt(span, Strip::Indent(0))
        };
        sections.title = Some((text_node("title", span), text_node(text, span)));
    }

    /// The section a level-2 heading opens, and whether it is a guess (the
    /// heading is misspelt); an unknown or repeated one is reported, and
    /// its content skipped.
    fn section_heading(&mut self, heading: &Block, bodies: &[Body<'_>]) -> Option<(Section, bool)> {
        let span = heading.content().unwrap_or(self.first_line(heading.span));
        let by_id = heading.id().and_then(|id| {
            Section::ALL
                .into_iter()
                .find(|s| s.key().eq_ignore_ascii_case(id))
        });
        let Some(section) = by_id.or_else(|| Section::named(heading.words())) else {
            return self
                .unknown_section(heading, span)
                .map(|guess| (guess, true));
        };
        let first = bodies.iter().find(|b| b.section == section && !b.guessed);
        if let Some(first) = first {
            let first = first.heading.content().unwrap_or(first.heading.span);
            self.problems.push(
                Diagnostic::new(
                    Rule::MarkdownStructure,
                    span,
                    format!("the section `## {}` is given twice", section.name()),
                )
                .with_label("expected each section once")
                .with_related(first, "first given here")
                .with_help("merge the two into one section"),
            );
            return None;
        }
        Some((section, false))
    }

    /// Reports an unknown section; returns the section it most likely is.
    fn unknown_section(&mut self, heading: &Block, span: Span) -> Option<Section> {
        let words = heading.words().trim();
        let names = Section::ALL.map(Section::name);
        let keys = Section::ALL.map(Section::key);
        let as_key = words.to_lowercase().replace(' ', "_");
        let guess = match heading.id() {
            Some(id) => closest(id, keys),
            None => closest(words, names),
        };
        let help = match (guess, heading.id()) {
            (Some(key), Some(_)) => format!("did you mean `{{#{key}}}`?"),
            (Some(name), None) => format!("did you mean `## {name}`?"),
            (None, Some(_)) => format!(
                "a section's attribute is one of {}",
                keys.map(|k| format!("`{{#{k}}}`")).join(", ")
            ),
            (None, None) if Sop::KEYS.contains(&as_key.as_str()) => {
                format!("`{as_key}` is written in the front matter: `{as_key}: …`")
            }
            (None, None) => "the sections are `## Purpose`, `## Scope`, `## Terms` and `## Instructions`; \
                 in another language, name the section with an attribute: `## Propósito {#purpose}`; \
                 other headings go inside a section, as `###`"
                .to_owned(),
        };
        let guess = guess.and_then(|g| {
            Section::ALL
                .into_iter()
                .find(|s| s.name() == g || s.key() == g)
        });
        // A plain heading (no attribute, no emphasis) is renamed to the
        // section it most likely is, unless the file has that section.
        let plain =
            heading.id().is_none() && self.src.text.get(span.start..span.end) == Some(words);
        let fix = guess
            .filter(|s| plain && !has_section(self.src.text, *s))
            .map(|s| {
                Fix::replace(
                    format!("Rename the section to `{}`", s.name()),
                    span,
                    s.name(),
                )
            });
        self.problems.push(
            Diagnostic::new(
                Rule::SchemaUnknownKey,
                span,
                format!("unknown section `## {words}`"),
            )
            .with_help(help)
            .with_fix(fix),
        );
        guess
    }

    /// Text before the title, or between the title and the first section.
    fn stray(&mut self, block: &Block, place: Place) {
        let (message, label) = if place == Place::BeforeTitle {
            (
                format!("{} before the title", block.describe()),
                "expected the `# Title` first",
            )
        } else {
            (
                format!(
                    "{} between the title and the first section",
                    block.describe()
                ),
                "expected a section heading, such as `## Purpose`",
            )
        };
        self.problems.push(
            Diagnostic::new(Rule::MarkdownStructure, self.first_line(block.span), message)
                .with_label(label)
                .with_help("move it into a section (`## Purpose` or `## Scope`), or make it a comment: `<!-- … -->`"),
        );
    }

    /// Purpose or Scope: the Markdown under the heading, as written.
    fn prose(&mut self, section: Section, heading: Span, blocks: &[&Block]) -> Node<'static> {
        match (blocks.first(), blocks.last()) {
            (Some(first), Some(last)) => {
                let (text, span) = self
                    .src
                    .excerpt(Span::new(first.span.start, last.span.end), Strip::Indent(0));
                text_node(text, span)
            }
            _ => {
                let help = match section {
                    Section::Purpose => "write under the heading why the SOP exists",
                    _ => {
                        "write under the heading who and what the SOP covers, or remove the heading"
                    }
                };
                let key = format!("`{}` is empty", section.key());
                let label = "expected Markdown under this heading";
                self.fixup(
                    (Rule::SchemaInvalidValue, heading, &key),
                    heading,
                    label,
                    help,
                );
                text_node("", heading)
            }
        }
    }
}

/// Whether some level-2 heading of the text opens `section`, by name or by
/// attribute (a rough look at the lines, enough to refuse a rename that
/// would give the section twice).
fn has_section(text: &str, section: Section) -> bool {
    let attribute = format!("{{#{}}}", section.key());
    text.lines().filter_map(|l| l.strip_prefix("## ")).any(|h| {
        let h = h.trim().trim_end_matches('#').trim_end();
        h.ends_with(&attribute) || Section::named(h) == Some(section)
    })
}
