//! `--format sarif`: SARIF 2.1.0, one run, every rule in the driver with its
//! documentation, one result per diagnostic, for GitHub code scanning.

use std::io::{self, Write};
use std::path::Path;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use super::Root;
use crate::check::CheckReport;
use crate::rule::Rule;
use crate::rule::Severity;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The first paragraph under "## What it does": the rule's full description.
fn what_it_does(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .unwrap_or(doc)
        .trim_start()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file's URI relative to the root (`sops/a%20b.sop.yaml`, see
/// [`Root`]), as code scanning wants it; a file outside the root gets an
/// absolute `file://` URI.
fn artifact_uri(path: &Path, root: &Root) -> String {
    match root.relative(path) {
        // `:` encoded too, so that a first segment cannot read as a scheme.
        Some(relative) if !relative.starts_with("../") && relative != ".." => {
            crate::render::escape::url_path(&relative)
        }
        _ => {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let absolute = absolute.to_string_lossy().replace('\\', "/");
            let slash = if absolute.starts_with('/') { "" } else { "/" };
            format!("file://{slash}{}", encode(&absolute))
        }
    }
}

/// What may stand in a URI path as it is: RFC 3986's unreserved
/// characters, `/` and `:`; everything else is percent-encoded.
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b':');

/// Percent-encodes what may not stand in a URI path.
fn encode(path: &str) -> String {
    utf8_percent_encode(path, URI_PATH).to_string()
}

/// The tool's rules with their documentation: the same in every report,
/// built once.
fn rules() -> &'static [Value] {
    static RULES: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        Rule::ALL
            .iter()
            .map(|rule| {
                let doc = rule.documentation();
                let id = rule.id();
                json!({
                    "id": id,
                    "name": id.replace(['/', '-'], "_"),
                    "shortDescription": { "text": rule.summary() },
                    "fullDescription": { "text": what_it_does(&doc) },
                    "help": { "text": doc, "markdown": doc },
                    "defaultConfiguration": { "level": level(rule.default_severity()) },
                    "properties": { "tags": [id.split('/').next().unwrap_or("")] }
                })
            })
            .collect()
    })
}

/// The log, its keys in the order `serde_json` sorts a map's (the output
/// once came from `json!`): results are serialized one by one as they
/// are made, never all held at once (10,000 diagnostics are 20 MB of
/// SARIF).
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    rules: &'static [Value],
    semantic_version: &'static str,
    version: &'static str,
}

/// Every diagnostic of the report, each file's URI worked out once.
struct Results<'a>(&'a CheckReport, &'a Root);

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let uris: Vec<String> = (self.0.files.iter())
            .map(|f| artifact_uri(f.source.path(), self.1))
            .collect();
        serializer.collect_seq(self.0.files.iter().zip(&uris).flat_map(|(file, uri)| {
            file.diagnostics.iter().map(move |d| {
                let start = file.source.line_col(d.span.start);
                let end = file.source.line_col(d.span.end.max(d.span.start));
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text.push_str("\nhelp: ");
                    text.push_str(help);
                }
                json!({
                    "ruleId": d.rule.id(),
                    "ruleIndex": d.rule as usize,
                    "level": level(d.severity),
                    "message": { "text": text },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": {
                                "startLine": start.line,
                                "startColumn": start.column,
                                "endLine": end.line,
                                "endColumn": if end == start { start.column + 1 } else { end.column },
                            }
                        }
                    }]
                })
            })
        }))
    }
}

pub(super) fn print(report: &CheckReport, root: &Root, out: &mut dyn Write) -> io::Result<()> {
    let log = Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results(report, root),
            tool: Tool {
                driver: Driver {
                    name: "sopkit",
                    rules: rules(),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(encode("sops/a b#c.sop.yaml"), "sops/a%20b%23c.sop.yaml");
        assert_eq!(encode("čj.yaml"), "%C4%8Dj.yaml");
    }

    #[test]
    fn full_description_is_the_first_paragraph() {
        assert_eq!(
            what_it_does("## What it does\nReports a\nthing.\n\n## Why"),
            "Reports a thing."
        );
    }
}
