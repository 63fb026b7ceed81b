"""What the tests of the curated graph share: its files, namespaces, entity classes and prefixes.

These tests use rdflib, pyshacl, pyoxigraph and bioregistry directly, not the graph/ package,
so that the data can be checked on its own.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from tests.conftest import DATA, FIXTURES, ROOT

__all__ = ["ARTICLE", "BROKEN", "DATA", "ENTITY_CLASSES", "MG", "MGC", "MGE", "MGS", "PREFIXES",
           "SH", "SHAPES", "Link"]

SHAPES = ROOT / "data" / "shapes.ttl"
ARTICLE = ROOT / "data" / "seed-article.txt"
BROKEN = FIXTURES / "broken.ttl"

MG = Namespace("https://w3id.org/myograph/vocab#")
MGE = Namespace("https://w3id.org/myograph/entity/")
MGC = Namespace("https://w3id.org/myograph/claim/")
MGS = Namespace("https://w3id.org/myograph/source/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ENTITY_CLASSES = {
    MG[name]
    for name in (
        "Symptom",
        "Disease",
        "Drug",
        "DrugClass",
        "Procedure",
        "Therapy",
        "ChemicalEntity",
        "Behaviour",
        "BiologicalProcess",
    )
}


PREFIXES = """
PREFIX mg: <https://w3id.org/myograph/vocab#>
PREFIX mge: <https://w3id.org/myograph/entity/>
PREFIX mgs: <https://w3id.org/myograph/source/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


Link = tuple[URIRef, URIRef, URIRef]
