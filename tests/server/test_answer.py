"""Answers written for the client: every query form in every format it offers, parsed back with
rdflib; relative IRIs, a cut answer, and an answer a format cannot carry."""

from __future__ import annotations

import io

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from graph.server import TRUNCATED_HEADER, create_app
from graph.stores import open_store
from tests.background_server import BackgroundServer
from tests.server.support import (
    ASK,
    CONSTRUCT,
    DEHYDRATION,
    DESCRIBE,
    GRAPHS,
    MAX_ROWS,
    MGE,
    SELECT,
    TABULAR,
    TIMEOUT,
)


@pytest.mark.parametrize("media", list(TABULAR))
def test_select_in_every_results_format(server: BackgroundServer, http: httpx.Client,
                                        media: str) -> None:
    response = http.get(server.url, params={"query": SELECT}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    result = Result.parse(io.BytesIO(response.content), format=TABULAR[media])
    values = [row[0] for row in result]  # type: ignore[index]
    if media == "text/csv":  # CSV drops the language tag, by design of the format
        assert values == [Literal("muscle spasm")]
    else:
        assert values == [Literal("muscle spasm", lang="en")]


def test_json_carries_every_kind_of_term_as_rdflib_writes_it(server: BackgroundServer,
                                                              http: httpx.Client) -> None:
    # Oxigraph's answers are written from the workers' packed terms, not rdflib's terms
    query = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { (<urn:a> "plain") ("spasm"@en UNDEF) '
             '("2.5"^^xsd:decimal "x"^^xsd:string) (true "2020-01-01"^^xsd:date) } }')
    response = http.get(server.url, params={"query": query},
                        headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert response.json()["results"]["bindings"] == [
        {"x": {"type": "uri", "value": "urn:a"}, "y": {"type": "literal", "value": "plain"}},
        {"x": {"type": "literal", "value": "spasm", "xml:lang": "en"}},
        {"x": {"type": "literal", "value": "2.5", "datatype": xsd + "decimal"},
         "y": {"type": "literal", "value": "x"}},
        {"x": {"type": "literal", "value": "true", "datatype": xsd + "boolean"},
         "y": {"type": "literal", "value": "2020-01-01", "datatype": xsd + "date"}},
    ]


@pytest.mark.parametrize("media", ["application/sparql-results+json",
                                   "application/sparql-results+xml"])
def test_ask_in_json_and_xml(server: BackgroundServer, http: httpx.Client, media: str) -> None:
    response = http.post(server.url, data={"query": ASK}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert Result.parse(io.BytesIO(response.content), format=TABULAR[media]).askAnswer is True


@pytest.mark.parametrize("media", list(GRAPHS))
@pytest.mark.parametrize("text", [CONSTRUCT, DESCRIBE])
def test_construct_and_describe_in_every_graph_format(server: BackgroundServer,
                                                      http: httpx.Client, media: str,
                                                      text: str) -> None:
    response = http.post(server.url, content=text.encode(),
                         headers={"Content-Type": "application/sparql-query", "Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.text, format=GRAPHS[media])
    if text == CONSTRUCT:
        assert DEHYDRATION in graph
    else:
        assert any(graph.triples((URIRef(MGE + "hypocalcemia"), None, None)))


@pytest.mark.parametrize("media", list(GRAPHS))
def test_relative_iris_resolve_against_the_endpoint(server: BackgroundServer,
                                                    http: httpx.Client, media: str) -> None:
    response = http.post(server.url, data={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                         headers={"Accept": media})
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format=GRAPHS[media])
    base = server.url.rsplit("/", 1)[0]
    assert [(str(s), str(p)) for s, p, _o in graph] == [(f"{base}/s", f"{base}/p")]


def test_truncation_is_reported(server: BackgroundServer, http: httpx.Client) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"
    response = http.get(server.url, params={"query": everything})
    assert response.headers[TRUNCATED_HEADER] == "true"
    body = response.json()
    assert body["myograph"] == {"truncated": True, "max_rows": MAX_ROWS}
    parsed = Result.parse(io.BytesIO(response.content), format="json")
    assert len(parsed.bindings) == MAX_ROWS
    as_csv = http.get(server.url, params={"query": everything}, headers={"Accept": "text/csv"})
    assert as_csv.headers[TRUNCATED_HEADER] == "true"
    assert len(as_csv.text.strip().splitlines()) == MAX_ROWS + 1
    small = http.get(server.url, params={"query": SELECT})
    assert small.headers[TRUNCATED_HEADER] == "false"
    assert "myograph" not in small.json()


@pytest.mark.parametrize(("query", "accept"), [
    ('CONSTRUCT { ?s <urn:p> 1 } WHERE { BIND(IRI("urn:a b<c>") AS ?s) }', "text/turtle"),
    ('CONSTRUCT { ?s <urn:p> 1 } WHERE { BIND(IRI("urn:a b<c>") AS ?s) }',
     "application/n-triples"),
    ('SELECT ?s WHERE { BIND(IRI("urn:a b<c>") AS ?s) }', "text/tab-separated-values"),
])
def test_an_answer_the_format_cannot_carry_is_a_400_that_says_why(
        http: httpx.Client, query: str, accept: str) -> None:
    # issue 21: an IRI with spaces made these a 500 "internal error" (rdflib's engine builds
    # such values; Oxigraph's IRI() refuses spaces)
    app = create_app(open_store("memory"), timeout=TIMEOUT, max_rows=MAX_ROWS)
    with BackgroundServer(app) as server:
        answer = http.get(server.url, params={"query": query}, headers={"Accept": accept})
    assert answer.status_code == 400
    assert answer.json()["error"] == "UnwritableAnswer"
    assert "cannot write" in answer.json()["message"]
