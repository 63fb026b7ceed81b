"""A real public graph nobody here made: schema.org's vocabulary as SHACL shapes.

pySHACL (a dependency of the project, Apache 2.0) ships ``pyshacl/assets/schema.ttl``:
TopQuadrant's RDF/SHACL rendering of schema.org (``<http://datashapes.org/schema>``, made from
schema.org's ``schemaorg-all-http.ttl``; schema.org is CC BY-SA 3.0). It has its own
vocabulary and no myograph terms: 872 classes with ``rdfs:label`` and ``rdfs:comment``
(health and life-science ones among them: Muscle, Medical condition, Drug), 2,053 property
shapes without labels, ``rdfs:subClassOf`` links, SHACL links (``sh:property``, ``sh:class``,
``sh:path``), RDF lists under ``sh:or`` and no causal relation. It has no synonyms.

The tests read the installed file as it is, so nothing of it is copied into this repository.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["SCHEMA", "SH", "public_graph"]

SCHEMA = "http://schema.org/"
"""The graph's own namespace (http, unlike the ``schema:`` prefix the project knows)."""
SH = "http://www.w3.org/ns/shacl#"


def public_graph() -> Path:
    """The path of the installed ``schema.ttl`` (a Turtle file of about 24,000 triples)."""
    path = Path(str(files("pyshacl") / "assets" / "schema.ttl"))
    if not path.is_file():  # the tests must not pass on nothing
        raise FileNotFoundError(f"pyshacl no longer ships {path}")
    return path
