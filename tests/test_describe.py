"""Entity cards: identifiers with registry links, evidence per link."""

from __future__ import annotations

import pytest

from graph.describe import describe
from graph.errors import NodeNotFound
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"


def test_muscle_spasm_card(memory_store: Store) -> None:
    card = describe(memory_store, MGE + "muscle_spasm")
    assert card.label == "muscle spasm"
    assert card.type == "mg:Symptom"
    assert "cramp" in card.synonyms
    assert card.definition
    by_curie = {i.curie: i for i in card.identifiers}
    assert by_curie["HP:0003394"].iri == "http://purl.obolibrary.org/obo/HP_0003394"
    assert by_curie["HP:0003394"].match == "exact"


def test_acyclovir_kidney_link_rests_on_the_literature(memory_store: Store) -> None:
    card = describe(memory_store, MGE + "acyclovir")
    evidence = card.evidence_of(MGE + "acyclovir", MG + "hasAdverseEffect",
                                MGE + "acute_kidney_injury")
    kinds = {e.kind for e in evidence}
    # the article only says acyclovir "can influence kidney function": not this link
    assert kinds == {"literature"}
    assert all(e.knowledge_level and e.quote_url for e in evidence)
    assert any(e.url and "10.1155/2010/602783" in e.url for e in evidence)
    as_json = card.to_json()
    links = as_json["links"]
    assert isinstance(links, dict)
    group = next(g for g in links["groups"] if g["relation"] == MG + "hasAdverseEffect")
    assert group["neighbours"][0]["evidence"]


def test_unknown_entity(memory_store: Store) -> None:
    with pytest.raises(NodeNotFound):
        describe(memory_store, "urn:nothing")
