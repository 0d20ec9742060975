//! `schemas/sop.schema.json` is generated from the model; it must not drift.

use crate::support::{repo_root, run};

#[test]
fn checked_in_schema_is_up_to_date() {
    let printed = run(&repo_root(), &["schema"]);
    assert_eq!(printed.code, 0);
    let checked_in = std::fs::read_to_string(repo_root().join("schemas/sop.schema.json"))
        .expect("schemas/sop.schema.json exists");
    assert!(
        printed.stdout == checked_in,
        "schemas/sop.schema.json is out of date: run `cargo run -- schema > schemas/sop.schema.json`"
    );
}

#[test]
fn schema_requires_the_five_parts() {
    let schema = run(&repo_root(), &["schema"]).json();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        required,
        ["title", "department", "purpose", "terms", "instructions"]
    );
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["patternProperties"]["^x-"].is_object());
}
