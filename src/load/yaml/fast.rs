//! The fast front end: the YAML that SOP files are written in, read in one
//! pass over the bytes, giving exactly the events granit-parser gives for
//! it, at the same byte offsets.
//!
//! granit-parser is a general YAML parser, and three quarters of the time
//! of a `check` went into it. SOP files use a small part of YAML: block
//! mappings and sequences, one-line plain and quoted scalars, `|` and `>`
//! blocks, comments, `[]`, `{}` and one-line lists such as `tags: [a, b]`.
//! This reader owns exactly that part and answers "not mine" (`false` from
//! [`Events::read`]) for everything else: tabs, a lone CR, control
//! characters, escapes, quotes or plain scalars over several lines,
//! anchors, aliases, tags, other flow collections, explicit keys,
//! indentation indicators, document markers and directives, and any
//! mistake. granit then reads the text exactly as it always did, so every
//! syntax error, its message and its position still come from granit.
//!
//! Agreement is guarded, not assumed: the fuzz target
//! `fuzz/fuzz_targets/yaml_fast_vs_granit.rs` and the mutation test in
//! `fast/tests.rs` check that whenever this reader accepts a text, granit
//! accepts it too, with the same events, offsets and tree.

mod block;
pub mod differential;
mod inline;
mod reader;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::cell::RefCell;

use granit_parser::{Event, ScalarStyle, StructureStyle};

use super::builder::{Builder, Collection, Refusal};
use super::scalar::resolve_scalar;
use crate::load::tree::Value;
use crate::source::Span;
use reader::Reader;

/// Deeper nesting is left to granit (the tree builder refuses past 64
/// levels; an SOP needs five).
const MAX_DEPTH: usize = 32;
/// The longest implicit key owned, in bytes: YAML allows 1024 characters.
const MAX_KEY: usize = 1000;
/// How many events the buffer holds before they are passed on: a file's
/// events are never all held at once (a 100,000-step SOP has 600,000).
const CHUNK: usize = 1024;

/// A scalar's text, without borrowing the text it points into.
#[derive(Debug, Clone, Copy)]
enum Text {
    /// Exactly these bytes of the source.
    Slice(usize, usize),
    /// These bytes of a single-quoted scalar, with `''` read as `'`.
    Unquote(usize, usize),
    /// A block scalar's text, built in [`Events::owned`].
    Owned(usize),
    /// An empty value: granit gives it as a plain `~`.
    Null,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    MappingStart(StructureStyle),
    MappingEnd,
    SequenceStart(StructureStyle),
    SequenceEnd,
    Scalar(ScalarStyle, Text),
}

/// One event, with its byte span in the text.
#[derive(Debug, Clone, Copy)]
struct Fast {
    kind: Kind,
    start: usize,
    end: usize,
}

/// Where the events go, a buffer at a time: the events and the texts their
/// block scalars own. The sink empties both.
type Sink<'s> = dyn FnMut(&mut Vec<Fast>, &mut Vec<String>) + 's;

/// The fast path's event buffer. One per thread is reused from file to file
/// ([`with_buffer`]).
#[derive(Debug, Default)]
pub struct Events {
    events: Vec<Fast>,
    /// The texts of block scalars that are not a slice of the source.
    owned: Vec<String>,
}

thread_local! {
    static BUFFER: RefCell<Events> = RefCell::default();
}

/// Runs `f` with this thread's event buffer.
pub fn with_buffer<R>(f: impl FnOnce(&mut Events) -> R) -> R {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut events) => f(&mut events),
        Err(_) => f(&mut Events::default()),
    })
}

/// The events of `text` when the fast path owns it, as granit's events with
/// byte spans; `None` when it is not in the subset. For the differential
/// tests and the fuzz target.
pub fn events(text: &str) -> Option<Vec<(Event<'_>, Span)>> {
    let mut all = Vec::new();
    let mut collect = |events: &mut Vec<Fast>, owned: &mut Vec<String>| {
        all.extend(
            events
                .drain(..)
                .map(|fast| (fast.event(text, owned), Span::new(fast.start, fast.end))),
        );
        owned.clear();
    };
    Events::default().read(text, &mut collect).then_some(all)
}

impl Events {
    /// Reads `text`, passing its events to `sink` a buffer at a time.
    /// `false` means "not mine": the text is outside the subset, and what
    /// the sink was given is a start that must be thrown away.
    fn read(&mut self, text: &str, sink: &mut Sink<'_>) -> bool {
        self.events.clear();
        self.owned.clear();
        if !in_alphabet(text.as_bytes()) {
            return false;
        }
        let owned = Reader::new(text, &mut self.events, &mut self.owned, sink)
            .stream()
            .is_some();
        if owned {
            sink(&mut self.events, &mut self.owned);
        }
        owned
    }

    /// Reads `text` into the tree builder, its events' spans moved by
    /// `base`. `None` means "not mine" (the builder then holds a start that
    /// must be thrown away); otherwise the builder's refusal, if it refused
    /// (too many values), which granit's same events would meet too.
    pub(super) fn build<'t>(
        &mut self,
        text: &'t str,
        base: usize,
        builder: &mut Builder<'t>,
    ) -> Option<Result<(), Refusal>> {
        let mut refused = None;
        let mut feed = |events: &mut Vec<Fast>, owned: &mut Vec<String>| {
            if refused.is_none()
                && let Err(refusal) = feed(events, owned, text, base, builder)
            {
                refused = Some(refusal);
            }
            events.clear();
            owned.clear();
        };
        let owned = self.read(text, &mut feed);
        owned.then(|| refused.map_or(Ok(()), Err))
    }
}

/// Feeds events to the tree builder, without making granit's events on the
/// way: what [`Fast::event`] would give, taken apart.
fn feed<'t>(
    events: &mut Vec<Fast>,
    owned: &mut [String],
    text: &'t str,
    base: usize,
    builder: &mut Builder<'t>,
) -> Result<(), Refusal> {
    for fast in events.drain(..) {
        let span = Span::new(base + fast.start, base + fast.end);
        let flow = |style| style == StructureStyle::Flow;
        match fast.kind {
            Kind::StreamStart | Kind::StreamEnd | Kind::DocumentEnd => {}
            Kind::DocumentStart => builder.document_start(span),
            Kind::MappingStart(style) => builder.start(Collection::Map, flow(style), 0, span)?,
            Kind::SequenceStart(style) => builder.start(Collection::Seq, flow(style), 0, span)?,
            Kind::MappingEnd | Kind::SequenceEnd => builder.end(span)?,
            Kind::Scalar(style, value) => {
                let value = value.cow(text, owned);
                let value = match style {
                    ScalarStyle::Plain => resolve_scalar(value, style, None),
                    _ => Value::Str(value),
                };
                builder.scalar(value, span)?;
            }
        }
    }
    Ok(())
}

impl Fast {
    /// The event as granit gives it: an owned text is moved out of
    /// `owned`, the others borrow from `text`.
    fn event<'t>(self, text: &'t str, owned: &mut [String]) -> Event<'t> {
        match self.kind {
            Kind::StreamStart => Event::StreamStart,
            Kind::StreamEnd => Event::StreamEnd,
            Kind::DocumentStart => Event::DocumentStart(false, None),
            Kind::DocumentEnd => Event::DocumentEnd,
            Kind::MappingStart(style) => Event::MappingStart(style, 0, None),
            Kind::MappingEnd => Event::MappingEnd,
            Kind::SequenceStart(style) => Event::SequenceStart(style, 0, None),
            Kind::SequenceEnd => Event::SequenceEnd,
            Kind::Scalar(style, value) => Event::Scalar(value.cow(text, owned), style, 0, None),
        }
    }
}

impl Text {
    /// The text, borrowed from the source or moved out of `owned`.
    fn cow<'t>(self, text: &'t str, owned: &mut [String]) -> Cow<'t, str> {
        match self {
            Self::Slice(start, end) => Cow::Borrowed(&text[start..end]),
            Self::Unquote(start, end) => Cow::Owned(text[start..end].replace("''", "'")),
            Self::Owned(i) => Cow::Owned(std::mem::take(&mut owned[i])),
            Self::Null => Cow::Borrowed("~"),
        }
    }
}

/// Whether every character is one the fast path reads: no control
/// character but the line break (CR only before LF), no tab, no NEL, line
/// or paragraph separator, byte-order mark or noncharacter U+FFFE/U+FFFF.
fn in_alphabet(b: &[u8]) -> bool {
    // Most chunks are printable ASCII and line feeds only; a chunk that is
    // not is looked at byte by byte.
    let plain = |c: u8| (0x20..0x7f).contains(&c) || c == b'\n';
    let mut chunks = b.chunks_exact(16);
    let mut at = 0;
    for chunk in &mut chunks {
        if !chunk.iter().fold(true, |ok, &c| ok & plain(c)) && !in_alphabet_slow(b, at, at + 16) {
            return false;
        }
        at += 16;
    }
    in_alphabet_slow(b, at, b.len())
}

fn in_alphabet_slow(b: &[u8], from: usize, to: usize) -> bool {
    let byte = |i: usize| b.get(i).copied().unwrap_or(0);
    (from..to).all(|i| match b[i] {
        b'\n' | 0x20..=0x7e => true,
        b'\r' => byte(i + 1) == b'\n',
        // U+0080 to U+009F: C1 controls and NEL.
        0xc2 => !(0x80..0xa0).contains(&byte(i + 1)),
        // U+2028, U+2029.
        0xe2 => !(byte(i + 1) == 0x80 && matches!(byte(i + 2), 0xa8 | 0xa9)),
        // U+FEFF, U+FFFE, U+FFFF.
        0xef => !matches!(
            (byte(i + 1), byte(i + 2)),
            (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)
        ),
        c => c >= 0x80,
    })
}
