//! The shapes sopkit's flowcharts take, each checked and with what a reader
//! would notice asserted: straight main paths, loops beside the boxes.

use super::*;

fn cx(l: &Layout, v: usize) -> f64 {
    l.nodes[v].center().x
}

fn cy(l: &Layout, v: usize) -> f64 {
    l.nodes[v].center().y
}

/// Whether `p` lies on the left or right side of `r` (within 1 px).
fn on_side(p: Point, r: &Rect) -> bool {
    ((p.x - r.x).abs() <= 1. || (p.x - r.right()).abs() <= 1.) && r.y <= p.y && p.y <= r.bottom()
}

#[test]
fn a_chain_is_one_straight_column_with_gaps() {
    let g = graph(10, &chain_edges(10));
    let l = checked(&g);
    for v in 1..10 {
        assert!(
            (cx(&l, v) - cx(&l, 0)).abs() < 1e-6,
            "step {v} is off the column"
        );
        let gap = l.nodes[v].y - l.nodes[v - 1].bottom();
        assert!(gap >= 40. - 1e-6, "gap {gap} above step {v}");
        assert_eq!(l.edges[v - 1].points.len(), 2, "a straight edge");
    }
    assert_eq!(crossings(&l), 0);
}

#[test]
fn a_diamond_keeps_the_written_path_straight_and_the_other_branch_beside_it() {
    // 1 decides: yes -> 2, no -> 3; both rejoin at 4.
    let g = graph(5, &[(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)]);
    let l = checked(&g);
    for v in [1, 2, 4] {
        assert!(
            (cx(&l, v) - cx(&l, 0)).abs() < 1e-6,
            "step {v} is off the main path"
        );
    }
    assert!(
        (cy(&l, 2) - cy(&l, 3)).abs() < 1e-6,
        "both branches in one layer"
    );
    assert!(l.nodes[3].x > l.nodes[2].right());
    assert_eq!(crossings(&l), 0);
}

#[test]
fn twenty_rejoining_decisions_stay_in_two_columns_and_lay_out_fast() {
    let g = rejoining(20);
    let start = std::time::Instant::now();
    let l = checked(&g);
    assert!(start.elapsed().as_secs_f64() < 2., "{:?}", start.elapsed());
    for d in (0..=20).map(|i| 3 * i) {
        assert!((cx(&l, d) - cx(&l, 0)).abs() < 1e-6, "decision {d} drifted");
    }
    assert_eq!(crossings(&l), 0);
}

#[test]
fn twenty_nested_decisions_are_checked() {
    let l = checked(&nested(20));
    assert!((0..20).all(|d| (cx(&l, d) - cx(&l, 0)).abs() < 1e-6));
}

#[test]
fn retry_loops_leave_and_enter_by_the_side_outside_every_box() {
    let mut edges = chain_edges(9);
    edges.extend([(3, 1), (6, 4), (7, 2)]);
    let g = graph(9, &edges);
    let l = checked(&g);
    let column_right = (0..9).map(|v| l.nodes[v].right()).fold(0., f64::max);
    for (e, &(u, v)) in g.edges.iter().enumerate().skip(8) {
        let path = &l.edges[e];
        assert!(path.back, "edge {e} is a loop");
        let (first, last) = (path.points[0], path.points[path.points.len() - 1]);
        assert!(
            on_side(first, &l.nodes[u]) && on_side(last, &l.nodes[v]),
            "{path:?}"
        );
        let inner = &path.points[1..path.points.len() - 1];
        assert!(inner.iter().all(|p| p.x > column_right), "{path:?}");
        assert!(path.label_at.x > column_right, "label in the channel");
    }
    assert!(
        g.edges
            .iter()
            .take(8)
            .enumerate()
            .all(|(e, _)| !l.edges[e].back)
    );
}

#[test]
fn the_incident_sop_loops_back_to_step_3_beside_the_boxes() {
    // Steps 1-9; step 5 (index 4) asks "fixed?": yes -> 6, no -> back to 3.
    let g = graph(
        9,
        &[
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (4, 5),
            (4, 2),
            (5, 6),
            (6, 7),
            (7, 8),
        ],
    );
    let l = checked(&g);
    let back = &l.edges[5];
    assert!(back.back && !l.edges[4].back);
    assert!(
        on_side(back.points[0], &l.nodes[4]),
        "leaves step 5 by its side"
    );
    assert!(
        on_side(back.points[back.points.len() - 1], &l.nodes[2]),
        "enters step 3 by its side"
    );
    for w in back.points.windows(2) {
        for (k, r) in l.nodes.iter().enumerate() {
            let inside = |p: Point| {
                r.x + 1. < p.x && p.x < r.right() - 1. && r.y + 1. < p.y && p.y < r.bottom() - 1.
            };
            let mid = Point::new((w[0].x + w[1].x) / 2., (w[0].y + w[1].y) / 2.);
            assert!(!inside(mid), "the loop runs under step {}", k + 1);
        }
    }
    assert!(
        (0..9).all(|v| (cx(&l, v) - cx(&l, 0)).abs() < 1e-6),
        "main path straight"
    );
    assert_eq!(crossings(&l), 0);
}

#[test]
fn self_loops_are_small_loops_on_a_side_and_nest() {
    let g = graph(3, &[(0, 1), (1, 1), (1, 2), (2, 2), (2, 2)]);
    let l = checked(&g);
    for e in [1, 3, 4] {
        let p = &l.edges[e].points;
        let v = g.edges[e].0;
        assert!(l.edges[e].back);
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(on_side(p[0], &l.nodes[v]) && on_side(p[3], &l.nodes[v]));
        assert!(p[1].y < p[2].y, "down the outside");
    }
    let reach = |e: usize| (l.edges[e].points[1].x - cx(&l, 2)).abs();
    assert!(reach(4) > reach(3), "the second loop goes round the first");
}

#[test]
fn two_edges_between_the_same_steps_are_drawn_apart() {
    // A decision whose two branches go to the same step, twice: forwards
    // (0 -> 1) and back (2 -> 0).
    let g = graph(3, &[(0, 1), (0, 1), (1, 2), (2, 0), (2, 0)]);
    let l = checked(&g);
    for (a, b) in [(0, 1), (3, 4)] {
        let (pa, pb) = (&l.edges[a].points, &l.edges[b].points);
        let apart = pa
            .iter()
            .zip(pb)
            .map(|(p, q)| (p.x - q.x).abs().max((p.y - q.y).abs()));
        assert!(apart.fold(f64::INFINITY, f64::min) >= 5., "{pa:?} {pb:?}");
    }
}

#[test]
fn a_step_with_many_edges_in_and_out_is_checked() {
    // Hub 5: everything before it leads to it, it leads to everything after.
    let mut edges = chain_edges(11);
    edges.extend((0..5).map(|i| (i, 5)));
    edges.extend((6..11).map(|i| (5, i)));
    edges.extend((6..11).map(|i| (i, 5)));
    checked(&graph(11, &edges));
}

#[test]
fn swimlanes_are_bands_across_the_flow_holding_their_steps() {
    let mut g = graph(
        7,
        &[
            (0, 1),
            (1, 2),
            (1, 3),
            (2, 4),
            (3, 4),
            (4, 5),
            (5, 6),
            (6, 1),
        ],
    );
    let lanes = [0, 0, 1, 1, 2, 0, 2];
    for (node, lane) in g.nodes.iter_mut().zip(lanes) {
        node.lane = Some(lane);
    }
    g.lanes = 3;
    g.direction = Direction::LeftToRight;
    let l = checked(&g);
    let bands: Vec<Rect> = l.lanes.iter().map(|b| b.rect).collect();
    assert_eq!(bands[0].y, 0.);
    assert!((bands[2].bottom() - l.height).abs() < 1e-6);
    for w in bands.windows(2) {
        assert!(
            (w[0].bottom() - w[1].y).abs() < 1e-6,
            "bands tile the drawing"
        );
    }
    assert!(
        bands
            .iter()
            .all(|b| b.x == 0. && (b.width - l.width).abs() < 1e-6)
    );
    assert!(cx(&l, 1) < cx(&l, 2), "the flow runs right");
    // Both branches are in lane 1 and one layer: stacked in its band.
    assert!((cx(&l, 2) - cx(&l, 3)).abs() < 1e-6 && l.nodes[2].bottom() < l.nodes[3].y);
}

#[test]
fn both_directions_work_with_and_without_lanes() {
    let mut rng = Rng::new(5);
    for direction in [Direction::TopToBottom, Direction::LeftToRight] {
        let mut g = written(&mut rng, 30, 0.3, 0.1);
        g.direction = direction;
        checked(&g);
        checked(&with_lanes(g, &mut rng, 3, direction));
    }
}

#[test]
fn odd_input_is_laid_out_without_failing() {
    let empty = Graph {
        lanes: 2,
        ..Graph::default()
    };
    assert_eq!(checked(&empty).lanes.len(), 2);
    let mut g = graph(4, &[(0, 1), (1, 9), (7, 2), (1, 2), (2, 3)]);
    g.nodes[1].width = f64::NAN;
    g.nodes[2].height = -5.;
    g.nodes[3].lane = Some(99);
    g.lanes = 2;
    let l = checked(&g);
    assert!(l.edges[1].points.is_empty() && l.edges[2].points.is_empty());
    assert_eq!(l.nodes[1].width, 0.);
}

/// Crossings and area of the shapes above, for the report.
#[test]
fn report_crossings_and_area() {
    let mut rng = Rng::new(11);
    let shapes = [
        ("chain of 10", graph(10, &chain_edges(10))),
        ("20 rejoining decisions", rejoining(20)),
        ("20 nested decisions", nested(20)),
        (
            "incident SOP",
            graph(
                9,
                &[
                    (0, 1),
                    (1, 2),
                    (2, 3),
                    (3, 4),
                    (4, 5),
                    (4, 2),
                    (5, 6),
                    (6, 7),
                    (7, 8),
                ],
            ),
        ),
        ("60 steps, written", written(&mut rng, 60, 0.3, 0.1)),
        ("small cycles, 50", small_cycles(50)),
    ];
    for (name, g) in shapes {
        let l = checked(&g);
        eprintln!(
            "{name}: {} crossings, {:.0} x {:.0} = {:.0} px²",
            crossings(&l),
            l.width,
            l.height,
            l.width * l.height
        );
    }
}
