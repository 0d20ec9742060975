//! The flowchart as a picture: SVG and PNG of every example, with and
//! without swimlanes; well-formed XML with nothing active in it, even from
//! the hostile fixture; and long SOPs laid out quickly with no shape over
//! another and no edge through a shape.

use std::fs;

use sopkit::layout::check_geometry;
use sopkit::render::Document;
use sopkit::render::diagram::Diagram;

use crate::support::{fixtures, folder, repo_root, run};

pub(crate) fn examples() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo_root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".sop."))
        .collect();
    names.sort();
    names
}

/// Parses an SVG as XML and returns every element name and attribute.
fn xml_parts(svg: &str) -> Vec<(String, Vec<(String, String)>)> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    document
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| {
            let attributes = n
                .attributes()
                .map(|a| (a.name().to_owned(), a.value().to_owned()))
                .collect();
            (n.tag_name().name().to_owned(), attributes)
        })
        .collect()
}

pub(crate) fn assert_inert(svg: &str, what: &str) {
    for (element, attributes) in xml_parts(svg) {
        assert!(
            !matches!(
                element.as_str(),
                "script" | "foreignObject" | "iframe" | "image"
            ),
            "{what}: <{element}>"
        );
        for (name, value) in attributes {
            assert!(!name.starts_with("on"), "{what}: {element} has {name}");
            assert!(
                !value.trim_start().to_lowercase().starts_with("javascript:"),
                "{what}: {element} {name}={value}"
            );
        }
    }
}

#[test]
fn every_example_renders_to_svg_and_png_with_and_without_lanes() {
    let out = tempfile::tempdir().expect("temp dir");
    for name in examples() {
        for lanes in [false, true] {
            let path = format!("examples/{name}");
            let mut args = vec!["render", path.as_str(), "--to", "svg"];
            if lanes {
                args.push("--lanes");
            }
            let svg = run(&repo_root(), &args);
            assert_eq!(svg.code, 0, "{name}: {}", svg.stderr);
            assert_inert(&svg.stdout, &name);
            let lanes_drawn = svg.stdout.contains("class=\"lane\"");
            assert_eq!(lanes_drawn, lanes, "{name}: lanes");
            let png = out.path().join(format!("{name}-{lanes}.png"));
            let png_arg = png.to_string_lossy().into_owned();
            args[3] = "png";
            args.extend(["--scale", "1", "-o", png_arg.as_str()]);
            let made = run(&repo_root(), &args);
            assert_eq!(made.code, 0, "{name}: {}", made.stderr);
            let bytes = fs::read(&png).expect("the PNG is written");
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}: not a PNG");
        }
    }
}

#[test]
fn hostile_text_in_a_picture_is_only_text() {
    let dir = fixtures().join("hostile");
    for lanes in [false, true] {
        let mut args = vec!["render", "hostile.sop.yaml", "--to", "svg"];
        if lanes {
            args.push("--lanes");
        }
        let svg = run(&dir, &args);
        assert_eq!(svg.code, 0, "{}", svg.stderr);
        assert_inert(&svg.stdout, "hostile");
        assert!(
            svg.stdout.contains("&lt;script&gt;"),
            "the text is kept, escaped"
        );
    }
}

/// A long SOP in the shape of real ones: steps by two roles, a check every
/// few steps that retries two steps back or goes on, and now and then an
/// escalation that skips ahead.
pub(crate) fn long_sop(steps: usize) -> String {
    let mut text = String::from(
        "title: Long procedure\ndepartment: Ops\npurpose: Many steps.\nterms: {}\nroles:\n  agent: Agent on duty\n  manager: Shift manager\ninstructions:\n",
    );
    for i in 0..steps {
        let role = if i % 7 == 3 { "manager" } else { "agent" };
        text += &format!("  - id: s{i}\n    role: {role}\n");
        if i % 5 == 4 && i + 3 < steps {
            text += &format!(
                "    text: Did step {i} work?\n    branches:\n      \"yes\": s{}\n      \"no\": s{}\n",
                i + 1,
                i - 2
            );
            if i % 10 == 9 {
                text += &format!("      \"escalate\": s{}\n", i + 3);
            }
        } else {
            text += &format!("    text: Do the work of step {i} and note it in the ticket.\n");
        }
    }
    text
}

fn check_picture(text: &str, lanes: bool) {
    let file = sopkit::check::check_loaded(
        sopkit::load::load_text(std::path::Path::new("long.sop.yaml"), text.to_owned()),
        &sopkit::rules::RuleOptions::default(),
    );
    let (Some(sop), Some(flow)) = (&file.sop, &file.flow) else {
        panic!("the SOP loads: {:?}", file.diagnostics);
    };
    let doc = Document::new(sop, flow);
    let diagram = Diagram::build(&doc, lanes);
    check_geometry(&diagram.graph, &diagram.layout)
        .unwrap_or_else(|e| panic!("lanes {lanes}: {e}"));
}

/// (Its time is a limit of bench/limits.py.)
#[test]
fn a_two_thousand_step_sop_is_drawn_with_nothing_overlapping() {
    let text = long_sop(2_000);
    for lanes in [false, true] {
        check_picture(&text, lanes);
    }
    // The nine-step incident SOP whose back edge once ran under a box.
    let incident = "title: Incident\ndepartment: IT\npurpose: P.\nterms: {}\ninstructions:\n  - text: Log it.\n  - text: Assess.\n  - id: fix\n    text: Try the fix.\n  - text: Test it.\n  - text: Did it work?\n    branches:\n      \"yes\": report\n      \"no\": fix\n  - id: report\n    text: Report.\n  - text: Close.\n  - text: Review.\n  - text: Archive.\n";
    check_picture(incident, false);
    let dir = folder(&[("long.sop.yaml", &text)]);
    for format in ["svg", "html"] {
        let out = run(dir.path(), &["render", "long.sop.yaml", "--to", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
}

#[test]
fn a_ten_thousand_step_sop_is_drawn() {
    let dir = folder(&[("long.sop.yaml", &long_sop(10_000))]);
    let out = run(
        dir.path(),
        &["render", "long.sop.yaml", "--to", "svg", "--lanes"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.matches("class=\"step\"").count(), 8_001);
}

/// A PNG's width, height and pixels (8-bit RGBA).
fn decoded(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let file = fs::File::open(path).expect("the PNG is written");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("pixels");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    (info.width, info.height, pixels)
}

/// `steps` steps, one after the other.
fn chain(steps: usize) -> String {
    let mut text =
        String::from("title: Chain\ndepartment: Ops\npurpose: P.\nterms: {}\ninstructions:\n");
    for i in 0..steps {
        text += &format!("  - text: Do step {i} of the chain.\n");
    }
    text
}

#[test]
fn a_picture_too_big_for_image_viewers_is_drawn_smaller_and_says_so() {
    let dir = folder(&[("chain.sop.yaml", &chain(1_500))]);
    for (direction, long_side_is_height) in [("down", true), ("right", false)] {
        let png = dir.path().join(format!("{direction}.png"));
        let png_arg = png.to_string_lossy().into_owned();
        let args = [
            "render",
            "chain.sop.yaml",
            "--to",
            "png",
            "--direction",
            direction,
            "-o",
            &png_arg,
        ];
        let out = run(dir.path(), &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Said, with the way to every detail.
        assert!(
            out.stderr
                .starts_with("sopkit: warning: chain.sop.yaml: the flowchart would be")
                && out.stderr.contains("more than image viewers open")
                && out.stderr.contains("--to svg"),
            "{}",
            out.stderr
        );
        let (width, height, pixels) = decoded(&png);
        let (long, short) = match long_side_is_height {
            true => (height, width),
            false => (width, height),
        };
        assert_eq!(long, 32_767, "{direction}: as long as a viewer opens");
        assert!(
            short >= 10,
            "{direction}: not a thin strip: {width} × {height}"
        );
        assert!(u64::from(width) * u64::from(height) <= 100_000_000);
        // The steps are drawn: lines and boxes on white.
        let drawn = pixels.chunks_exact(4).filter(|p| p[0] < 240).count();
        assert!(drawn > 5_000, "{direction}: {drawn} pixels drawn");
    }
    // A picture that fits is drawn at the scale asked, with nothing said.
    let small = folder(&[("chain.sop.yaml", &chain(3))]);
    let out = run(
        small.path(),
        &["render", "chain.sop.yaml", "--to", "png", "-o", "small.png"],
    );
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}
