//! The fast path against granit: whatever the fast path accepts, granit
//! reads with the same events, at the same offsets, into the same tree.

use std::path::{Path, PathBuf};

use super::differential::compare;
use super::events;
use crate::load::yaml::{parse, parse_granit};

/// Whether the fast path accepts `text`; panics when it and granit
/// disagree.
fn agrees(text: &str) -> bool {
    compare(text).unwrap_or_else(|disagreement| panic!("{disagreement}"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn the_shapes_of_sop_files_are_owned_and_agree() {
    for text in [
        "a: b\n",
        "a: b",
        "# c\n\n  a: 1\n# x\n  \n",
        "a:\n  x: 1\n  y:\n# c\n\nb: 2\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n-\n- k: v\n  j: w\nb:\n- # c\n  x: 1\n",
        "s:\n  - id: a\n    t: b\n  -\n  - c\n  -   d: e\n",
        "s:\n  -  # c\n  - x\n",
        "s:\n-   \n- x\n",
        "a: b   \nc: \"d\"  # x\n",
        "a: 'it''s'\nb: 'x'\nc: ''\nd: \"\"\n",
        "a : b\n\"q\"  : c\n'r': d\n",
        "a: b:c\nd: :x\ne: x#y\nf: -x\ng: x - y\nh: a, b]\n",
        "a: [ a , \"b\" ,c ]\nb: [ ]\nc: { }\nd: [a,]\ne: []\nf: {}\n",
        "- [a, b]\n- {}\n- 'q'\n- \"k\": v\n",
        "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: >\r\n  p\r\n  q\r\n",
        "a: |\n  x\n\n  y\n\nb: 1",
        "a: |\n    x\n  # c\nb: 1\n",
        "a: |+\n  x\n\n\n# c\n",
        "a: |-\n  x\n\n  \nb: 1\n",
        "a: >-\n  x\n  y\n\n  z\n  v\n",
        "a: | # header comment\n  x\n",
        "- |\n  x\n-  >+\n   y\n\n",
        "a:\n- |\n x\n",
        "a: |\n  x\n    more\n  back\n",
        "title: Čeština ünïcödé → ✓\n",
    ] {
        assert!(agrees(text), "not owned: {text:?}");
    }
}

#[test]
fn block_scalars_agree_at_every_ending() {
    for header in ["|", ">", "|-", ">-", "|+", ">+"] {
        for tail in [
            "x",
            "x\n",
            "x\n\n",
            "x\n  ",
            "x\n ",
            "x\n\n  ",
            "x\n  y",
            "x\n\n  y\n \n",
            "x\r\n\r\n  y\r\n",
        ] {
            let text = format!("a: {header}\n  {tail}");
            assert!(agrees(&text), "not owned: {text:?}");
        }
    }
}

/// More events than the buffer holds: they reach the builder in several
/// batches, block scalars' own texts with them.
#[test]
fn a_long_file_is_read_in_batches() {
    let mut text = String::from("title: Long\ninstructions:\n");
    for i in 0..2_000 {
        text += &format!(
            "  - id: s{i}\n    text: 'Step {i}, it''s'\n    note: |\n      Line one.\n      Line two.\n    substeps: [a, \"b\"]\n"
        );
    }
    assert!(agrees(&text));
    assert!(agrees(&text.replace('\n', "\r\n")));
    // Declined at its end, after batches went to the builder: granit's
    // tree is the one made.
    let late = text + "tags: &x [a]\n";
    assert!(events(&late).is_none());
    let (ours, granit) = (parse(&late, 0), parse_granit(&late, 0));
    assert!(ours.root.is_some());
    assert_eq!(ours.root, granit.root);
    assert_eq!(ours.problems, granit.problems);
}

#[test]
fn what_is_not_sop_yaml_is_left_to_granit() {
    for text in [
        "",
        "# only a comment\n",
        "plain words\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "a:\tb\n",
        "a: b\rc: d\n",
        "a: \"x\\ny\"\n",
        "a: 'x\n  y'\n",
        "a: b\n  c\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: {b: 1}\n",
        "a: [b, [c]]\n",
        "a: [b,\n  c]\n",
        "? a\n: b\n",
        "a: |2\n  x\n",
        "a: |\n\n  x\n",
        "a: >\n  x\n    y\n",
        "a: b: c\n",
        "a: - b\n",
        "- - a\n",
        "a:\n  b: 1\n  - c\n",
        "a: 1\n  b: 2\n",
        "\u{feff}a: 1\n",
        "a: \u{85}\n",
        "a: 'x'y\n",
        "a: \"x\"#c\n",
        "a: 1 # sopkit: allow x\n",
    ] {
        assert!(events(text).is_none(), "owned: {text:?}");
        if !text.contains("sopkit:") {
            let parsed = parse(text, 0);
            let granit = parse_granit(text, 0);
            assert_eq!(parsed.root, granit.root);
            assert_eq!(parsed.problems, granit.problems);
        }
    }
}

#[test]
fn every_example_is_read_by_the_fast_path() {
    let mut files = Vec::new();
    files_under(&repo().join("examples"), &mut files);
    let mut read = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("an example is UTF-8");
        // A Markdown SOP's front matter, between its `---` lines.
        let yaml =
            if crate::format::SourceFormat::of(&path) == crate::format::SourceFormat::Markdown {
                let Some(rest) = text.strip_prefix("---\n") else {
                    continue;
                };
                &rest[..rest.find("\n---\n").map_or(0, |i| i + 1)]
            } else {
                &text
            };
        assert!(agrees(yaml), "{} falls back to granit", path.display());
        read += 1;
    }
    assert!(read >= 7, "only {read} examples read");
}

/// The benchmark's generator, run for a few hundred SOPs: each is read by
/// the fast path (a file that fell back would make `check` slower).
#[test]
fn every_benchmark_file_is_read_by_the_fast_path() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let status = std::process::Command::new("python3")
        .arg(repo().join("bench/generate.py"))
        .args(["--count", "300", "--out"])
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs bench/generate.py");
    assert!(status.success());
    let mut files = Vec::new();
    files_under(out.path(), &mut files);
    assert_eq!(files.len(), 300);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("UTF-8");
        assert!(agrees(&text), "{} falls back to granit", path.display());
    }
    for shape in ["chain", "decisions", "cycle", "traps", "loops", "nested"] {
        let file = out.path().join(format!("{shape}.sop.yaml"));
        let status = std::process::Command::new("python3")
            .arg(repo().join("bench/worst.py"))
            .args(["--steps", "400", "--shape", shape, "--out"])
            .arg(&file)
            .status()
            .expect("python3 runs bench/worst.py");
        assert!(status.success());
        let text = std::fs::read_to_string(&file).expect("UTF-8");
        assert!(agrees(&text), "the {shape} shape falls back to granit");
    }
}

#[test]
#[cfg_attr(
    not(shared_present),
    ignore = "../shared (the YAML test suite) is absent"
)]
fn the_yaml_test_suite_agrees() {
    let mut files = Vec::new();
    files_under(&repo().join("../shared/yaml-test-suite/cases"), &mut files);
    assert_eq!(files.len(), 402);
    let owned = files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter(|text| agrees(text))
        .count();
    eprintln!("{owned} of 402 owned");
    assert!(owned > 0);
}

/// xorshift64*: a fixed sequence, so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    /// A character boundary of `text`, often at a line's start or end.
    fn place(&mut self, text: &str) -> usize {
        let mut at = self.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if self.below(3) == 0 {
            at = text[..at].rfind('\n').map_or(0, |i| i + 1);
        }
        at
    }
}

/// What the mutations insert: YAML's indicators and the characters the
/// fast path must decline or handle.
const TOKENS: &[&str] = &[
    " ", "  ", "\n", "\r\n", "\r", "\t", "-", "- ", ":", ": ", "#", " #", "'", "''", "\"", "\\",
    "|", "|-", "|+", ">", ">-", ">+", "|2", "[", "]", "{", "}", ",", ", ", "?", "? ", "&a ", "*a",
    "!!str ", "%", "@", "`", "---", "...", "~", "null", "1", "é", "\u{85}", "\u{feff}", "\u{2028}",
    "x: y", "\n  - ", "\n- ", "\n  ", "k:\n", "\"q\": ", "[a, b]", "{}", "''''",
];

fn mutate(rng: &mut Rng, text: &mut String) {
    match rng.below(8) {
        0 | 1 => {
            let at = rng.place(text);
            text.insert_str(at, TOKENS[rng.below(TOKENS.len())]);
        }
        2 => {
            let at = rng.place(text);
            let mut end = (at + 1 + rng.below(8)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, "");
        }
        3 | 4 => {
            // A line again, elsewhere, or without its indentation.
            let at = rng.place(text);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            let line = text[start..end].to_owned();
            let to = rng.place(text);
            let moved = if rng.below(2) == 0 {
                line.trim_start_matches(' ').to_owned()
            } else {
                line
            };
            text.insert_str(to, &moved);
        }
        5 => {
            let at = rng.place(text);
            text.replace_range(at..text[at..].find('\n').map_or(text.len(), |i| at + i), "");
        }
        6 => {
            let at = rng.place(text);
            text.insert_str(at, &" ".repeat(1 + rng.below(4)));
        }
        _ => {
            let at = rng.place(text);
            text.truncate(at);
        }
    }
}

/// The differential fuzz target's check on a fixed sequence of mutants of
/// the examples and the shapes above: a disagreement found here fails
/// every `cargo test`, not only a fuzzing run.
#[test]
fn mutants_of_sop_files_agree() {
    let mut seeds: Vec<String> = Vec::new();
    let mut files = Vec::new();
    files_under(&repo().join("examples"), &mut files);
    files.sort();
    for path in files
        .iter()
        .filter(|p| crate::format::SourceFormat::of(p) == crate::format::SourceFormat::Yaml)
    {
        let text = std::fs::read_to_string(path).expect("UTF-8");
        // Windows of 8 to 24 lines: small inputs mutate into more shapes.
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        for start in (0..lines.len()).step_by(6) {
            seeds.push(lines[start..(start + 16).min(lines.len())].concat());
        }
    }
    seeds.extend(
        [
            "a: |\n  x\n\n  y\n",
            "a: >-\n  x\n  y\nb: [a, 'b']\n",
            "s:\n- id: a\n  t: |+\n    x\n\n- b\n",
            "a: {}\nb:\n  - \"x\"\n  -\n",
        ]
        .map(str::to_owned),
    );
    let mut rng = Rng(0x5eed_f0f5_0bc4_ec01);
    let (mut tried, mut owned) = (0, 0);
    for round in 0..60_000 {
        let mut text = seeds[round % seeds.len()].clone();
        for _ in 0..=rng.below(2) {
            mutate(&mut rng, &mut text);
        }
        tried += 1;
        owned += usize::from(agrees(&text));
    }
    // The mutants must reach the fast path's acceptance, not only its
    // refusals, for the test to mean something.
    eprintln!("{owned} of {tried} mutants owned");
    assert!(owned * 8 > tried, "only {owned} of {tried} mutants owned");
}
