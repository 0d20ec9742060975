//! sopkit's diagnostics as LSP diagnostics: the rule id as `code`, the
//! rule's documentation as `codeDescription`, `source` "sopkit", the help
//! under the message, and secondary labels as related information.
//!
//! The documentation link: a `file:` URI of a Markdown page holding what
//! `sopkit explain RULE` prints, written once per sopkit version into the
//! user's cache folder. Every editor opens a `file:` link (a custom
//! `sopkit-rule:` scheme would need a client extension to open), the page
//! works offline, and it always matches the running binary, where a link
//! to a repository would show the newest text for an older binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Url,
};

use super::position::{Lines, path_to_uri};
use crate::diagnostic::Diagnostic;
use crate::rule::{Rule, Severity};

/// The LSP form of a diagnostic of the file at `uri` whose text is `lines`.
pub(super) fn to_lsp(d: &Diagnostic, lines: &Lines<'_>, uri: &Url) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related = d
        .related
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(label.span)),
            message: label.message.clone(),
        })
        .collect::<Vec<_>>();
    lsp_types::Diagnostic {
        range: lines.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.rule.id().to_owned())),
        code_description: rule_doc(d.rule).map(|href| CodeDescription { href }),
        source: Some("sopkit".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The diagnostic shown on a file that is not checked because its
/// `sopkit.toml` has errors.
pub(super) fn unchecked() -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("sopkit".to_owned()),
        message: "this file is not checked: the sopkit.toml that governs it has errors (run `sopkit check` to see them)".to_owned(),
        ..lsp_types::Diagnostic::default()
    }
}

/// The page of a rule's documentation, written on first use.
pub(super) fn rule_doc(rule: Rule) -> Option<Url> {
    static FOLDER: OnceLock<Option<PathBuf>> = OnceLock::new();
    let folder = FOLDER.get_or_init(write_rule_docs).as_ref()?;
    path_to_uri(&folder.join(page_name(rule)))
}

fn page_name(rule: Rule) -> String {
    format!("{}.md", rule.id().replace('/', "-"))
}

/// The user's cache folder: `$XDG_CACHE_HOME`, `~/.cache`, else the
/// temporary folder.
fn cache_folder() -> PathBuf {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|h| h.join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
}

/// Writes one page per rule; `None` when the folder cannot be written
/// (the diagnostics then have no link).
fn write_rule_docs() -> Option<PathBuf> {
    let folder = cache_folder()
        .join("sopkit")
        .join(env!("CARGO_PKG_VERSION"))
        .join("rules");
    std::fs::create_dir_all(&folder).ok()?;
    for &rule in Rule::ALL {
        let page = format!(
            "# {} ({})\n\n{}",
            rule.id(),
            rule.default_severity().as_str(),
            rule.documentation()
        );
        let path = folder.join(page_name(rule));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            crate::output::write_atomic(&path, page.as_bytes()).ok()?;
        }
    }
    Some(std::path::absolute(&folder).unwrap_or(folder))
}
