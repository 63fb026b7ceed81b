"""The SPARQL 1.1 service description the endpoint gives for GET /sparql without a query."""

from __future__ import annotations

import httpx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.namespaces import DATA_GRAPH
from graph.server import SD
from tests.background_server import BackgroundServer
from tests.server.support import FORMATS


def test_service_description_is_turtle_with_the_sd_triples(server: BackgroundServer,
                                                           http: httpx.Client) -> None:
    response = http.get(server.url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert g.value(service, SD.endpoint) == URIRef(server.url)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    formats = {str(f) for f in g.objects(service, SD.resultFormat)}
    assert formats == {FORMATS + name for name in [
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
        "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]}
    dataset = g.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in g
    assert g.value(dataset, SD.defaultGraph) is not None
    names = [g.value(n, SD.name) for n in g.objects(dataset, SD.namedGraph)]
    assert names == [URIRef(DATA_GRAPH)]
    as_nt = http.get(server.url, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=as_nt.text, format="nt")) == len(g)
