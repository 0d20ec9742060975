//! Nothing a writer wrote is lost: every string field of generated SOPs —
//! angle brackets, ampersands, quotes, backslashes, `*`, `_`, `|`, emoji,
//! right-to-left text — appears, as a reader would see it, in every format.
//!
//! "As a reader would see it": plain fields exactly as written; Markdown
//! fields as CommonMark shows them, with raw HTML shown as text (sopkit
//! never interprets HTML from an SOP). Each output is read back the way its
//! reader reads it: HTML and Markdown pages as rendered text, DOT and
//! Mermaid labels unescaped, JSON as parsed.

use pulldown_cmark::{Event, Options, Parser};

use crate::support::{folder, run};

const PIECES: &[&str] = &[
    "<customer number>",
    "press <Enter>",
    "Tom & Jerry",
    "&amp; stays",
    "say \"hi\"",
    "it's",
    "C:\\temp\\new",
    "a * b",
    "snake_case_name",
    "x | y",
    "😀🧾",
    "مرحبا بالعالم",
    "שלום עולם",
    "#hash",
    "[brackets]",
    "{braces}",
    "a -> b",
    "50% off",
    "`code`",
    "*stress*",
    "<script>alert(1)</script>",
];

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn pick(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        PIECES[(self.0 >> 33) as usize % PIECES.len()]
    }

    /// A text of a few pieces after a leading word (so no text starts with
    /// Markdown block syntax), tagged with `tag` to tell fields apart.
    fn text(&mut self, tag: &str) -> String {
        format!("{tag} {} {} {}", self.pick(), self.pick(), self.pick())
    }
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The fields of one generated SOP: (name, text, is Markdown, flowchart).
struct Field {
    text: String,
    markdown: bool,
    in_flowchart: bool,
}

fn generate(seed: u64) -> (String, Vec<Field>) {
    let mut rng = Rng(seed);
    let mut fields = Vec::new();
    let mut field = |rng: &mut Rng, tag: &str, markdown: bool, in_flowchart: bool| {
        let text = rng.text(tag);
        fields.push(Field {
            text: text.clone(),
            markdown,
            in_flowchart,
        });
        quoted(&text)
    };
    let title = field(&mut rng, "Title", false, false);
    let department = field(&mut rng, "Department", false, false);
    let purpose = field(&mut rng, "Purpose", true, false);
    let scope = field(&mut rng, "Scope", true, false);
    let term = field(&mut rng, "Term", false, false);
    let definition = field(&mut rng, "Definition", false, false);
    let owner = field(&mut rng, "Owner", false, false);
    let version = field(&mut rng, "Version", false, false);
    let role = field(&mut rng, "Role", false, false);
    let role_text = field(&mut rng, "Description", false, false);
    let metric = field(&mut rng, "Metric", false, false);
    let reference = field(&mut rng, "Reference", true, false);
    let author = field(&mut rng, "Author", false, false);
    let summary = field(&mut rng, "Summary", false, false);
    let tag = field(&mut rng, "Tag", false, false);
    let step = field(&mut rng, "Step", true, true);
    let substep = field(&mut rng, "Substep", true, false);
    let script = field(&mut rng, "Script", false, false);
    let note = field(&mut rng, "Note", true, false);
    let warning = field(&mut rng, "Warning", true, false);
    let decision = field(&mut rng, "Decision", true, true);
    let yes = field(&mut rng, "Yes", false, true);
    let no = field(&mut rng, "No", false, true);
    let last = field(&mut rng, "Last", true, true);
    let yaml = format!(
        "title: {title}\ndepartment: {department}\npurpose: {purpose}\nscope: {scope}\n\
         terms:\n  {term}: {definition}\nowner: {owner}\nversion: {version}\n\
         roles:\n  {role}: {role_text}\n\
         metrics:\n  - name: {metric}\n    target: 1h\n\
         references:\n  - {reference}\n\
         revisions:\n  - version: \"1\"\n    author: {author}\n    summary: {summary}\n\
         tags: [{tag}]\n\
         instructions:\n  - text: {step}\n    role: {role}\n    substeps: [{substep}]\n    script: {script}\n    note: {note}\n    warning: {warning}\n\
         \x20 - id: decide\n    text: {decision}\n    branches:\n      {yes}: done\n      {no}: decide\n\
         \x20 - id: done\n    text: {last}\n"
    );
    (yaml, fields)
}

/// Collapses every run of white space to one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of HTML as a reader sees it: tags gone, entities decoded. Tags
/// become spaces, so text in separate elements stays apart.
fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        // Inline markup does not separate words; blocks and lines do.
        let inline = [
            "<em", "</em", "<strong", "</strong", "<code", "</code", "<a ", "<a>", "</a",
        ]
        .iter()
        .any(|t| tag.starts_with(t));
        if !inline {
            text.push(' ');
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    squash(&decode_entities(&text))
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let decoded = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A Markdown page rendered the way a wiki renders it (raw HTML is HTML).
fn markdown_page_text(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_GFM),
    );
    html_text(&html)
}

/// What a reader should see of a field: Markdown as CommonMark shows it,
/// raw HTML as text; plain text as it is.
fn expected(field: &Field) -> String {
    if !field.markdown {
        return squash(&field.text);
    }
    let events = Parser::new(&field.text).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html_text(&html)
}

/// The labels of a DOT graph, unescaped.
fn dot_labels(dot: &str) -> String {
    let mut labels = String::new();
    for part in dot.split("label=\"").skip(1) {
        let mut label = String::new();
        let mut chars = part.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => label.push(' '),
                    Some(other) => label.push(other),
                    None => break,
                },
                '"' => break,
                c => label.push(c),
            }
        }
        labels.push_str(&label);
        labels.push(' ');
    }
    squash(&labels)
}

/// The labels of a Mermaid flowchart, entity codes decoded.
fn mermaid_labels(mermaid: &str) -> String {
    let mut labels = String::new();
    for (i, part) in mermaid.split('"').enumerate() {
        if i % 2 == 1 {
            let part = part.replace("<br>", " ");
            let mut rest = part.as_str();
            while let Some(hash) = rest.find('#') {
                labels.push_str(&rest[..hash]);
                let after = &rest[hash + 1..];
                match after
                    .find(';')
                    .and_then(|s| Some((s, after[..s].parse::<u32>().ok()?)))
                {
                    Some((s, code)) => {
                        labels.extend(char::from_u32(code));
                        rest = &after[s + 1..];
                    }
                    None => {
                        labels.push('#');
                        rest = after;
                    }
                }
            }
            labels.push_str(rest);
            labels.push(' ');
        }
    }
    squash(&labels)
}

fn render(dir: &std::path::Path, format: &str) -> String {
    let out = run(dir, &["render", "sop.sop.yaml", "--to", format]);
    assert_eq!(out.code, 0, "{format}: {}", out.stderr);
    out.stdout
}

#[test]
fn every_string_appears_as_written_in_every_format() {
    for seed in 1..=12 {
        let (yaml, fields) = generate(seed);
        let dir = folder(&[("sop.sop.yaml", &yaml)]);
        let json = render(dir.path(), "json");
        let pages = [
            ("html", html_text(&render(dir.path(), "html")), false),
            (
                "markdown",
                markdown_page_text(&render(dir.path(), "markdown")),
                false,
            ),
            ("dot", dot_labels(&render(dir.path(), "dot")), true),
            (
                "mermaid",
                mermaid_labels(&render(dir.path(), "mermaid")),
                true,
            ),
        ];
        for field in &fields {
            let want = expected(field);
            for (format, seen, flowchart_only) in &pages {
                if *flowchart_only && !field.in_flowchart {
                    continue;
                }
                assert!(
                    seen.contains(&want),
                    "seed {seed}, {format}: `{want}` (from `{}`) is missing in:\n{seen}",
                    field.text
                );
            }
            let as_json = serde_json::to_string(&field.text).expect("a string");
            assert!(
                json.contains(&as_json),
                "seed {seed}, json: {as_json} is missing"
            );
        }
    }
}
