#!/usr/bin/env python3
"""Worst-case flowcharts for the scaling benchmarks.

    bench/worst.py --steps N --shape SHAPE --out FILE

Shapes: chain (a straight line), decisions (a chain of yes/no decisions
whose branches rejoin), cycle (one giant loop with no exit), traps (many
small loops with no exit), loops (many small loops with exits), nested
(decisions nested inside decisions, as deep as the steps allow).
"""
import argparse

HEAD = "title: Worst case\ndepartment: Ops\npurpose: Scale.\nterms: {}\ninstructions:\n"


def chain(n):
    return "".join(f"  - id: s{i}\n    text: Step {i}.\n" for i in range(n))


def decisions(n):
    out = []
    for i in range(n):
        if i % 3 == 0 and i + 2 < n:
            out.append(f"  - id: s{i}\n    text: Decide {i}?\n    branches:\n      \"yes\": s{i + 1}\n      \"no\": s{i + 2}\n")
        elif i % 3 == 1 and i + 1 < n:
            out.append(f"  - id: s{i}\n    text: Yes path {i}.\n    next: s{i + 1}\n")
        else:
            out.append(f"  - id: s{i}\n    text: Join {i}.\n")
    return "".join(out)


def cycle(n):
    return chain(n - 1) + f"  - id: s{n - 1}\n    text: Back to the start.\n    next: s0\n"


def traps(n):
    out = ["  - id: s0\n    text: Start.\n    branches:\n"]
    out += [f"      \"t{g}\": a{g}\n" for g in range((n - 2) // 2)]
    out.append("      \"done\": fin\n")
    for g in range((n - 2) // 2):
        out.append(f"  - id: a{g}\n    text: Loop {g} a.\n  - id: b{g}\n    text: Loop {g} b.\n    next: a{g}\n")
    out.append("  - id: fin\n    text: End.\n    end: true\n")
    return "".join(out)


def loops(n):
    out = []
    for i in range(n):
        if i % 4 == 3:
            out.append(f"  - id: s{i}\n    text: Did it work {i}?\n    branches:\n      \"no\": s{i - 2}\n      \"yes\": s{i + 1}\n")
        else:
            out.append(f"  - id: s{i}\n    text: Work {i}.\n")
    out.append(f"  - id: s{n}\n    text: Done.\n    end: true\n")
    return "".join(out)


def nested(n):
    # A binary tree of decisions, breadth first: step i branches to 2i+1 and
    # 2i+2; the leaves end.
    out = []
    for i in range(n):
        left, right = 2 * i + 1, 2 * i + 2
        if right < n:
            out.append(f"  - id: s{i}\n    text: Question {i}?\n    branches:\n      \"yes\": s{left}\n      \"no\": s{right}\n")
        elif left < n:
            out.append(f"  - id: s{i}\n    text: Step {i}.\n    next: s{left}\n")
        else:
            out.append(f"  - id: s{i}\n    text: Answer {i}.\n    end: true\n")
    return "".join(out)


SHAPES = {"chain": chain, "decisions": decisions, "cycle": cycle, "traps": traps, "loops": loops, "nested": nested}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--shape", choices=sorted(SHAPES), required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w") as f:
        f.write(HEAD + SHAPES[args.shape](args.steps))
