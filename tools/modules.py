#!/usr/bin/env python3
"""sopkit's architecture, measured from the source: the module import graph,
its cycles, imports that run back up a layer, file lengths before their
tests, long functions and `pub` items.

    tools/modules.py                 print the numbers
    tools/modules.py --check         the same, exit 1 if a rule is broken
    tools/modules.py --dot FILE      write the layer picture as Graphviz DOT

A module is a file (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`). An import
is every `crate::`, `super::` or `self::` path in the code (in `use` lines and
inline), resolved to the deepest module it names. Two modules import each
other in a cycle when, after collapsing both to the children of their
closest common ancestor, the siblings reach each other: a child using its
parent is not a cycle, `load::lower` and `load::markdown` using each other is.
The layers are issue 26's, with `flow` one layer lower (see
`docs/architecture.md`).

Standard library only, so CI runs it on a fresh machine.
"""

import argparse
import os
import re
import sys
from collections import defaultdict

SRC = os.environ.get('SOPKIT_SRC') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')

# Top to bottom: a module imports from the layers below it, and from its own
# layer only where no cycle forms.
LAYERS = [
    ("entry", ["main", "lib", "cli", "commands"]),
    ("services", ["serve", "lsp", "watch", "site", "confluence"]),
    ("pipelines", ["check", "fix", "convert", "report"]),
    ("analysis and output", ["rules", "render", "layout", "prose", "suppress"]),
    # `flow` sits with the reading: loading keeps each file's flowchart
    # beside its model (`LoadedFile::flow`), and it reads only the model.
    ("reading", ["load", "flow", "format", "config", "schema", "template"]),
    ("model", ["model", "diagnostic", "rule"]),
    ("foundation", ["source", "output"]),
]
LAYER_OF = {m: i for i, (_, ms) in enumerate(LAYERS) for m in ms}

FILE_LIMIT = 400
FN_LIMIT = 80


def strip(text):
    """The code with comments and the contents of string and char literals
    blanked out (newlines kept, so line numbers stay)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif (m := re.match(r'b?r(#*)"', text[i:i + 300])) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = '"' + m.group(1)
            j = text.find(close, i + m.end())
            j = n if j < 0 else j + len(close)
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == '"' or (c == "b" and text.startswith('b"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c == "'":
            # A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            m = re.match(r"'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'])'", text[i:i + 12])
            if m:
                out.append("' '" + " " * (m.end() - 3))
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def module_files():
    """{module path (tuple of names): file path}"""
    mods = {}
    for root, _, files in os.walk(SRC):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
            if rel[-1] == "mod":
                rel = rel[:-1]
            if rel in (["lib"], ["main"]):
                name = tuple(rel)
            else:
                name = tuple(rel)
            mods[name] = path
    return mods


def test_start(lines):
    """Index of the line where the file's tests begin (`#[cfg(test)]` at the
    top level), or len(lines)."""
    for i, line in enumerate(lines):
        if line.startswith("#[cfg(test)]"):
            return i
    return len(lines)


def expand_use(tree):
    """`crate::{a::{b, c}, d}` -> ['crate::a::b', 'crate::a::c', 'crate::d']"""
    tree = re.sub(r"\s+", "", tree)
    depth, start, parts = 0, 0, []
    brace = tree.find("{")
    if brace < 0:
        return [re.sub(r"\bas\w+$", "", tree)]
    prefix, inner = tree[:brace], tree[brace + 1:tree.rfind("}")]
    for i, c in enumerate(inner):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    out = []
    for p in parts:
        if p:
            out += expand_use(prefix + p) if p != "self" else [prefix.rstrip(":")]
    return out


def resolve(path, here, mods):
    """The deepest known module a path names, from module `here`."""
    segs = path.split("::")
    if segs[0] == "crate":
        base, segs = [], segs[1:]
    elif segs[0] in ("super", "self"):
        base = list(here)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        return None
    cur = tuple(base)
    for s in segs:
        if cur + (s,) in mods:
            cur = cur + (s,)
        else:
            break
    return cur


def imports(mods, texts):
    """{module: {imported module: first line}}"""
    edges = defaultdict(dict)
    for mod, code in texts.items():
        # Inline modules (`mod tests { … }`) change what `super` means; their
        # code is tests, which the rules measure too, so resolve from the file.
        spans = []
        for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", code):
            spans.append((m.start(), m.end()))
            line = code.count("\n", 0, m.start()) + 1
            for p in expand_use(m.group(1)):
                target = resolve(p, mod, mods)
                if target is not None and target != mod:
                    edges[mod].setdefault(target, line)
        used = [False] * len(code)
        for a, b in spans:
            for k in range(a, b):
                used[k] = True
        for m in re.finditer(r"(?<![\w:])((?:crate|super|self)(?:::\w+)+)", code):
            if used[m.start()]:
                continue
            # A path through `super::super::…` in an inline `mod tests` resolves
            # one level too high; harmless for the graph (an ancestor).
            target = resolve(m.group(1), mod, mods)
            line = code.count("\n", 0, m.start()) + 1
            if target is not None and target != mod:
                edges[mod].setdefault(target, line)
    return edges


def sibling_edges(edges):
    """Edges collapsed to siblings under their closest common ancestor:
    {(parent, a, b)} where a and b are children of parent."""
    out = defaultdict(set)
    for a, targets in edges.items():
        for b in targets:
            k = 0
            while k < min(len(a), len(b)) and a[k] == b[k]:
                k += 1
            if k == len(a) or k == len(b):
                continue  # one contains the other
            out[a[:k]].add((a[:k + 1], b[:k + 1]))
    return out


def cycles(edge_set):
    """Strongly connected components with more than one node (Tarjan)."""
    graph = defaultdict(set)
    for a, b in edge_set:
        graph[a].add(b)
        graph[b]
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sccs


def functions(code):
    """[(name, first line, length in lines, is a table match)] for every fn
    with a body."""
    out = []
    for m in re.finditer(r"\bfn\s+(\w+)", code):
        # The body's `{`: the first one at bracket depth 0 after the
        # signature, unless a `;` comes first (a declaration in a trait).
        i, depth = m.end(), 0
        while i < len(code):
            c = code[i]
            if c in "([<" and not (c == "<" and code[i - 1] == "-"):
                depth += 1
            elif c in ")]>" and not (c == ">" and code[i - 1] in "-="):
                depth -= 1
            elif c == ";" and depth <= 0:
                i = -1
                break
            elif c == "{" and depth <= 0:
                break
            i += 1
        if i < 0 or i >= len(code):
            continue
        start, depth, j = i, 0, i
        while j < len(code):
            if code[j] == "{":
                depth += 1
            elif code[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        first = code.count("\n", 0, m.start()) + 1
        last = code.count("\n", 0, j) + 1
        body = code[start + 1:j].strip()
        table = bool(re.match(r"match\b", body)) and body.endswith("}") and _one_block(body)
        out.append((m.group(1), first, last - first + 1, table))
    return out


def _one_block(body):
    """True when `match x { … }` is the whole body."""
    k = body.find("{")
    depth = 0
    for i in range(k, len(body)):
        if body[i] == "{":
            depth += 1
        elif body[i] == "}":
            depth -= 1
            if depth == 0:
                return i == len(body) - 1
    return False


PUB_ITEM = re.compile(
    r"^\s*pub\s+(?:(?:unsafe|async|const|extern\s+\"C\")\s+)*(fn|struct|enum|trait|type|const|static|mod|use|union|macro)\b",
    re.M,
)
PUB_FIELD = re.compile(r"^\s*pub\s+\w+\s*:", re.M)


def measure():
    mods = module_files()
    raw, texts, before_tests = {}, {}, {}
    for mod, path in mods.items():
        with open(path, encoding="utf-8") as f:
            raw[mod] = f.read()
        texts[mod] = strip(raw[mod])
        lines = raw[mod].split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        before_tests[mod] = test_start(lines)
    edges = imports(mods, texts)
    return mods, raw, texts, before_tests, edges


def name(mod):
    return "::".join(mod) or "crate"


def rel(path):
    return os.path.relpath(path, os.path.join(SRC, ".."))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a rule is broken")
    ap.add_argument("--dot", metavar="FILE", help="write the layer picture as DOT")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every finding")
    args = ap.parse_args()

    mods, raw, texts, before_tests, edges = measure()
    broken = []

    # Cycles, per level of the tree.
    sib = sibling_edges(edges)
    all_cycles = []
    for parent in sorted(sib):
        for comp in cycles(sib[parent]):
            all_cycles.append(comp)
    print(f"modules: {len(mods)} files, {sum(len(v) for v in edges.values())} imports between modules")
    print(f"import cycles: {len(all_cycles)}")
    for comp in all_cycles:
        print("  " + " <-> ".join(name(c) for c in comp))
    broken += all_cycles

    # Imports back up a layer.
    top = defaultdict(set)
    ups = []
    unlayered = set()
    for a, targets in edges.items():
        for b, line in targets.items():
            if not a or not b or a[0] == b[0]:
                continue
            top[a[0]].add(b[0])
            la, lb = LAYER_OF.get(a[0]), LAYER_OF.get(b[0])
            if la is None or lb is None:
                unlayered.update(x for x, l in ((a[0], la), (b[0], lb)) if l is None)
                continue
            if lb < la:
                ups.append((rel(mods[a]), line, name(a), name(b)))
    print(f"imports back up a layer: {len(ups)}")
    for path, line, a, b in sorted(ups):
        print(f"  {path}:{line}: {a} -> {b}")
    if unlayered:
        print(f"modules in no layer: {', '.join(sorted(unlayered))}")
    broken += ups + sorted(unlayered)

    # File lengths before their tests.
    long_files = sorted(
        ((before_tests[m], rel(p)) for m, p in mods.items() if before_tests[m] > FILE_LIMIT),
        reverse=True,
    )
    print(f"files over {FILE_LIMIT} lines before their tests: {len(long_files)}")
    for n, p in long_files:
        print(f"  {p}: {n}")
    broken += long_files

    # Long functions (outside tests).
    long_fns, tables = [], []
    for m, p in mods.items():
        code = "\n".join(texts[m].split("\n")[: before_tests[m]])
        if "/tests/" in p or p.endswith("/tests.rs"):
            continue
        for fname, line, length, table in functions(code):
            if length > FN_LIMIT:
                (tables if table else long_fns).append((length, f"{rel(p)}:{line}", fname))
    print(f"functions over {FN_LIMIT} lines: {len(long_fns)} (and {len(tables)} that are one match, a table)")
    for n, where, fname in sorted(long_fns, reverse=True) + sorted(tables, reverse=True):
        print(f"  {where}: {fname}, {n} lines")
    broken += long_fns

    # The public surface.
    items = fields = 0
    per_top = defaultdict(int)
    for m, p in mods.items():
        code = "\n".join(texts[m].split("\n")[: before_tests[m]])
        k = len(PUB_ITEM.findall(code))
        items += k
        fields += len(PUB_FIELD.findall(code))
        per_top[m[0] if m else "crate"] += k
    print(f"pub items: {items} (and {fields} pub fields)")
    if args.verbose:
        for t, k in sorted(per_top.items(), key=lambda x: -x[1]):
            print(f"  {t}: {k}")

    # Duplicates the issue named.
    flags = sum(len(re.findall(r"\bis_markdown\b", t)) for t in texts.values())
    print(f"is_markdown: {flags}")

    if args.dot:
        write_dot(args.dot, top)
        print(f"wrote {args.dot}")
    if args.check and broken:
        print("architecture rules broken (see above)", file=sys.stderr)
        sys.exit(1)


def write_dot(path, top):
    """The top-level modules, one box per layer, top to bottom, and an arrow
    for each import that no chain of other imports already implies (the
    transitive reduction), so the picture shows the structure, not every
    `use`."""
    lines = [
        "// Generated by tools/modules.py --dot from the `use crate::` paths in src/.",
        "// Arrows: imports between top-level modules, leaving out those that a",
        "// chain of other imports already implies.",
        "digraph sopkit {",
        '  graph [rankdir=TB, ranksep=0.45, nodesep=0.3, newrank=true, fontname="Helvetica", fontsize=11];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", color="#5b6b86", fontname="Helvetica", fontsize=11];',
        '  edge [color="#8a96ab", arrowsize=0.6];',
    ]
    edges = {a: {b for b in bs if b != a} for a, bs in top.items() if a not in ("main", "lib")}

    def reaches(a, b, skip):
        """Whether `b` is reachable from `a` without the edge `skip`."""
        seen, todo = {a}, [a]
        while todo:
            x = todo.pop()
            for y in edges.get(x, ()):
                if (x, y) == skip or y in seen:
                    continue
                if y == b:
                    return True
                seen.add(y)
                todo.append(y)
        return False

    present = set(top) | {b for bs in top.values() for b in bs}
    firsts = []
    for i, (title, members) in enumerate(LAYERS):
        ms = [m for m in members if m in present or m in ("main", "lib")]
        lines.append(f"  subgraph cluster_{i} {{")
        lines.append(f'    label="{i + 1}. {title}"; labeljust=l; style="rounded"; color="#c9d1de"; fontcolor="#5b6b86";')
        lines.append("    { rank=same; " + " ".join(f"{m};" for m in ms) + " }")
        lines.append("  }")
        firsts.append(ms[0])
    # Invisible edges keep the layers in order, top to bottom.
    for a, b in zip(firsts, firsts[1:]):
        lines.append(f"  {a} -> {b} [style=invis];")
    for a in sorted(edges):
        for b in sorted(edges[a]):
            if not reaches(a, b, (a, b)):
                lines.append(f"  {a} -> {b};")
    lines.append("}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
