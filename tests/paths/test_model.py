"""What a path search returns: its JSON shape and its routes told as sentences."""

from __future__ import annotations

import json

from graph.paths import find_paths
from graph.stores.base import Store
from tests.paths.tiny import ACYCLOVIR, DEHYDRATION, SPASM, M


def test_json_shape(store: Store) -> None:
    data = find_paths(store, ACYCLOVIR, SPASM).to_json()
    json.dumps(data)  # serialisable as it is
    # one shape for an entity in every JSON answer: iri, label, type (class IRI), type_label
    assert data["source"] == {"iri": ACYCLOVIR, "label": "acyclovir", "type": M + "Drug",
                              "type_label": "Drug"}
    assert data["target"] == {"iri": SPASM, "label": "muscle spasm", "type": M + "Symptom",
                              "type_label": "Symptom"}
    assert {"paths", "queries", "notes", "hops_searched", "max_hops", "k"} <= set(data)
    paths = data["paths"]
    assert isinstance(paths, list)
    first = paths[0]
    assert {"nodes", "edges", "sign", "score", "sparql"} <= set(first)
    assert first["nodes"][0] == data["source"]
    edge = first["edges"][0]
    assert {"subject", "predicate", "predicate_label", "object", "sign", "evidence"} <= set(edge)
    assert (edge["predicate_label"], edge["sign"]) == ("has adverse effect", "+")
    # two claims behind E1, article before literature
    ungraded = dict.fromkeys(("citation", "quote_url", "section", "summary", "knowledge_level",
                              "agent_type", "hedge", "stance"))
    assert edge["evidence"] == [
        {"source": "Muscle Spasm: Causes, Relief & Management", "kind": "article", "url": None,
         "quote": "antivirals like acyclovir … can influence kidney function", **ungraded},
        {"source": "Acyclovir Nephrotoxicity: A Case Report", "kind": "literature",
         "url": "https://doi.org/10.1155/2010/602783",
         "quote": "Acyclovir can cause crystal nephropathy and acute kidney injury.",
         **ungraded},
    ]
    # E9 (associatedWith) has no claim
    assert first["edges"][2]["evidence"] == [{
        "source": "Muscle Spasm: Causes, Relief & Management", "kind": "article", "url": None,
        "quote": "low potassium or magnesium is the most frequent trigger", **ungraded}]
    assert paths[1]["edges"][2]["evidence"] == []
    assert isinstance(first["score"], float)
    queries = data["queries"]
    assert isinstance(queries, list)
    assert any("VALUES ?node { <" + ACYCLOVIR + "> }" in q for q in queries)


def test_sentences_and_describe(store: Store) -> None:
    result = find_paths(store, ACYCLOVIR, SPASM)
    assert result.sentences() == [
        "acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance"
        " → causes → muscle spasm (overall: increases; 3 links)",
        "acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance"
        " → associated with → hypokalemia → causes → muscle spasm (overall: unclear; 4 links)",
    ]
    text = result.as_text()
    assert text.splitlines()[0] == ("Routes from acyclovir to muscle spasm (following each "
                                    "link's direction, at most 4 links):")
    assert text.splitlines()[1].startswith("1. acyclovir → has adverse effect")
    single = find_paths(store, DEHYDRATION, SPASM, k=1)
    assert single.sentences() == [
        "dehydration → causes → muscle spasm (overall: increases; 1 link)"]
