//! `sopkit render`: every example in every format (snapshots), errors stop
//! rendering, and hostile text stays text in every format.

use std::fs;

use crate::support::{fixtures, repo_root, run};

const FORMATS: [&str; 8] = [
    "markdown",
    "html",
    "dot",
    "mermaid",
    "json",
    "svg",
    "bpmn",
    "confluence",
];

/// The page without its stylesheet, which is the same static asset in every
/// page and would drown the snapshot.
fn without_style(html: &str) -> String {
    match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!(
            "{}<style>…</style>{}",
            &html[..a],
            &html[b + "</style>".len()..]
        ),
        _ => html.to_owned(),
    }
}

#[test]
fn every_example_in_every_format() {
    let mut names: Vec<_> = fs::read_dir(repo_root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sop.yaml") || n.ends_with(".sop.md"))
        .collect();
    names.sort();
    assert!(names.len() >= 6);
    for name in &names {
        for format in FORMATS {
            let path = format!("examples/{name}");
            let out = run(&repo_root(), &["render", &path, "--to", format]);
            assert_eq!(out.code, 0, "{name} --to {format}: {}", out.stderr);
            let text = if format == "html" {
                without_style(&out.stdout)
            } else {
                out.stdout
            };
            let stem = name
                .trim_end_matches(".sop.yaml")
                .trim_end_matches(".sop.md");
            insta::assert_snapshot!(format!("{stem}.{format}"), text);
        }
    }
}

#[test]
fn a_file_with_errors_is_not_rendered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sop = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n    next: nowhere\n";
    fs::write(dir.path().join("bad.sop.yaml"), sop).expect("write");
    let out = run(
        dir.path(),
        &["render", "bad.sop.yaml", "--to", "html", "-o", "bad.html"],
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("flow/unknown-target"), "{}", out.stderr);
    assert!(!dir.path().join("bad.html").exists(), "a page was written");
}

#[test]
fn output_goes_to_a_file_with_dash_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out/page.md");
    let out = run(
        &repo_root(),
        &[
            "render",
            "examples/support-email.sop.yaml",
            "--to",
            "markdown",
            "-o",
            &target.to_string_lossy(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let page = fs::read_to_string(target).expect("written");
    assert!(page.starts_with("# Answering a support e-mail"));
}

#[test]
fn render_needs_a_file() {
    assert_eq!(
        run(&repo_root(), &["render", "examples", "--to", "html"]).code,
        2
    );
    assert_eq!(
        run(
            &repo_root(),
            &["render", "missing.sop.yaml", "--to", "html"]
        )
        .code,
        2
    );
    assert_eq!(
        run(
            &repo_root(),
            &["render", "examples/support-email.sop.yaml", "--to", "odt"]
        )
        .code,
        2
    );
}

#[test]
fn section_labels_follow_the_sop_language() {
    for (file, lang, label) in [
        ("vyrizeni-emailu.cs.sop.yaml", "cs", "Účel"),
        ("reclamo-telefonico.it.sop.yaml", "it", "Scopo"),
        ("disputa-de-cobranca.pt.sop.yaml", "pt-BR", "Propósito"),
        ("support-email.sop.yaml", "en", "Purpose"),
    ] {
        let html = run(
            &repo_root(),
            &["render", &format!("examples/{file}"), "--to", "html"],
        )
        .stdout;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{file}: lang"
        );
        assert!(
            html.contains(&format!("<h2>{label}</h2>")),
            "{file}: {label}"
        );
        let md = run(
            &repo_root(),
            &["render", &format!("examples/{file}"), "--to", "markdown"],
        )
        .stdout;
        assert!(
            md.contains(&format!("## {label}")),
            "{file}: markdown {label}"
        );
    }
}

/// Every HTML tag of a page, as written (`<a href="…">`); escaped text
/// (`&lt;img …`) is not a tag.
fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(i, _)| {
            let rest = &html[i..];
            let second = rest.chars().nth(1)?;
            (second.is_ascii_alphabetic())
                .then(|| &rest[..rest.find('>').map_or(rest.len(), |e| e + 1)])
        })
        .collect()
}

#[test]
fn hostile_text_stays_text_in_every_format() {
    let dir = fixtures().join("hostile");
    let render = |format: &str| {
        let out = run(&dir, &["render", "hostile.sop.yaml", "--to", format]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        out.stdout
    };
    let html = render("html");
    for tag in tags(&html) {
        let lower = tag.to_lowercase();
        for bad in ["<script", "<img", "<iframe", " on", "javascript:"] {
            assert!(!lower.contains(bad), "HTML has a live {bad}: {tag}");
        }
    }
    let dot = render("dot");
    // Every statement is one line: a label cannot end its string early.
    for line in dot.lines().filter(|l| l.contains("label=")) {
        let unescaped_quotes = line
            .match_indices('"')
            .filter(|(i, _)| !line[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped_quotes % 2, 0, "unbalanced quotes: {line}");
    }
    let is_step_node = |l: &&str| {
        let mut words = l.split_whitespace();
        let id = words.next().unwrap_or("");
        id.len() > 1
            && id.starts_with('s')
            && id[1..].bytes().all(|b| b.is_ascii_digit())
            && words.next().is_some_and(|w| w.starts_with("[label="))
    };
    assert_eq!(
        dot.lines().filter(is_step_node).count(),
        4,
        "one node per step"
    );
    let mermaid = render("mermaid");
    for line in mermaid.lines().skip(1) {
        let quotes = line.matches('"').count();
        assert!(quotes == 0 || quotes == 2, "a label broke out: {line}");
        assert!(!line.contains("<script"), "{line}");
    }
    let markdown = render("markdown");
    // What a wiki would run: raw HTML, as CommonMark reads the page.
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    for event in pulldown_cmark::Parser::new_ext(&markdown, options) {
        if let pulldown_cmark::Event::Html(raw) | pulldown_cmark::Event::InlineHtml(raw) = event {
            assert!(
                raw.starts_with("<a id=\"step-") || &*raw == "</a>",
                "raw HTML in Markdown: {raw}"
            );
        }
    }
    let json = render("json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(
        parsed["sop"]["id"],
        "x<script>document.title='pwned'</script>"
    );
    insta::assert_snapshot!("hostile.mermaid", mermaid);
    insta::assert_snapshot!("hostile.dot", dot);
}

#[test]
fn json_has_the_model_and_resolved_edges() {
    let json = run(
        &repo_root(),
        &[
            "render",
            "examples/billing-dispute-call.sop.yaml",
            "--to",
            "json",
        ],
    )
    .json();
    assert_eq!(json["format"], "sopkit/1");
    assert_eq!(json["sop"]["id"], "CS-014");
    assert_eq!(json["flow"]["start"], "step-greet");
    let edges = json["flow"]["edges"].as_array().expect("edges");
    assert!(edges.iter().any(|e| e["from"] == "step-check-amount"
        && e["to"] == "step-escalate"
        && e["label"] == "yes"));
    assert!(
        json["flow"]["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .any(|s| s["id"] == "close" && s["end"] == true)
    );
}

/// The lane bands of a standalone SVG: (x, y, width, height) each.
fn lane_bands(svg: &str) -> Vec<[f64; 4]> {
    let document = roxmltree::Document::parse(svg).expect("SVG is XML");
    document
        .descendants()
        .filter(|n| n.attribute("class") == Some("lane"))
        .map(|n| ["x", "y", "width", "height"].map(|a| n.attribute(a).unwrap().parse().unwrap()))
        .collect()
}

#[test]
fn the_flowchart_runs_the_way_the_flag_or_the_configuration_says() {
    let sop = fs::read_to_string(repo_root().join("examples/vyrizeni-emailu.cs.sop.yaml")).unwrap();
    let dir = crate::support::folder(&[("a.sop.yaml", sop.as_str())]);
    let svg = |extra: &[&str]| {
        let mut args = vec!["render", "a.sop.yaml", "--to", "svg", "--lanes"];
        args.extend_from_slice(extra);
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        lane_bands(&out.stdout)
    };
    // Down (the default): lanes are columns side by side.
    let down = svg(&[]);
    assert_eq!(down.len(), 2);
    assert!(
        down[0][0] < down[1][0] && down[0][1] == down[1][1],
        "{down:?}"
    );
    assert_eq!(svg(&["--direction", "down"]), down);
    // Right: lanes are rows, one above the other.
    let right = svg(&["--direction", "right"]);
    assert!(
        right[0][1] < right[1][1] && right[0][0] == right[1][0],
        "{right:?}"
    );
    // `[render] direction` sets the default; the flag wins over it.
    fs::write(
        dir.path().join("sopkit.toml"),
        "[render]\ndirection = \"right\"\n",
    )
    .unwrap();
    assert_eq!(svg(&[]), right);
    assert_eq!(svg(&["--direction", "down"]), down);
    fs::write(
        dir.path().join("sopkit.toml"),
        "[render]\ndirection = \"up\"\n",
    )
    .unwrap();
    let bad = run(dir.path(), &["render", "a.sop.yaml", "--to", "svg"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("`up` is not a direction"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_page_draws_lanes_for_roles_unless_told_not_to() {
    let file = "examples/vyrizeni-emailu.cs.sop.yaml";
    let page = run(&repo_root(), &["render", file, "--to", "html"]);
    assert!(page.stdout.contains("class=\"lane\""));
    let page = run(
        &repo_root(),
        &["render", file, "--to", "html", "--no-lanes"],
    );
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(!page.stdout.contains("class=\"lane\""));
    let both = run(
        &repo_root(),
        &["render", file, "--to", "svg", "--lanes", "--no-lanes"],
    );
    assert_eq!(both.code, 2);
}

#[test]
fn a_page_defines_each_id_once() {
    // A long SOP: the page's flowchart is several bands, each an <svg>.
    let text = crate::geometry::generated_sop(120, 7);
    let dir = crate::support::folder(&[("long.sop.yaml", text.as_str())]);
    for flags in [&[][..], &["--direction", "right"][..]] {
        let mut args = vec!["render", "long.sop.yaml", "--to", "html"];
        args.extend_from_slice(flags);
        let page = run(dir.path(), &args);
        assert_eq!(page.code, 0, "{}", page.stderr);
        assert!(page.stdout.matches("<svg").count() > 2, "one band only");
        let mut ids: Vec<&str> = page
            .stdout
            .split(" id=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all, "an id defined twice ({flags:?})");
    }
}

/// One question with `answers` answers, each done by one of `roles`.
fn fan(answers: usize, roles: &[&str]) -> String {
    let mut text = String::from(
        "title: One question, many answers\ndepartment: Ops\npurpose: P.\nterms: {}\n",
    );
    if !roles.is_empty() {
        text += "roles:\n";
        for role in roles {
            text += &format!("  {role}: The {role} on duty\n");
        }
    }
    text += "instructions:\n  - id: q\n    text: Which of the many kinds of request is this one?\n    branches:\n";
    for k in 0..answers {
        text += &format!("      \"kind {k}\": a{k}\n");
    }
    for k in 0..answers {
        text += &format!(
            "  - id: a{k}\n    text: Handle a request of kind {k} with its form.\n    end: true\n"
        );
        if let Some(role) = roles.get(k % roles.len().max(1)) {
            text += &format!("    role: {role}\n");
        }
    }
    text
}

#[test]
fn a_page_flowchart_too_wide_to_run_down_runs_right_and_says_so() {
    let note = "too wide to run down the page";
    let dir = crate::support::folder(&[
        ("narrow.sop.yaml", fan(2, &[]).as_str()),
        ("wide.sop.yaml", fan(10, &[]).as_str()),
        ("huge.sop.yaml", fan(400, &["agent", "lead"]).as_str()),
    ]);
    let page = |file: &str| {
        let out = run(dir.path(), &["render", file, "--to", "html"]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        out.stdout
    };
    let narrow = page("narrow.sop.yaml");
    assert!(narrow.contains("flowchart runs-down") && !narrow.contains(note));
    let wide = page("wide.sop.yaml");
    assert!(wide.contains("flowchart runs-right") && wide.contains(note));
    // Laid out right at once (its widest layer alone is too wide), with
    // its roles as lanes, which run as rows and fit.
    let huge = page("huge.sop.yaml");
    assert!(huge.contains("flowchart runs-right") && huge.contains(note));
    assert!(huge.contains("class=\"lane\""), "the roles' lanes are kept");
    for k in 0..400 {
        assert!(huge.contains(&format!("Handle a request of kind {k} with")));
    }
}
