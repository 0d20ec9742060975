//! The checker must catch what it promises to catch.

use super::*;
use crate::layout::{EdgePath, LaneBand, NodeSpec};

fn spec(width: f64, height: f64, lane: Option<usize>) -> NodeSpec {
    NodeSpec {
        width,
        height,
        lane,
    }
}

fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

fn path(points: &[(f64, f64)]) -> EdgePath {
    let points: Vec<Point> = points.iter().map(|&(x, y)| Point::new(x, y)).collect();
    let label_at = Point::new(
        (points[0].x + points[1].x) / 2.,
        (points[0].y + points[1].y) / 2.,
    );
    EdgePath {
        points,
        label_at,
        back: false,
    }
}

/// Three boxes in a column, 0 -> 2 drawn down the left of box 1.
fn sound() -> (Graph, Layout) {
    let graph = Graph {
        nodes: vec![spec(100., 40., None); 3],
        edges: vec![(0, 1), (0, 2)],
        ..Graph::default()
    };
    let layout = Layout {
        nodes: vec![
            rect(20., 20., 100., 40.),
            rect(20., 100., 100., 40.),
            rect(20., 180., 100., 40.),
        ],
        edges: vec![
            path(&[(70., 60.), (70., 100.)]),
            path(&[
                (30., 60.),
                (30., 80.),
                (10., 80.),
                (10., 160.),
                (30., 160.),
                (30., 180.),
            ]),
        ],
        lanes: Vec::new(),
        width: 140.,
        height: 240.,
    };
    (graph, layout)
}

#[test]
fn a_sound_drawing_passes() {
    let (graph, layout) = sound();
    assert_eq!(check_geometry(&graph, &layout), Ok(()));
}

#[test]
fn overlapping_boxes_fail() {
    let (graph, mut layout) = sound();
    layout.nodes[2].y = 139.5;
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("nodes 1 and 2 overlap"), "{err}");
}

#[test]
fn an_edge_through_a_box_fails_even_diagonally() {
    let (graph, mut layout) = sound();
    layout.edges[1] = path(&[(30., 60.), (60., 180.)]);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("passes through node 1"), "{err}");
}

#[test]
fn an_edge_cutting_back_through_its_own_node_fails() {
    let (graph, mut layout) = sound();
    layout.edges[0] = path(&[(70., 60.), (70., 30.), (70., 100.)]);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("passes through node 0"), "{err}");
}

#[test]
fn an_edge_ending_short_of_its_target_fails() {
    let (graph, mut layout) = sound();
    layout.edges[0] = path(&[(70., 60.), (70., 97.)]);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("border to border"), "{err}");
}

#[test]
fn a_box_outside_its_lane_fails() {
    let (mut graph, mut layout) = sound();
    graph.lanes = 2;
    graph.nodes[1].lane = Some(1);
    layout.lanes = vec![
        LaneBand {
            rect: rect(0., 0., 140., 90.),
        },
        LaneBand {
            rect: rect(0., 90., 140., 150.),
        },
    ];
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(
        err.contains("node 2") && err.contains("outside its lane 0"),
        "{err}"
    );
}

#[test]
fn crossings_count_points_where_edges_cross_not_where_they_touch() {
    let layout = Layout {
        edges: vec![
            path(&[(0., 0.), (10., 10.)]),
            path(&[(0., 10.), (10., 0.)]),
            path(&[(10., 10.), (20., 10.)]),
            path(&[(0., 5.), (20., 5.)]),
        ],
        ..Layout::default()
    };
    // 0 x 1 at (5, 5) is also where 3 passes: 0 x 3 and 1 x 3 count too.
    assert_eq!(crossings(&layout), 3);
}

#[test]
fn an_edge_straight_through_a_box_fails_vertically_and_horizontally() {
    let (graph, mut layout) = sound();
    layout.edges[1] = path(&[(70., 60.), (70., 180.)]);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("passes through node 1"), "{err}");
    // Right out of box 0, down beside box 1, then left into it.
    layout.edges[1] = path(&[
        (120., 40.),
        (130., 40.),
        (130., 120.),
        (60., 120.),
        (60., 180.),
    ]);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("to Point { x: 60.0, y: 120.0 }"), "{err}");
}

#[test]
fn a_label_point_inside_a_box_fails() {
    let (graph, mut layout) = sound();
    layout.edges[0].label_at = Point::new(50., 120.);
    let err = check_geometry(&graph, &layout).unwrap_err();
    assert!(err.contains("label point"), "{err}");
}
