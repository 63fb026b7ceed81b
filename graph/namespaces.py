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
    "NAMING",
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
    "WELL_KNOWN",
    "XSD",
    "curie",
    "derived_prefixes",
    "entity_name",
    "iris_named",
    "local_name",
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

WELL_KNOWN: Final[dict[str, str]] = {
    "sh": "http://www.w3.org/ns/shacl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "wdt": "http://www.wikidata.org/prop/direct/",
}
"""Vocabularies foreign graphs often use, for naming their nodes (never declared in queries)."""
_HTTP_VARIANTS: Final = {"schema": "http://schema.org/"}
"""The http namespaces of prefixes above that graphs still use (schema.org's own files)."""
NAMING: Final = sorted([*PREFIXES.items(), *WELL_KNOWN.items(), *_HTTP_VARIANTS.items()],
                       key=lambda item: -len(item[1]))
"""(prefix, namespace) pairs IRIs are shortened by for reading (not for queries)."""


def curie(iri: str, prefixes: Iterable[tuple[str, str]] = PREFIXES.items()) -> str | None:
    """``prefix:local`` for the longest namespace of ``prefixes`` holding ``iri``, else None.

    >>> curie("https://w3id.org/myograph/entity/muscle_spasm"), curie("urn:x")
    ('mge:muscle_spasm', None)
    """
    best, name = "", ""
    for prefix, ns in prefixes:
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    return f"{name}:{iri[len(best):]}" if best else None


def iris_named(name: str) -> list[str]:
    """The IRIs a CURIE written by :func:`entity_name` may stand for (both of
    ``schema:``'s), so every name shown can be typed back; [] for anything else.

    >>> iris_named("schema:Muscle")
    ['https://schema.org/Muscle', 'http://schema.org/Muscle']
    """
    prefix, colon, rest = name.partition(":")
    if not colon or rest.startswith("//"):
        return []
    return [ns + rest for p, ns in sorted(NAMING, key=lambda item: item[1].startswith("http:"))
            if p == prefix]


def local_name(iri: str) -> str:
    """The readable tail of an IRI, for predicates and classes that have no label.

    >>> local_name("https://het.example.org/rel/interacts_with")
    'interacts with'
    >>> local_name("http://www.w3.org/2004/02/skos/core#broader")
    'broader'
    """
    tail = iri.rstrip("/#").rpartition("#")[2].rpartition("/")[2] or iri
    return tail.replace("_", " ")


def entity_name(iri: str) -> str:
    """What every view and command calls an entity that has no label: a CURIE when a prefix
    is known (the project's, a well-known vocabulary's, or its http variant), else the
    IRI's readable tail; never a raw ``<IRI>``.

    >>> entity_name("http://schema.org/Muscle-insertion"), entity_name("urn:ex:thing/a_b")
    ('schema:Muscle-insertion', 'a b')
    """
    return curie(iri, NAMING) or local_name(iri)


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
