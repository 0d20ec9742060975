//! ## What it does
//! Reports a `translation_of` that names an `id` no SOP checked in the same
//! `sopkit check` call has. It is a warning, not an error: checking one
//! translation on its own is normal; check the folder to compare it.
//!
//! ## Why is this bad?
//! A translation is compared with its source (`i18n/translation-mismatch`)
//! only when the source is found. A misspelt id means the translation is
//! never compared and can silently drift.
//!
//! ## Example
//! ```yaml
//! id: CS-014-pt
//! translation_of: CS-41
//! ```
//! Name the source's `id` exactly, and check both files together
//! (`sopkit check` on their folder):
//! ```yaml
//! id: CS-014-pt
//! translation_of: CS-014
//! ```

use super::Rule;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::LoadedFile;

pub(super) fn check_all(files: &mut [LoadedFile]) {
    let ids: Vec<String> = files
        .iter()
        .filter_map(|f| f.sop.as_ref()?.id.as_ref().map(|i| i.value.clone()))
        .collect();
    for file in files.iter_mut() {
        let Some(of) = file.sop.as_ref().and_then(|s| s.translation_of.clone()) else {
            continue;
        };
        if ids.contains(&of.value) {
            continue;
        }
        let own_id = file
            .sop
            .as_ref()
            .and_then(|s| s.id.as_ref())
            .map(|i| i.value.as_str());
        let candidates = ids
            .iter()
            .map(String::as_str)
            .filter(|id| Some(*id) != own_id);
        let help = did_you_mean(&of.value, candidates).unwrap_or_else(|| {
            "check the source SOP together with this file, e.g. `sopkit check` on their folder"
                .into()
        });
        file.diagnostics.push(
            Diagnostic::new(
                Rule::I18nUnknownSource,
                of.span,
                format!(
                    "no SOP checked here has the id `{}` this file translates",
                    of.value
                ),
            )
            .with_help(help),
        );
    }
}
