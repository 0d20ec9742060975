//! `--to bpmn`: every example and the generated flowcharts of
//! `tests/fixtures/bpmn/`, running down and right, as well-formed BPMN 2.0
//! XML with nothing active in it and one element per step (a decision is
//! one gateway asking its whole question), the hostile fixture's text kept
//! as text, and long SOPs laid out quickly with no shape on another and no
//! flow through a shape. (CI also feeds all of them to bpmn-moddle and
//! bpmnlint: `.ci/clients`.)

use std::fs;

use sopkit::layout::{Rect, check_geometry};
use sopkit::render::bpmn;
use sopkit::render::{Document, FlowDirection};

use crate::diagrams::{assert_inert, examples, long_sop};
use crate::support::{fixtures, folder, repo_root, run};

const MODEL: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";

/// The parts of a BPMN file the tests look at.
struct Parsed {
    /// Every flow node and sequence flow, in the order written.
    elements: Vec<Element>,
    lanes: Vec<String>,
    /// Bounds of every flow node's shape (not pools or lanes).
    shapes: Vec<(String, Rect)>,
    /// Bounds of every external label, by the id of what it names.
    labels: Vec<(String, Rect)>,
    /// `isHorizontal` of the pool and of each lane.
    horizontal: Vec<String>,
}

/// A flow node or a sequence flow.
struct Element {
    kind: String,
    id: String,
    name: Option<String>,
    documentation: Option<String>,
    incoming: usize,
    outgoing: usize,
}

fn parse(xml: &str, what: &str) -> Parsed {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    let model = |n: &roxmltree::Node, name: &str| n.has_tag_name((MODEL, name));
    let processes: Vec<_> = doc.descendants().filter(|n| model(n, "process")).collect();
    assert_eq!(processes.len(), 1, "{what}: one process");
    assert_eq!(processes[0].attribute("isExecutable"), Some("false"));
    let children =
        |n: &roxmltree::Node, name: &str| n.children().filter(|c| model(c, name)).count();
    let elements = processes[0]
        .children()
        .filter(|n| n.is_element() && !model(n, "laneSet") && !model(n, "documentation"))
        .map(|n| Element {
            kind: n.tag_name().name().to_owned(),
            id: n.attribute("id").unwrap_or_default().to_owned(),
            name: n.attribute("name").map(str::to_owned),
            documentation: (n.children())
                .find(|c| model(c, "documentation"))
                .and_then(|c| c.text())
                .map(str::to_owned),
            incoming: children(&n, "incoming"),
            outgoing: children(&n, "outgoing"),
        })
        .collect::<Vec<_>>();
    let lanes = doc
        .descendants()
        .filter(|n| model(n, "lane"))
        .map(|n| n.attribute("name").unwrap_or_default().to_owned())
        .collect();
    let nodes: std::collections::HashSet<&str> = elements
        .iter()
        .filter(|e| e.kind != "sequenceFlow")
        .map(|e| e.id.as_str())
        .collect();
    let number = |n: &roxmltree::Node, a: &str| -> f64 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{what}: bounds {a}"))
    };
    let bounds = |n: roxmltree::Node| -> Option<Rect> {
        let b = n.children().find(|c| c.tag_name().name() == "Bounds")?;
        Some(Rect {
            x: number(&b, "x"),
            y: number(&b, "y"),
            width: number(&b, "width"),
            height: number(&b, "height"),
        })
    };
    let drawn = |n: &roxmltree::Node| n.attribute("bpmnElement").unwrap_or_default().to_owned();
    let di_shapes: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "BPMNShape")
        .collect();
    let shapes = (di_shapes.iter())
        .filter(|n| nodes.contains(drawn(n).as_str()))
        .map(|n| {
            let r = bounds(*n).unwrap_or_else(|| panic!("{what}: a shape without bounds"));
            (drawn(n), r)
        })
        .collect::<Vec<_>>();
    assert_eq!(shapes.len(), nodes.len(), "{what}: every node drawn");
    let labels = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "BPMNLabel")
        .filter_map(|n| Some((drawn(&n.parent()?), bounds(n)?)))
        .collect();
    let horizontal = (di_shapes.iter())
        .filter_map(|n| n.attribute("isHorizontal"))
        .map(str::to_owned)
        .collect();
    Parsed {
        elements,
        lanes,
        shapes,
        labels,
        horizontal,
    }
}

/// One element per step: each step is one task or one gateway that forks;
/// beside them only the start, the ends, and gateways that only join.
/// Returns the forking gateways.
fn assert_one_element_per_step<'a>(
    parsed: &'a Parsed,
    steps: usize,
    what: &str,
) -> Vec<&'a Element> {
    let (mut tasks, mut forks, mut joins) = (0, Vec::new(), 0);
    for e in &parsed.elements {
        match e.kind.as_str() {
            "task" => tasks += 1,
            "exclusiveGateway" if e.outgoing >= 2 => {
                assert_eq!(e.incoming, 1, "{what}: {} forks and joins", e.id);
                forks.push(e);
            }
            "exclusiveGateway" => {
                assert!(e.outgoing == 1 && e.incoming >= 2, "{what}: {}", e.id);
                joins += 1;
            }
            "startEvent" | "endEvent" | "sequenceFlow" => {}
            other => panic!("{what}: unexpected {other}"),
        }
    }
    assert_eq!(tasks + forks.len(), steps, "{what}: one element per step");
    assert!(joins <= steps, "{what}: at most a join per step");
    for fork in &forks {
        let name = fork.name.as_deref().unwrap_or_default();
        assert!(!name.trim().is_empty(), "{what}: {} asks nothing", fork.id);
        assert!(!name.ends_with('…'), "{what}: {name} is cut");
        assert!(
            parsed.labels.iter().any(|(id, _)| *id == fork.id),
            "{what}: {} has no label",
            fork.id
        );
    }
    forks
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

/// No name drawn outside a shape (of an event, a gateway or a branch) lies
/// on a shape: a sweep like [`assert_apart`]'s, over shapes and labels.
fn assert_labels_clear(parsed: &Parsed, what: &str) {
    let mut all: Vec<(bool, &String, &Rect)> = (parsed.shapes.iter().map(|(id, r)| (true, id, r)))
        .chain(parsed.labels.iter().map(|(id, r)| (false, id, r)))
        .collect();
    all.sort_by(|a, b| a.2.x.total_cmp(&b.2.x));
    let mut open: Vec<(bool, &String, &Rect)> = Vec::new();
    for item in all {
        open.retain(|o| o.2.right() > item.2.x);
        for o in &open {
            let apart = o.2.bottom() <= item.2.y || item.2.bottom() <= o.2.y;
            let label_on_shape = o.0 != item.0;
            assert!(
                apart || !label_on_shape,
                "{what}: the label of {} lies on {}",
                if o.0 { item.1 } else { o.1 },
                if o.0 { o.1 } else { item.1 }
            );
        }
        open.push(item);
    }
}

fn count(parsed: &Parsed, kind: &str) -> usize {
    parsed.elements.iter().filter(|e| e.kind == kind).count()
}

#[test]
fn every_example_is_well_formed_bpmn_with_its_roles_as_lanes() {
    for name in examples() {
        let path = format!("examples/{name}");
        let json = run(&repo_root(), &["render", &path, "--to", "json"]).json();
        let steps = json["sop"]["instructions"].as_array().expect("steps");
        let decisions = steps
            .iter()
            .filter(|s| s["branches"].as_object().is_some_and(|b| b.len() >= 2))
            .count();
        let roles = json["sop"]["roles"].as_object().map_or(0, |r| r.len());
        for (direction, horizontal) in [("down", "false"), ("right", "true")] {
            let what = format!("{name} --direction {direction}");
            let args = ["render", &path, "--to", "bpmn", "--direction", direction];
            let out = run(&repo_root(), &args);
            assert_eq!(out.code, 0, "{what}: {}", out.stderr);
            assert_inert(&out.stdout, &what);
            let parsed = parse(&out.stdout, &what);
            assert_eq!(count(&parsed, "startEvent"), 1, "{what}");
            assert!(count(&parsed, "endEvent") >= 1, "{what}");
            let forks = assert_one_element_per_step(&parsed, steps.len(), &what);
            assert_eq!(forks.len(), decisions, "{what}: a gateway per decision");
            assert!(parsed.lanes.len() >= roles, "{what}: a lane per role");
            assert_eq!(roles > 0, !parsed.lanes.is_empty(), "{what}: lanes");
            assert!(
                parsed.horizontal.iter().all(|h| h == horizontal),
                "{what}: lanes as {}: {:?}",
                if horizontal == "true" {
                    "rows"
                } else {
                    "columns"
                },
                parsed.horizontal
            );
            assert_apart(&parsed.shapes, &what);
            assert_labels_clear(&parsed, &what);
        }
        // The default is down.
        let default = run(&repo_root(), &["render", &path, "--to", "bpmn"]);
        let down = run(
            &repo_root(),
            &["render", &path, "--to", "bpmn", "--direction", "down"],
        );
        assert_eq!(default.stdout, down.stdout, "{name}");
    }
}

#[test]
fn a_decision_is_one_gateway_asking_the_whole_question() {
    let question = "Has the customer confirmed in writing, within the last thirty days, that the charge on the bill is disputed and not merely unexpected?";
    assert!(question.chars().count() >= 75);
    let sop = format!(
        "title: T\ndepartment: D\npurpose: P.\nterms: {{}}\ninstructions:\n  - id: ask\n    text: \"{question}\"\n    duration: 2m\n    note: Look in the *ticket* first.\n    substeps:\n      - Open the ticket.\n    branches:\n      \"yes, in writing\": refund\n      \"no\": explain\n  - id: refund\n    text: Refund.\n    end: true\n  - id: explain\n    text: Explain the charge.\n"
    );
    let dir = folder(&[("t.sop.yaml", &sop)]);
    for direction in ["down", "right"] {
        let out = run(
            dir.path(),
            &[
                "render",
                "t.sop.yaml",
                "--to",
                "bpmn",
                "--direction",
                direction,
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let parsed = parse(&out.stdout, direction);
        let forks = assert_one_element_per_step(&parsed, 3, direction);
        let [gateway] = forks[..] else {
            panic!("{direction}: one gateway");
        };
        assert_eq!(gateway.name.as_deref(), Some(question), "never cut");
        // What the gateway cannot show is its documentation.
        let documentation = gateway.documentation.as_deref().unwrap_or_default();
        for part in ["2m", "Look in the ticket first.", "- Open the ticket."] {
            assert!(documentation.contains(part), "{direction}: {documentation}");
        }
        // Its label's box holds the whole question as bpmn-js wraps it (at
        // the box's width, 11 px, lines 1.2 times that).
        let (_, label) = (parsed.labels.iter())
            .find(|(id, _)| *id == gateway.id)
            .expect("a label");
        let lines = sopkit::render::font::wrap(question, 11.0, label.width);
        assert!(lines.len() >= 2, "{direction}: wrapped");
        assert!(
            label.height >= lines.len() as f64 * 13.2,
            "{direction}: {} lines in {label:?}",
            lines.len()
        );
        let (_, diamond) = (parsed.shapes.iter())
            .find(|(id, _)| *id == gateway.id)
            .expect("drawn");
        let (_, task) = (parsed.shapes.iter())
            .find(|(id, _)| id.starts_with("Task_2"))
            .expect("drawn");
        let apart = |a: &Rect, b: &Rect| {
            a.right() <= b.x || b.right() <= a.x || a.bottom() <= b.y || b.bottom() <= a.y
        };
        assert!(
            apart(label, diamond) && apart(label, task),
            "{direction}: {label:?}"
        );
        // The branches are named flows out of it.
        let names: Vec<&str> = (parsed.elements.iter())
            .filter(|e| e.kind == "sequenceFlow")
            .filter_map(|e| e.name.as_deref())
            .collect();
        assert_eq!(names, ["yes, in writing", "no"]);
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
        .find(|e| e.kind == "task")
        .and_then(|e| e.name.clone())
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
    for Element { id, .. } in &parsed.elements {
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')),
            "{id}"
        );
    }
}

/// Lays out an SOP's BPMN in the library in both directions, checks the
/// layout's geometry, renders it with the command line in both directions
/// and checks one element per step, no shape on another and no name on a
/// shape.
fn check_bpmn(text: &str, what: &str) {
    let file = sopkit::check::check_loaded(
        sopkit::load::load_text(std::path::Path::new("t.sop.yaml"), text.to_owned()),
        &sopkit::rules::RuleOptions::default(),
    );
    let (Some(sop), Some(flow)) = (&file.sop, &file.flow) else {
        panic!("{what}: the SOP loads: {:?}", file.diagnostics);
    };
    let mut doc = Document::new(sop, flow);
    for direction in [FlowDirection::Down, FlowDirection::Right] {
        doc.direction = direction;
        let (process, geometry) = bpmn::build(&doc);
        check_geometry(&geometry.graph, &geometry.layout)
            .unwrap_or_else(|e| panic!("{what} {direction:?}: {e}"));
        assert_eq!(geometry.shapes.len(), process.nodes.len());
    }
    let dir = folder(&[("t.sop.yaml", text)]);
    let out = run(dir.path(), &["render", "t.sop.yaml", "--to", "bpmn"]);
    let right = run(
        dir.path(),
        &[
            "render",
            "t.sop.yaml",
            "--to",
            "bpmn",
            "--direction",
            "right",
        ],
    );
    for out in [out, right] {
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        let parsed = parse(&out.stdout, what);
        assert_one_element_per_step(&parsed, sop.instructions.len(), what);
        assert_apart(&parsed.shapes, what);
        assert_labels_clear(&parsed, what);
    }
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
    assert_one_element_per_step(&parse(&out.stdout, "10,000 steps"), 10_000, "10,000 steps");
}
