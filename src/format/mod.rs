//! What differs between the ways an SOP is written down, in one place:
//! YAML (`*.sop.yaml`) and Markdown (`*.sop.md`). Every other module asks
//! [`SourceFormat`] instead of branching on a file name: which files are
//! SOPs, where a Markdown SOP's front matter lies ([`FrontMatter`]), how a
//! comment is written (for suppressions and the fixes that remove them,
//! [`comments`]), how a new value must be spelled at its place
//! ([`spelling`]), and which keys a format writes outside its YAML.
//!
//! A third format (AsciiDoc, say) is one new variant here, one reader in
//! `load/` and one writer in `convert/`.

pub(crate) mod comments;
mod front_matter;
pub(crate) mod spelling;

use std::path::Path;

pub(crate) use front_matter::FrontMatter;

/// The forms an SOP can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum SourceFormat {
    /// Markdown: `*.sop.md`.
    #[value(name = "md")]
    Markdown,
    /// YAML: `*.sop.yaml`.
    Yaml,
}

/// The keys a Markdown SOP writes in its body rather than in its front
/// matter, with where (the help of a key found in the wrong place).
const MARKDOWN_BODY_KEYS: [(&str, &str); 5] = [
    ("title", "write the title as the `# Title` heading"),
    ("purpose", "write it under a `## Purpose` heading"),
    ("scope", "write it under a `## Scope` heading"),
    (
        "terms",
        "write them under a `## Terms` heading, one `- **TERM**: definition` per item",
    ),
    (
        "instructions",
        "write the steps under a `## Instructions` heading, as a numbered list",
    ),
];

impl SourceFormat {
    /// Every format, in the order file patterns are listed.
    pub const ALL: [Self; 2] = [Self::Yaml, Self::Markdown];

    /// The format a file is read in, by its name: Markdown for `*.md` and
    /// `*.markdown`, YAML for anything else.
    pub fn of(path: &Path) -> Self {
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if markdown { Self::Markdown } else { Self::Yaml }
    }

    /// The name users know it by.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Markdown => "Markdown",
            Self::Yaml => "YAML",
        }
    }

    /// The endings of the file names a folder search takes as SOPs.
    pub(crate) const fn suffixes(self) -> &'static [&'static str] {
        match self {
            Self::Yaml => &[".sop.yaml", ".sop.yml"],
            Self::Markdown => &[".sop.md"],
        }
    }

    /// The extensions of files that may be SOPs under another name.
    pub(crate) const fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Yaml => &["yaml", "yml"],
            Self::Markdown => &["md"],
        }
    }

    /// The file name ending sopkit writes this format with (`sop.yaml`).
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "sop.md",
            Self::Yaml => "sop.yaml",
        }
    }

    /// A comment holding `inner`, as this format writes one.
    pub fn comment(self, inner: &str) -> String {
        match self {
            Self::Yaml => format!("# {inner}"),
            Self::Markdown => format!("<!-- {inner} -->"),
        }
    }

    /// How a comment that starts with `lead` is shown in a message: `#
    /// sopkit:` in YAML, `<!-- sopkit: … -->` in Markdown.
    pub(crate) fn comment_start(self, lead: &str) -> String {
        match self {
            Self::Yaml => format!("# {lead}"),
            Self::Markdown => format!("<!-- {lead} … -->"),
        }
    }

    /// The text of a comment without its markers (`# x` → ` x`).
    pub(crate) fn comment_text(self, comment: &str) -> &str {
        match self {
            Self::Yaml => comment.strip_prefix('#').unwrap_or(comment),
            Self::Markdown => comment
                .strip_prefix("<!--")
                .map_or(comment, |c| c.strip_suffix("-->").unwrap_or(c)),
        }
    }

    /// The keys this format writes outside its YAML, each with the help
    /// of finding it in the YAML: Markdown writes `title`, `purpose`,
    /// `scope`, `terms` and `instructions` in its body.
    pub(crate) const fn body_keys(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Yaml => &[],
            Self::Markdown => &MARKDOWN_BODY_KEYS,
        }
    }

    /// Whether this format writes `key` outside its YAML.
    pub(crate) fn is_body_key(self, key: &str) -> bool {
        self.body_keys().iter().any(|(name, _)| *name == key)
    }

    /// The help that adds a missing key, in this format's words.
    pub(crate) fn add_key_help(self, key: &str) -> String {
        match (self, key) {
            (Self::Markdown, "scope") => "add a `## Scope` section".to_owned(),
            (Self::Markdown, _) => format!("add `{key}: …` to the front matter"),
            (Self::Yaml, _) => format!("add `{key}:`"),
        }
    }

    /// The help that defines a term, in this format's words.
    pub(crate) fn add_term_help(self, term: &str) -> String {
        match self {
            Self::Markdown => format!("add `- **{term}**: <what it stands for>` under `## Terms`"),
            Self::Yaml => format!("add `{term}: <what it stands for>` to `terms`"),
        }
    }

    /// How a step that ends the procedure is written, for helps.
    pub(crate) const fn end_of_procedure(self) -> &'static str {
        match self {
            Self::Markdown => "`end` in a step's attribute block",
            Self::Yaml => "`end: true` on a step",
        }
    }
}

/// Every pattern of SOP file names (`*.sop.yaml`, `*.sop.yml`, `*.sop.md`).
pub(crate) fn patterns() -> impl Iterator<Item = String> {
    SourceFormat::ALL
        .iter()
        .flat_map(|f| f.suffixes())
        .map(|suffix| format!("*{suffix}"))
}

/// Whether a file name is an SOP file name (see [`patterns`]). The name
/// need not be UTF-8: `caf\xe9.sop.yaml` is an SOP too.
pub(crate) fn is_sop_file_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let name = n.as_encoded_bytes();
        SourceFormat::ALL
            .iter()
            .flat_map(|f| f.suffixes())
            .any(|suffix| name.ends_with(suffix.as_bytes()))
    })
}

/// The name of an SOP file without its SOP extension, for the files made
/// from it: `refund.sop.yaml` → `refund`, `notes.yaml` → `notes`.
pub fn stem(file_name: &str) -> &str {
    SourceFormat::ALL
        .iter()
        .flat_map(|f| f.suffixes())
        .find_map(|suffix| file_name.strip_suffix(suffix))
        .or_else(|| file_name.rsplit_once('.').map(|(stem, _)| stem))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(file_name)
}
