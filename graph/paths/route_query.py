"""A standalone SPARQL query per route, to show its links and claims in any SPARQL client."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from graph.namespaces import PREFIXES
from graph.paths.model import Triple

__all__ = ["route_query", "sparql_term"]

_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def sparql_term(iri: str, used: set[str]) -> str:
    best, name = "", ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best and _SAFE_LOCAL.match(iri[len(best):]):
        used.add(name)
        return f"{name}:{iri[len(best):]}"
    return "<" + quote(iri, safe=":/?#[]@!$&'()*+,;=%~.-_") + ">"


def route_query(route_line: str, links: Sequence[Triple]) -> str:
    """A standalone SELECT that shows the route's links (one row per link and claim)."""
    used = {"mg", "rdf", "dcterms", "schema"}
    rows = []
    for step, (s, p, o) in enumerate(links, 1):
        terms = " ".join(sparql_term(t, used) for t in (s, p, o))
        rows.append(f"    ({step} {terms})")
    prefixes = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in PREFIXES if p in used]
    comment = _CONTROL.sub(" ", route_line)
    return "\n".join([
        *prefixes,
        "",
        f"# Route: {comment}",
        "# One row per link and claim behind it; a link missing from the graph gives no row.",
        "SELECT ?step ?subject ?predicate ?object ?source ?title ?kind ?url ?quote WHERE {",
        "  VALUES (?step ?subject ?predicate ?object) {",
        *rows,
        "  }",
        "  ?subject ?predicate ?object .",
        "  OPTIONAL {",
        "    ?claim a mg:Claim ;",
        "           rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;",
        "           mg:source ?source .",
        "    OPTIONAL { ?claim mg:quote ?quote }",
        "    OPTIONAL { ?source dcterms:title ?title }",
        "    OPTIONAL { ?source mg:sourceKind ?kind }",
        "    OPTIONAL { ?source schema:url ?url }",
        "  }",
        "}",
        "ORDER BY ?step ?kind ?title ?quote",
        "",
    ])

