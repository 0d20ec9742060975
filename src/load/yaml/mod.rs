//! YAML text → a [`Node`] tree, with every syntax problem as a `yaml/syntax`
//! diagnostic in plain words.
//!
//! The parser is `granit_parser` (the YAML parser of serde-saphyr), used
//! directly through its event stream ([`builder`]). Its error kinds are
//! translated here into messages a writer understands, each with a help
//! specific to the mistake ([`errors`]).

mod builder;
mod errors;
pub mod fast;
mod scalar;

use granit_parser::{Marker, Parser};

use crate::diagnostic::Diagnostic;
use crate::load::tree::Node;
use crate::rule::Rule;
use crate::source::Span;

/// What a plain (unquoted, untagged) scalar means: null, a boolean, a
/// number or text; for writers that must know whether a word needs quotes.
pub(crate) fn resolve_plain(text: &str) -> crate::load::tree::Value<'_> {
    scalar::resolve_scalar(text.into(), granit_parser::ScalarStyle::Plain, None)
}

/// A YAML document read as far as it could be: the tree when the whole
/// document parsed, and the syntax problems (a duplicate key does not stop
/// the reading; other syntax errors do).
#[derive(Debug)]
pub struct Parsed<'t> {
    pub root: Option<Node<'t>>,
    pub problems: Vec<Diagnostic>,
    /// The comments (`# …`), when the text may hold a suppression
    /// (`sopkit:`); otherwise none are collected.
    pub comments: Vec<Span>,
}

/// Parses one YAML document, whose text starts at byte `base` of the file
/// (0 for a YAML file; after the opening `---` for the front matter of a
/// Markdown file). The fast path ([`fast`]) reads the YAML that SOP files
/// are written in; anything else, and every syntax error, goes to granit.
pub fn parse(text: &str, base: usize) -> Parsed<'_> {
    // Comments are events of granit only: a text that may hold a
    // suppression (`sopkit:`) is read by granit, which gives them.
    if !text.contains("sopkit:") {
        let fast = fast::with_buffer(|events| {
            let mut build = Build::new(text, base);
            build.builder = build.builder.one_line_values();
            if let Err(refusal) = events.build(text, base, &mut build.builder)? {
                build.refuse(refusal);
            }
            Some(build.finish())
        });
        if let Some(parsed) = fast {
            return parsed;
        }
    }
    parse_granit(text, base)
}

/// Parses one YAML document with granit, as [`parse`] does for the texts
/// the fast path does not own. Public for the differential tests.
pub(crate) fn parse_granit(text: &str, base: usize) -> Parsed<'_> {
    let mut options = granit_parser::Options::default();
    // Comment events cost a quarter of the parse time: they are asked for
    // only when a suppression comment may be there.
    options.emit_comments = text.contains("sopkit:");
    let mut build = Build::new(text, base);
    let mut comments = Vec::new();
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = match item {
            Ok(ok) => ok,
            Err(e) => {
                let at = offset(text, *e.marker());
                build.fail(errors::translate(text, base, at, e.kind()));
                break;
            }
        };
        let span = Span::new(offset(text, span.start), offset(text, span.end));
        if let granit_parser::Event::Comment(..) = event {
            comments.push(Span::new(base + span.start, base + span.end));
        } else if !build.event(event, span) {
            break;
        }
    }
    let mut parsed = build.finish();
    parsed.comments = comments;
    parsed
}

/// The tree being built from events whose spans are offsets in the text;
/// the first error (of the parser or the builder) ends the reading.
struct Build<'t> {
    builder: builder::Builder<'t>,
    base: usize,
    /// The error that ended the reading.
    failure: Option<Diagnostic>,
}

impl<'t> Build<'t> {
    fn new(text: &'t str, base: usize) -> Self {
        Self {
            builder: builder::Builder::new(text, base),
            base,
            failure: None,
        }
    }

    /// Takes one event; `false` when the builder refused it, which ends
    /// the reading.
    fn event(&mut self, event: granit_parser::Event<'t>, span: Span) -> bool {
        let span = Span::new(self.base + span.start, self.base + span.end);
        match self.builder.event(event, span) {
            Ok(()) => true,
            Err(refusal) => {
                self.refuse(refusal);
                false
            }
        }
    }

    /// The builder refused the document.
    fn refuse(&mut self, refusal: builder::Refusal) {
        self.fail(
            Diagnostic::new(Rule::YamlSyntax, refusal.span, refusal.message)
                .with_help(refusal.help),
        );
    }

    fn fail(&mut self, diagnostic: Diagnostic) {
        self.failure = Some(diagnostic);
    }

    fn finish(mut self) -> Parsed<'t> {
        let failed = self.failure.is_some();
        let mut problems: Vec<Diagnostic> = self.failure.take().into_iter().collect();
        for duplicate in std::mem::take(&mut self.builder.duplicates) {
            problems.push(errors::duplicate_key(&duplicate));
        }
        if let Some(second) = self.builder.second_document.filter(|_| !failed) {
            problems.push(
                Diagnostic::new(
                    Rule::SchemaInvalidValue,
                    second,
                    "the file holds more than one YAML document; one file holds one SOP",
                )
                .with_help("move each SOP after a `---` line into a file of its own"),
            );
        }
        problems.sort_by_key(|d| d.span.start);
        Parsed {
            root: (!failed).then(|| self.builder.finish_document()),
            problems,
            comments: Vec::new(),
        }
    }
}

/// The byte offset of a parser marker in `text`.
fn offset(text: &str, marker: Marker) -> usize {
    marker.byte_offset().unwrap_or_else(|| {
        // Markers count lines from 1 and columns from 0, in characters.
        let line_start = text
            .split_inclusive('\n')
            .take(marker.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let column = text[line_start..]
            .char_indices()
            .nth(marker.col())
            .map_or(0, |(i, _)| i);
        line_start + column
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::result_large_err)]
    fn parse_str(text: &str) -> Result<Node<'_>, Diagnostic> {
        let parsed = parse(text, 0);
        match (parsed.root, parsed.problems.into_iter().next()) {
            (Some(root), None) => Ok(root),
            (_, Some(problem)) => Err(problem),
            (None, None) => panic!("no tree and no problem"),
        }
    }

    use crate::load::tree::Value;

    fn entries<'n, 't>(node: &'n Node<'t>) -> &'n [(Node<'t>, Node<'t>)] {
        match &node.value {
            Value::Map(entries) => entries,
            _ => panic!("not a mapping: {node:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_spans_and_numbers_their_spelling() {
        let text = "version: 1.10\nyes: no\ntitle: \"Quoted\"\n";
        let node = parse(text, 0).root.unwrap();
        let map = entries(&node);
        assert_eq!(map[0].1.span, Span::new(9, 13));
        assert_eq!(map[0].1.as_str_or_number(), Some("1.10"));
        // YAML 1.2 core schema: `yes` and `no` are strings, not booleans.
        assert_eq!(map[1].0.value, Value::Str("yes".into()));
        assert_eq!(map[1].1.value, Value::Str("no".into()));
        assert_eq!(&text[map[2].1.span.start..map[2].1.span.end], "\"Quoted\"");
    }

    #[test]
    fn core_schema_scalars() {
        let node =
            parse_str("a: ~\nb: true\nc: 0x1F\nd: '12'\ne: !!str 12\nf: 1e3\ng: 1.2.3\nh:\n")
                .unwrap();
        let values: Vec<_> = entries(&node)
            .iter()
            .map(|(_, v)| v.value.clone())
            .collect();
        assert_eq!(
            values,
            [
                Value::Null,
                Value::Bool(true),
                Value::Number("0x1F".into()),
                Value::Str("12".into()),
                Value::Str("12".into()),
                Value::Number("1e3".into()),
                Value::Str("1.2.3".into()),
                Value::Null,
            ]
        );
    }

    #[test]
    fn aliases_are_expanded() {
        let node = parse_str("a: &x [1, 2]\nb: *x\n").unwrap();
        assert!(matches!(&entries(&node)[1].1.value, Value::Seq(items) if items.len() == 2));
    }

    #[test]
    fn a_duplicate_key_is_reported_with_both_places_and_reading_goes_on() {
        let text = "a: 1\na: 2\nb: 3\n";
        let parsed = parse(text, 0);
        let root = parsed.root.expect("the document is still read");
        assert_eq!(entries(&root).len(), 2, "the second `a` is dropped");
        let problem = &parsed.problems[0];
        assert_eq!(problem.span, Span::new(5, 6));
        assert_eq!(problem.related[0].span, Span::new(0, 1));
        assert!(problem.message.contains("`a`"), "{}", problem.message);
        let many: String =
            (0..40).map(|i| format!("k{i}: v\n")).collect::<String>() + "k7: again\n";
        assert!(parse(&many, 0).problems[0].message.contains("`k7`"));
    }

    #[test]
    fn alias_bombs_are_refused_at_once() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            text += &format!("{c}: &{c} [{}]\n", vec![format!("*{prev}"); 9].join(","));
            prev = c;
        }
        let start = std::time::Instant::now();
        let err = parse_str(&text).unwrap_err();
        assert!(
            err.message.contains("aliases expand too far"),
            "{}",
            err.message
        );
        assert!(start.elapsed().as_secs_f64() < 1.0);
    }

    #[test]
    fn deep_nesting_is_refused() {
        for text in [
            "[".repeat(100_000) + &"]".repeat(100_000),
            (0..3000)
                .map(|i| format!("{}a:\n", "  ".repeat(i)))
                .collect(),
        ] {
            let err = parse_str(&text).unwrap_err();
            assert!(err.message.contains("nested too deeply"), "{}", err.message);
        }
    }

    #[test]
    fn several_documents_are_refused() {
        let err = parse_str("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one YAML document"));
    }
}
