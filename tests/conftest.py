"""Shared fixtures: paths to the data, and the reference memory store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.stores import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "triples.ttl"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def memory_store() -> Store:
    """The embedded default store over data/triples.ttl (read-only use in tests)."""
    return open_store("memory")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctests and relative paths assume the repository root as working directory."""
    monkeypatch.chdir(ROOT)
