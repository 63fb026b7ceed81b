"""Real clients against the endpoint: SPARQLWrapper in every form and format, and rdflib's
SPARQLStore."""

from __future__ import annotations

import io
import urllib.error

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph.namespaces import DATA_GRAPH
from tests.background_server import BackgroundServer
from tests.server.support import ASK, CARTESIAN, CONSTRUCT, DEHYDRATION, DESCRIBE, MG, MGE, SELECT


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_sparqlwrapper_every_form(server: BackgroundServer, method: str) -> None:
    client = SPARQLWrapper(server.url)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    else:
        client.setMethod(method)

    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    select = client.query().convert()
    assert isinstance(select, dict)
    assert [b["l"]["value"] for b in select["results"]["bindings"]] == ["muscle spasm"]

    client.setQuery(ASK)
    ask = client.query().convert()
    assert isinstance(ask, dict)
    assert ask["boolean"] is True

    for fmt in (TURTLE, XML, JSONLD, N3):
        client.setQuery(CONSTRUCT)
        client.setReturnFormat(fmt)
        converted = client.query().convert()
        if isinstance(converted, bytes):  # Turtle and N3 come back as bytes
            converted = Graph().parse(data=converted.decode(), format="turtle")
        assert isinstance(converted, Graph), fmt
        assert DEHYDRATION in converted, fmt

    client.setQuery(DESCRIBE)
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert isinstance(turtle, bytes)
    described = Graph().parse(data=turtle.decode(), format="turtle")
    assert any(described.triples((URIRef(MGE + "hypocalcemia"), None, None)))


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_sparqlwrapper_tabular_formats(server: BackgroundServer, fmt: str) -> None:
    client = SPARQLWrapper(server.url)
    client.setQuery(SELECT)
    client.setReturnFormat(fmt)
    response = client.query()
    body = response.response.read()
    parsed = Result.parse(io.BytesIO(body), format={XML: "xml", CSV: "csv", TSV: "tsv"}[fmt])
    assert str(next(iter(parsed))[0]) == "muscle spasm"  # type: ignore[index]


def test_sparqlwrapper_sees_the_refusals(server: BackgroundServer) -> None:
    client = SPARQLWrapper(server.url)
    client.setQuery("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed):
        client.query()
    client.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryBadFormed, match="SERVICE"):
        client.query()
    client.setQuery(CARTESIAN)
    client.addParameter("timeout", "0.3")
    with pytest.raises(urllib.error.HTTPError) as caught:  # SPARQLWrapper maps no 503
        client.query()
    assert caught.value.code == 503


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore(server: BackgroundServer, method: str) -> None:
    store = SPARQLStore(server.url, method=method)  # asks for SPARQL XML or RDF/XML
    union = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    labels = [row[0] for row in union.query(SELECT)]  # type: ignore[index]
    assert labels == [Literal("muscle spasm", lang="en")]
    assert union.query(f"ASK {{ <{MGE}acyclovir> <{MG}hasAdverseEffect> "
                       f"<{MGE}acute_kidney_injury> }}").askAnswer is True
    assert (URIRef(MGE + "muscle_spasm"), RDFS.label,
            Literal("muscle spasm", lang="en")) in union
    constructed = union.query(f"CONSTRUCT {{ ?s <{MG}causes> <{MGE}muscle_spasm> }} "
                              f"WHERE {{ ?s <{MG}causes> <{MGE}muscle_spasm> }}")
    assert DEHYDRATION in constructed.graph  # type: ignore[operator]
    # a named graph of the store, asked for through default-graph-uri
    curated = Graph(store=store, identifier=URIRef(DATA_GRAPH))
    assert len(list(curated.triples((URIRef(MGE + "muscle_spasm"), RDFS.label, None)))) == 1
    store.close()


def test_rdflib_sparqlstore_lists_the_named_graphs(server: BackgroundServer) -> None:
    store = SPARQLStore(server.url, returnFormat="json")
    assert [str(g) for g in store.contexts()] == [DATA_GRAPH]
