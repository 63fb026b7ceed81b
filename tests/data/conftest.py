"""The curated graph and its shapes, parsed once a module, and what the tests read off them."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.query import ResultRow

from tests.data.curated import DATA, ENTITY_CLASSES, PREFIXES, SHAPES, Link

CAUSAL_LINKS = (
    PREFIXES
    + """
SELECT ?s ?p ?o WHERE {
    ?s ?p ?o .
    ?p rdfs:subPropertyOf mg:causalRelation .
}
"""
)


def _uri(node: object) -> URIRef:
    """``node``, which the query or the data make an IRI (narrowed for the type checker)."""
    assert isinstance(node, URIRef), node
    return node


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(DATA, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def causal_links(graph: Graph) -> set[Link]:
    links: set[Link] = set()
    for row in graph.query(CAUSAL_LINKS):
        assert isinstance(row, ResultRow)
        links.add((_uri(row.s), _uri(row.p), _uri(row.o)))
    return links


@pytest.fixture(scope="module")
def entities(graph: Graph) -> set[URIRef]:
    return {_uri(s) for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls)}
