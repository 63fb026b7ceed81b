"""Neighbourhoods grouped by relation, with limits and hidden counts."""

from __future__ import annotations

import pytest

from graph.errors import MyographError, NodeNotFound
from graph.neighbours import neighbours
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_incoming_causes_of_muscle_spasm(memory_store: Store) -> None:
    hood = neighbours(memory_store, MGE + "muscle_spasm", direction="in",
                      relations=[MG + "causes"])
    assert [g.relation_label for g in hood.groups] == ["causes"]
    labels = {n.label for n in hood.groups[0].neighbours}
    assert {"hypokalemia", "hypocalcemia", "hypomagnesemia", "nerve misfiring"} <= labels
    assert all(g.direction == "in" for g in hood.groups)


def test_limit_counts_what_it_leaves_out(memory_store: Store) -> None:
    full = neighbours(memory_store, MGE + "muscle_spasm", direction="in")
    capped = neighbours(memory_store, MGE + "muscle_spasm", direction="in", limit=1)
    for whole, cut in zip(full.groups, capped.groups, strict=True):
        assert cut.total == whole.total
        assert len(cut.neighbours) == min(1, whole.total)
        assert cut.hidden == whole.total - len(cut.neighbours)
    groups = capped.to_json()["groups"]
    assert isinstance(groups, list)
    assert groups[0]["hidden"] == capped.groups[0].hidden


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
        # a direction the signature does not allow, on purpose: the run-time check refuses it
        neighbours(memory_store, MGE + "copd", direction="sideways")  # type: ignore[arg-type]
    with pytest.raises(MyographError, match="negative"):
        neighbours(memory_store, MGE + "copd", limit=-1)


def test_shown_are_the_first_by_label_and_the_rest_are_counted(memory_store: Store) -> None:
    full = neighbours(memory_store, MGE + "muscle_spasm", direction="in", limit=1000)
    capped = neighbours(memory_store, MGE + "muscle_spasm", direction="in", limit=2)
    for whole, cut in zip(full.groups, capped.groups, strict=True):
        expected = sorted(whole.neighbours, key=lambda n: (n.label.casefold(), n.iri))
        assert whole.neighbours == expected  # every group is listed in label order
        assert cut.neighbours == expected[:2]
        assert (cut.total, cut.hidden) == (whole.total, whole.total - len(cut.neighbours))


def test_the_next_page_of_a_group_listed_by_label(memory_store: Store) -> None:
    # muscle spasm <- decreases: 9 links (counted in data/triples.ttl), listed by label
    whole = neighbours(memory_store, MGE + "muscle_spasm", direction="in",
                       relations=[MG + "decreases"], limit=1000).groups[0]
    assert (whole.total, whole.order, len(whole.neighbours)) == (9, "label", 9)
    pages = [neighbours(memory_store, MGE + "muscle_spasm", direction="in",
                        relations=[MG + "decreases"], limit=4, offset=start).groups[0]
             for start in (0, 4, 8, 12)]
    assert [[n.label for n in p.neighbours] for p in pages[:3]] == [
        ["circulation", "good posture", "heat therapy", "normal motor patterns"],
        ["physical therapy", "strengthening", "stretching", "therapy combined with medication"],
        ["ultrasound therapy"]]
    assert [(p.start, p.remaining, p.hidden) for p in pages] == [
        (0, 5, 5), (4, 1, 5), (8, 0, 8), (12, 0, 9)]
    assert [p.showing() for p in pages] == [
        "1–4 of 9", "5–8 of 9", "9–9 of 9", "none of 9 (the page starts after the last)"]
    assert neighbours(memory_store, MGE + "muscle_spasm", offset=4).limited(4) is None
    with pytest.raises(MyographError, match="negative"):
        neighbours(memory_store, MGE + "copd", offset=-1)


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_group_too_big_to_sort_is_paged_in_the_stores_order(
        stores: dict[str, Store], kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.neighbours

    store = stores[kind]
    full = neighbours(store, MGE + "muscle_spasm", direction="in")
    monkeypatch.setattr(graph.neighbours, "SORTED_GROUP", 3)  # decreases has 9 links
    first = neighbours(store, MGE + "muscle_spasm", direction="in", limit=4)
    assert ([(g.relation, g.total) for g in first.groups]
            == [(g.relation, g.total) for g in full.groups])  # the engine counts them all
    by_relation = {g.relation: g for g in first.groups}
    assert by_relation[MG + "causes"].order == "store"  # 6 links
    assert by_relation[MG + "treats"].order == "label"  # 2 links
    seen: list[str] = []
    for start in range(0, 12, 4):  # 9 links: pages of 4, 4 and 1
        page = neighbours(store, MGE + "muscle_spasm", direction="in", limit=4, offset=start,
                          relations=[MG + "decreases"]).groups[0]
        assert (page.order, page.start) == ("store", start)
        labels = [n.label for n in page.neighbours]
        assert labels == sorted(labels, key=str.casefold)  # each page shown by label
        assert len(labels) == min(4, 9 - start)
        assert page.remaining == max(0, 9 - start - 4)
        seen += [n.iri for n in page.neighbours]
    whole = next(g for g in full.groups if g.relation == MG + "decreases")
    assert sorted(seen) == sorted(n.iri for n in whole.neighbours)  # each link once

def test_a_class_lists_its_instances_as_incoming_type_links(memory_store: Store) -> None:
    # the eleven entities data/triples.ttl types `a mg:Drug`, counted by hand
    drugs = ["acyclovir", "baclofen", "cefuroxime", "cyclobenzaprine", "formoterol",
             "furosemide", "ibuprofen", "omeprazole", "prednisone", "theophylline",
             "tizanidine"]
    hood = neighbours(memory_store, MG + "Drug", direction="in")
    assert [(g.relation, g.relation_label, g.total) for g in hood.groups] == [
        (RDF_TYPE, "type", 11)]
    assert [n.label for n in hood.groups[0].neighbours] == drugs
    assert {n.type_label for n in hood.groups[0].neighbours} == {"drug"}
    capped = neighbours(memory_store, MG + "Drug", direction="in", limit=3)
    assert (len(capped.groups[0].neighbours), capped.groups[0].hidden) == (3, 8)
    # an entity's own class is what it is, not one of its links
    assert RDF_TYPE not in {g.relation for g in neighbours(memory_store, MGE + "acyclovir").groups}
