"""The causal relations a graph declares, how signs combine, and a graph that declares none."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.paths import Relation, causal_relations, combine_signs, find_paths
from graph.sparql import run
from graph.stores import open_store
from graph.stores.base import Store
from tests.paths.tiny import M


def test_causal_relations(store: Store) -> None:
    assert causal_relations(store) == [
        Relation(M + "associatedWith", "associated with", "?"),
        Relation(M + "causes", "causes", "+"),
        Relation(M + "contributesTo", "contributes to", "+"),
        Relation(M + "decreases", "decreases", "-"),
        Relation(M + "hasAdverseEffect", "has adverse effect", "+"),
        Relation(M + "increases", "increases", "+"),
        Relation(M + "prevents", "prevents", "-"),
        Relation(M + "treats", "treats", "-"),
    ]


@pytest.mark.parametrize(("signs", "expected"), [
    (["+", "+"], "+"), (["+", "-"], "-"), (["-", "-"], "+"), (["-", "?", "-"], "?"), ([], "+"),
])
def test_combine_signs(signs: list[str], expected: str) -> None:
    assert combine_signs(signs) == expected


def test_graph_without_causal_relations(tmp_path: Path) -> None:
    # A foreign graph: one link, its predicate not declared causal. By default every
    # relation is followed (a note says so), as with relations=["any"]: 1 route either way.
    data = tmp_path / "foreign.ttl"
    data.write_text("<urn:x:a> <urn:x:leadsTo> <urn:x:b> .\n", encoding="utf-8")
    foreign = open_store(f"memory:{data}")
    result = find_paths(foreign, "urn:x:a", "urn:x:b")
    assert result.relations == ["any"]
    assert result.notes == ["this graph declares no causal relations, so routes follow any "
                            "relation"]
    anything = find_paths(foreign, "urn:x:a", "urn:x:b", relations=["any"])
    assert anything.notes == []
    for found in (result, anything):
        assert [p.sentence() for p in found.paths] == [
            "urn:x:a → urn:x:leadsTo → urn:x:b (overall: unclear; 1 link)"]
    assert run(foreign, anything.paths[0].sparql).rows
