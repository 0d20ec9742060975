#!/usr/bin/env python3
"""Turns bench/run.sh's results into docs/performance.md and its chart.

    bench/report.py RESULTS_DIR OUT.md OUT.png
"""
import json, os, platform, subprocess, sys

results, out_md, out_png = sys.argv[1:4]


def load(name):
    with open(os.path.join(results, name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def mean(r):
    return r["mean"]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def machine():
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    cpu = ""
    for line in run("lscpu").splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    cores = os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{cpu or platform.processor()}, {cores} cores, {mem} RAM, Linux {platform.release()}, {run('rustc', '--version')}"


peers = load("peers-1k.json")
single = load("single.json")
scale = load("scale-10k.json")
md = load("markdown-1k.json")
build = load("build.json")
sopkit = mean(peers["sopkit check"])
def cpu_time(r):
    return r["user"] + r["system"]


rows = []
for name, r in peers.items():
    rows.append((name, mean(r), r["stddev"] or 0.0, mean(r) / sopkit))
sopkit_cpu = cpu_time(peers["sopkit check"])
sopkit_min = peers["sopkit check"]["min"]
t1k, t10k = sopkit, mean(scale["sopkit check"])
usage = {}
with open(os.path.join(results, "usage.txt")) as f:
    for line in f:
        n, wall, user, sys_, cpu, rss = line.split()
        usage[int(n)] = (float(wall), float(user) + float(sys_), cpu, int(rss) // 1024)
worst = []
with open(os.path.join(results, "worst.txt")) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 5:
            worst.append((parts[0], int(parts[1]), parts[2], float(parts[3]), int(parts[4]) // 1024))

diagnostics = {}
path = os.path.join(results, "diagnostics.txt")
if os.path.exists(path):
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 5:
                diagnostics[(parts[0], int(parts[1]), parts[2])] = (float(parts[3]), int(parts[4]) // 1024)

goal = lambda ok: "met" if ok else "**not met**"
loads = []
with open(os.path.join(results, "load.txt")) as f:
    for line in f:
        loads.append(line.rsplit("load average:", 1)[-1].strip())
loads = loads or ["?"]
lines = [
    "# Performance",
    "",
    "Measured with `bench/run.sh`, which installs the peers, generates the",
    "corpora (seeded, valid SOPs like the examples: roles, metrics, decisions,",
    "retry loops, escalations; about 3.5 KB each) and times everything with",
    "hyperfine. Re-run it on your machine with one command:",
    "",
    "```sh",
    "bench/run.sh",
    "```",
    "",
    f"Machine: {machine()}.",
    "",
    f"Load average (1, 5, 15 minutes) when the run started: {loads[0]}; when it ended: {loads[-1]}.",
    "",
    "## Checking 1,000 SOPs, against peers",
    "",
    "The peers validate the same files against `schemas/sop.schema.json` (ajv-cli,",
    "check-jsonschema) or only lint their YAML (yamllint); `cat` reads them, the",
    "floor for any tool. sopkit runs all its rules.",
    "",
    "Wall time is what a user waits, but on a shared machine it also counts",
    "the time a command waited for a core; the fastest of the runs and the",
    "CPU time (user + system, mean of the runs) are given beside it, the CPU",
    "time being the least moved by other work.",
    "",
    "| command | mean | ± | fastest | CPU | × sopkit (mean) | × sopkit (fastest) | × sopkit (CPU) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
]
lines += [
    f"| {n} | {ms(m)} | {ms(s)} | {ms(peers[n]['min'])} | {ms(cpu_time(peers[n]))} | {x:.1f} "
    f"| {peers[n]['min'] / sopkit_min:.1f} | {cpu_time(peers[n]) / sopkit_cpu:.1f} |"
    for n, m, s, x in rows
]


def ratios(peer, inverse=False):
    """The ratio of a peer to sopkit by mean, fastest run and CPU time."""
    r = peers[peer]
    trio = (mean(r) / sopkit, r["min"] / sopkit_min, cpu_time(r) / sopkit_cpu)
    return tuple(1 / x for x in trio) if inverse else trio


def shown(trio):
    return f"{trio[0]:.1f}× (fastest runs {trio[1]:.1f}×, CPU {trio[2]:.1f}×)"


ajv_all, cjs_all, cat_all = ratios("ajv-cli"), ratios("check-jsonschema"), ratios("cat", True)
ajv, cjs, cat = ajv_all[0], cjs_all[0], cat_all[0]
one = mean(single["sopkit check (one file)"])
parse = sopkit / mean(peers["sopkit parse only"])
pages_1k = 1000 / mean(build["build 1,000"])
pages_10k = 10000 / mean(build["build 10,000"])
lines += [
    "",
    "## Goals",
    "",
    "A goal is met when the mean wall times meet it.",
    "",
    "| goal | measured | |",
    "|---|---|---|",
    f"| ≥ 10× faster than ajv-cli on 1,000 files | {shown(ajv_all)} | {goal(ajv >= 10)} |",
    f"| ≥ 60× faster than check-jsonschema on 1,000 files | {shown(cjs_all)} | {goal(cjs >= 60)} |",
    f"| within 4× of `cat` reading the 1,000 files | {shown(cat_all)} | {goal(cat <= 4)} |",
    f"| one SOP in under 10 ms (an editor's save hook) | {one * 1000:.1f} ms (`cat`: {mean(single['cat (one file)']) * 1000:.1f} ms) | {goal(one < 0.010)} |",
    f"| t(10,000) / t(1,000) ≤ 11 | {t10k / t1k:.1f} ({ms(t1k)} → {ms(t10k)}) | {goal(t10k / t1k <= 11)} |",
    f"| both cores busy | CPU {usage.get(10000, ('', '', '?', 0))[2]} on 10,000 files | {goal(usage.get(10000, (0, 0, '0%', 0))[2].rstrip('%').isdigit() and int(usage[10000][2].rstrip('%')) > 150)} |",
    f"| within 2× of parse-only | {parse:.2f}× | {goal(parse <= 2)} |",
    f"| `build` ≥ 2,000 pages/s | {pages_1k:,.0f} pages/s (1,000), {pages_10k:,.0f} pages/s (10,000) | {goal(min(pages_1k, pages_10k) >= 2000)} |",
    "",
    '## Time limits, checked in CI',
    '',
    "Times are the benchmarks' business, not the tests': a test that asserts a",
    'time is skipped in a debug build and flaky on a busy machine. `.ci/run`',
    'runs `bench/limits.py` on the release binary: each limit (a 100,000-step',
    'SOP checked in 2 s, YAML and Markdown; ten times the steps in at most',
    'twenty times the time; a 2,000-step SOP rendered to SVG, HTML and BPMN in',
    '2 s each; each report format printing ten times the diagnostics, 5,000',
    'and 50,000, in at most twenty times the time) is measured, best of three, printed beside',
    "its threshold, and the run fails when one is over. The layout's own",
    'budget (2,000 steps in 50 ms, 100,000 in 1 s) is reported by',
    '`cargo test --release --lib layout::tests::timing::bench -- --ignored --nocapture`.',
    "",
    "## Scaling and memory",
    "",
    "| files | wall | CPU time | CPU use | peak memory |",
    "|---:|---:|---:|---:|---:|",
]
lines += [f"| {n:,} | {ms(w)} | {ms(c)} | {p} | {m} MB |" for n, (w, c, p, m) in sorted(usage.items())]
lines += [
    "",
    f"Markdown and YAML, the same 1,000 SOPs: {ms(mean(md['sopkit check (Markdown)']))} and",
    f"{ms(mean(md['sopkit check (YAML)']))}.",
    "",
    "## Worst-case flowcharts",
    "",
    "One SOP of 50,000 and of 100,000 steps in each shape (`bench/worst.py`):",
    "a chain; a chain of decisions whose branches rejoin; one giant loop with no",
    "exit; many small loops with no exit; many small loops with exits; decisions",
    "nested as deep as the steps allow. `check` prints every problem (short",
    "format); `render` refuses an SOP with errors after printing them, so the",
    "shapes with traps time that. Wall time in seconds, ratio t(100k)/t(50k),",
    "peak memory at 100,000 steps.",
    "",
]
formats = ["check", "html", "markdown", "dot", "mermaid", "json", "svg", "bpmn"]
lines.append("| shape | " + " | ".join(formats) + " |")
lines.append("|---|" + "---:|" * len(formats))
by = {(s, n, f): (t, m) for s, n, f, t, m in worst}
for shape in ["chain", "decisions", "cycle", "traps", "loops", "nested"]:
    cells = []
    for f in formats:
        a, b = by.get((shape, 50000, f)), by.get((shape, 100000, f))
        if a and b:
            cells.append(f"{b[0]:.2f} s ×{b[0] / max(a[0], 0.01):.1f} {b[1]} MB")
        else:
            cells.append("–")
    lines.append(f"| {shape} | " + " | ".join(cells) + " |")
if diagnostics:
    shapes = ["bad-ids", "unknown-targets", "duplicate-ids", "unreachable", "acronyms", "unused-terms", "one-line"]
    check_formats = ["human", "short", "json", "sarif", "github"]
    lines += [
        "",
        "## Diagnostics-heavy SOPs",
        "",
        "One SOP of 32,000 and of 64,000 steps with a problem on every step",
        "(`bench/worst.py`): every step id badly formed; every `next` naming no",
        "step; two ids for all the steps; every step an end, so all but the first",
        "are unreachable; an undefined acronym in every step beside as many",
        "terms; as many unused terms as steps; and the whole SOP on one line, each",
        "step with a bad id, an unknown target and an acronym. `check` in each",
        "format, best of three runs: wall time at 64,000 steps, ratio",
        "t(64k)/t(32k), peak memory.",
        "",
        "| shape | " + " | ".join(check_formats) + " |",
        "|---|" + "---:|" * len(check_formats),
    ]
    worst_ratio = 0.0
    for shape in shapes:
        cells = []
        for f in check_formats:
            a, b = diagnostics.get((shape, 32000, f)), diagnostics.get((shape, 64000, f))
            if a and b:
                ratio = b[0] / max(a[0], 0.01)
                worst_ratio = max(worst_ratio, ratio)
                cells.append(f"{b[0]:.2f} s ×{ratio:.1f} {b[1]} MB")
            else:
                cells.append("–")
        lines.append(f"| {shape} | " + " | ".join(cells) + " |")
    bad = max((diagnostics[k][0] for k in diagnostics if k[0] == "bad-ids" and k[1] == 32000), default=0)
    lines += [
        "",
        "| goal | measured | |",
        "|---|---|---|",
        f"| 32,000 invalid step ids < 1 s, every format | {bad:.2f} s at most | {goal(0 < bad < 1)} |",
        f"| t(64k)/t(32k) ≤ 2.3, every shape and format | {worst_ratio:.2f} at most | {goal(0 < worst_ratio <= 2.3)} |",
    ]
if os.path.exists(os.path.join(results, "fixes.json")):
    fixes = load("fixes.json")
    fix, diff = mean(fixes["check --fix"]), mean(fixes["check --diff"])
    lines += [
        "",
        "## Fixes",
        "",
        "`check --fix` and `check --diff` on one SOP with 30,000 badly formed step",
        f"ids, each with its fix: {ms(fix)} and {ms(diff)}.",
        "",
        "| goal | measured | |",
        "|---|---|---|",
        f"| `--diff` within 2× of `--fix` at 30,000 fixes | {diff / fix:.2f}× | {goal(diff <= 2 * fix)} |",
    ]
lines += ["", "![Checking 1,000 SOPs](images/performance.png)", ""]
# What the numbers mean, written by hand (bench/notes.md), after the tables.
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
if os.path.exists(notes):
    with open(notes) as f:
        lines += [f.read().rstrip("\n"), ""]
with open(out_md, "w") as f:
    f.write("\n".join(lines))

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
names = [n for n, *_ in rows][::-1]
values = [m * 1000 for _, m, *_ in rows][::-1]
fig, ax = plt.subplots(figsize=(8, 3.6), dpi=120)
bars = ax.barh(names, values, color=["#444444" if n.startswith("sopkit") else "#aaaaaa" for n in names])
ax.set_xscale("log")
ax.set_xlabel("milliseconds to check 1,000 SOPs (log scale)")
for bar, v in zip(bars, values):
    ax.text(v * 1.05, bar.get_y() + bar.get_height() / 2, f"{v:.0f} ms", va="center", fontsize=8)
ax.set_xlim(right=max(values) * 3)
fig.tight_layout()
fig.savefig(out_png)
