//! `--to bpmn`: every example and the generated flowcharts of
//! `tests/fixtures/bpmn/` as well-formed BPMN 2.0 XML with nothing active
//! in it, the hostile fixture's text kept as text, and long SOPs laid out
//! quickly with no shape on another and no flow through a shape. (CI also
//! feeds all of them to bpmn-moddle and bpmnlint: `.ci/clients`.)

use std::fs;

use sopkit::layout::{Rect, check_geometry};
use sopkit::render::Document;
use sopkit::render::bpmn;

use crate::diagrams::{assert_inert, examples, long_sop};
use crate::support::{fixtures, folder, repo_root, run};

const MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";

/// The parts of a BPMN file the tests look at.
struct Parsed {
    /// (element name, id, name) of every flow node and sequence flow.
    elements: Vec<(String, String, Option<String>)>,
    lanes: Vec<String>,
    /// Bounds of every flow node's shape (not pools or lanes).
    shapes: Vec<(String, Rect)>,
}

fn parse(xml: &str, what: &str) -> Parsed {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    let model = |n: &roxmltree::Node, name: &str| n.has_tag_name((MODEL, name));
    let processes: Vec<_> = doc.descendants().filter(|n| model(n, "process")).collect();
    assert_eq!(processes.len(), 1, "{what}: one process");
    assert_eq!(processes[0].attribute("isExecutable"), Some("false"));
    let elements = processes[0]
        .children()
        .filter(|n| n.is_element() && !model(n, "laneSet") && !model(n, "documentation"))
        .map(|n| {
            (
                n.tag_name().name().to_owned(),
                n.attribute("id").unwrap_or_default().to_owned(),
                n.attribute("name").map(str::to_owned),
            )
        })
        .collect::<Vec<_>>();
    let lanes = doc
        .descendants()
        .filter(|n| model(n, "lane"))
        .map(|n| n.attribute("name").unwrap_or_default().to_owned())
        .collect();
    let nodes: std::collections::HashSet<&str> = elements
        .iter()
        .filter(|(kind, ..)| kind != "sequenceFlow")
        .map(|(_, id, _)| id.as_str())
        .collect();
    let number = |n: &roxmltree::Node, a: &str| -> f64 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{what}: bounds {a}"))
    };
    let shapes = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "BPMNShape")
        .filter(|n| nodes.contains(n.attribute("bpmnElement").unwrap_or_default()))
        .map(|n| {
            let b = (n.children())
                .find(|c| c.tag_name().name() == "Bounds")
                .unwrap_or_else(|| panic!("{what}: a shape without bounds"));
            let id = n.attribute("bpmnElement").unwrap_or_default().to_owned();
            let r = Rect {
                x: number(&b, "x"),
                y: number(&b, "y"),
                width: number(&b, "width"),
                height: number(&b, "height"),
            };
            (id, r)
        })
        .collect::<Vec<_>>();
    assert_eq!(shapes.len(), nodes.len(), "{what}: every node drawn");
    Parsed {
        elements,
        lanes,
        shapes,
    }
}

/// No two shapes overlap or touch (bpmnlint counts touching as overlapping):
/// a sweep from left to right over the shapes sorted by their left edge.
fn assert_apart(shapes: &[(String, Rect)], what: &str) {
    let mut order: Vec<&(String, Rect)> = shapes.iter().collect();
    order.sort_by(|a, b| a.1.x.total_cmp(&b.1.x));
    let mut open: Vec<&(String, Rect)> = Vec::new();
    for s in order {
        open.retain(|o| o.1.right() >= s.1.x);
        for o in &open {
            let apart = o.1.bottom() < s.1.y || s.1.bottom() < o.1.y;
            assert!(apart, "{what}: shapes of {} and {} overlap", o.0, s.0);
        }
        open.push(s);
    }
}

fn count(parsed: &Parsed, kind: &str) -> usize {
    parsed.elements.iter().filter(|(k, ..)| k == kind).count()
}

#[test]
fn every_example_is_well_formed_bpmn_with_its_roles_as_lanes() {
    for name in examples() {
        let path = format!("examples/{name}");
        let out = run(&repo_root(), &["render", &path, "--to", "bpmn"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_inert(&out.stdout, &name);
        let parsed = parse(&out.stdout, &name);
        assert_eq!(count(&parsed, "startEvent"), 1, "{name}");
        assert!(count(&parsed, "endEvent") >= 1, "{name}");
        let json = run(&repo_root(), &["render", &path, "--to", "json"]).json();
        let steps = json["sop"]["instructions"].as_array().expect("steps").len();
        assert_eq!(count(&parsed, "task"), steps, "{name}: a task per step");
        let roles = json["sop"]["roles"].as_object().map_or(0, |r| r.len());
        assert!(parsed.lanes.len() >= roles, "{name}: a lane per role");
        assert_eq!(roles > 0, !parsed.lanes.is_empty(), "{name}: lanes");
        assert_apart(&parsed.shapes, &name);
    }
}

#[test]
fn lanes_without_roles_only_when_asked() {
    let sop = "title: T\ndepartment: D\npurpose: P.\nterms: {}\ninstructions:\n  - text: One.\n  - text: Two.\n";
    let dir = folder(&[("t.sop.yaml", sop)]);
    let plain = run(dir.path(), &["render", "t.sop.yaml", "--to", "bpmn"]);
    assert!(parse(&plain.stdout, "plain").lanes.is_empty());
    assert!(!plain.stdout.contains("bpmn:collaboration"));
    let laned = run(
        dir.path(),
        &["render", "t.sop.yaml", "--to", "bpmn", "--lanes"],
    );
    assert_eq!(parse(&laned.stdout, "lanes").lanes, ["No role"]);
    assert!(
        laned
            .stdout
            .contains("<bpmn:participant id=\"Participant_1\" name=\"T\"")
    );
}

#[test]
fn hostile_text_in_bpmn_is_only_text() {
    let dir = fixtures().join("hostile");
    let out = run(&dir, &["render", "hostile.sop.yaml", "--to", "bpmn"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_inert(&out.stdout, "hostile");
    let parsed = parse(&out.stdout, "hostile");
    let task = (parsed.elements.iter())
        .find(|(kind, ..)| kind == "task")
        .and_then(|(_, _, name)| name.clone())
        .expect("a named task");
    assert!(
        task.contains("<script>document.title='pwned'</script>"),
        "the text is kept, as text: {task}"
    );
    assert!(out.stdout.contains("&lt;script&gt;"), "escaped in the file");
    assert_eq!(
        parsed.lanes[0],
        "Role <script>document.title='pwned'</script>"
    );
    // Ids are made by sopkit, never taken from the text.
    for (_, id, _) in &parsed.elements {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
            "{id}"
        );
    }
}

/// Lays out an SOP's BPMN in the library, checks the layout's geometry and
/// returns the time the command line took to render it.
fn check_bpmn(text: &str, what: &str) {
    let file = sopkit::check::check_loaded(
        sopkit::load::load_text(std::path::Path::new("t.sop.yaml"), text.to_owned()),
        &sopkit::rules::RuleOptions::default(),
    );
    let (Some(sop), Some(flow)) = (&file.sop, &file.flow) else {
        panic!("{what}: the SOP loads: {:?}", file.diagnostics);
    };
    let doc = Document::new(sop, flow);
    let (process, geometry) = bpmn::build(&doc);
    check_geometry(&geometry.graph, &geometry.layout).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(geometry.shapes.len(), process.nodes.len());
    let dir = folder(&[("t.sop.yaml", text)]);
    let out = run(dir.path(), &["render", "t.sop.yaml", "--to", "bpmn"]);
    assert_eq!(out.code, 0, "{what}: {}", out.stderr);
    assert_apart(&parse(&out.stdout, what).shapes, what);
}

#[test]
fn generated_flowcharts_are_laid_out_soundly() {
    let dir = fixtures().join("bpmn");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fixtures/bpmn")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    assert!(names.len() >= 6);
    for path in names {
        let text = fs::read_to_string(&path).expect("read");
        check_bpmn(&text, &path.display().to_string());
    }
}

/// (Its time is a limit of bench/limits.py.)
#[test]
fn a_two_thousand_step_sop_is_bpmn() {
    check_bpmn(&long_sop(2_000), "2,000 steps");
}

#[test]
fn a_ten_thousand_step_sop_is_bpmn() {
    let dir = folder(&[("long.sop.yaml", &long_sop(10_000))]);
    let out = run(dir.path(), &["render", "long.sop.yaml", "--to", "bpmn"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.matches("<bpmn:task ").count(), 10_000);
}
