//! The check the parser leaves out: each further line of a quoted value or
//! a bracketed collection is indented more than the block it sits in.

use super::{Builder, Refusal};
use crate::source::Span;

impl Builder<'_> {
    /// A quoted value or a bracketed collection may run over several lines,
    /// but each further line must be indented more than the block it sits
    /// in (YAML 1.2, 7.3 and 7.4). The parser lets a line at the block's
    /// own indentation through; a writer who does that has broken the value.
    pub(super) fn check_continuation(&self, span: Span) -> Result<(), Refusal> {
        let Some(block) = self.stack.last().filter(|f| !f.is_flow()) else {
            return Ok(());
        };
        // Most values stand on one line: nothing continues.
        let on_one_line = self
            .text
            .get(span.start.saturating_sub(self.base)..span.end.saturating_sub(self.base))
            .is_some_and(|value| !value.contains('\n'));
        if on_one_line {
            return Ok(());
        }
        let block_start = block.start().saturating_sub(self.base);
        let line_start = self.text[..block_start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent = block_start - line_start;
        let start = span.start.saturating_sub(self.base).min(self.text.len());
        let end = span
            .end
            .saturating_sub(self.base)
            .clamp(start, self.text.len());
        let mut at = start;
        for line in self.text[start..end].split_inclusive('\n') {
            if at != start && !line.trim().is_empty() {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                if spaces <= indent {
                    let place = self.base + at + spaces;
                    return Err(Refusal {
                        message: "this line continues the value above it but is not indented more than its key".into(),
                        help: "indent the line further than the key the value belongs to (with spaces)",
                        span: Span::new(place, place),
                    });
                }
            }
            at += line.len();
        }
        Ok(())
    }
}
