"""Front-end code lives in files: JavaScript and CSS under ``myograph_app/assets/`` and
``graph/assets/``, shipped as package data and read with importlib.resources (issue 20).

The scan reads every string constant of the Python code (f-strings and ``.format``
templates included; docstrings left out, they describe and are never sent) and fails on a
marker of JavaScript, CSS or an HTML page in it.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import render
from myograph_app import components

ROOT = Path(__file__).resolve().parents[1]
ASSETS = {"graph": ROOT / "graph" / "assets", "myograph_app": ROOT / "myograph_app" / "assets"}

MARKERS = {
    "a JavaScript function": re.compile(r"\bfunction\b\s*\w*\s*\("),
    "an arrow function": re.compile(r"=>"),
    "the DOM": re.compile(r"\bdocument\.\w"),
    "an event listener": re.compile(r"\baddEventListener\b"),
    "a script element": re.compile(r"<script\b", re.IGNORECASE),
    "a style element": re.compile(r"<style\b", re.IGNORECASE),
    "an HTML page": re.compile(r"<!doctype\b|<(html|head|body)\b", re.IGNORECASE),
    # `{ property: value;` (a space after the colon keeps SPARQL's `{ mg:x ?p ?o ; }` out)
    "a CSS rule": re.compile(r"\{\s*-?[a-z][a-z-]*\s*:\s+[^;{}]*;"),
    "a CSS declaration": re.compile(
        r"\{[^{}]*\b(color|background|display|margin|padding|border|font-size|width|height"
        r"|position)\s*:[^;{}?]+;"),
}


def _python_files() -> Iterator[Path]:
    yield ROOT / "app.py"
    for package in ("graph", "myograph_app"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "frontend" not in path.relative_to(ROOT).parts:  # node_modules, if built
                yield path


def _strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every string the code uses; an f-string is one text, each value in
    it written as 0. Bare string statements (docstrings) are left out."""
    bare = {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant | ast.JoinedStr)}
    inside_f: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_f.update(id(part) for part in node.values)
            if id(node) not in bare:
                yield node.lineno, "".join(
                    str(part.value) if isinstance(part, ast.Constant) else "0"
                    for part in node.values)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in bare and id(node) not in inside_f):
            yield node.lineno, node.value


def front_end_in(text: str) -> list[str]:
    """The markers of front-end code found in ``text``."""
    return [name for name, pattern in MARKERS.items() if pattern.search(text)]


def test_no_javascript_or_css_in_a_python_string() -> None:
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, text in _strings(tree):
            if markers := front_end_in(text):
                found.append(f"{path.relative_to(ROOT)}:{line}: {', '.join(markers)}")
    assert not found, "front-end code belongs in the assets folders:\n" + "\n".join(found)


@pytest.mark.parametrize("code", [
    'const el = document.createElement("div");',
    "export default function (component) { }",
    "function msRender(s) {",
    "items.map((x) => x.id)",
    'li.addEventListener("click", pick)',
    "<script>{draw}</script>",
    '<style>\nbody {{ font-family: system-ui, sans-serif; margin: 0; }}\n</style>',
    "<!DOCTYPE html>\n<html lang=\"en\">",
    ".mg-net { width: 100%; border: 1px solid #d0d0d0; }",
    ".ms-list{display:none;}",
])
def test_the_scan_knows_front_end_code(code: str) -> None:
    assert front_end_in(code)


@pytest.mark.parametrize("text", [
    "SELECT ?s ?l WHERE { ?s a mg:Drug ; rdfs:label ?l }",
    "ASK { mge:cramp mg:causes ?o ; rdfs:label ?l . }",
    "PREFIX mg: <https://w3id.org/myograph/vocab#>\nSELECT * { ?s ?p ?o }",
    "Nothing matches 'cramp'. Try another word or a synonym.",
    "the function of the kidney (a document.)",
    "a >= b, and <= c",
])
def test_the_scan_leaves_sparql_and_prose_alone(text: str) -> None:
    assert front_end_in(text) == []


def _asset_files(package: str) -> list[Path]:
    return sorted(p for p in ASSETS[package].iterdir() if p.is_file())


@pytest.mark.parametrize("package", sorted(ASSETS))
def test_every_asset_loads_through_importlib_resources(package: str) -> None:
    load = components.asset if package == "myograph_app" else render.asset
    files = [p for p in _asset_files(package) if p.suffix in (".js", ".css", ".html")]
    assert files
    for path in files:
        assert load(path.name) == path.read_text(encoding="utf-8"), path.name


def test_every_asset_is_part_of_a_component_or_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each component is built from asset files only (a missing one fails to load), and
    every file is used: its text is in a component's module or style, or in the page."""
    import streamlit as st

    from myograph_app import editor, network, read_view, search_box

    built: list[str] = []

    def register(name: str, *, html: str | None = None, css: str | None = None,
                 js: str | None = None, isolate_styles: bool = True) -> object:
        assert html is None
        assert isolate_styles
        built.extend([js or "", css or ""])
        return object()

    monkeypatch.setattr(st.components.v2, "component", register)
    for module in (editor, network, read_view, search_box):
        module._component.__wrapped__()
    built.append(render.to_html(render.build([render.GraphNode("urn:a", "a")], [])))
    everything = "\n".join(built)
    for package in ASSETS:
        for path in _asset_files(package):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".html":  # a template: its text around the {{slots}}
                pieces = (re.escape(piece) for piece in re.split(r"\{\{\w+\}\}", text))
                assert re.search(".*?".join(pieces), everything, flags=re.S), path.name
            elif path.suffix != ".svg":  # the favicon is app.py's page icon
                assert text in everything, path.name


def test_package_data_ships_every_asset() -> None:
    """An installed copy (not only a checkout) has every file the assets folders hold."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]
    for package in ASSETS:
        for path in _asset_files(package):
            relative = path.relative_to(ROOT / package).as_posix()
            assert any(fnmatch.fnmatch(relative, g) for g in globs[package]), relative


def test_components_put_the_shared_element_builder_first() -> None:
    module = components.scripts("search_box.js")
    assert module.startswith(components.asset("dom.js"))
    assert module.index("function mgEl(") < module.index("function msRender(")


def test_every_python_package_is_shipped() -> None:
    """setuptools ships only the packages it is told of: a subpackage left out (stores,
    queries) would be missing from an installed copy."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(data["tool"]["setuptools"]["packages"])
    found = {init.parent.relative_to(ROOT).as_posix().replace("/", ".")
             for package in ("graph", "myograph_app") for init in (ROOT / package).rglob(
                 "__init__.py") if "node_modules" not in init.parts}
    assert found <= listed, found - listed
