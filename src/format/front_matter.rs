//! Where the front matter of a Markdown SOP lies, found here once for the
//! loader, the fixes and the language server alike (SOP-MARKDOWN.md: a
//! first line `---`, YAML, then a line `---` or `...`).

use crate::source::Span;

/// The YAML at the start of a Markdown SOP, between a first line `---` and
/// the next line `---` or `...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// The YAML between the two lines; to the end of the text when it is
    /// never closed.
    pub(crate) yaml: Span,
    /// Where the body starts, after the closing line; `None` when the front
    /// matter is never closed.
    pub(crate) body_start: Option<usize>,
}

impl FrontMatter {
    /// The front matter at the start of `text`, if the text has one.
    pub(crate) fn find(text: &str) -> Option<Self> {
        let first_end = text.find('\n').unwrap_or(text.len());
        if text[..first_end].trim_end() != "---" {
            return None;
        }
        let yaml_start = (first_end + 1).min(text.len());
        let mut start = yaml_start;
        while start < text.len() {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            if matches!(text[start..end].trim_end(), "---" | "...") {
                return Some(Self {
                    yaml: Span::new(yaml_start, start),
                    body_start: Some((end + 1).min(text.len())),
                });
            }
            start = end + 1;
        }
        Some(Self {
            yaml: Span::new(yaml_start, text.len()),
            body_start: None,
        })
    }

    /// Where the YAML of `text`'s front matter ends: an offset before it is
    /// in the front matter (0 when there is none).
    pub(crate) fn yaml_end(text: &str) -> usize {
        Self::find(text).map_or(0, |front| front.yaml.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_matter_closes_with_dashes_or_dots() {
        let text = "---\nid: a\n---\n# T\n";
        let front = FrontMatter::find(text).expect("a front matter");
        assert_eq!(&text[front.yaml.start..front.yaml.end], "id: a\n");
        assert_eq!(front.body_start, Some("---\nid: a\n---\n".len()));
        let dots = "---\nid: a\n...\n# T\n";
        assert_eq!(FrontMatter::find(dots), Some(front));
        assert_eq!(FrontMatter::yaml_end(text), "---\nid: a\n".len());
    }

    #[test]
    fn no_front_matter_and_an_unclosed_one() {
        assert_eq!(FrontMatter::find("# T\n---\n"), None);
        assert_eq!(FrontMatter::yaml_end("# T\n"), 0);
        let open = "---\nid: a\n";
        let front = FrontMatter::find(open).expect("a front matter");
        assert_eq!(front.body_start, None);
        assert_eq!(front.yaml, Span::new(4, open.len()));
        // A line of dashes with spaces after it still closes it.
        assert!(FrontMatter::find("--- \na: b\n---  \n").is_some_and(|f| f.body_start == Some(16)));
    }
}
