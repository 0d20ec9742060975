//! The bundled examples are what new users copy: they must check clean.

use crate::support::{repo_root, run};

#[test]
fn examples_check_clean_with_no_warnings() {
    let report = run(
        &repo_root(),
        &["check", "--deny-warnings", "--format", "json", "examples"],
    );
    assert_eq!(report.code, 0, "{}", report.stdout);
    let json = report.json();
    assert!(json["files_checked"].as_u64().unwrap_or(0) >= 6);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(0));
}

#[test]
fn examples_cover_every_part_of_the_format() {
    let mut all = String::new();
    for entry in std::fs::read_dir(repo_root().join("examples")).expect("examples/") {
        all += &std::fs::read_to_string(entry.expect("entry").path()).expect("text");
    }
    for part in [
        "roles:",
        "metrics:",
        "terms:",
        "branches:",
        "revisions:",
        "approvals:",
        "next:",
        "end: true",
        "translation_of:",
        "language: it",
        "language: cs",
        "language: pt",
        "substeps:",
        "script:",
        "warning:",
        "note:",
        "scope:",
        "duration:",
        "kind: turnaround",
    ] {
        assert!(all.contains(part), "no example uses `{part}`");
    }
}

#[test]
fn markdown_examples_cover_the_markdown_form() {
    let mut all = String::new();
    let mut count = 0;
    for entry in std::fs::read_dir(repo_root().join("examples")).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".sop.md") {
            all += &std::fs::read_to_string(path).expect("text");
            count += 1;
        }
    }
    assert!(count >= 3, "{count} Markdown examples");
    for part in [
        "translation_of:",
        "{#purpose}",
        "{#instructions}",
        "- **",
        " → ",
        "next=",
        " end}",
        "role=manager",
        "> [!NOTE]",
        "> [!WARNING]",
        "\n   > ",
        "\n   - ",
        "<!--",
    ] {
        assert!(all.contains(part), "no Markdown example uses `{part}`");
    }
}

#[test]
fn the_markdown_translation_matches_its_yaml_source() {
    // Checked alone, a translation cannot be compared: with its source, it is.
    let alone = run(
        &repo_root(),
        &[
            "check",
            "--format",
            "json",
            "examples/disputa-de-factura.es.sop.md",
        ],
    );
    assert_eq!(alone.rules(), ["i18n/unknown-source"]);
    let together = run(
        &repo_root(),
        &[
            "check",
            "--format",
            "json",
            "examples/disputa-de-factura.es.sop.md",
            "examples/billing-dispute-call.sop.yaml",
        ],
    );
    assert_eq!(together.rules(), Vec::<String>::new());
}
