"""Search by everyday words, ranking tiers, and entity resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import AmbiguousEntity, NodeNotFound
from graph.search import normalise, resolve, search
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"


@pytest.mark.parametrize(("text", "entity", "tier"), [
    ("cramp", "muscle_spasm", "exact"),
    ("Charley-Horse", "muscle_spasm", "exact"),
    ("low potassium", "hypokalemia", "exact"),
    ("hypokalaemia", "hypokalemia", "exact"),  # a British spelling the data lists
    ("cefuroxim", "cefuroxime", "prefix"),
    ("HP:0003394", "muscle_spasm", "exact"),
    ("http://purl.obolibrary.org/obo/HP_0003394", "muscle_spasm", "exact"),
    ("drugbank:DB00787", "acyclovir", "exact"),
    ("mge:copd", "copd", "exact"),
    ("COPD", "copd", "exact"),
    ("acyclovr", "acyclovir", "fuzzy"),
    ("thyroid removal", "thyroidectomy", "prefix"),
])
def test_everyday_words_find_the_right_entity_first(memory_store: Store, text: str,
                                                    entity: str, tier: str) -> None:
    hits = search(memory_store, text)
    assert hits, text
    assert hits[0].iri == MGE + entity
    assert hits[0].tier == tier


def test_hits_carry_what_matched_and_the_class(memory_store: Store) -> None:
    hit = search(memory_store, "cramp")[0]
    assert hit.to_json() == {
        "iri": MGE + "muscle_spasm", "label": "muscle spasm",
        "type": "https://w3id.org/myograph/vocab#Symptom",
        "type_label": "symptom", "matched": "cramp", "kind": "synonym", "tier": "exact",
        "score": 1.0,
    }


def test_one_hit_per_entity_and_tiers_in_order(memory_store: Store) -> None:
    hits = search(memory_store, "hypo", limit=20)
    assert len({h.iri for h in hits}) == len(hits)
    order = ["exact", "prefix", "word", "fuzzy"]
    assert [order.index(h.tier) for h in hits] == sorted(order.index(h.tier) for h in hits)


def test_nothing_found(memory_store: Store) -> None:
    assert search(memory_store, "zzzzqqqq") == []
    assert search(memory_store, "   ") == []


def test_normalise_folds_case_accents_and_hyphens() -> None:
    assert normalise("Hypokaliämie") == "hypokaliamie"
    assert normalise("over-the-counter") == "over the counter"
    assert normalise("Anti‑spasmodic") == "anti spasmodic"  # U+2011 non-breaking hyphen


def test_resolve_names_iris_and_curies(memory_store: Store) -> None:
    assert resolve(memory_store, "cramp") == MGE + "muscle_spasm"
    assert resolve(memory_store, MGE + "copd") == MGE + "copd"
    assert resolve(memory_store, f"<{MGE}copd>") == MGE + "copd"
    assert resolve(memory_store, "mge:acyclovir") == MGE + "acyclovir"


def test_resolve_refuses_an_ambiguous_name_and_lists_candidates(memory_store: Store) -> None:
    with pytest.raises(AmbiguousEntity) as caught:
        resolve(memory_store, "hypo")
    iris = [iri for iri, _label in caught.value.candidates]
    assert MGE + "hypokalemia" in iris
    assert MGE + "hypocalcemia" in iris


def test_resolve_unknown(memory_store: Store) -> None:
    with pytest.raises(NodeNotFound, match="zzzz"):
        resolve(memory_store, "zzzz")


def test_the_index_is_rebuilt_when_the_store_changes() -> None:
    from graph.loading import load_bytes
    from graph.stores import open_store

    store = open_store("memory")
    assert search(store, "zebra twitch") == [] or search(store, "zebra twitch")[0].tier != "exact"
    load_bytes(store, b'<urn:ex:z> <http://www.w3.org/2000/01/rdf-schema#label> "zebra twitch" .',
               "z.nt")
    assert search(store, "zebra twitch")[0].iri == "urn:ex:z"


def test_an_exact_name_wins_over_names_that_only_resemble_it(tmp_path: Path) -> None:
    # Two entities labelled alike but for case, a third whose synonym is the same words,
    # and a fourth that only starts the same: the name as written picks its own entity, and
    # a name shared exactly (but for case) lists only the exact rivals.
    from graph.stores import open_store

    data = tmp_path / "names.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<urn:x:a> rdfs:label "Muscle Spasticity" .\n'
        '<urn:x:b> rdfs:label "Muscle spasticity" .\n'
        '<urn:x:c> rdfs:label "Muscle spasms" ; skos:altLabel "muscle spasticity" .\n'
        '<urn:x:d> rdfs:label "Muscle spasticity of the leg" .\n', encoding="utf-8")
    store = open_store(f"memory:{data}")
    assert resolve(store, "Muscle Spasticity") == "urn:x:a"
    assert resolve(store, "Muscle spasticity") == "urn:x:b"
    with pytest.raises(AmbiguousEntity) as caught:
        resolve(store, "MUSCLE SPASTICITY")
    assert sorted(iri for iri, _label in caught.value.candidates) == ["urn:x:a", "urn:x:b"]
