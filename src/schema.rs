//! The JSON Schema of the SOP file format, generated from the model.

use serde_json::Value;

use crate::model::Sop;

/// Where editors find the schema, for `# yaml-language-server: $schema=`.
pub const SCHEMA_ID: &str = "https://sopkit.dev/schemas/sop.schema.json";

/// The schema as pretty JSON with a trailing newline; the same text as the
/// checked-in `schemas/sop.schema.json`.
pub fn json_schema_text() -> String {
    let mut schema = schemars::schema_for!(Sop).to_value();
    strip_null(&mut schema);
    if let Value::Object(map) = &mut schema {
        map.insert("$id".into(), SCHEMA_ID.into());
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("invariant: a schema serializes");
    text.push('\n');
    text
}

/// schemars lets every `Option` field be `null`, but an optional key of an
/// SOP is either absent or has a value: remove `null` from type unions.
fn strip_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    map.insert("type".into(), single);
                }
            }
            if let Some(Value::Array(any_of)) = map.get("anyOf") {
                let rest: Vec<Value> = any_of
                    .iter()
                    .filter(|s| s.get("type") != Some(&Value::from("null")))
                    .cloned()
                    .collect();
                if let [single] = rest.as_slice()
                    && let Value::Object(inner) = single.clone()
                {
                    map.remove("anyOf");
                    map.extend(inner);
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_field_accepts_null() {
        assert!(!json_schema_text().contains("\"null\""));
    }
}
