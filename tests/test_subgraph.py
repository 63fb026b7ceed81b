"""graph.subgraph: neighbourhoods merged and filtered without Streamlit, hand-counted on
tests/fixtures/tiny.ttl (its header numbers the links E1…E20).

hypokalemia: out causes → muscle spasm (E11), muscle weakness (E10); in associated with ←
electrolyte imbalance (E9). electrolyte imbalance: out associated with → hypokalemia (E9),
causes → muscle spasm (E8); in causes ← acute kidney injury (E4), contributes to ←
dehydration (E5).
"""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import MyographError, NodeNotFound
from graph.namespaces import MG
from graph.neighbours import Neighbourhood, neighbours
from graph.stores import Store, open_store
from graph.subgraph import Subgraph, graph_node, merge_neighbourhoods, relation_signs
from tests.conftest import FIXTURES

MGE = "https://w3id.org/myograph/entity/"
HYPO, IMBALANCE = MGE + "hypokalemia", MGE + "electrolyte_imbalance"


@pytest.fixture(scope="module")
def tiny() -> Store:
    return open_store(f"memory:{FIXTURES / 'tiny.ttl'}")


@pytest.fixture(scope="module")
def both(tiny: Store) -> Subgraph:
    return merge_neighbourhoods(tiny, [HYPO, IMBALANCE])


def _labels(sub: Subgraph) -> list[str]:
    return [n.label for n in sub.nodes]


def _links(sub: Subgraph) -> list[tuple[str, str, str, str]]:
    names = {n.iri: n.label for n in sub.nodes}
    return [(names[e.source], e.relation_label, names[e.target], e.sign) for e in sub.links()]


def test_one_centre_is_its_neighbourhood(tiny: Store) -> None:
    sub = merge_neighbourhoods(tiny, [HYPO])
    assert _labels(sub) == ["hypokalemia", "muscle spasm", "muscle weakness",
                            "electrolyte imbalance"]
    assert _links(sub) == [("hypokalemia", "causes", "muscle spasm", "+"),
                           ("hypokalemia", "causes", "muscle weakness", "+"),
                           ("electrolyte imbalance", "associated with", "hypokalemia", "?")]
    assert sub.hidden == 0
    assert sub.sparql == (neighbours(tiny, HYPO).sparql,)


def test_two_centres_merge_their_nodes_and_links(both: Subgraph) -> None:
    # 4 nodes around hypokalemia, then acute kidney injury and dehydration
    assert _labels(both) == ["hypokalemia", "muscle spasm", "muscle weakness",
                             "electrolyte imbalance", "acute kidney injury", "dehydration"]
    # 3 + 4 links; E9 is in both neighbourhoods: 7 edges, 6 links
    assert len(both.edges) == 7
    assert _links(both)[3:] == [("electrolyte imbalance", "causes", "muscle spasm", "+"),
                                ("acute kidney injury", "causes", "electrolyte imbalance", "+"),
                                ("dehydration", "contributes to", "electrolyte imbalance", "+")]
    assert both.centres == (HYPO, IMBALANCE)
    assert len(both.sparql) == 2
    assert both.class_names() == {str(MG.Disease): "Disease", str(MG.Symptom): "Symptom"}
    assert both.relation_names() == {str(MG.causes): "causes",
                                     str(MG.associatedWith): "associated with",
                                     str(MG.contributesTo): "contributes to"}


def test_the_limit_counts_what_it_leaves_out(tiny: Store) -> None:
    # one link per relation: hypokalemia's second "causes" link is left out
    sub = merge_neighbourhoods(tiny, [HYPO, IMBALANCE], limit=1)
    assert sub.hidden == 1
    assert "muscle weakness" not in _labels(sub)


def test_direction_and_relations_apply_to_every_centre(tiny: Store) -> None:
    out = merge_neighbourhoods(tiny, [HYPO, IMBALANCE], direction="out")
    assert len(out.links()) == 4  # E10, E11; E9, E8
    caused = merge_neighbourhoods(tiny, [HYPO, IMBALANCE], relations=[str(MG.causes)])
    assert {r for _, r, _, _ in _links(caused)} == {"causes"}
    assert len(caused.links()) == 4  # E10, E11; E8, E4


def test_filtering_by_class_keeps_the_centres(both: Subgraph) -> None:
    symptoms = both.filtered(classes=[str(MG.Symptom)])
    # the centres (diseases) stay; acute kidney injury and dehydration go with their links
    assert _labels(symptoms) == ["hypokalemia", "muscle spasm", "muscle weakness",
                                 "electrolyte imbalance"]
    assert len(symptoms.links()) == 4  # E11, E10, E9, E8
    assert symptoms.hidden == both.hidden
    assert symptoms.sparql == both.sparql


def test_filtering_by_relation_drops_the_nodes_no_kept_link_touches(both: Subgraph) -> None:
    caused = both.filtered(relations=[str(MG.causes)])
    assert [label for _, label, _, _ in _links(caused)] == ["causes"] * 4  # E11 E10 E8 E4
    assert "dehydration" not in _labels(caused)
    assert len(caused.nodes) == 5
    # a centre stays even when none of its links is kept
    only = both.filtered(relations=[str(MG.contributesTo)])
    assert _labels(only) == ["hypokalemia", "electrolyte imbalance", "dehydration"]
    # nothing chosen: everything
    assert both.filtered() == both


def test_a_centre_that_cannot_be_read_is_reported_or_raised(tiny: Store) -> None:
    heard: list[MyographError] = []
    sub = merge_neighbourhoods(tiny, ["urn:x:nothing", HYPO], on_error=heard.append)
    assert [type(e) for e in heard] == [NodeNotFound]
    assert sub.nodes[0].iri == "urn:x:nothing"  # the focus is still drawn
    assert len(sub.links()) == 3
    with pytest.raises(NodeNotFound):
        merge_neighbourhoods(tiny, [HYPO, "urn:x:nothing"])


def test_a_neighbourhood_at_hand_saves_its_query(tiny: Store,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.subgraph

    asked: list[str] = []

    def counting(store: Store, iri: str, **kwargs: Any) -> Neighbourhood:
        asked.append(iri)
        return neighbours(store, iri, **kwargs)

    monkeypatch.setattr(graph.subgraph, "neighbours", counting)
    card = neighbours(tiny, HYPO, limit=50)
    merged = merge_neighbourhoods(tiny, [HYPO, IMBALANCE], reuse=card)
    assert asked == [IMBALANCE]
    assert merged == merge_neighbourhoods(tiny, [HYPO, IMBALANCE])
    asked.clear()
    # too few links shown to serve a larger limit, or another direction: asked again
    merge_neighbourhoods(tiny, [HYPO], reuse=neighbours(tiny, HYPO, limit=1), limit=2)
    merge_neighbourhoods(tiny, [HYPO], reuse=card, direction="out")
    assert asked == [HYPO, HYPO]


def test_a_centre_named_twice_is_merged_once(tiny: Store) -> None:
    sub = merge_neighbourhoods(tiny, [HYPO, HYPO])
    assert sub.centres == (HYPO,)
    assert len(sub.edges) == 3


def test_signs_nodes_and_json(tiny: Store, both: Subgraph) -> None:
    signs = relation_signs(tiny)
    assert (signs[str(MG.causes)], signs[str(MG.treats)], signs[str(MG.associatedWith)]) == (
        "+", "-", "?")
    assert str(MG.inClass) not in signs  # not causal: no sign
    node = graph_node(tiny, HYPO)
    assert (node.label, node.type, node.type_label) == ("hypokalemia", str(MG.Disease),
                                                        "Disease")
    data = both.to_json()
    assert data["centres"] == [HYPO, IMBALANCE]
    assert len(data["nodes"]) == 6  # type: ignore[arg-type]
    assert len(data["links"]) == 6  # type: ignore[arg-type]
    assert data["links"][0] == {  # type: ignore[index]
        "source": HYPO, "relation": str(MG.causes), "relation_label": "causes",
        "target": MGE + "muscle_spasm", "sign": "+"}
