"""What the endpoint tests share: the queries they ask, the formats they expect, and checks of
a refusal (its body shape) and of the canary (whether anybody called it)."""

from __future__ import annotations

import socket

import httpx
from rdflib import Graph, URIRef

from tests.conftest import DATA

__all__ = ["ASK", "CARTESIAN", "CONSTRUCT", "CURATED_TRIPLES", "DEHYDRATION", "DESCRIBE",
           "FORMATS", "GRAPHS", "MAX_ROWS", "MG", "MGE", "SELECT", "TABULAR", "TIMEOUT",
           "error_body", "was_called"]

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"
FORMATS = "http://www.w3.org/ns/formats/"
TIMEOUT = 3.0
MAX_ROWS = 1000
"""Below the triples of data/triples.ttl (over 3,000), so ``?s ?p ?o`` is cut."""
CURATED_TRIPLES = len(Graph().parse(DATA))
"""How many triples the curated graph holds (counted, not written down: the data grows)."""
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

SELECT = "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }"
ASK = "ASK { mge:acyclovir mg:hasAdverseEffect mge:acute_kidney_injury }"
CONSTRUCT = ("CONSTRUCT { ?s mg:causes mge:muscle_spasm } "
             "WHERE { ?s mg:causes mge:muscle_spasm }")
DESCRIBE = "DESCRIBE mge:hypocalcemia"
DEHYDRATION = (URIRef(MGE + "hypokalemia"), URIRef(MG + "causes"), URIRef(MGE + "muscle_spasm"))
"""A triple the CONSTRUCT above returns (the name is historical)."""

TABULAR = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPHS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def was_called(listener: socket.socket) -> bool:
    """Whether anybody connected to the canary ``listener`` (and so reached outside)."""
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def error_body(response: httpx.Response) -> dict[str, object]:
    """The body of a refusal, checked for the one error shape (and no traceback)."""
    body: dict[str, object] = response.json()
    assert set(body) >= {"status", "error", "message"}
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text
    return body
