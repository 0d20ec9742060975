#!/usr/bin/env python3
"""sopkit's time limits, measured on the release binary and reported.

    python3 bench/limits.py [SOPKIT_BIN]     (default target/release/sopkit)

Timings belong to a benchmark, not to the tests: a test that asserts a
time is skipped in a debug build and flaky on a busy machine. Here each
limit is measured (the best of three runs, so a busy machine's noise
counts once; each run's time is the smaller of its wall-clock time and the
CPU time it used, so that other work sharing the machine's cores does not
count as sopkit's), printed beside its threshold, and the script exits 1 when a
measurement is over its limit. `.ci/run` runs it after the release build.

Two kinds of limit: an absolute time for a size that users meet, and, for
the passes that must stay linear, the ratio of two sizes ten times apart
(a linear pass takes about ten times as long; a quadratic one a hundred).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import worst  # noqa: E402  (bench/worst.py, beside this file)

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/sopkit")
RUNS = 3
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
HEAD = "title: Big\ndepartment: Ops\npurpose: Long.\nterms: {}\ninstructions:\n"


def linear_yaml(steps):
    return HEAD + "".join(f"  - id: s{i}\n    text: Step {i}.\n" for i in range(steps))


def linear_markdown(steps):
    head = "---\ndepartment: D\n---\n\n# T\n\n## Purpose\n\nP.\n\n## Terms\n\n## Instructions\n\n"
    return head + "".join(f"{i + 1}. Step {i}. {{#s{i} duration=1m}}\n" for i in range(steps))


def long_sop(steps):
    """The shape of tests/diagrams.rs's long_sop: two roles, a check every
    five steps that retries two steps back, an escalation every ten."""
    text = [
        "title: Long procedure\ndepartment: Ops\npurpose: Many steps.\nterms: {}\n"
        "roles:\n  agent: Agent on duty\n  manager: Shift manager\ninstructions:\n"
    ]
    for i in range(steps):
        text.append(f"  - id: s{i}\n    role: {'manager' if i % 7 == 3 else 'agent'}\n")
        if i % 5 == 4 and i + 3 < steps:
            text.append(f"    text: Did step {i} work?\n    branches:\n      \"yes\": s{i + 1}\n      \"no\": s{i - 2}\n")
            if i % 10 == 9:
                text.append(f"      \"escalate\": s{i + 3}\n")
        else:
            text.append(f"    text: Do the work of step {i} and note it in the ticket.\n")
    return "".join(text)


def traps(count):
    """One diagnostic per trap (a loop with no exit): the report formats'
    worst case."""
    text = [HEAD, "  - id: s0\n    text: Start.\n    branches:\n"]
    text += [f"      \"t{t}\": a{t}\n" for t in range(count)]
    text.append("      \"done\": fin\n")
    for t in range(count):
        text.append(f"  - id: a{t}\n    text: A {t}.\n    next: b{t}\n  - id: b{t}\n    text: B {t}.\n    next: a{t}\n")
    text.append("  - id: fin\n    text: Done.\n    end: true\n")
    return "".join(text)


def nested(steps):
    """A binary tree of decisions, breadth first, as bench/worst.py makes
    it: step i branches to 2i+1 and 2i+2; the leaves end."""
    return HEAD + worst.nested(steps)


def heavy(shape, steps):
    """An SOP of `steps` steps that gives a diagnostic for (about) every
    step, in one of the shapes that were quadratic in the diagnostics
    (issue 23: 32,000 invalid step ids took 25 s). tests/scaling.rs
    checks that each gives every diagnostic it must."""
    head = "title: Scale\ndepartment: Ops\npurpose: Scale.\n"

    def acronym(i):
        return "".join(chr(ord("A") + i // 26**k % 26) for k in range(4))

    step = {
        "bad ids": lambda i: f"  - id: Bad_{i}\n    text: Step {i}.\n",
        "unknown targets": lambda i: f"  - id: s{i}\n    text: Step {i}.\n    next: x{i}\n",
        "duplicate ids": lambda i: f"  - id: s{i % 2}\n    text: Step {i}.\n",
        "unreachable steps": lambda i: f"  - id: s{i}\n    text: Step {i}.\n    end: true\n",
        "undefined acronyms": lambda i: f"  - id: s{i}\n    text: Call {acronym(i)} now.\n",
    }[shape]
    return head + "terms: {}\ninstructions:\n" + "".join(step(i) for i in range(steps))


def one_run(args, expect):
    """The time one run of `sopkit ARGS` took: the smaller of its wall-clock
    time and its CPU time (user and system, from wait4: this run's alone).
    On an idle machine the wall time is the smaller (both cores work); on
    a busy one the CPU time is, as the wall time then counts the others'
    work too. Its exit code must be `expect`."""
    start = time.perf_counter()
    child = subprocess.Popen([BIN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != expect:
        sys.exit(f"limits: sopkit {' '.join(args)} exited {code}, not {expect}: {stderr[-500:]!r}")
    return min(wall, usage.ru_utime + usage.ru_stime)


def fresh_seconds(args, expect, path, text):
    """As `seconds`, for a command that changes `path`: written anew as
    `text` before each run."""
    best = float("inf")
    for _ in range(RUNS):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        best = min(best, one_run(args, expect))
    return best


def peak_megabytes(args, expect):
    """The peak resident memory of one run of `sopkit ARGS`, in MB (from
    wait4, so it is this run's alone)."""
    child = subprocess.Popen([BIN, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != expect:
        sys.exit(f"limits: sopkit {' '.join(args)} exited {child.returncode}, not {expect}")
    return usage.ru_maxrss / 1024


def seconds(args, expect):
    """The best of RUNS times (see `one_run`) of `sopkit ARGS`; its exit
    code must be `expect`."""
    return min(one_run(args, expect) for _ in range(RUNS))


def main():
    work = tempfile.mkdtemp(prefix="sopkit-limits-")

    def write(name, text):
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    rows = []  # (what, measured, limit, unit)

    def absolute(what, args, limit, expect=0):
        rows.append((what, seconds(args, expect), limit, "s"))

    def ratio(what, small_args, large_args, limit, expect=0):
        small, large = seconds(small_args, expect), seconds(large_args, expect)
        rows.append((what, large / max(small, 0.05), limit, "×"))

    y10k, y100k = write("l10k.sop.yaml", linear_yaml(10_000)), write("l100k.sop.yaml", linear_yaml(100_000))
    md100k = write("l100k.sop.md", linear_markdown(100_000))
    long2k = write("long2k.sop.yaml", long_sop(2_000))
    # Sizes where the smaller run is well above a process's fixed costs
    # (about 10 ms), which would otherwise make a linear pass look
    # quadratic: 1,000 traps once measured 30× for 10 times the traps.
    t5k, t50k = write("t5k.sop.yaml", traps(5_000)), write("t50k.sop.yaml", traps(50_000))

    absolute("check, 100,000 steps (YAML)", ["check", "--format", "short", y100k], 2.0)
    absolute("check, 100,000 steps (Markdown)", ["check", "--format", "short", md100k], 2.0)
    ratio("check, 100,000 / 10,000 steps", ["check", y10k], ["check", y100k], 20.0)
    # The layout of a long chain: layout/tests/timing.rs's `bench` times
    # the layout alone (2,000 steps in 50 ms, 100,000 in 1 s).
    absolute("render --to svg, 100,000 steps in a chain", ["render", y100k, "--to", "svg", "-o", os.path.join(work, "out")], 5.0)
    for to in ["svg", "html", "bpmn"]:
        absolute(f"render --to {to}, 2,000 steps", ["render", long2k, "--to", to, "-o", os.path.join(work, "out")], 2.0)
    # A PNG of 100,000 steps, drawn smaller than asked (with a warning):
    # before, 16 to 25 s and 1.7 to 2.8 GB, or "nodes limit reached" for
    # this tree of decisions.
    n100k = write("n100k.sop.yaml", nested(100_000))
    png = ["render", n100k, "--to", "png", "-o", os.path.join(work, "out")]
    absolute("render --to png, 100,000 nested decisions", png, 5.0)
    rows.append(("  peak memory of the same", peak_megabytes(png, 0), 600.0, "MB"))
    # The controlled document (CLI.md, issue 25): a 40-step SOP, every
    # example in one call, 2,000 steps. The PDF needs a binary built with
    # the `pdf` feature (CI's is); without it the PDF rows are left out,
    # and said so.
    long40 = write("long40.sop.yaml", long_sop(40))
    examples = sorted(
        os.path.join(EXAMPLES, name) for name in os.listdir(EXAMPLES) if ".sop." in name
    )
    out_dir = os.path.join(work, "controlled")
    has_pdf = subprocess.run(
        [BIN, "render", long40, "--to", "pdf", "-o", os.path.join(work, "out")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ).returncode == 0
    # The DOCX draws each band of the flowchart as a 200 dpi PNG: a
    # 2,000-step SOP has some 250 page-high bands, about 9 CPU-seconds of
    # drawing and PNG encoding, shared by the cores.
    for to, long_limit in [("pdf", 10.0), ("docx", 20.0)] if has_pdf else [("docx", 20.0)]:
        out = os.path.join(work, "out")
        absolute(f"render --to {to}, 40 steps", ["render", long40, "--to", to, "-o", out], 1.0)
        absolute(f"render --to {to}, every example", ["render", *examples, "--to", to, "-o", out_dir], 3.0)
        absolute(f"render --to {to}, 2,000 steps", ["render", long2k, "--to", to, "-o", out], long_limit)
    if not has_pdf:
        print(f"limits: {BIN} has no `pdf` feature; the PDF limits are not measured")
    for fmt in ["human", "short", "json", "sarif", "github"]:
        ratio(
            f"check --format {fmt}, 50,000 / 5,000 traps",
            ["check", "--format", fmt, t5k],
            ["check", "--format", fmt, t50k],
            20.0,
            expect=1,
        )

    # The diagnostics-heavy shapes: 32,000 in under a second in the
    # default (human) report, and twice the steps in at most 2.3 times the
    # time (a quadratic pass takes four times).
    for shape in ["bad ids", "unknown targets", "duplicate ids", "unreachable steps", "undefined acronyms"]:
        name = shape.replace(" ", "-")
        small = write(f"{name}-32k.sop.yaml", heavy(shape, 32_000))
        large = write(f"{name}-64k.sop.yaml", heavy(shape, 64_000))
        expect = 0 if shape == "undefined acronyms" else 1  # warnings
        t32 = seconds(["check", small], expect)
        t64 = seconds(["check", large], expect)
        rows.append((f"check, 32,000 {shape}", t32, 1.0, "s"))
        rows.append((f"check, 64,000 / 32,000 {shape}", t64 / max(t32, 0.05), 2.3, "×"))
    # `check --diff` within twice the time of `--fix` (30,000 fixes: 8.2 s
    # against 0.99 s once, the diff comparing the texts line by line).
    fixes = heavy("bad ids", 30_000)
    fixed = write("fixes.sop.yaml", fixes)
    fix = fresh_seconds(["check", "--fix", fixed], 0, fixed, fixes)
    diff = fresh_seconds(["check", "--diff", fixed], 1, fixed, fixes)
    rows.append(("check --diff / --fix, 30,000 fixes", diff / max(fix, 0.05), 2.0, "×"))

    over = 0
    print(f"{'limit':<44} {'measured':>10} {'threshold':>10}")
    for what, measured, limit, unit in rows:
        mark = "ok" if measured <= limit else "OVER"
        over += measured > limit
        print(f"{what:<44} {measured:>9.2f}{unit} {limit:>9.2f}{unit}  {mark}")
    shutil.rmtree(work)
    print(f"{len(rows) - over} passed, {over} failed")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
