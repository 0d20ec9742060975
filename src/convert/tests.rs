//! Tricky values through both writers: each must read back as it was, or
//! be refused with the value named and the reason given.

use std::path::Path;

use super::*;
use crate::load;

/// The model of a YAML SOP (which must load without errors).
fn sop(yaml: &str) -> Sop {
    let file = load::load_text(Path::new("t.sop.yaml"), yaml.to_owned());
    let errors: Vec<_> = file
        .diagnostics
        .iter()
        .filter(|d| is_loading_rule(d.rule))
        .collect();
    assert!(errors.is_empty(), "{yaml}\n{errors:?}");
    file.sop.expect("a model")
}

/// An SOP whose instructions are `steps` (YAML list items).
fn with_steps(steps: &str) -> Sop {
    sop(&format!(
        "title: T\ndepartment: D\npurpose: P.\nterms: {{}}\ninstructions:\n{steps}"
    ))
}

/// Converts to Markdown, which must succeed; returns the instructions part.
fn markdown_steps(model: &Sop) -> String {
    let md = convert(model, SourceFormat::Markdown).unwrap_or_else(|e| panic!("{e}: {}", e.path));
    let yaml = convert(model, SourceFormat::Yaml).unwrap_or_else(|e| panic!("{e}"));
    assert!(!yaml.is_empty());
    md.split_once("## Instructions\n\n")
        .map(|(_, steps)| steps.to_owned())
        .unwrap_or(md)
}

#[test]
fn text_ending_in_braces_gets_an_attribute_block() {
    let model = with_steps("  - text: 'Type {name} here {#x}'\n  - text: Keep \\{this}\n");
    assert_eq!(
        markdown_steps(&model),
        "1. Type {name} here {#x} {}\n2. Keep \\{this} {}\n"
    );
    let model = with_steps("  - id: a\n    text: 'Say \"hi {x}'\n    role: shift lead\n");
    assert_eq!(
        markdown_steps(&model),
        "1. Say \"hi {x} {#a role=\"shift lead\"}\n"
    );
}

#[test]
fn a_role_with_a_quote_puts_the_block_on_a_line_of_its_own() {
    let model =
        with_steps("  - text: 'Open {the} form'\n    role: 'a\"b'\nroles:\n  'a\"b': The one\n");
    assert_eq!(
        markdown_steps(&model),
        "1. Open {the} form\n   {role=a\"b}\n"
    );
}

#[test]
fn labels_that_could_be_misread_are_bold() {
    let model = with_steps(
        "  - id: a\n    text: Ask.\n    branches:\n      \"yes\": a\n      \"> 500 EUR\": a\n      \"2. try\": a\n      \"a → b\": a\n      \"**x**\": a\n      \"'q'\": a\n",
    );
    assert_eq!(
        markdown_steps(&model),
        "1. Ask. {#a}\n   - yes → a\n   - **> 500 EUR** → a\n   - **2. try** → a\n   - **a → b** → a\n   - \"**x**\" → a\n   - **'q'** → a\n"
    );
}

#[test]
fn substeps_are_numbered_beside_branches_or_when_they_hold_an_arrow() {
    let model = with_steps(
        "  - id: a\n    text: Check.\n    substeps: [Open it., Look.]\n    branches:\n      ok: a\n      bad: a\n  - text: Click.\n    substeps: [File → Save, Close.]\n",
    );
    assert_eq!(
        markdown_steps(&model),
        "1. Check. {#a}\n   1. Open it.\n   2. Look.\n   - ok → a\n   - bad → a\n2. Click.\n   1. File → Save\n   2. Close.\n"
    );
}

#[test]
fn quotes_and_paragraphs_make_a_loose_item() {
    let model = with_steps(
        "  - text: |\n      First line\n      second line.\n\n      More.\n    script: |\n      Hello,\n\n      > how are you?\n    warning: Careful.\n  - text: Next.\n",
    );
    assert_eq!(
        markdown_steps(&model),
        "1. First line\n   second line.\n\n   More.\n\n   > Hello,\n   >\n   > > how are you?\n\n   > [!WARNING]\n   > Careful.\n\n2. Next.\n"
    );
}

#[test]
fn terms_and_titles_keep_their_characters() {
    let model = sop(concat!(
        "title: 'C# #'\ndepartment: D\npurpose: P.\n",
        "terms:\n  'a**b': x\n  'b*': y\n  '> q': z\n  SLA: |\n    Service level\n    agreement.\n",
        "instructions:\n  - text: Go.\n"
    ));
    let md = convert(&model, SourceFormat::Markdown).expect("markdown");
    assert!(md.contains("# C# # #\n"), "{md}");
    assert!(
        md.contains(
            "- __a**b__: x\n- __b*__: y\n- **> q**: z\n- **SLA**: Service level\n  agreement.\n"
        ),
        "{md}"
    );
}

#[test]
fn sections_are_named_in_the_language_of_the_sop() {
    let model = sop(
        "title: T\ndepartment: D\nlanguage: pt-BR\npurpose: P.\nscope: S.\nterms: {}\ninstructions:\n  - text: Vá.\n",
    );
    let md = convert(&model, SourceFormat::Markdown).expect("markdown");
    for heading in [
        "## Propósito {#purpose}",
        "## Escopo {#scope}",
        "## Termos {#terms}",
        "## Instruções {#instructions}",
    ] {
        assert!(md.contains(heading), "{heading}:\n{md}");
    }
    let english = sop(
        "title: T\ndepartment: D\nlanguage: fr\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n",
    );
    let md = convert(&english, SourceFormat::Markdown).expect("markdown");
    assert!(
        md.contains("## Objectif {#purpose}") && md.contains("## Instructions\n"),
        "{md}"
    );
}

/// The refusal for a model, which must be refused.
fn refusal(model: &Sop) -> Unwritable {
    match convert(model, SourceFormat::Markdown) {
        Ok(md) => panic!("converted:\n{md}"),
        Err(e) => e,
    }
}

#[test]
fn values_markdown_cannot_carry_are_refused_with_the_reason() {
    let cases = [
        (
            "  - text: '> Quoted'\n",
            "the `text` of step 1 cannot be written in Markdown: it starts with `>`",
            "instructions[0].text",
        ),
        (
            "  - text: Go.\n  - text: \"Line  \\nnext\\n\"\n",
            "the `text` of step 2 cannot be written in Markdown: a line of it ends in white space",
            "instructions[1].text",
        ),
        (
            "  - text: Go.\n    substeps: ['Mind <!-- this -->']\n",
            "substep 1 of step 1 cannot be written in Markdown: it holds an HTML comment",
            "instructions[0].substeps[0]",
        ),
        (
            "  - text: Go.\n    end: false\n",
            "`end: false` has no Markdown form",
            "instructions[0].end",
        ),
        (
            "  - id: a\n    text: Go.\n    branches:\n      ' yes': a\n",
            "the branch label ` yes` of step 1 cannot be written in Markdown: it starts with white space",
            "instructions[0].branches. yes",
        ),
    ];
    for (steps, message, path) in cases {
        let refused = refusal(&with_steps(steps));
        assert!(
            refused.message.contains(message),
            "{steps}: {}",
            refused.message
        );
        assert_eq!(refused.path, path);
        assert!(refused.help.is_some());
        // YAML carries them all.
        convert(&with_steps(steps), SourceFormat::Yaml).expect("YAML");
    }
    let title = sop(
        "title: \"Two\\nlines\"\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n",
    );
    assert!(
        refusal(&title)
            .message
            .contains("a Markdown title is one line")
    );
    let purpose = sop(
        "title: T\ndepartment: D\npurpose: |\n  # Big\n  text\nterms: {}\ninstructions:\n  - text: Go.\n",
    );
    assert!(
        refusal(&purpose)
            .message
            .contains("its line `# Big` would be read as the title or a section")
    );
}

#[test]
fn front_matter_values_are_yaml_and_carry_anything() {
    let model = sop(concat!(
        "title: T\ndepartment: \"  spaced  \\n\"\nowner: \"# not a heading\"\nversion: '1.10'\n",
        "tags: ['yes', '- x', \"tab\\there\"]\npurpose: P.\nterms: {}\ninstructions:\n  - text: Go.\n"
    ));
    let md = convert(&model, SourceFormat::Markdown).expect("markdown");
    assert!(md.contains("version: \"1.10\"\n"), "{md}");
    assert!(
        md.contains("tags:\n  - \"yes\"\n  - \"- x\"\n  - \"tab\\there\"\n"),
        "{md}"
    );
}

#[test]
fn the_examples_convert_both_ways() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("example");
        let file = load::load_bytes(&path, text.into_bytes());
        let model = file.sop.expect("a model");
        let other = if SourceFormat::of(&path) == SourceFormat::Markdown {
            SourceFormat::Yaml
        } else {
            SourceFormat::Markdown
        };
        convert(&model, other).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
