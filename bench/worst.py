#!/usr/bin/env python3
"""Worst-case flowcharts for the scaling benchmarks.

    bench/worst.py --steps N --shape SHAPE --out FILE

Shapes: chain (a straight line), decisions (a chain of yes/no decisions
whose branches rejoin), cycle (one giant loop with no exit), traps (many
small loops with no exit), loops (many small loops with exits), nested
(decisions nested inside decisions, as deep as the steps allow).

Diagnostics-heavy shapes, one problem (or more) per step: bad-ids (every
step id badly formed), unknown-targets (every `next` names no step),
duplicate-ids (two ids for all the steps), unreachable (every step ends),
acronyms (an undefined acronym per step, beside as many terms),
unused-terms (as many unused terms as steps), one-line (the whole SOP on
one line, each step with a bad id, an unknown target and an acronym).
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


def acronym(i):
    return "".join(chr(65 + i // 26**k % 26) for k in range(4))


def bad_ids(n):
    return "".join(f"  - id: Bad_{i}\n    text: Step {i}.\n" for i in range(n))


def unknown_targets(n):
    return "".join(f"  - id: s{i}\n    text: Step {i}.\n    next: x{i}\n" for i in range(n))


def duplicate_ids(n):
    return "".join(f"  - id: s{i % 2}\n    text: Step {i}.\n" for i in range(n))


def unreachable(n):
    return "".join(f"  - id: s{i}\n    text: Step {i}.\n    end: true\n" for i in range(n))


def acronyms(n):
    # Replaces the empty `terms` of HEAD: as many terms as steps, none of
    # them the acronym of its step.
    terms = "".join(f"  Term{i}x: Thing {i}.\n" for i in range(n))
    steps = "".join(f"  - id: s{i}\n    text: Call {acronym(i)} about term{i}x.\n" for i in range(n))
    return (terms, steps)


def unused_terms(n):
    terms = "".join(f"  word{i}x: Thing {i}.\n" for i in range(n))
    return (terms, chain(n))


def one_line(n):
    steps = ", ".join(f"{{id: Bad_{i}, text: Use {acronym(i)} now, next: x{i}}}" for i in range(n))
    return "{title: Worst case, department: Ops, purpose: Scale., terms: {}, instructions: [" + steps + "]}\n"


SHAPES = {"chain": chain, "decisions": decisions, "cycle": cycle, "traps": traps, "loops": loops, "nested": nested,
          "bad-ids": bad_ids, "unknown-targets": unknown_targets, "duplicate-ids": duplicate_ids,
          "unreachable": unreachable, "acronyms": acronyms, "unused-terms": unused_terms,
          "one-line": one_line}


def sop(shape, steps):
    body = SHAPES[shape](steps)
    if isinstance(body, tuple):  # (terms, steps)
        return HEAD.replace("terms: {}\n", "terms:\n" + body[0]) + body[1]
    if body.startswith("{"):  # the whole SOP, in flow style
        return body
    return HEAD + body

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--shape", choices=sorted(SHAPES), required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.out, "w") as f:
        f.write(sop(args.shape, args.steps))
