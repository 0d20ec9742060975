//! The JSON Schema of the SOP file format, generated from the model.

use serde_json::Value;

use crate::format::SourceFormat;
use crate::model::Sop;

/// The schema's identifier. A name, not an address: editors find the
/// schema through the relative `$schema=` comment `sopkit new` writes.
pub(crate) const SCHEMA_ID: &str = "urn:sopkit:schema:sop:1";

/// The front matter schema's identifier.
pub(crate) const FRONT_MATTER_ID: &str = "urn:sopkit:schema:sop-front-matter:1";

/// The schema as pretty JSON with a trailing newline; the same text as the
/// checked-in `schemas/sop.schema.json`.
pub(crate) fn json_schema_text() -> String {
    pretty(&sop_schema())
}

/// The schema of a Markdown SOP's front matter (`*.sop.md`): the SOP's
/// keys but those its body holds (title, purpose, scope, terms,
/// instructions), with `department` the one it requires; the same text as
/// the checked-in `schemas/sop-front-matter.schema.json`.
pub(crate) fn front_matter_schema_text() -> String {
    let mut schema = sop_schema();
    if let Value::Object(map) = &mut schema {
        map.insert("$id".into(), FRONT_MATTER_ID.into());
        map.insert("title".into(), "SOP front matter".into());
        map.insert(
            "description".into(),
            "The YAML front matter of a Markdown SOP (sopkit, *.sop.md): every key but those the body holds. Keys starting with `x-` are ignored.".into(),
        );
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (key, _) in SourceFormat::Markdown.body_keys() {
                properties.remove(*key);
            }
        }
        map.insert("required".into(), serde_json::json!(["department"]));
    }
    pretty(&schema)
}

fn sop_schema() -> Value {
    let mut schema = schemars::schema_for!(Sop).to_value();
    strip_null(&mut schema);
    require_text(&mut schema);
    if let Value::Object(map) = &mut schema {
        map.insert("$id".into(), SCHEMA_ID.into());
    }
    schema
}

fn pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("invariant: a schema serializes");
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

/// Every free string of the format is non-empty text: the loader reports an
/// empty or blank value, so the schema requires a non-space character.
fn require_text(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_string = match map.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
                _ => false,
            };
            let constrained = ["pattern", "format", "enum"]
                .iter()
                .any(|k| map.contains_key(*k));
            if is_string && !constrained {
                map.insert("pattern".into(), "\\S".into());
            }
            map.values_mut().for_each(require_text);
        }
        Value::Array(items) => items.iter_mut().for_each(require_text),
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
