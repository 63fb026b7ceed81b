"""Neighbourhoods grouped by relation, with limits and hidden counts."""

from __future__ import annotations

import pytest

from graph.errors import MyographError, NodeNotFound
from graph.neighbours import neighbours
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"


def test_incoming_causes_of_muscle_spasm(memory_store: Store) -> None:
    hood = neighbours(memory_store, MGE + "muscle_spasm", direction="in",
                      relations=[MG + "causes"])
    assert [g.relation_label for g in hood.groups] == ["causes"]
    labels = {n.label for n in hood.groups[0].neighbours}
    assert {"dehydration", "exercise", "prolonged sitting", "hypokalemia"} <= labels
    assert all(g.direction == "in" for g in hood.groups)


def test_limit_counts_what_it_leaves_out(memory_store: Store) -> None:
    full = neighbours(memory_store, MGE + "muscle_spasm", direction="in")
    capped = neighbours(memory_store, MGE + "muscle_spasm", direction="in", limit=1)
    for whole, cut in zip(full.groups, capped.groups, strict=True):
        assert cut.total == whole.total
        assert len(cut.neighbours) == min(1, whole.total)
        assert cut.hidden == whole.total - len(cut.neighbours)
    assert capped.to_json()["groups"][0]["hidden"] == capped.groups[0].hidden


def test_directions(memory_store: Store) -> None:
    out = neighbours(memory_store, MGE + "acyclovir", direction="out")
    both = neighbours(memory_store, MGE + "acyclovir")
    assert {g.direction for g in out.groups} == {"out"}
    assert len(both.all_neighbours()) >= len(out.all_neighbours())
    assert "acute kidney injury" in {n.label for n in out.all_neighbours()}


def test_the_sparql_behind_it_reruns(memory_store: Store) -> None:
    from graph.sparql import run

    hood = neighbours(memory_store, MGE + "copd")
    assert "VALUES ?node { <https://w3id.org/myograph/entity/copd> }" in hood.sparql
    assert run(memory_store, hood.sparql).rows


def test_errors(memory_store: Store) -> None:
    with pytest.raises(NodeNotFound):
        neighbours(memory_store, "urn:nothing:here")
    with pytest.raises(MyographError, match="direction"):
        neighbours(memory_store, MGE + "copd", direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(MyographError, match="negative"):
        neighbours(memory_store, MGE + "copd", limit=-1)
