//! The flowchart read back from the SVG sopkit writes, as an independent
//! reader would: every edge (`data-from`, `data-to`), every shape
//! (`data-node`) and every branch label (`data-edge`), and the rules that
//! make a drawing unambiguous:
//!
//! - edges into different targets never run along one line (two branches
//!   of one decision may share a stub of at most 20 px where they leave it);
//! - no edge passes through a shape other than its own ends, nor back
//!   through its own ends;
//! - every branch label overlaps no shape, no other label, and is nearer
//!   to its own edge than to any other.
//!
//! Checked on every example (both directions, lanes or not, standalone and
//! inside the HTML page) and on generated SOPs of 10 to 300 steps with
//! decisions, loops and branches that rejoin.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diagrams::examples;
use crate::support::{folder, repo_root, run};

/// How far two branches of one decision may run together as they leave it.
const SHARED_STUB: f64 = 20.0;
/// Rounding of the drawing's numbers (one decimal), and a little more.
const SLACK: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq)]
struct P {
    x: f64,
    y: f64,
}

fn p(x: f64, y: f64) -> P {
    P { x, y }
}

fn sub(a: P, b: P) -> P {
    p(a.x - b.x, a.y - b.y)
}

fn cross(a: P, b: P) -> f64 {
    a.x * b.y - a.y * b.x
}

fn dot(a: P, b: P) -> f64 {
    a.x * b.x + a.y * b.y
}

fn len(a: P) -> f64 {
    a.x.hypot(a.y)
}

fn lerp(a: P, b: P, t: f64) -> P {
    p(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
}

/// A shape as drawn: a convex polygon (box or diamond) or a circle.
#[derive(Debug, Clone)]
enum Shape {
    Polygon(Vec<P>),
    Circle(P, f64),
}

impl Shape {
    /// How deep `q` lies inside (negative outside, roughly).
    fn depth(&self, q: P) -> f64 {
        match self {
            Shape::Circle(c, r) => r - len(sub(q, *c)),
            Shape::Polygon(corners) => {
                // Counter-clockwise or clockwise: the sign of the area says.
                let area: f64 = (0..corners.len())
                    .map(|i| cross(corners[i], corners[(i + 1) % corners.len()]))
                    .sum();
                let sign = area.signum();
                (0..corners.len())
                    .map(|i| {
                        let (a, b) = (corners[i], corners[(i + 1) % corners.len()]);
                        sign * cross(sub(b, a), sub(q, a)) / len(sub(b, a)).max(1e-9)
                    })
                    .fold(f64::INFINITY, f64::min)
            }
        }
    }

    /// The deepest a segment reaches inside: depth is concave along a line
    /// for a convex shape, so a ternary search finds its maximum.
    fn deepest(&self, a: P, b: P) -> f64 {
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..60 {
            let (m1, m2) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
            if self.depth(lerp(a, b, m1)) < self.depth(lerp(a, b, m2)) {
                lo = m1;
            } else {
                hi = m2;
            }
        }
        self.depth(lerp(a, b, (lo + hi) / 2.0))
    }

    fn bounds(&self) -> Rect {
        match self {
            Shape::Circle(c, r) => Rect {
                x0: c.x - r,
                y0: c.y - r,
                x1: c.x + r,
                y1: c.y + r,
            },
            Shape::Polygon(corners) => Rect {
                x0: corners.iter().map(|c| c.x).fold(f64::INFINITY, f64::min),
                y0: corners.iter().map(|c| c.y).fold(f64::INFINITY, f64::min),
                x1: corners
                    .iter()
                    .map(|c| c.x)
                    .fold(f64::NEG_INFINITY, f64::max),
                y1: corners
                    .iter()
                    .map(|c| c.y)
                    .fold(f64::NEG_INFINITY, f64::max),
            },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn corners(&self) -> Vec<P> {
        vec![
            p(self.x0, self.y0),
            p(self.x1, self.y0),
            p(self.x1, self.y1),
            p(self.x0, self.y1),
        ]
    }

    fn overlaps(&self, o: &Rect, by: f64) -> bool {
        self.x0 < o.x1 - by && o.x0 < self.x1 - by && self.y0 < o.y1 - by && o.y0 < self.y1 - by
    }
}

/// The distance from a segment to a rectangle (0 when it touches it).
fn segment_rect_distance(a: P, b: P, r: &Rect) -> f64 {
    let inside = |q: P| r.x0 <= q.x && q.x <= r.x1 && r.y0 <= q.y && q.y <= r.y1;
    if inside(a) || inside(b) {
        return 0.0;
    }
    let corners = r.corners();
    let sides = (0..4).map(|i| (corners[i], corners[(i + 1) % 4]));
    let mut best = f64::INFINITY;
    for (c, d) in sides {
        best = best.min(segment_distance(a, b, c, d));
    }
    best
}

fn point_segment_distance(q: P, a: P, b: P) -> f64 {
    let ab = sub(b, a);
    let t = (dot(sub(q, a), ab) / dot(ab, ab).max(1e-12)).clamp(0.0, 1.0);
    len(sub(q, lerp(a, b, t)))
}

fn segments_cross(a: P, b: P, c: P, d: P) -> bool {
    let d1 = cross(sub(b, a), sub(c, a));
    let d2 = cross(sub(b, a), sub(d, a));
    let d3 = cross(sub(d, c), sub(a, c));
    let d4 = cross(sub(d, c), sub(b, c));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn segment_distance(a: P, b: P, c: P, d: P) -> f64 {
    if segments_cross(a, b, c, d) {
        return 0.0;
    }
    [
        point_segment_distance(a, c, d),
        point_segment_distance(b, c, d),
        point_segment_distance(c, a, b),
        point_segment_distance(d, a, b),
    ]
    .into_iter()
    .fold(f64::INFINITY, f64::min)
}

/// How long two segments run along one line (0 unless collinear).
fn shared_length(a: P, b: P, c: P, d: P) -> f64 {
    let dir = sub(b, a);
    let l = len(dir);
    if l < 1e-9 || len(sub(d, c)) < 1e-9 {
        return 0.0;
    }
    let off = |q: P| cross(dir, sub(q, a)).abs() / l;
    if off(c) > SLACK || off(d) > SLACK {
        return 0.0;
    }
    let t = |q: P| dot(sub(q, a), dir) / l;
    let (c, d) = (t(c).min(t(d)), t(c).max(t(d)));
    (d.min(l) - c.max(0.0)).max(0.0)
}

#[derive(Debug)]
struct Edge {
    index: String,
    from: String,
    to: String,
    points: Vec<P>,
}

impl Edge {
    fn segments(&self) -> impl Iterator<Item = (P, P)> + '_ {
        self.points.windows(2).map(|w| (w[0], w[1]))
    }

    fn distance_to(&self, r: &Rect) -> f64 {
        self.segments()
            .map(|(a, b)| segment_rect_distance(a, b, r))
            .fold(f64::INFINITY, f64::min)
    }
}

#[derive(Debug)]
struct Picture {
    shapes: HashMap<String, Shape>,
    edges: Vec<Edge>,
    /// (edge index, box)
    labels: Vec<(String, Rect)>,
}

fn number(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
}

fn path_points(d: &str) -> Vec<P> {
    let numbers: Vec<f64> = d
        .split(['M', 'L', ' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("path data {d}")))
        .collect();
    numbers.chunks(2).map(|c| p(c[0], c[1])).collect()
}

fn read(svg: &str) -> Picture {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    let mut picture = Picture {
        shapes: HashMap::new(),
        edges: Vec::new(),
        labels: Vec::new(),
    };
    for n in document.descendants().filter(|n| n.is_element()) {
        if let Some(name) = n.attribute("data-node") {
            let shape = match n.tag_name().name() {
                "rect" => {
                    let (x, y) = (number(n, "x"), number(n, "y"));
                    let (w, h) = (number(n, "width"), number(n, "height"));
                    Shape::Polygon(
                        Rect {
                            x0: x,
                            y0: y,
                            x1: x + w,
                            y1: y + h,
                        }
                        .corners(),
                    )
                }
                "polygon" => Shape::Polygon(path_points(n.attribute("points").unwrap())),
                "circle" => {
                    let stroke = n
                        .attribute("stroke-width")
                        .and_then(|v| v.parse::<f64>().ok())
                        .filter(|_| n.attribute("stroke") != Some("none"))
                        .unwrap_or(0.0);
                    Shape::Circle(
                        p(number(n, "cx"), number(n, "cy")),
                        number(n, "r") + stroke / 2.0,
                    )
                }
                other => panic!("a node drawn as <{other}>"),
            };
            picture.shapes.insert(name.to_owned(), shape);
        } else if n.tag_name().name() == "path"
            && let Some(index) = n.attribute("data-edge")
        {
            picture.edges.push(Edge {
                index: index.to_owned(),
                from: n.attribute("data-from").expect("data-from").to_owned(),
                to: n.attribute("data-to").expect("data-to").to_owned(),
                points: path_points(n.attribute("d").expect("d")),
            });
        } else if n.attribute("class") == Some("edge-label") {
            let index = n.attribute("data-edge").expect("a label names its edge");
            let (x, y) = (number(n, "x"), number(n, "y"));
            let (w, h) = (number(n, "width"), number(n, "height"));
            picture.labels.push((
                index.to_owned(),
                Rect {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + h,
                },
            ));
        }
    }
    picture
}

/// Every broken rule in a picture, one line each, and the number of
/// crossings between edges.
fn problems(picture: &Picture) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let edges = &picture.edges;
    for e in edges {
        for end in [&e.from, &e.to] {
            assert!(
                picture.shapes.contains_key(end),
                "edge {} names {end}, which is not drawn",
                e.index
            );
        }
    }
    // Edges through shapes.
    for e in edges {
        let segments: Vec<(P, P)> = e.segments().collect();
        for (name, shape) in &picture.shapes {
            let own = *name == e.from || *name == e.to;
            let b = shape.bounds();
            for (i, &(a, c)) in segments.iter().enumerate() {
                let seg = Rect {
                    x0: a.x.min(c.x),
                    y0: a.y.min(c.y),
                    x1: a.x.max(c.x),
                    y1: a.y.max(c.y),
                };
                if !seg.overlaps(&b, -1.0) {
                    continue;
                }
                let deepest = shape.deepest(a, c);
                let allowed = if own && (i == 0 || i + 1 == segments.len()) {
                    // An end segment touches its shape's outline.
                    1.5
                } else if own {
                    1.0
                } else {
                    SLACK
                };
                if deepest > allowed {
                    out.push(format!(
                        "edge {} ({} -> {}) passes {deepest:.1} px into {name}",
                        e.index, e.from, e.to
                    ));
                }
            }
        }
    }
    // Edges into different targets along one line.
    let mut crossings = 0;
    for (i, e) in edges.iter().enumerate() {
        for f in &edges[i + 1..] {
            let mut shared = 0.0;
            for (a, b) in e.segments() {
                for (c, d) in f.segments() {
                    shared += shared_length(a, b, c, d);
                    if segments_cross(a, b, c, d) {
                        crossings += 1;
                    }
                }
            }
            let allowed = if e.to == f.to {
                f64::INFINITY
            } else if e.from == f.from {
                SHARED_STUB
            } else {
                SLACK
            };
            if shared > allowed {
                out.push(format!(
                    "edges {} ({} -> {}) and {} ({} -> {}) run {shared:.1} px along one line",
                    e.index, e.from, e.to, f.index, f.from, f.to
                ));
            }
        }
    }
    // Labels.
    for (i, (index, r)) in picture.labels.iter().enumerate() {
        let own = edges
            .iter()
            .filter(|e| e.index == *index)
            .min_by(|a, b| a.distance_to(r).total_cmp(&b.distance_to(r)))
            .unwrap_or_else(|| panic!("label of edge {index}, which is not drawn"));
        for (name, shape) in &picture.shapes {
            if label_overlaps_shape(r, shape) {
                out.push(format!("the label of edge {index} overlaps {name}"));
            }
        }
        for (other, o) in &picture.labels[i + 1..] {
            if r.overlaps(o, SLACK) {
                out.push(format!("the labels of edges {index} and {other} overlap"));
            }
        }
        let near = own.distance_to(r);
        if near > 8.0 {
            out.push(format!(
                "the label of edge {index} is {near:.1} px from its edge"
            ));
        }
        for e in edges.iter().filter(|e| e.index != *index) {
            let d = e.distance_to(r);
            if d <= near {
                out.push(format!(
                    "the label of edge {index} ({} -> {}) is {d:.1} px from edge {} ({} -> {}), {near:.1} px from its own",
                    own.from, own.to, e.index, e.from, e.to
                ));
            }
        }
    }
    (out, crossings)
}

fn label_overlaps_shape(r: &Rect, shape: &Shape) -> bool {
    let b = shape.bounds();
    if !r.overlaps(&b, SLACK) {
        return false;
    }
    let corners = r.corners();
    // A corner of the label inside the shape, or an edge of the label
    // cutting into it.
    (0..4).any(|k| shape.deepest(corners[k], corners[(k + 1) % 4]) > SLACK)
        || match shape {
            Shape::Circle(c, _) => r.x0 < c.x && c.x < r.x1 && r.y0 < c.y && c.y < r.y1,
            Shape::Polygon(points) => points.iter().any(|q| {
                r.x0 + SLACK < q.x && q.x < r.x1 - SLACK && r.y0 + SLACK < q.y && q.y < r.y1 - SLACK
            }),
        }
}

/// Every `<svg>…</svg>` of an HTML page.
fn svgs_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed") + start + "</svg>".len();
        out.push(rest[start..end].to_owned());
        rest = &rest[end..];
    }
    out
}

/// Checks the pictures of one flowchart: a page's bands share one
/// coordinate system, so they are read as one picture (an edge cut at a
/// band's end is two pieces of one edge).
fn check_all(name: &str, svgs: &[String], report: &mut String, failures: &mut Vec<String>) {
    let mut picture = Picture {
        shapes: HashMap::new(),
        edges: Vec::new(),
        labels: Vec::new(),
    };
    for svg in svgs {
        let part = read(svg);
        picture.shapes.extend(part.shapes);
        picture.edges.extend(part.edges);
        picture.labels.extend(part.labels);
    }
    let (found, crossings) = problems(&picture);
    let _ = writeln!(
        report,
        "{name}: {} edges, {} labels, {crossings} crossings",
        picture.edges.len(),
        picture.labels.len()
    );
    failures.extend(found.into_iter().map(|f| format!("{name}: {f}")));
}

const VARIANTS: [(&str, &[&str]); 4] = [
    ("down", &["--direction", "down"]),
    ("right", &["--direction", "right"]),
    ("down, lanes", &["--direction", "down", "--lanes"]),
    ("right, lanes", &["--direction", "right", "--lanes"]),
];

#[test]
fn every_example_is_drawn_unambiguously() {
    let (mut report, mut failures) = (String::new(), Vec::new());
    for name in examples() {
        let path = format!("examples/{name}");
        for (variant, flags) in VARIANTS {
            for format in ["svg", "html"] {
                let mut args = vec!["render", path.as_str(), "--to", format];
                args.extend_from_slice(flags);
                let out = run(&repo_root(), &args);
                assert_eq!(out.code, 0, "{name} {variant}: {}", out.stderr);
                let svgs = match format {
                    "svg" => vec![out.stdout],
                    _ => svgs_in(&out.stdout),
                };
                assert!(!svgs.is_empty(), "{name} {variant} {format}: no picture");
                let what = format!("{name} ({variant}, {format})");
                check_all(&what, &svgs, &mut report, &mut failures);
            }
        }
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A tiny deterministic generator (xorshift), so every run draws the same.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// An SOP of `steps` steps by up to three roles: decisions with two or
/// three branches going on, skipping ahead (branches that rejoin later),
/// or looping back.
pub(crate) fn generated_sop(steps: usize, seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(2_654_435_761).max(1));
    let mut text = String::from(
        "title: Generated procedure\ndepartment: Ops\npurpose: Many steps.\nterms: {}\nroles:\n  agent: Agent on duty\n  lead: Team lead\n  manager: Duty manager\ninstructions:\n",
    );
    for i in 0..steps {
        let role = ["agent", "agent", "lead", "manager"][rng.below(4)];
        let _ = write!(text, "  - id: s{i}\n    role: {role}\n");
        let room = steps - 1 - i;
        if room >= 2 && i > 0 && rng.below(3) == 0 {
            let _ = write!(
                text,
                "    text: Is the work of step {i} complete and checked?\n    branches:\n"
            );
            let on = i + 1;
            let ahead = i + 2 + rng.below(room.min(5) - 1);
            let back = i - rng.below(i.min(4));
            let _ = writeln!(text, "      \"yes\": s{on}");
            match rng.below(3) {
                0 => {
                    let _ = writeln!(text, "      \"no\": s{back}");
                }
                1 => {
                    let _ = writeln!(text, "      \"no\": s{ahead}");
                }
                _ => {
                    let _ = writeln!(text, "      \"no\": s{back}");
                    let _ = writeln!(text, "      \"escalate\": s{ahead}");
                }
            }
        } else {
            let _ = writeln!(
                text,
                "    text: Do the work of step {i} and write it down in the ticket."
            );
        }
    }
    text
}

#[test]
fn generated_sops_are_drawn_unambiguously() {
    let (mut report, mut failures) = (String::new(), Vec::new());
    for (k, steps) in [10, 15, 20, 30, 40, 60, 100, 150, 300]
        .into_iter()
        .enumerate()
    {
        let text = generated_sop(steps, k as u64 + 1);
        let dir = folder(&[("g.sop.yaml", &text)]);
        for (variant, flags) in VARIANTS {
            // The page (cut into bands) for some sizes, the picture for all.
            let formats: &[&str] = if k % 3 == 1 {
                &["svg", "html"]
            } else {
                &["svg"]
            };
            for format in formats {
                let mut args = vec!["render", "g.sop.yaml", "--to", format];
                args.extend_from_slice(flags);
                let out = run(dir.path(), &args);
                assert_eq!(out.code, 0, "{steps} steps {variant}: {}", out.stderr);
                let svgs = match *format {
                    "svg" => vec![out.stdout],
                    _ => svgs_in(&out.stdout),
                };
                let what = format!("{steps} steps ({variant}, {format})");
                check_all(&what, &svgs, &mut report, &mut failures);
            }
        }
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
