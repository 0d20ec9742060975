//! Writing an SOP in the other source form: the typed model → `*.sop.md`
//! ([`to_markdown`]) or `*.sop.yaml` ([`to_yaml`]).
//!
//! Converting must not change the SOP: the file written must read back
//! into the same model (`render --to json` gives the same bytes). Every
//! text is written as the Markdown it is, so a few values have no Markdown
//! form that reads back the same (a step text that starts with `>` would
//! be read as the step's script; a line's trailing spaces are not kept).
//! So [`convert`] reads what it wrote back with sopkit's own reader and
//! compares the models: when they differ, it refuses, naming the value and
//! saying why, instead of writing a file that means something else.

mod reasons;
mod to_markdown;
mod to_yaml;
mod verify;
mod yaml_scalar;

use std::path::Path;

pub use to_markdown::{markdown_title, to_markdown};
pub use to_yaml::to_yaml;
pub use verify::{is_loading_rule, model_json};

use crate::load;
use crate::model::Sop;

/// The source forms an SOP can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Markdown: `*.sop.md`.
    Md,
    /// YAML: `*.sop.yaml`.
    Yaml,
}

impl Target {
    /// The file name ending of this form.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Md => "sop.md",
            Self::Yaml => "sop.yaml",
        }
    }

    /// The form a file is in, by its name.
    pub fn of_path(path: &Path) -> Self {
        if load::is_markdown(path) {
            Self::Md
        } else {
            Self::Yaml
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Self::Md => "Markdown",
            Self::Yaml => "YAML",
        }
    }
}

/// Why an SOP was not converted: a value the target form cannot carry so
/// that it reads back the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unwritable {
    /// Where the value is in the model, e.g. `instructions[2].text`.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

/// The SOP written in `target` form, checked by reading it back.
pub fn convert(sop: &Sop, target: Target) -> Result<String, Unwritable> {
    let text = match target {
        Target::Md => to_markdown(sop),
        Target::Yaml => to_yaml(sop),
    };
    verify::verify(sop, &text, target)?;
    Ok(text)
}

#[cfg(test)]
mod tests;
