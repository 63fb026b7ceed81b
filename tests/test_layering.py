"""The layering: the library stays free of the UI, and no module imports one that imports it
back (a ring of imports is one job spread over several modules, or an arrow upwards)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def test_library_imports_leave_the_ui_out() -> None:
    code = (
        "import sys, graph.search, graph.neighbours, graph.describe, graph.stats, graph.sparql,"
        " graph.cli, graph.stores;"
        "import importlib.util;"
        "importlib.util.find_spec('graph.paths') and __import__('graph.paths');"
        "bad = [m for m in ('streamlit', 'pyvis', 'pyoxigraph.server') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "myograph_app", "benchmarks")


def _modules(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for package in packages:
        for file in (root / package).rglob("*.py"):
            parts = file.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = file
    return found


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(module: str, file: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``module`` imports anywhere in its code (in functions too, but not
    under ``if TYPE_CHECKING``); ``from pkg import sub`` names the submodule."""
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    tree = ast.parse(file.read_text(encoding="utf-8"))
    skipped = {id(n) for top in ast.walk(tree) if _type_checking_only(top) for n in ast.walk(top)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                     for a in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
    return targets


def import_cycles(root: Path, packages: tuple[str, ...]) -> list[list[str]]:
    """Every set of project modules that import one another in a ring."""
    import networkx as nx

    modules = _modules(root, packages)
    graph = nx.DiGraph()
    for module, file in modules.items():
        graph.add_node(module)
        graph.add_edges_from((module, target) for target in _imports(module, file, modules))
    return sorted(sorted(ring) for ring in nx.strongly_connected_components(graph)
                  if len(ring) > 1)


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert import_cycles(ROOT, PACKAGES) == []


def test_the_cycle_check_finds_a_ring_through_a_function_level_import(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\n"
        "def f():\n    from .a import f\n")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.b\n")
    assert import_cycles(tmp_path, ("pkg",)) == [["pkg.a", "pkg.b"]]
