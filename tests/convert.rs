//! `sopkit convert`: every example and every fixture without errors goes to
//! the other form and back with the same `render --to json`; and the
//! command's files, folders, refusals and exit codes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{fixtures, folder, repo_root, run};

/// Every SOP file under `dir`, recursively.
fn sop_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("a folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.to_string_lossy();
        if path.is_dir() {
            sop_files(&path, found);
        } else if name.ends_with(".sop.yaml") || name.ends_with(".sop.md") {
            found.push(path);
        }
    }
}

/// `render --to json` of a file, or `None` when it has errors.
fn json(dir: &Path, file: &Path) -> Option<String> {
    let out = run(
        dir,
        &[
            "render",
            &file.to_string_lossy(),
            "--to",
            "json",
            "--today",
            "2026-11-23",
        ],
    );
    (out.code == 0).then_some(out.stdout)
}

/// Fixtures with a value that no Markdown form reads back the same, and
/// why: they are refused (exit 1), never converted into something else.
const UNWRITABLE_IN_MARKDOWN: &[(&str, &str)] = &[
    (
        "hostile.sop.yaml",
        "the `note` of step 1 cannot be written in Markdown: a line of it ends in white space",
    ),
    (
        // `branches: {}`, which flow/single-branch warns about.
        "bad.sop.yaml",
        "the `branches` of step 3 cannot be written in Markdown: a decision with no branches",
    ),
];

/// Converts `file` to `to` into `out`; `Err(stderr)` when refused.
fn convert(file: &Path, to: &str, out: &Path) -> Result<(), String> {
    let file = file.to_string_lossy();
    let out_name = out.to_string_lossy();
    let result = run(
        &repo_root(),
        &["convert", &file, "--to", to, "-o", &out_name],
    );
    match result.code {
        0 => Ok(()),
        1 => Err(result.stderr),
        code => panic!("{file}: exit {code}: {}", result.stderr),
    }
}

#[test]
fn examples_and_fixtures_convert_to_the_other_form_and_back_unchanged() {
    let mut files = Vec::new();
    sop_files(&repo_root().join("examples"), &mut files);
    sop_files(&fixtures(), &mut files);
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut converted = 0;
    let mut refused = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let Some(original) = json(&repo_root(), file) else {
            continue; // a fixture with errors: render refuses it
        };
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (here, there) = if name.ends_with(".md") {
            ("md", "yaml")
        } else {
            ("yaml", "md")
        };
        // To the other form and back, and to its own form (rewritten).
        let first = scratch.path().join(format!("{i}-there.sop.{there}"));
        let second = scratch.path().join(format!("{i}-back.sop.{here}"));
        let same = scratch.path().join(format!("{i}-same.sop.{here}"));
        convert(file, here, &same).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let copies = match convert(file, there, &first) {
            Ok(()) => {
                convert(&first, here, &second)
                    .unwrap_or_else(|e| panic!("{}: {e}", first.display()));
                converted += 1;
                vec![&same, &first, &second]
            }
            Err(stderr) => {
                refused.push((name, stderr));
                vec![&same]
            }
        };
        for copy in copies {
            assert_eq!(
                json(&repo_root(), copy).as_deref(),
                Some(original.as_str()),
                "{} is not {}:\n{}",
                copy.display(),
                file.display(),
                fs::read_to_string(copy).unwrap_or_default()
            );
        }
    }
    assert!(converted >= 40, "only {converted} files converted");
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<&str> = UNWRITABLE_IN_MARKDOWN.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected, "{refused:?}");
    for ((_, stderr), (_, why)) in refused.iter().zip(UNWRITABLE_IN_MARKDOWN) {
        assert!(stderr.contains(why), "{stderr}");
    }
}

const YAML: &str = "\
# A comment, which is not carried over.
id: X-1
title: Refund a charge
department: Finance
purpose: Refunds are fast.
terms: {}
instructions:
  - text: Check the charge.
  - text: Refund it.
";

#[test]
fn one_file_goes_to_standard_output_or_to_a_file_never_over_another() {
    let dir = folder(&[("refund.sop.yaml", YAML)]);
    let out = run(dir.path(), &["convert", "refund.sop.yaml", "--to", "md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "---\nid: X-1\ndepartment: Finance\n---\n\n# Refund a charge\n\n## Purpose\n\n\
         Refunds are fast.\n\n## Terms\n\n## Instructions\n\n1. Check the charge.\n2. Refund it.\n"
    );
    let written = run(
        dir.path(),
        &[
            "convert",
            "refund.sop.yaml",
            "--to",
            "md",
            "-o",
            "refund.sop.md",
        ],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(
        written.stderr,
        "sopkit: wrote refund.sop.md from refund.sop.yaml\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("refund.sop.md")).expect("written"),
        out.stdout
    );

    fs::write(dir.path().join("refund.sop.md"), "keep me").expect("write");
    let refused = run(
        dir.path(),
        &[
            "convert",
            "refund.sop.yaml",
            "--to",
            "md",
            "-o",
            "refund.sop.md",
        ],
    );
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("refund.sop.md already exists"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("refund.sop.md")).expect("kept"),
        "keep me"
    );
    let forced = run(
        dir.path(),
        &[
            "convert",
            "refund.sop.yaml",
            "--to",
            "md",
            "-o",
            "refund.sop.md",
            "--force",
        ],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("refund.sop.md")).expect("new"),
        out.stdout
    );

    // And back: the same YAML but its comment.
    let back = run(dir.path(), &["convert", "refund.sop.md", "--to", "yaml"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(
        back.stdout,
        YAML.split_once('\n').map_or("", |(_, rest)| rest)
    );
}

#[test]
fn a_folder_is_mirrored_into_the_output_folder() {
    let dir = folder(&[
        ("sops/refund.sop.yaml", YAML),
        ("sops/team/escalate.sop.yml", &YAML.replace("X-1", "X-2")),
        ("sops/team/already.sop.md", "not read: already Markdown"),
        ("sops/notes.md", "# Not an SOP\n"),
    ]);
    let out = run(dir.path(), &["convert", "sops", "--to", "md", "-o", "out"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "sopkit: wrote 2 files to out\n");
    assert!(dir.path().join("out/refund.sop.md").is_file());
    assert!(dir.path().join("out/team/escalate.sop.md").is_file());
    assert!(!dir.path().join("out/team/already.sop.yaml").exists());
    assert!(!dir.path().join("out/notes.sop.md").exists());
    // Into the folder itself, beside the YAML: the Markdown is already there.
    let again = run(dir.path(), &["convert", "sops", "--to", "md", "-o", "out"]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("nothing written (use --force to overwrite)"),
        "{}",
        again.stderr
    );
    // Several files or a folder need -o.
    let no_output = run(dir.path(), &["convert", "sops", "--to", "md"]);
    assert_eq!(no_output.code, 2);
    assert!(
        no_output
            .stderr
            .contains("give a folder to write them into with -o")
    );
}

#[test]
fn two_sops_are_never_written_to_one_file() {
    let dir = folder(&[
        ("a/x.sop.yaml", YAML),
        ("b/x.sop.yaml", &YAML.replace("X-1", "X-2")),
    ]);
    let out = run(
        dir.path(),
        &[
            "convert",
            "a/x.sop.yaml",
            "b/x.sop.yaml",
            "--to",
            "md",
            "-o",
            "out",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("would both be written to out/x.sop.md"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_file_with_errors_or_an_unwritable_value_is_not_converted_but_the_others_are() {
    let dir = folder(&[
        ("good.sop.yaml", YAML),
        (
            "broken.sop.yaml",
            &YAML.replace("department: Finance\n", ""),
        ),
        (
            "quote.sop.yaml",
            &YAML.replace("Refund it.", "'> Refund it.'"),
        ),
        // Flow errors leave the model whole: it converts.
        (
            "flow.sop.yaml",
            &YAML.replace("Refund it.", "Refund it.\n    next: nowhere"),
        ),
    ]);
    let out = run(dir.path(), &["convert", ".", "--to", "md", "-o", "out"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("schema/missing-key"), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "sopkit: error: quote.sop.yaml: the `text` of step 2 cannot be written in Markdown: \
             it starts with `>`"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("  help: start the text with words"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("sopkit: wrote 2 files to out"),
        "{}",
        out.stderr
    );
    assert!(dir.path().join("out/good.sop.md").is_file());
    assert!(dir.path().join("out/flow.sop.md").is_file());
    assert!(!dir.path().join("out/broken.sop.md").exists());
    assert!(!dir.path().join("out/quote.sop.md").exists());
    // The YAML form carries the quote.
    let yaml = run(dir.path(), &["convert", "quote.sop.yaml", "--to", "yaml"]);
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    assert!(
        yaml.stdout.contains("  - text: \"> Refund it.\"\n"),
        "{}",
        yaml.stdout
    );
}

#[test]
fn help_says_what_converting_keeps() {
    let out = run(&repo_root(), &["convert", "--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Only comments"), "{}", out.stdout);
    assert!(out.stdout.contains("--force"));
}

#[test]
fn a_markdown_translation_is_compared_with_its_yaml_source() {
    let source = fs::read_to_string(repo_root().join("examples/billing-dispute-call.sop.yaml"))
        .expect("source");
    let translation = repo_root().join("examples/disputa-de-factura.es.sop.md");
    let text = fs::read_to_string(&translation).expect("translation");
    let name = translation
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let dir = folder(&[("source.sop.yaml", &source), (&name, &text)]);
    let clean = run(
        dir.path(),
        &["check", "--format", "short", "--today", "2026-11-23", "."],
    );
    assert_eq!(clean.stdout, "no problems in 2 files\n");
    // A branch that goes elsewhere in the translation is a mismatch.
    let changed = text.replacen("→ refund", "→ close", 1);
    assert_ne!(changed, text, "the translation has a branch `→ refund`");
    fs::write(dir.path().join(&name), changed).expect("write");
    let report = run(
        dir.path(),
        &["check", "--format", "json", "--today", "2026-11-23", "."],
    );
    assert!(
        report
            .rules()
            .contains(&"i18n/translation-mismatch".to_owned()),
        "{}",
        report.stdout
    );
}

#[test]
fn suppressions_are_comments_and_their_loss_is_told() {
    let yaml = YAML.replace(
        "purpose: Refunds are fast.",
        "purpose: Refunds are fast within the SLA.  # sopkit: allow(terms/undefined-acronym)",
    );
    let dir = folder(&[("refund.sop.yaml", &yaml)]);
    // A folder named with a final `/` is a folder, even for one SOP.
    let out = run(
        dir.path(),
        &["convert", "refund.sop.yaml", "--to", "md", "-o", "md/"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "sopkit: note: refund.sop.yaml has `sopkit:` comments, which are not carried over; \
         add them again where they are needed\nsopkit: wrote 1 file to md/\n"
    );
    let check = run(dir.path(), &["check", "--format", "json", "md"]);
    assert_eq!(check.rules(), ["terms/undefined-acronym"]);
    let nothing = run(dir.path(), &["convert", "md", "--to", "md", "-o", "again"]);
    assert_eq!(nothing.code, 0);
    assert_eq!(
        nothing.stderr,
        "sopkit: nothing to convert: every SOP found is already a *.sop.md\n"
    );
}
