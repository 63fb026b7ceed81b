"""The project's vocabulary namespace and the few well-known ones it leans on.

The vocabulary is declared here once; ``data/triples.ttl`` uses the same IRIs.
"""

from __future__ import annotations

from typing import Final

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

__all__ = [
    "BIOLINK",
    "CLAIM",
    "DATA_GRAPH",
    "DCTERMS",
    "ENTITY",
    "MG",
    "OWL",
    "PREFIXES",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "SOURCE",
    "TOPIC",
    "UPLOAD_BASE_IRI",
    "UPLOAD_GRAPH_BASE",
    "XSD",
]

BASE: Final = "https://w3id.org/myograph/"
MG: Final = Namespace(BASE + "vocab#")
"""The myograph vocabulary: classes, causal relations, claim and source properties."""
ENTITY: Final = Namespace(BASE + "entity/")
CLAIM: Final = Namespace(BASE + "claim/")
SOURCE: Final = Namespace(BASE + "source/")
TOPIC: Final = Namespace(BASE + "topic/")
BIOLINK: Final = Namespace("https://w3id.org/biolink/vocab/")
SCHEMA: Final = Namespace("https://schema.org/")

DATA_GRAPH: Final = BASE + "graph/curated"
"""Named graph that holds ``data/triples.ttl`` in every store."""
UPLOAD_GRAPH_BASE: Final = BASE + "graph/upload/"
"""Uploads go to a named graph of their own under this base."""
UPLOAD_BASE_IRI: Final = "urn:myograph:upload:"
"""Base IRI against which relative IRIs in a loaded file are resolved."""

PREFIXES: Final[dict[str, str]] = {
    "mg": str(MG),
    "mge": str(ENTITY),
    "mgc": str(CLAIM),
    "mgs": str(SOURCE),
    "mgt": str(TOPIC),
    "biolink": str(BIOLINK),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
}
"""Prefixes shown in every query the product writes, so students read CURIEs, not IRIs."""
