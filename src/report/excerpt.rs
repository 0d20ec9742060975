//! The lines of a file that one problem's human report shows, as the
//! terminal may show them: control characters escaped, and long lines cut
//! around the places the report points at.
//!
//! miette draws what a [`SourceCode`] gives it. Giving it the file itself
//! would print an SOP's escape sequences to the reader's terminal (issue
//! 23), and a minified file's one long line in full under each of its
//! thousands of problems. So each report gets an [`Excerpt`] of its own: a
//! small text made of the lines around its labels, each line escaped with
//! [`escape::terminal`] and, when long, cut to the parts near a label
//! (`…` marks a cut). The labels' spans are moved into the excerpt's text;
//! line numbers and the header's column stay those of the file.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::render::escape;
use crate::source::{SourceFile, Span};

/// Lines of context around a label, above and below (miette's default).
pub(super) const CONTEXT_LINES: usize = 1;

/// miette joins the excerpts of two labels into one when their lines touch,
/// measured on the text it reads; each read gives it this many lines more
/// on each side, so that labels a few lines apart are shown in one excerpt
/// with the lines between them (as sopkit's reports always did).
const SLACK: usize = 4;

/// A line longer than this many bytes is cut around the labels on it.
const LONG_LINE: usize = 400;

/// How much of a long line is kept on each side of a label, in bytes.
const KEPT: usize = 80;

/// A label longer than this many bytes is drawn over its first part only,
/// so that no report shows more than a few kilobytes of the file.
const LONGEST_LABEL: usize = 4096;

/// What marks a cut in a long line.
const CUT: &str = "…";

/// One report's lines, and its labels moved into them.
pub(super) struct Excerpt<'a> {
    file: &'a SourceFile,
    name: String,
    text: String,
    /// Each line written: where it starts in `text`, its line in the file.
    lines: Vec<(usize, usize)>,
    /// Runs of consecutive lines of the file, as ranges of `lines`.
    windows: Vec<std::ops::Range<usize>>,
    /// Each label's span in `text`, in the order given, and where it
    /// starts in the file.
    labels: Vec<(SourceSpan, usize)>,
}

/// One end of a label: where it is in the file, and which label it ends.
struct End {
    line: usize,
    offset: usize,
    label: usize,
    is_start: bool,
}

/// The parts of the line `from..content_end` to show, as file offsets: the
/// whole line, or for a long line the parts near the labels on it (its
/// start when none is).
fn shown_parts(text: &str, from: usize, content_end: usize, spans: &[Span]) -> Vec<(usize, usize)> {
    if content_end - from <= LONG_LINE {
        return vec![(from, content_end)];
    }
    let mut wanted: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.start <= content_end && s.end >= from)
        .map(|s| {
            let start = s.start.max(from).saturating_sub(KEPT).max(from);
            (start, (s.end.min(content_end) + KEPT).min(content_end))
        })
        .collect();
    if wanted.is_empty() {
        wanted.push((from, from + KEPT));
    }
    wanted.sort_unstable();
    let mut parts: Vec<(usize, usize)> = Vec::new();
    for (start, end) in wanted {
        let (start, end) = (floor_boundary(text, start), ceil_boundary(text, end));
        match parts.last_mut() {
            Some(prev) if start <= prev.1 => prev.1 = prev.1.max(end),
            _ => parts.push((start, end)),
        }
    }
    parts
}

impl<'a> Excerpt<'a> {
    /// The excerpt of `file` that shows `spans` (the primary label first).
    pub(super) fn new(file: &'a SourceFile, spans: &[Span]) -> Self {
        let len = file.text().len();
        let spans: Vec<Span> = spans
            .iter()
            .map(|s| {
                let start = floor_boundary(file.text(), s.start.min(len));
                let end = s.end.clamp(start, len).min(start + LONGEST_LABEL);
                Span::new(start, ceil_boundary(file.text(), end))
            })
            .collect();
        let mut excerpt = Self {
            file,
            name: escape::terminal(file.name()).into_owned(),
            text: String::new(),
            lines: Vec::new(),
            windows: Vec::new(),
            labels: vec![(SourceSpan::from(0..0), 0); spans.len()],
        };
        // Each label's lines with their context, joined where they touch.
        let last_line = file.line_index(len);
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| {
                let first = file
                    .line_index(s.start)
                    .saturating_sub(CONTEXT_LINES + SLACK);
                let last = (file.line_index(s.end) + CONTEXT_LINES + SLACK).min(last_line);
                (first, last)
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(prev) if first <= prev.1 + 1 => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        // Each label's ends by line, in file order, moved as the lines are written.
        let mut ends: Vec<End> = spans
            .iter()
            .enumerate()
            .flat_map(|(label, s)| {
                [(s.start, true), (s.end, false)].map(|(offset, is_start)| End {
                    line: file.line_index(offset),
                    offset,
                    label,
                    is_start,
                })
            })
            .collect();
        ends.sort_unstable_by_key(|e| (e.offset, !e.is_start));
        let mut moved = vec![(0, 0); spans.len()];
        let mut next = 0;
        for (first, last) in merged {
            let start = excerpt.lines.len();
            for line in first..=last {
                let here = ends[next..].iter().take_while(|e| e.line == line).count();
                excerpt.lines.push((excerpt.text.len(), line));
                excerpt.push_line(line, &spans, &ends[next..next + here], &mut moved);
                next += here;
            }
            excerpt.windows.push(start..excerpt.lines.len());
        }
        for (i, span) in spans.iter().enumerate() {
            let (start, end) = moved[i];
            excerpt.labels[i] = (SourceSpan::from(start..end.max(start)), span.start);
        }
        excerpt
    }

    /// Writes line `line` of the file with its line break, escaped and,
    /// when long, cut to the parts near `spans`; records in `moved` where
    /// each of the label ends `here` (the ends on this line) lands.
    fn push_line(
        &mut self,
        line: usize,
        spans: &[Span],
        here: &[End],
        moved: &mut [(usize, usize)],
    ) {
        let text = self.file.text();
        let (from, to) = (self.file.line_start(line), self.file.line_start(line + 1));
        let whole = &text[from..to];
        let content = whole.strip_suffix('\n').unwrap_or(whole);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let content_end = from + content.len();
        let mut ends = here.iter().peekable();
        let mut place = |end: &End, at: usize| {
            let slot = &mut moved[end.label];
            if end.is_start {
                slot.0 = at
            } else {
                slot.1 = at
            }
        };
        let mut at = from;
        for (start, end) in shown_parts(text, from, content_end, spans) {
            if start > at {
                while let Some(e) = ends.next_if(|e| e.offset < start) {
                    place(e, self.text.len());
                }
                self.text.push_str(CUT);
            }
            // Escaped piece by piece, so that each label end lands exactly.
            let mut piece = start;
            while let Some(e) = ends.next_if(|e| e.offset <= end) {
                let offset = e.offset.max(piece);
                self.text.push_str(&escape::terminal(&text[piece..offset]));
                piece = offset;
                place(e, self.text.len());
            }
            self.text.push_str(&escape::terminal(&text[piece..end]));
            at = end;
        }
        if at < content_end {
            self.text.push_str(CUT);
        }
        // Ends on the line break land at the end of the line's text.
        for e in ends {
            place(e, self.text.len());
        }
        self.text.push_str(&whole[content.len()..]);
    }

    /// Where label `i` is in the excerpt's text.
    pub(super) fn label(&self, i: usize) -> SourceSpan {
        self.labels[i].0
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let line_of = |offset: usize| {
            self.lines
                .partition_point(|&(start, _)| start <= offset)
                .saturating_sub(1)
        };
        let first = line_of(span.offset());
        let last = line_of(span.offset() + span.len());
        let window = self
            .windows
            .iter()
            .find(|w| w.contains(&first))
            .ok_or(MietteError::OutOfBounds)?;
        // The lines miette reads: its context, and SLACK more each side.
        let first = first
            .saturating_sub(context_lines_before + SLACK)
            .max(window.start);
        let end = (last + context_lines_after + SLACK + 1).min(window.end);
        let from = self.lines[first].0;
        let to = self
            .lines
            .get(end)
            .map_or(self.text.len(), |&(start, _)| start);
        let local = SourceSpan::new((span.offset().saturating_sub(from)).into(), span.len());
        let inner =
            self.text[from..to].read_span(&local, context_lines_before, context_lines_after)?;
        // The header's column is the file's (in characters, as the other
        // formats count), not the excerpt's.
        let column = self
            .labels
            .iter()
            .find(|(label, _)| label.offset() == span.offset())
            .map_or(inner.column(), |&(_, at)| self.file.line_col(at).column - 1);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + self.lines[first].1,
            column,
            inner.line_count(),
        )))
    }
}

/// The char boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The char boundary at or after `at`.
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
