"""The project's vocabulary namespace and the few well-known ones it leans on.

The vocabulary is declared here once; ``data/triples.ttl`` uses the same IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
    "derived_prefixes",
    "namespace_of",
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


def namespace_of(iri: str) -> str:
    """The namespace part of an IRI: up to its last ``#`` or ``/`` ("" when it has none).

    >>> namespace_of("https://het.example.org/rel/binds")
    'https://het.example.org/rel/'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > iri.find(":") + 2 else ""


def derived_prefixes(iris: Iterable[str], *, known: Mapping[str, str] = PREFIXES,
                     most: int = 40) -> dict[str, str]:
    """Prefix names for the namespaces of ``iris`` that ``known`` does not cover: the
    namespace's last word (``rel:`` for ``https://het.example.org/rel/``), numbered when
    taken. Used so answers and the editor speak a graph's own namespaces (never ``ns1:``).

    >>> derived_prefixes(["https://het.example.org/rel/binds", "https://het.example.org/Gene"])
    {'rel': 'https://het.example.org/rel/', 'het': 'https://het.example.org/'}
    """
    covered = set(known.values())
    taken = set(known)
    found: dict[str, str] = {}
    for iri in iris:
        ns = namespace_of(iri)
        if not ns or ns in covered or len(found) >= most:
            continue
        covered.add(ns)
        words = [w for w in re.split(r"[^A-Za-z0-9]+", ns.split("://", 1)[-1]) if w]
        tail = next((w for w in reversed(words)
                     if w.lower() not in _NOT_NAMES and w[0].isalpha()), "ns")
        base = tail.lower()[:12]
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        found[name] = ns
    return found


_NOT_NAMES = {"www", "http", "https", "org", "com", "net", "example", "html", "owl", "rdf",
              "ns", "vocab", "ontology", "schema"}
