"""Counts of the curated graph."""

from __future__ import annotations

from graph.stats import stats
from graph.stores import Store


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
