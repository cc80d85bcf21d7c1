#!/usr/bin/env python3
# Vendored unchanged from the team's shared tools (shared/tools/import_cycles.py); reportgen's own code, MIT.
"""Cycles among a package's modules, counting every import (module level and inside functions).
usage: import_cycles.py PACKAGE_DIR   prints each cycle; last line `import cycles: N`."""
import ast, sys
from pathlib import Path

root = Path(sys.argv[1]).resolve()
pkg = root.name
mods = {}
for f in root.rglob("*.py"):
    rel = f.relative_to(root.parent).with_suffix("")
    name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
    mods[name] = f
graph = {m: set() for m in mods}
for m, f in mods.items():
    base = m.split(".") if f.name == "__init__.py" else m.split(".")[:-1]
    for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                b = base[: len(base) - (node.level - 1)]
                mod = ".".join(b + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
        for t in targets:
            if t in mods and t != m:
                graph[m].add(t)
# strongly connected components (Tarjan)
index, low, stack, on, out, i = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in graph[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            out.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in graph:
    if v not in index:
        visit(v)
for c in out:
    print("cycle:", ", ".join(c))
print(f"import cycles: {len(out)}")
sys.exit(1 if out else 0)
