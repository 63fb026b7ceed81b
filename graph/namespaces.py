"""The project's vocabulary namespace and the few well-known ones it leans on.

The vocabulary is declared here once; ``data/triples.ttl`` uses the same IRIs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
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
    "naming",
    "own_prefixes",
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


Naming = Sequence[tuple[str, str]]
"""(prefix, namespace) pairs, longest namespace first, that IRIs are shortened by."""
_SCHEMES: Final = {"http", "https", "urn", "file", "ftp", "mailto", "tag", "data"}
"""IRI schemes no prefix may be called (``urn:x`` must stay an IRI when typed back)."""


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


def iris_named(name: str, prefixes: Naming = NAMING) -> list[str]:
    """The IRIs a CURIE written by :func:`entity_name` may stand for (both of
    ``schema:``'s), so every name shown can be typed back; [] for anything else.

    >>> iris_named("schema:Muscle")
    ['https://schema.org/Muscle', 'http://schema.org/Muscle']
    """
    prefix, colon, rest = name.partition(":")
    if not colon or rest.startswith("//"):
        return []
    return [ns + rest for p, ns in sorted(prefixes, key=lambda item: item[1].startswith("http:"))
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


def entity_name(iri: str, prefixes: Naming = NAMING) -> str:
    """What every view and command calls an entity that has no label: a CURIE when a prefix
    is known (the project's, a well-known vocabulary's or its http variant, and with
    ``prefixes`` from :func:`naming` those the graph declares), else the IRI's readable tail;
    never a raw ``<IRI>``.

    >>> entity_name("http://schema.org/Muscle-insertion"), entity_name("urn:ex:thing/a_b")
    ('schema:Muscle-insertion', 'a b')
    >>> entity_name("urn:ex:thing/a_b", naming({"ex": "urn:ex:"}))
    'ex:thing/a_b'
    """
    return curie(iri, prefixes) or local_name(iri)


def own_prefixes(declared: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The prefixes a graph's files declared (graph -> name -> namespace), as myograph uses
    them beside its own: for naming IRIs and in queries. Ours are never shadowed:

    - a namespace one of the project's prefixes names (``mge:``…) keeps our name only;
    - a name we use (the project's, a well-known vocabulary's, ``schema``) or an IRI scheme
      (``urn``, ``http``…) declared for another namespace is numbered (``mg2:``);
    - the default prefix (``:``) is named after its namespace (``shop:``), as an undeclared
      namespace is (:func:`derived_prefixes`);
    - graphs are read in the order of their IRIs, names in order: a name an earlier graph
      gave another namespace is numbered too.

    >>> own_prefixes({"urn:g": {"mg": "https://example.org/mygene/", "mge": str(ENTITY),
    ...                         "sh": WELL_KNOWN["sh"], "": "http://example.org/shop#"}})
    {'shop': 'http://example.org/shop#', 'mg2': 'https://example.org/mygene/', \
'sh': 'http://www.w3.org/ns/shacl#'}
    """
    ours = set(PREFIXES.values())
    taken: dict[str, str] = {**dict(_HTTP_VARIANTS), **WELL_KNOWN, **PREFIXES}
    found: dict[str, str] = {}
    for graph in sorted(declared):
        for name, ns in sorted(declared[graph].items()):
            if not ns or ns in ours or ns in found.values():
                continue
            if taken.get(name) == ns:  # a well-known vocabulary under its usual name
                found[name] = ns
                continue
            base = name or _word_of(ns)
            name, n = base, 1
            while name in taken or name in _SCHEMES:
                n += 1
                name = f"{base}{n}"
            taken[name] = found[name] = ns
    return found


def naming(own: Mapping[str, str]) -> Naming:
    """What IRIs are named by: ours (:data:`NAMING`) and a graph's own (:func:`own_prefixes`),
    longest namespace first. A namespace the graph names is called by the graph's name
    rather than by one we only use for reading (``sh:``, http ``schema:``), so a CURIE shown
    is one a query on the graph can use.

    >>> curie("http://schema.org/Muscle", naming({"schema2": "http://schema.org/"}))
    'schema2:Muscle'
    """
    named = set(own.values())
    ours = [(p, ns) for p, ns in NAMING if ns not in named or PREFIXES.get(p) == ns]
    return sorted([*ours, *own.items()], key=lambda item: -len(item[1]))


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
        base = _word_of(ns)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        taken.add(name)
        found[name] = ns
    return found


def _word_of(ns: str) -> str:
    """A prefix name for a namespace: its last word that names something ("ns" if none).

    >>> _word_of("https://het.example.org/rel/"), _word_of("http://example.org/")
    ('rel', 'ns')
    """
    words = [w for w in re.split(r"[^A-Za-z0-9]+", ns.split("://", 1)[-1]) if w]
    tail = next((w for w in reversed(words)
                 if w.lower() not in _NOT_NAMES and w[0].isalpha()), "ns")
    return tail.lower()[:12]


_NOT_NAMES = {"www", "http", "https", "org", "com", "net", "example", "html", "owl", "rdf",
              "ns", "vocab", "ontology", "schema"}
