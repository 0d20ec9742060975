//! The parser's error kinds in a writer's words: what is wrong at this
//! place, and a help specific to the mistake.

use granit_parser::ErrorKind;

use super::builder::DuplicateKey;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::Span;

/// A `yaml/syntax` diagnostic for a parser error at byte `at` of `text`
/// (which starts at byte `base` of the file).
pub(super) fn translate(text: &str, base: usize, at: usize, kind: &ErrorKind) -> Diagnostic {
    let at = at.min(text.len());
    if is_about_tabs(kind)
        && let Some(tab) = indentation_tab(text, at)
    {
        return Diagnostic::new(
            Rule::YamlSyntax,
            Span::new(base + tab, base + tab + 1),
            "this line is indented with a tab",
        )
        .with_label("a tab")
        .with_help("YAML indents with spaces: replace the tab with spaces");
    }
    if is_about_brackets(kind)
        && let Some(open) = unclosed_bracket(text, at)
    {
        let bracket = &text[open..=open];
        return Diagnostic::new(
            Rule::YamlSyntax,
            Span::new(base + open, base + open + 1),
            format!("the `{bracket}` opened here is never closed"),
        )
        .with_label("opened here")
        .with_help(format!(
            "close it, or quote the whole value if the `{bracket}` is part of the text"
        ));
    }
    let (message, help) = explain(kind, &text[at..]);
    Diagnostic::new(Rule::YamlSyntax, Span::new(base + at, base + at), message).with_help(help)
}

/// Errors a bracket left open on an earlier line can cause: the parser
/// reads the following lines as part of the bracketed value.
fn is_about_brackets(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::InvalidColonPlacement
            | ErrorKind::ExpectedFlowSequenceSeparator
            | ErrorKind::ExpectedFlowMappingSeparator
            | ErrorKind::UnexpectedEofFlowSequence
            | ErrorKind::UnexpectedEofFlowMapping
            | ErrorKind::UnexpectedEofImplicitFlowMapping
            | ErrorKind::UnclosedFlowCollection { .. }
            | ErrorKind::BlockSequenceEntryNotAllowed
            | ErrorKind::BlockEntryInFlowCollection
            | ErrorKind::InvalidFlowScalarIndent
    )
}

/// A `[` or `{` that starts a value on one of the lines before `at` and is
/// not closed on its line: the likely cause of a bracket error further on.
fn unclosed_bracket(text: &str, at: usize) -> Option<usize> {
    let before = &text[..text[..at].rfind('\n')?];
    let mut line_end = before.len();
    for _ in 0..20 {
        let line_start = before[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &before[line_start..line_end];
        let value = line
            .find(": ")
            .map(|i| i + 2)
            .or_else(|| {
                line.trim_start()
                    .starts_with("- ")
                    .then(|| line.find("- ").map_or(0, |i| i + 2))
            })
            .unwrap_or(0);
        let rest = &line[value..];
        let trimmed = rest.trim_start();
        if trimmed.starts_with(['[', '{']) {
            let opens = trimmed.matches(['[', '{']).count();
            let closes = trimmed.matches([']', '}']).count();
            if opens > closes {
                return Some(line_start + value + (rest.len() - trimmed.len()));
            }
        }
        if line_start == 0 {
            return None;
        }
        line_end = line_start - 1;
    }
    None
}

fn is_about_tabs(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
            | ErrorKind::TabAtBlockScalarStart
    ) || kind.to_string().contains("tab")
}

/// The first tab in the indentation of the line holding `at` or one of the
/// next lines: the parser often notices a tab only after the line before it.
fn indentation_tab(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut start = line_start;
    for line in text[line_start..].split_inclusive('\n').take(3) {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        start += line.len();
    }
    let line = &text[line_start..];
    line.split('\n').next()?.find('\t').map(|i| line_start + i)
}

/// The help for a character that cannot stand where it is.
const QUOTE_IT: &str =
    "if the colon, bracket or `#` is part of the text, quote the whole value: `title: \"A: B\"`";

/// What the error means and what to do, given the text from the error on:
/// a table, one arm per kind of error.
fn explain(kind: &ErrorKind, rest: &str) -> (String, &'static str) {
    match kind {
        ErrorKind::UnclosedQuotedScalar => (
            "this quoted text is never closed".into(),
            "add the closing quote at the end of the text (`\"` or `'`, the same as the opening one)",
        ),
        ErrorKind::MappingValueNotAllowed | ErrorKind::MappingKeyNotAllowed => (
            "a `: ` here would start a new key, which cannot start at this place".into(),
            "if the value contains `: `, quote it: `title: \"A: B\"`; otherwise indent this line like the keys it belongs with",
        ),
        ErrorKind::ExpectedBlockMappingKey => (
            "this line does not fit the mapping above it".into(),
            "line its key up with the keys above it, and write it as `key: value`",
        ),
        ErrorKind::ExpectedBlockSequenceEntry if dash_without_space(rest) => (
            "a list item needs a space after the `-`".into(),
            "write `- text: ...` with a space after the dash",
        ),
        ErrorKind::ExpectedBlockSequenceEntry => (
            "this line does not fit the list above it".into(),
            "a list item starts with `- ` and lines up with the other items of its list",
        ),
        ErrorKind::InvalidBlockEntryWhitespace => (
            "a list item needs a space after the `-`".into(),
            "write `- text: ...` with a space after the dash",
        ),
        ErrorKind::BlockSequenceEntryNotAllowed | ErrorKind::BlockEntryInFlowCollection => (
            "a list item (`- `) cannot start here".into(),
            "start the list on the line after its key, indented: `steps:` then `  - text: ...`",
        ),
        ErrorKind::InvalidIndentation
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::InvalidBlockScalarIndent => (
            "this line is indented wrongly".into(),
            "indent it like the lines it belongs with, using spaces",
        ),
        ErrorKind::UnexpectedCharacter { character } if matches!(character, '@' | '`') => (
            format!("a value cannot start with `{character}`"),
            "quote the value: `text: \"@support\"`",
        ),
        ErrorKind::UnexpectedCharacter { character } if character.is_control() => (
            format!(
                "`{}` is a control character, which YAML does not allow in a file",
                character.escape_default()
            ),
            "remove it; to keep it in the text, write it as an escape inside double quotes: `text: \"a\\u001bb\"`",
        ),
        ErrorKind::UnexpectedCharacter { character } => (
            format!("`{}` cannot stand here", character.escape_default()),
            QUOTE_IT,
        ),
        ErrorKind::UnclosedFlowCollection { open } => (
            format!("the `{open}` opened here is never closed"),
            "close it, or quote the value if the bracket is part of the text",
        ),
        ErrorKind::MisplacedFlowCollectionEnd | ErrorKind::MismatchedFlowCollectionEnd { .. } => (
            "this closing bracket has no matching opening bracket".into(),
            "remove it, or quote the value if the bracket is part of the text",
        ),
        ErrorKind::InvalidColonPlacement
        | ErrorKind::InvalidMappingValueWhitespace
        | ErrorKind::FlowMappingValueAdjacentCollection => (
            "a `:` must be followed by a space".into(),
            "write `key: value` with a space after the colon, or quote the text",
        ),
        ErrorKind::ExpectedFlowSequenceSeparator | ErrorKind::ExpectedFlowMappingSeparator => (
            "items in brackets must be separated by commas".into(),
            "write `[a, b]` or `{a: 1, b: 2}`, or quote the value if the brackets are part of the text",
        ),
        ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => (
            "the file ends inside brackets that were never closed".into(),
            "close the `[` or `{`, or quote the value if the bracket is part of the text",
        ),
        ErrorKind::CommentNotSeparated => (
            "a `#` comment needs a space before it".into(),
            "put a space before the `#`, or quote the value if the `#` is part of the text",
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape => (
            "this backslash starts an escape that YAML does not know".into(),
            "in double quotes write `\\\\` for a backslash, or use single quotes, where a backslash is just a backslash",
        ),
        ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar => (
            "there is more text after the closing quote".into(),
            "quote the whole value, or remove what follows the closing quote",
        ),
        ErrorKind::UnknownAnchor => (
            "this alias names no anchor (`&name`) defined before it".into(),
            "define the anchor first, or quote the value if the `*` is part of the text",
        ),
        ErrorKind::MissingAnchorOrAliasName => (
            "`&` or `*` must be followed by a name".into(),
            "quote the value if the `&` or `*` is part of the text",
        ),
        ErrorKind::RecursionLimitExceeded => (
            "the document is nested too deeply to be an SOP (more than 64 levels)".into(),
            "an SOP needs only a few levels: steps in a list, keys in a step",
        ),
        ErrorKind::BomInsideDocument => (
            "a byte-order mark (U+FEFF) stands inside the document".into(),
            "remove the invisible U+FEFF character at this place",
        ),
        ErrorKind::InvalidBlockScalarHeader | ErrorKind::ZeroBlockScalarIndent => (
            "this `|` or `>` block has an unreadable header".into(),
            "write `|` or `>` alone at the end of the line, and the text indented below it",
        ),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => (
            "a key must be followed by `:` on the same line".into(),
            "write `key: value` on one line (a key is at most 1024 characters)",
        ),
        other => (
            sentence(&other.to_string()),
            "fix the YAML syntax at this place; sopkit checks the rest once it parses",
        ),
    }
}

/// `-text` at the error: a list item missing its space.
fn dash_without_space(rest: &str) -> bool {
    let rest = rest.trim_start_matches(' ');
    rest.starts_with('-') && rest[1..].starts_with(|c: char| !c.is_whitespace())
}

/// The parser's wording without its "while parsing …," preamble.
fn sentence(message: &str) -> String {
    let message = message.rsplit(", ").next().unwrap_or(message);
    let message = message.replace("did not find expected", "expected");
    format!("the YAML cannot be read here: {message}")
}

/// A key given twice: at the second, with the first as a secondary label.
pub(super) fn duplicate_key(duplicate: &DuplicateKey) -> Diagnostic {
    Diagnostic::new(
        Rule::YamlSyntax,
        duplicate.second,
        format!(
            "the key `{}` is given twice in this mapping",
            duplicate.name
        ),
    )
    .with_label("given again here")
    .with_related(duplicate.first, "first given here")
    .with_help("keep one of them (sopkit reads the first)")
}
