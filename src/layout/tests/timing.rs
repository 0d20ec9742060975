//! Large layouts: their soundness is tested in every build; their time is
//! a benchmark's business (a timing test is skipped in a debug build and
//! flaky on a busy machine). `bench` (ignored) prints each time beside its
//! budget (2,000 steps in 50 ms, 100,000 in 1 s) and the process's peak
//! memory, and fails when a time is over budget:
//! `cargo test --release --lib layout::tests::timing::bench -- --ignored --nocapture`.
//! `bench/limits.py` times whole commands on the release binary in CI.

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

/// Large flowcharts of every shape are laid out soundly (their times are
/// the benchmark's business, below).
#[test]
fn large_graphs_are_laid_out_soundly() {
    for (name, g) in large(2_000) {
        let out = layout(&g);
        check_geometry(&g, &out).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The time budget of a layout, reported by `bench`: 2,000 steps in 50 ms,
/// 100,000 in 1 s (release build).
fn budget(n: usize) -> Duration {
    if n <= 2_000 {
        Duration::from_millis(50)
    } else if n >= 100_000 {
        Duration::from_secs(1)
    } else {
        Duration::MAX
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
    let mut over = Vec::new();
    for n in [2_000, 10_000, 100_000] {
        for (name, g) in large(n) {
            let (t, out) = time(&g, if n > 10_000 { 1 } else { 3 });
            let budget = budget(n);
            let verdict = match budget {
                Duration::MAX => String::new(),
                b if t <= b => format!("  budget {b:?}: ok"),
                b => {
                    over.push(format!("{n} {name}: {t:?} > {b:?}"));
                    format!("  budget {b:?}: OVER")
                }
            };
            eprintln!(
                "{n:>7} {name:<20} {:>9.2} ms  {} edges  {:.0} x {:.0} px  {}{verdict}",
                t.as_secs_f64() * 1e3,
                g.edges.len(),
                out.width,
                out.height,
                peak_memory()
            );
            check_geometry(&g, &out).unwrap_or_else(|e| panic!("{n} {name}: {e}"));
        }
    }
    assert!(over.is_empty(), "over budget: {over:?}");
}
