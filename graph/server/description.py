"""The SPARQL 1.1 service description an endpoint gives for ``GET /sparql`` without a query:
its URL, language, result formats and dataset (the store's named graphs)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.stores.base import Store

__all__ = ["FORMATS", "SD", "service_description"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
}


def service_description(store: Store, endpoint: str) -> Graph:
    """A SPARQL 1.1 service description of the endpoint at ``endpoint`` over ``store``.

    >>> from graph.stores import open_store
    >>> g = service_description(open_store("memory"), "http://127.0.0.1:7878/sparql")
    >>> (None, SD.endpoint, URIRef("http://127.0.0.1:7878/sparql")) in g
    True
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("dcterms", DCTERMS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, DCTERMS.title, Literal("myograph SPARQL endpoint (read-only)")))
    for iri in _FORMAT_IRIS.values():
        g.add((service, SD.resultFormat, iri))
    if store.spec.partition(":")[0] in ("memory", "oxigraph"):
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in store.graph_names():
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g
