//! Writing an SOP in the other source form: the typed model → `*.sop.md`
//! ([`to_markdown`](fn@to_markdown)) or `*.sop.yaml` ([`to_yaml`](fn@to_yaml)).
//!
//! Converting must not change the SOP: the file written must read back
//! into the same model (`render --to json` gives the same bytes). Every
//! text is written as the Markdown it is, so a few values have no Markdown
//! form that reads back the same (a step text that starts with `>` would
//! be read as the step's script; a line's trailing spaces are not kept).
//! So [`convert`] reads what it wrote back with sopkit's own reader and
//! compares the models: when they differ, it refuses, naming the value and
//! saying why, instead of writing a file that means something else.

mod difference;
mod reasons;
mod to_markdown;
mod to_yaml;
mod verify;
mod yaml_scalar;

pub(crate) use to_markdown::markdown_title;
pub use to_markdown::to_markdown;
pub use to_yaml::to_yaml;
pub(crate) use verify::is_loading_rule;
pub use verify::model_json;

use crate::format::SourceFormat;
use crate::model::Sop;

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
pub fn convert(sop: &Sop, target: SourceFormat) -> Result<String, Unwritable> {
    let text = match target {
        SourceFormat::Markdown => to_markdown(sop),
        SourceFormat::Yaml => to_yaml(sop),
    };
    verify::verify(sop, &text, target)?;
    Ok(text)
}

#[cfg(test)]
mod tests;
