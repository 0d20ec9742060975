//! The check that guards the fast path, shared by its tests and the fuzz
//! target `yaml_fast_vs_granit`: whatever the fast path accepts, granit
//! reads with the same events, at the same offsets, into the same tree
//! with the same problems.

use granit_parser::{Event, Parser};

use super::events;
use crate::load::yaml::{parse, parse_granit};
use crate::source::Span;

/// granit's events for `text` (without comments, as `parse` asks for them
/// when no suppression can be there), with byte spans; `None` on an error.
fn granit_events(text: &str) -> Option<Vec<(Event<'_>, Span)>> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    Parser::new_from_str_with_options(text, options)
        .map(|item| {
            let (event, span) = item.ok()?;
            let start = span.start.byte_offset()?;
            let end = span.end.byte_offset()?;
            Some((event, Span::new(start, end)))
        })
        .collect()
}

/// `Ok(true)` when the fast path reads `text` and agrees with granit,
/// `Ok(false)` when it leaves `text` to granit (always allowed), and the
/// disagreement otherwise.
pub fn compare(text: &str) -> Result<bool, String> {
    let Some(fast) = events(text) else {
        return Ok(false);
    };
    let Some(granit) = granit_events(text) else {
        return Err(format!(
            "the fast path accepts what granit rejects: {text:?}"
        ));
    };
    if fast != granit {
        let at = fast
            .iter()
            .zip(&granit)
            .position(|(a, b)| a != b)
            .unwrap_or(fast.len().min(granit.len()));
        return Err(format!(
            "the fast path and granit disagree at event {at} of {text:?}:\n fast:   {:?}\n granit: {:?}",
            fast.get(at),
            granit.get(at)
        ));
    }
    // The same events make the same tree; checked all the same, at an
    // offset, as for the front matter of a Markdown file.
    let (ours, theirs) = (parse(text, 7), parse_granit(text, 7));
    if ours.root != theirs.root || ours.problems != theirs.problems {
        return Err(format!(
            "the fast path and granit build different trees for {text:?}"
        ));
    }
    Ok(true)
}
