//! Random flowcharts: a fall-through chain with decisions jumping forward,
//! loops jumping back, self-loops and repeated edges; with and without
//! lanes, in both directions. Every one must pass the checker.

use super::*;

#[test]
fn two_hundred_random_flowcharts_pass_the_checker() {
    let mut rng = Rng::new(2024);
    for round in 0..200 {
        let n = 5 + rng.below(56);
        let (forward, back) = (
            0.1 + 0.4 * rng.below(3) as f64 / 2.,
            0.05 + 0.1 * rng.below(3) as f64,
        );
        let g = written(&mut rng, n, forward, back);
        let out = layout(&g);
        if let Err(e) = check_geometry(&g, &out) {
            panic!("round {round}: {e}\n{g:?}");
        }
        let lanes = 1 + rng.below(4);
        let direction = match rng.below(3) {
            0 => Direction::TopToBottom,
            _ => Direction::LeftToRight,
        };
        let g = with_lanes(g, &mut rng, lanes, direction);
        let out = layout(&g);
        if let Err(e) = check_geometry(&g, &out) {
            panic!("round {round} with {lanes} lanes: {e}\n{g:?}");
        }
    }
}

#[test]
fn random_graphs_with_any_edges_pass_the_checker() {
    // Not flowchart-like: edges between any two nodes, in any order.
    let mut rng = Rng::new(77);
    for round in 0..100 {
        let n = 2 + rng.below(30);
        let m = rng.below(3 * n);
        let edges: Vec<(usize, usize)> = (0..m).map(|_| (rng.below(n), rng.below(n))).collect();
        let mut g = graph(n, &edges);
        if round % 2 == 1 {
            let lanes = 1 + rng.below(3);
            g = with_lanes(g, &mut rng, lanes, Direction::LeftToRight);
        }
        let out = layout(&g);
        if let Err(e) = check_geometry(&g, &out) {
            panic!("round {round}: {e}\n{g:?}");
        }
    }
}

#[test]
fn layouts_are_deterministic() {
    let mut rng = Rng::new(9);
    let g = with_lanes(
        written(&mut rng, 60, 0.3, 0.15),
        &mut rng,
        3,
        Direction::LeftToRight,
    );
    assert_eq!(layout(&g), layout(&g));
}

#[test]
fn the_least_width_down_never_exceeds_the_width_laid_out() {
    let mut rng = Rng::new(4242);
    let spacing = Spacing::default();
    for round in 0..200 {
        let n = 2 + rng.below(60);
        let mut g = written(&mut rng, n, 0.4, 0.1);
        g.direction = match rng.below(2) {
            0 => Direction::TopToBottom,
            _ => Direction::LeftToRight,
        };
        let least = least_width_down(&g, &spacing);
        g.direction = Direction::TopToBottom;
        let out = layout(&g);
        assert!(
            least <= out.width,
            "round {round}: least {least} > laid out {}\n{g:?}",
            out.width
        );
        // And it is the widest layer, not nothing: at least the widest node.
        let widest = g.nodes.iter().map(|s| s.width).fold(0., f64::max);
        assert!(least >= widest, "round {round}: {least} < {widest}");
    }
}
