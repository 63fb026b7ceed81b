"""graph.ready: after make_ready, a new process's first search, stats and profile read what
the store kept instead of computing it."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph.search
import graph.stats
from graph.loading import load_file
from graph.ready import make_ready
from graph.search import search
from graph.stats import stats
from graph.stores import open_store

TINY = Path(__file__).parent / "fixtures" / "tiny.ttl"


def test_a_store_made_ready_answers_its_first_calls_from_what_it_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    load_file(store, TINY)
    make_ready(store)
    counted = stats(store).triples
    store.close()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("computed again after make_ready")

    reopened = open_store(f"oxigraph:{tmp_path / 'db'}")
    monkeypatch.setattr(graph.search, "build_index", refuse)
    monkeypatch.setattr(graph.stats, "_count", refuse)
    assert search(reopened, "acyclovir")[0].label == "acyclovir"
    assert stats(reopened).triples == counted
    reopened.close()
