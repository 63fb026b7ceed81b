"""Acceptance on a real public graph (schema.org's SHACL shapes, tests/public_graph.py).

Through what a person uses: the CLI, the SPARQL endpoint and the app (AppTest; the browser
test is in tests/browser/). The expected counts are read from the file with rdflib, so the
tests follow the file pySHACL ships rather than numbers written down here.
"""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef
from streamlit.testing.v1 import AppTest

from graph.cli import main
from graph.server import create_app
from graph.stores import open_store
from myograph_app.state import md
from tests.apptest import page_text, run_app
from tests.background_server import BackgroundServer
from tests.public_graph import SCHEMA, SH, public_graph


@pytest.fixture(scope="module")
def parsed() -> Graph:
    return Graph().parse(public_graph())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An Oxigraph store the CLI's own ``load`` filled with the public graph."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('public') / 'db'}"
    result = CliRunner().invoke(main, ["--store", spec, "load", str(public_graph())])
    assert result.exit_code == 0, result.output
    return spec


def _cli(store: str, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_stats_count_its_entities_and_relations(store: str, parsed: Graph) -> None:
    stats = json.loads(_cli(store, "stats", "--format", "json")[0])
    assert stats["triples"] == len(parsed)
    assert stats["entities"] == len(set(parsed.subjects(RDF.type, None)))  # typed nodes
    assert stats["causal_vocabulary"] is False
    assert stats["causal_links"] == 0
    assert stats["links"] > 5_000
    assert stats["relations"] >= 8
    classes = {c["iri"]: c for c in stats["by_class"]}  # one shape: full IRI, label, count
    shapes = len(set(parsed.subjects(RDF.type, URIRef(f"{SH}PropertyShape"))))
    assert classes[f"{SH}PropertyShape"] == {"iri": f"{SH}PropertyShape",
                                             "label": "PropertyShape", "count": shapes}
    relations = {r["iri"]: r["label"] for r in stats["by_relation"]}
    assert relations[f"{SCHEMA}isPartOf"] == "isPartOf"
    assert not [c for c in stats["by_class"] if c["iri"].startswith("<")]
    text = _cli(store, "stats")[0]
    assert "none declared (the graph's own relations below)" in text
    counted = [line for line in text.split("by class:")[1].splitlines()
               if line.startswith("  ")]
    assert len({len(line) for line in counted}) == 1  # long class names keep counts in line
    profile = json.loads(_cli(store, "profile", "--format", "json")[0])
    assert {f"{SH}property", f"{SH}class", f"{SCHEMA}isPartOf"} <= set(profile["relations"])
    assert not {"rdf:rest", "rdf:first"} & set(profile["relations"])  # RDF list cells
    assert profile["labels"] == ["rdfs:label"]


def test_path_finds_routes_with_no_flags(store: str) -> None:
    out, err = _cli(store, "path", "Muscle", "Medical condition")
    assert "1. Muscle → " in out
    note = "this graph declares no causal relations, so routes follow any relation"
    assert note in out + err
    assert "relations=" not in out + err  # no Python syntax
    routes = json.loads(_cli(store, "path", "Muscle", "Medical condition",
                             "--format", "json")[0])
    first = routes["paths"][0]["nodes"]
    assert (first[0]["iri"], first[-1]["iri"]) == (f"{SCHEMA}Muscle", f"{SCHEMA}MedicalCondition")


@pytest.mark.parametrize(("name", "iri"), [
    ("Muscle", f"{SCHEMA}Muscle"),  # "Musculoskeletal" and "Musculoskeletal exam" are near
    ("Medical condition", f"{SCHEMA}MedicalCondition"),  # "Medical condition stage" too
    ("medical condition", f"{SCHEMA}MedicalCondition"),
])
def test_an_exact_label_resolves_to_its_entity(store: str, name: str, iri: str) -> None:
    described = json.loads(_cli(store, "describe", name, "--format", "json")[0])
    assert described["iri"] == iri
    hits = json.loads(_cli(store, "search", name, "--format", "json")[0])
    assert (hits[0]["iri"], hits[0]["tier"]) == (iri, "exact")


def test_search_neighbours_and_describe(store: str) -> None:
    assert _cli(store, "search", "musle")[0].startswith("Muscle")  # a misspelling
    hood = json.loads(_cli(store, "neighbours", "Muscle", "--format", "json")[0])
    links = {(g["direction"], g["relation_label"]): [n["iri"] for n in g["neighbours"]]
             for g in hood["groups"]}
    assert links[("out", "subClassOf")] == [f"{SCHEMA}AnatomicalStructure"]
    assert f"{SCHEMA}Muscle-insertion" in links[("out", "property")]
    shape = {n["iri"]: n for g in hood["groups"] for n in g["neighbours"]}[
        f"{SCHEMA}Muscle-insertion"]
    # unlabelled: named by a CURIE of the file's own prefix for http://schema.org/ (it calls
    # it schema:, which here is https://schema.org/, so it is schema2:), its class looked up
    assert (shape["label"], shape["type"], shape["type_label"]) == (
        "schema2:Muscle-insertion", f"{SH}PropertyShape", "PropertyShape")
    text = _cli(store, "neighbours", "Muscle")[0]
    assert "schema2:Muscle-insertion  [PropertyShape]" in text
    assert "<http" not in text
    assert "no class" not in text.split("→ property")[1].split("→")[0]
    routes = json.loads(_cli(store, "path", "Muscle", "Medical condition", "--format",
                             "json")[0])
    shapes = [n for r in routes["paths"] for n in r["nodes"] if "-" in n["iri"]]
    assert shapes  # the routes go through property shapes, named as neighbours names them
    assert all((n["label"], n["type"]) == (f"schema2:{n['iri'].removeprefix(SCHEMA)}",
                                           f"{SH}PropertyShape") for n in shapes)
    back = json.loads(_cli(store, "neighbours", "schema2:Muscle-insertion", "--format",
                           "json")[0])
    assert back["iri"] == f"{SCHEMA}Muscle-insertion"  # a name shown can be typed back
    assert back["label"] == "schema2:Muscle-insertion"
    # the http schema: written as a reader of schema.org would still finds it
    again = json.loads(_cli(store, "neighbours", "schema:Muscle-insertion", "--format",
                            "json")[0])
    assert again["iri"] == back["iri"]
    card = _cli(store, "describe", "Muscle")[0]
    assert "A muscle is an anatomical structure" in card
    assert "Anatomical structure" in card


def test_a_class_seen_only_as_a_type_is_an_entity_with_its_instances(store: str,
                                                                      parsed: Graph) -> None:
    shape = URIRef(f"{SH}PropertyShape")
    assert not list(parsed.predicate_objects(shape))  # it has no statements of its own
    instances = sorted(str(s) for s in parsed.subjects(RDF.type, shape))
    assert len(instances) == 2053
    named = sorted(i.replace(SCHEMA, "schema2:") for i in instances)  # unlabelled: by CURIE
    text = _cli(store, "neighbours", "sh:PropertyShape", "--limit", "2")[0]
    lines = text.splitlines()
    assert lines[:2] == ["sh:PropertyShape", "  ← type (2053)"]
    # more than 100 links: a page in the store's order, the next page's command given
    page = [line.strip().removesuffix("  [PropertyShape]") for line in lines[2:4]]
    assert set(page) <= set(named)
    assert page == sorted(page, key=str.casefold)
    assert lines[4].startswith("      … showing 1–2 of 2,053 in the store's order")
    assert lines[4].endswith("--offset 2")
    assert len(lines) == 5
    hood = json.loads(_cli(store, "neighbours", "sh:PropertyShape", "--format", "json",
                           "--limit", "5000")[0])
    assert hood["iri"] == str(shape)
    assert [(g["direction"], g["relation"], g["total"]) for g in hood["groups"]] == [
        ("in", str(RDF.type), len(instances))]
    assert sorted(n["iri"] for n in hood["groups"][0]["neighbours"]) == instances
    card = json.loads(_cli(store, "describe", f"<{shape}>", "--format", "json")[0])
    assert (card["label"], card["type"]) == ("sh:PropertyShape", "")
    assert card["links"]["groups"][0]["total"] == len(instances)


def test_the_endpoint_answers_a_query_on_it(store: str) -> None:
    query = (f"SELECT ?label WHERE {{ ?muscle rdfs:subClassOf <{SCHEMA}AnatomicalStructure> ;"
             " rdfs:label ?label } ORDER BY ?label")
    opened = open_store(store)
    try:
        with (BackgroundServer(create_app(opened)) as server,
              httpx.Client(trust_env=False, timeout=20) as http):
            answer = http.get(server.url, params={"query": query},
                              headers={"Accept": "application/sparql-results+json"})
    finally:
        opened.close()
    assert answer.status_code == 200
    labels = [b["label"]["value"] for b in answer.json()["results"]["bindings"]]
    assert "Muscle" in labels


@pytest.fixture
def app_store(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYOGRAPH_STORE", store)


def _text(at: AppTest) -> str:
    """The page's text and the sidebar's captions (where the store is named)."""
    return "\n".join([page_text(at), *(str(c.value) for c in at.sidebar.caption)])


@pytest.mark.usefixtures("app_store")
def test_the_app_speaks_neutrally_of_it() -> None:
    at = run_app()
    text = _text(at)
    assert "muscle spasm" not in text.casefold()
    assert "Explore this graph" in text
    at = run_app(view="explore", node="Muscle")
    assert [h.value for h in at.subheader][:1] == ["Muscle"]
    text = _text(at)
    assert "muscle spasm" not in text.casefold()
    assert "'cramp'" not in text
    legend = next(c.value for c in at.caption if str(c.value).startswith("Legend: "))
    assert "not causal" not in legend
    assert "class, isPartOf, property, subClassOf" in legend  # its own relations, by name
    links = [str(m.value) for m in at.markdown if str(m.value).startswith("→ ")]
    assert f"→ **{md('schema2:Muscle-insertion')}** · PropertyShape" in links
    assert not [line for line in links if "http" in line or line.endswith("· ")]
    assert f"{md('PropertyShape (')}" in legend  # the network's nodes have the class too
    at = run_app(view="explore", node="sh:PropertyShape")  # a class with instances only
    assert [h.value for h in at.subheader][:1] == [md("sh:PropertyShape")]
    links = [str(m.value) for m in at.markdown if str(m.value).startswith("← ")]
    assert len(links) == 50  # the first page of its 2,053 instances
    assert all(line.endswith("** · PropertyShape") and "schema2" in line for line in links)
    assert "no entity" not in _text(at)
    at = run_app(view="trace", source="Muscle", target="Medical condition")
    hints = [json.loads(e.proto.json)["hint"] for e in at.get("bidi_component")
             if e.key in ("trace_from", "trace_to")]
    assert len(hints) == 2
    assert all(h.startswith("Labels, synonyms and identifiers work.") for h in hints)
    assert not any("Everyday words" in h for h in hints)  # the curated graph's lay words only
    text = _text(at)
    assert "routes follow any relation" in text
    assert "Route 1" in text
    assert "no source recorded" in text  # the graph records none: no "lay article" to rest on
    assert "lay article" not in text
    at = run_app(view="data")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Entities"] != "0"
    assert metrics["Links"] != "0"


def test_the_graph_is_the_one_described(parsed: Graph) -> None:
    # what tests/public_graph.py says of it; no myograph term anywhere
    assert (URIRef(f"{SCHEMA}Muscle"), RDF.type, URIRef(f"{SH}NodeShape")) in parsed
    assert not [t for t in parsed if any("myograph" in str(x) for x in t)]
