//! The time budget, in release builds only (`cargo test --release --lib
//! layout`): 2,000 steps in 50 ms, 100,000 in 1 s. `bench` (ignored) prints
//! times and the process's peak memory for the report:
//! `cargo test --release --lib layout::tests::timing::bench -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use super::*;

/// The best of `runs` timings of laying out `g`.
fn time(g: &Graph, runs: usize) -> (Duration, Layout) {
    let mut best = Duration::MAX;
    let mut out = Layout::default();
    for _ in 0..runs {
        let start = Instant::now();
        out = layout(g);
        best = best.min(start.elapsed());
    }
    (best, out)
}

fn large(n: usize) -> Vec<(&'static str, Graph)> {
    let mut rng = Rng::new(n as u64);
    vec![
        ("chain", graph(n, &chain_edges(n))),
        ("rejoining decisions", rejoining(n / 3)),
        ("nested decisions", nested(n / 3)),
        ("giant cycle", giant_cycle(n)),
        ("small cycles", small_cycles(n)),
        ("decisions and loops", written(&mut rng, n, 0.3, 0.1)),
    ]
}

#[cfg(not(debug_assertions))]
#[test]
fn two_thousand_steps_in_50_ms() {
    for (name, g) in large(2_000) {
        let (t, out) = time(&g, 3);
        assert!(t < Duration::from_millis(50), "{name}: {t:?}");
        check_geometry(&g, &out).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[cfg(not(debug_assertions))]
#[test]
fn a_hundred_thousand_steps_in_a_second() {
    for (name, g) in large(100_000) {
        let (t, out) = time(&g, 1);
        assert!(t < Duration::from_secs(1), "{name}: {t:?}");
        check_geometry(&g, &out).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "VmHWM unknown".to_owned())
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn bench() {
    for n in [2_000, 10_000, 100_000] {
        for (name, g) in large(n) {
            let (t, out) = time(&g, if n > 10_000 { 1 } else { 3 });
            eprintln!(
                "{n:>7} {name:<20} {:>9.2} ms  {} edges  {:.0} x {:.0} px  {}",
                t.as_secs_f64() * 1e3,
                g.edges.len(),
                out.width,
                out.height,
                peak_memory()
            );
        }
    }
}
