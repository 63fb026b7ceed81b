"""The committed SPARQL editor bundle is the one myograph_app/frontend describes.

``make frontend`` rebuilds ``myograph_app/assets/sparql_editor.js`` with a banner that names
each bundled package with its version and licence and carries the SHA-256 of the source and
of ``package-lock.json``. These tests need no npm: they compare the banner with the files.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from myograph_app import editor
from myograph_app.components import asset

FRONTEND = Path(__file__).resolve().parents[1] / "myograph_app" / "frontend"


def _banner() -> str:
    text = asset(editor.BUNDLE)
    assert text.startswith("/*! myograph SPARQL editor"), "run `make frontend`"
    return text[: text.index("*/") + 2]


def _bundled() -> dict[str, str]:
    """package -> version, as the banner lists them."""
    return dict(re.findall(r"^ \*   (@?[\w./-]+)@(\d[\w.-]*) \(MIT\)$", _banner(), flags=re.M))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bundle_was_built_from_the_current_source_and_lock_file() -> None:
    banner = _banner()
    assert f"source sha256: {_sha256(FRONTEND / 'src' / 'sparql_editor.js')}" in banner, (
        "src/sparql_editor.js changed since the bundle was built: run `make frontend`")
    assert f"package-lock.json sha256: {_sha256(FRONTEND / 'package-lock.json')}" in banner, (
        "package-lock.json changed since the bundle was built: run `make frontend`")


def test_the_bundle_holds_the_pinned_versions() -> None:
    wanted = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    bundled = _bundled()
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert bundled.get(name) == version, name
    for name, version in bundled.items():
        assert lock[f"node_modules/{name}"]["version"] == version, name
    assert {"@codemirror/view", "@codemirror/legacy-modes", "@lezer/highlight"} <= set(bundled)


def test_every_bundled_package_has_its_licence_notice() -> None:
    banner = _banner()
    covered: set[str] = set()
    for who in re.findall(r"^ \* Licence of (.+):$", banner, flags=re.M):
        covered.update(name.strip() for name in who.split(","))
    assert covered == set(_bundled())
    assert banner.count("Permission is hereby granted, free of charge") >= 1
    assert "Marijn Haverbeke" in banner


def test_the_bundle_is_one_self_contained_es_module() -> None:
    code = asset(editor.BUNDLE)
    assert re.search(r"export\s*\{\s*\w+ as default\s*\}", code)
    # nothing left to fetch: no static import (`import{x}from"…"`) and no import("…")
    assert not re.search(r"(^|[;}])\s*import\s*[{*\w]", code[len(_banner()):], flags=re.M)
    assert not re.search(r"\bimport\(", code)


@pytest.mark.parametrize(("message", "rev", "expected"), [
    ({"text": "ASK {}", "rev": 3}, 3, "ASK {}"),
    ({"text": "ASK {}", "rev": 2}, 3, None),  # typed over a query since replaced
    ({"text": 7, "rev": 3}, 3, None),
    (None, 3, None),
    ("ASK {}", 3, None),
])
def test_edits_are_taken_only_on_the_current_query(message: object, rev: int,
                                                    expected: str | None) -> None:
    assert editor.edit_from(message, rev) == expected
