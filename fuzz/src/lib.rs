//! What every fuzz target asserts beyond "no panic": the invariants a user
//! relies on, checked on whatever the fuzzer feeds in.

use std::path::{Path, PathBuf};

use sopkit::check::{CheckReport, check_loaded};
use sopkit::load::{LoadedFile, load_bytes};
use sopkit::rules::{self, RuleOptions};
use sopkit::suppress;

/// Every diagnostic of a file points inside it, at a character boundary.
pub fn spans_inside(file: &LoadedFile) {
    let text = file.source.text();
    for d in &file.diagnostics {
        assert!(d.span.start <= d.span.end, "{d:?}");
        assert!(
            d.span.end <= text.len(),
            "{d:?} past the end ({})",
            text.len()
        );
        assert!(text.is_char_boundary(d.span.start), "{d:?}");
        assert!(text.is_char_boundary(d.span.end), "{d:?}");
        for label in &d.related {
            assert!(label.span.end <= text.len(), "{d:?}");
        }
    }
}

/// The `check` pipeline on in-memory files, as `sopkit::check::check` runs
/// it (load, per-file rules, cross-file rules, severities and suppressions),
/// without its thread pool and file system work, which only slow the
/// fuzzer down.
/// One file from fuzz input: Markdown when the input starts with `#`
/// (that byte dropped), YAML otherwise; its name and contents.
pub fn one_file(data: &[u8]) -> (&'static str, &[u8]) {
    match data.split_first() {
        Some((b'#', rest)) => ("fuzz.sop.md", rest),
        _ => ("fuzz.sop.yaml", data),
    }
}

pub fn check_files(files: Vec<(PathBuf, Vec<u8>)>) -> CheckReport {
    // A fixed date: the same input always gives the same result.
    let options = RuleOptions::on(jiff::civil::date(2026, 11, 23));
    let mut loaded: Vec<LoadedFile> = files
        .into_iter()
        .map(|(name, bytes)| check_loaded(load_bytes(&name, bytes), &options))
        .collect();
    rules::check_across(&mut loaded);
    for file in &mut loaded {
        suppress::finish(file);
        spans_inside(file);
    }
    CheckReport {
        files: loaded,
        ..CheckReport::default()
    }
}

/// Splits fuzz input into up to four files at `\0\0` (so that seeds can be
/// several SOPs), the first as YAML, then alternating YAML and Markdown.
pub fn split_files(data: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut rest = data;
    while files.len() < 4 {
        let (part, tail) = match rest.windows(2).position(|w| w == b"\0\0") {
            Some(i) if files.len() < 3 => (&rest[..i], Some(&rest[i + 2..])),
            _ => (rest, None),
        };
        let extension = if files.len() % 2 == 0 {
            "sop.yaml"
        } else {
            "sop.md"
        };
        files.push((
            Path::new(&format!("f{}.{extension}", files.len())).to_path_buf(),
            part.to_vec(),
        ));
        match tail {
            Some(tail) => rest = tail,
            None => break,
        }
    }
    files
}

/// XML that any XML reader takes: a light well-formedness check that tags
/// nest, without a dependency (the render tests parse SVG fully).
pub fn well_formed_xml(text: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let gt = after.find('>').expect("every tag is closed");
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        if tag.starts_with('?') || tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        if let Some(closing) = name.strip_prefix('/') {
            assert_eq!(open.pop(), Some(closing), "tags nest");
        } else {
            assert!(!tag.contains('<'), "no `<` inside a tag: {tag}");
            open.push(name);
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}
