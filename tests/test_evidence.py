"""Claims behind links: one shape for every view, article and literature kept apart."""

from __future__ import annotations

from graph.evidence import claims_between, claims_touching
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"


def test_claims_touching_return_their_query(memory_store: Store) -> None:
    found, text = claims_touching(memory_store, [MGE + "copd"])
    link = (MGE + "copd", MG + "causes", MGE + "hypoxemia")
    assert [e.kind for e in found[link]] == ["article", "literature"]
    assert "<https://w3id.org/myograph/entity/copd>" in text


def test_claims_between_keep_only_links_among_the_nodes(memory_store: Store) -> None:
    nodes = [MGE + "acyclovir", MGE + "acute_kidney_injury"]
    found, _text = claims_between(memory_store, nodes)
    assert set(found) == {(MGE + "acyclovir", MG + "hasAdverseEffect",
                           MGE + "acute_kidney_injury")}
    evidence = found[(MGE + "acyclovir", MG + "hasAdverseEffect", MGE + "acute_kidney_injury")]
    assert {e.kind for e in evidence} == {"article", "literature"}
    assert any(e.url and "10.1155/2010/602783" in e.url for e in evidence)
    assert evidence[0].to_json().keys() == {"source", "kind", "url", "quote"}
