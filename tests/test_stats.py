"""Counts of the curated graph, and of a foreign one."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.loading import load_file
from graph.stats import stats
from graph.stores import Store, open_store


def test_every_causal_link_is_sourced(memory_store: Store) -> None:
    s = stats(memory_store)
    assert s.entities >= 50
    assert s.causal_links >= 60
    assert s.sourced_causal_links == s.causal_links
    assert set(s.to_json()) >= {"triples", "entities", "causal_links", "sourced_causal_links",
                                "by_class", "by_relation"}
    assert s.by_relation["mg:causes"] > 0
    assert s.by_class["mg:Symptom"] > 0
    assert sum(s.by_relation.values()) == s.causal_links
    assert "with a source" in s.table()


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_a_foreign_node_of_two_classes_is_one_entity(backend: str, tmp_path: Path) -> None:
    # schema.org's shapes (tests/public_graph.py) are each an rdfs:Class and a sh:NodeShape:
    # summing the classes counted every one of them twice
    data = tmp_path / "two.ttl"
    data.write_text("@prefix ex: <urn:ex:> .\n"
                    "ex:a a ex:Shape, ex:Kind ; ex:near ex:b .\nex:b a ex:Kind .\n",
                    encoding="utf-8")
    store = open_store("memory:empty" if backend == "memory" else f"oxigraph:{tmp_path / 'db'}")
    load_file(store, data)
    s = stats(store)
    assert (s.causal, s.entities, s.links) == (False, 2, 1)
    assert s.by_class == {"<urn:ex:Kind>": 2, "<urn:ex:Shape>": 1}
