"""Sign conflicts: where the graph says one thing raises another and, elsewhere, lowers it.

Two kinds, both found on the signed links of a graph (``signed_links.rq``: every causal link
with its relation's sign, class and kind-of steps as ``+``; a kind-of step only at the end
and "is treated with" only at the start, as routes take them):

- ``links``: two direct links between the same two entities with opposite signs;
- ``route``: a directed route of 2 to ``max_hops`` links whose combined sign is the opposite
  of a direct link between its ends (``combine_signs``), e.g. "relaxants decrease nerve
  misfiring, which causes weakness" against "relaxants cause weakness".

A conflict is not always an error (a medicine can relieve a symptom and, as an adverse
effect, feed it), but each one must be seen and explained: the data tests fail on any
conflict not listed with its reason.

>>> from graph.stores import open_store
>>> [c.kind for c in sign_conflicts(open_store("memory:tests/fixtures/tiny.ttl"))]
[]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib.namespace import SKOS

from graph import queries
from graph.namespaces import MG
from graph.paths import Sign, combine_signs
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["SignConflict", "sign_conflicts"]

_MAX_ROUTES_PER_LINK = 1_000
_KIND_OF = str(SKOS.broader)
_STEPS = {str(MG.inClass), _KIND_OF}
_TREATED_BY = str(MG.treatedBy)


@dataclass(frozen=True)
class SignConflict:
    """A direct link and a route (or a second link) between the same ends, signs opposed."""

    kind: str
    """``links`` or ``route``."""
    subject: str
    object: str
    direct: tuple[str, Sign]
    """The direct link's relation IRI and sign."""
    other: tuple[tuple[str, str, str], ...]
    """The opposing route's links (one link for ``links``), each (subject, relation, object)."""
    other_sign: Sign


def sign_conflicts(store: Store, *, max_hops: int = 4) -> list[SignConflict]:
    """Every sign conflict of the store's graph, sorted; routes of at most ``max_hops`` links."""
    result = run(store, queries.get("signed_links").text, trusted=True)
    sign_of: dict[tuple[str, str, str], Sign] = {}
    graph = nx.MultiDiGraph()
    for row in result.rows:
        s, p, o = str(row["subject"]), str(row["relation"]), str(row["object"])
        text = str(row.get("sign") or "?")
        sign: Sign = "+" if text == "+" else "-" if text == "-" else "?"
        sign_of[(s, p, o)] = sign
        graph.add_edge(s, o, key=p)
    by_pair: dict[tuple[str, str], list[tuple[str, Sign]]] = defaultdict(list)
    for (s, p, o), sign in sign_of.items():
        by_pair[(s, o)].append((p, sign))
    found: list[SignConflict] = []
    for (s, o), direct in sorted(by_pair.items()):
        # a class or kind-of link is a step, not a claim of effect: never the direct side
        signed = [(p, sign) for p, sign in sorted(direct)
                  if sign != "?" and p not in _STEPS]
        for p, sign in signed:
            found += [SignConflict("links", s, o, (p, sign), ((s, q, o),), other)
                      for q, other in signed if q > p and other != sign]
            found += _opposed_routes(graph, sign_of, s, o, (p, sign), max_hops)
    return sorted(found, key=lambda c: (c.subject, c.object, c.kind, c.direct, c.other))


def _opposed_routes(graph: nx.MultiDiGraph, sign_of: dict[tuple[str, str, str], Sign],
                    s: str, o: str, direct: tuple[str, Sign],
                    max_hops: int) -> list[SignConflict]:
    found = []
    routes = nx.all_simple_edge_paths(graph, s, o, cutoff=max_hops)
    for n, route in enumerate(routes):
        if n >= _MAX_ROUTES_PER_LINK:
            break
        if len(route) < 2 or any(p == _KIND_OF for _u, _v, p in route[:-1]) or any(
                p == _TREATED_BY for _u, _v, p in route[1:]):
            continue  # kind-of only into the end, "is treated with" only out of the start,
            # as find_paths takes them
        links = tuple((u, p, v) for u, v, p in route)
        sign = combine_signs(sign_of[link] for link in links)
        if sign != "?" and sign != direct[1]:
            found.append(SignConflict("route", s, o, direct, links, sign))
    return found
