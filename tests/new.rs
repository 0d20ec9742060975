//! Writers' tools: `sopkit new`, shell completions and the man page.

use std::fs;

use crate::support::{repo_root, run};

#[test]
fn new_sops_check_clean_in_every_supported_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    for language in ["en", "pt", "pt-BR", "it", "cs", "de"] {
        let name = format!("{language}.sop.yaml");
        let out = run(
            dir.path(),
            &[
                "new",
                "-o",
                &name,
                "--language",
                language,
                "--title",
                "Refund a \"double\" charge: now",
                "--department",
                &format!("Dept {language}"),
            ],
        );
        assert_eq!(out.code, 0, "{language}: {}", out.stderr);
        let check = run(dir.path(), &["check", "--format", "json", &name]);
        assert_eq!(
            check.rules(),
            Vec::<String>::new(),
            "{language}: {}",
            check.stdout
        );
        let text = fs::read_to_string(dir.path().join(&name)).expect("written");
        assert!(
            text.contains("title: \"Refund a \\\"double\\\" charge: now\""),
            "{text}"
        );
    }
    let pt = fs::read_to_string(dir.path().join("pt.sop.yaml")).expect("pt");
    assert!(
        pt.contains("# Por que o procedimento existe"),
        "comments follow the language"
    );
    let cs = fs::read_to_string(dir.path().join("cs.sop.yaml")).expect("cs");
    assert!(cs.contains("# Proč postup existuje"));
}

#[test]
fn new_refuses_to_overwrite_without_force_and_prints_with_dash() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(run(dir.path(), &["new", "-o", "a.sop.yaml"]).code, 0);
    fs::write(dir.path().join("a.sop.yaml"), "keep me").expect("write");
    let refused = run(dir.path(), &["new", "-o", "a.sop.yaml"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("already exists"));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.sop.yaml")).expect("kept"),
        "keep me"
    );
    assert_eq!(
        run(dir.path(), &["new", "-o", "a.sop.yaml", "--force"]).code,
        0
    );
    let printed = run(dir.path(), &["new", "-o", "-", "--title", "Printed"]);
    assert_eq!(printed.code, 0);
    assert!(printed.stdout.contains("title: \"Printed\""));
}

#[test]
fn completions_and_man_pages_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&repo_root(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}");
        assert!(
            out.stdout.contains("render"),
            "{shell} completions lack `render`"
        );
    }
    assert_eq!(run(&repo_root(), &["completions", "tcsh"]).code, 2);
    let man = run(&repo_root(), &["man"]);
    assert!(
        man.stdout.starts_with(".ie") && man.stdout.contains(".TH sopkit 1"),
        "{}",
        &man.stdout[..80.min(man.stdout.len())]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), &["man", "--out", "man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for page in [
        "sopkit.1",
        "sopkit-check.1",
        "sopkit-render.1",
        "sopkit-new.1",
    ] {
        assert!(dir.path().join("man").join(page).is_file(), "{page}");
    }
}

#[test]
fn a_new_sop_references_a_schema_that_works_offline() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = run(dir.path(), &["new", "-o", "sops/a.sop.yaml"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let a = fs::read_to_string(dir.path().join("sops/a.sop.yaml")).expect("a");
    assert!(
        a.starts_with("# yaml-language-server: $schema=sop.schema.json\n"),
        "{a}"
    );
    let schema = fs::read_to_string(dir.path().join("sops/sop.schema.json")).expect("written");
    assert_eq!(schema, run(dir.path(), &["schema"]).stdout);
    // A second SOP deeper down finds the same schema file.
    assert_eq!(
        run(dir.path(), &["new", "-o", "sops/team/b.sop.yaml"]).code,
        0
    );
    let b = fs::read_to_string(dir.path().join("sops/team/b.sop.yaml")).expect("b");
    assert!(
        b.starts_with("# yaml-language-server: $schema=../sop.schema.json\n"),
        "{b}"
    );
    assert!(!dir.path().join("sops/team/sop.schema.json").exists());
    // In this repository, the examples' own reference.
    let here = run(&repo_root().join("examples"), &["new"]);
    assert!(
        here.stdout
            .starts_with("# yaml-language-server: $schema=../schemas/sop.schema.json\n"),
        "{}",
        here.stdout
    );
}

#[test]
fn new_markdown_sops_check_clean_and_are_the_yaml_sop() {
    let dir = tempfile::tempdir().expect("temp dir");
    for language in ["en", "pt", "pt-BR", "it", "cs", "de"] {
        let title = "Refund a \"double\" charge: #1 {urgent}";
        let args = |name: &str| {
            [
                "new",
                "-o",
                name,
                "--language",
                language,
                "--title",
                title,
                "--department",
                "Billing",
            ]
            .map(str::to_owned)
        };
        // `--format md`, or a name ending in .md.
        let md = format!("{language}.sop.md");
        let mut with_format: Vec<String> = args(&format!("{language}.txt")).into();
        with_format.extend(["--format".to_owned(), "md".to_owned()]);
        let flagged = run(
            dir.path(),
            &with_format.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        assert_eq!(flagged.code, 0, "{language}: {}", flagged.stderr);
        let named = run(dir.path(), &args(&md).each_ref().map(String::as_str));
        assert_eq!(named.code, 0, "{language}: {}", named.stderr);
        let text = fs::read_to_string(dir.path().join(&md)).expect("written");
        assert_eq!(
            fs::read_to_string(dir.path().join(format!("{language}.txt"))).expect("written"),
            text
        );
        assert!(text.starts_with("---\n"), "{text}");
        assert!(text.contains(&format!("\n# {title} {{}}\n")), "{text}");
        let check = run(
            dir.path(),
            &["check", "--format", "json", "--deny-warnings", &md],
        );
        assert_eq!(
            check.rules(),
            Vec::<String>::new(),
            "{language}: {}",
            check.stdout
        );
        // The same SOP as the YAML one.
        let yaml = format!("{language}.sop.yaml");
        assert_eq!(
            run(dir.path(), &args(&yaml).each_ref().map(String::as_str)).code,
            0
        );
        let json = |file: &str| run(dir.path(), &["render", file, "--to", "json"]).stdout;
        assert_eq!(json(&md), json(&yaml), "{language}");
    }
    let pt = fs::read_to_string(dir.path().join("pt.sop.md")).expect("pt");
    assert!(pt.contains("## Propósito {#purpose}"), "{pt}");
    assert!(
        pt.contains("<!-- Por que o procedimento existe"),
        "comments follow the language"
    );
    // The `$schema` file is for YAML editors: a Markdown SOP needs none.
    let fresh = tempfile::tempdir().expect("temp dir");
    assert_eq!(run(fresh.path(), &["new", "-o", "a.sop.md"]).code, 0);
    assert!(!fresh.path().join("sop.schema.json").exists());
}
