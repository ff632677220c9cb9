"""No import cycle among the project's modules (tests excluded), imports inside functions included.

The graph is read from the source with `ast`: module A -> module B when A imports B or a
name from B (`from pkg import submodule` counts as the submodule, not the package).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] in {".venv", "tests"} or any(p.startswith(".") for p in parts):
            continue
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


def graph(mods: dict[str, Path]) -> dict[str, set[str]]:
    def known(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                if node.level:
                    base = ".".join(module.split(".")[: -node.level] + [node.module])
                subs = [f"{base}.{a.name}" for a in node.names]
                targets = [s for s in subs if s in mods] + ([base] if any(s not in mods for s in subs) else [])
            for target in targets:
                hit = known(target)
                if hit is not None and hit != module:
                    edges[module].add(hit)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_real_imports() -> None:
    edges = graph(modules())
    assert "metrics.sql" in edges["metrics.params"] and "data.facts" in edges["metrics.sql"]


def test_no_import_cycle() -> None:
    assert cycles(graph(modules())) == []


def test_a_cycle_would_be_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
