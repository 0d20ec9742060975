//! The JSON Schema of the SOP file format, generated from the model.

use crate::model::Sop;

/// Where editors find the schema, for `# yaml-language-server: $schema=`.
pub const SCHEMA_ID: &str = "https://sopkit.dev/schemas/sop.schema.json";

/// The schema as pretty JSON with a trailing newline; the same text as the
/// checked-in `schemas/sop.schema.json`.
pub fn json_schema_text() -> String {
    let mut schema = schemars::schema_for!(Sop);
    schema.insert("$id".into(), SCHEMA_ID.into());
    let mut text = serde_json::to_string_pretty(&schema).expect("invariant: a schema serializes");
    text.push('\n');
    text
}
