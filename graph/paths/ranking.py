"""Ranking the routes a search found: Yen's algorithm (networkx) on the usable subgraph.

Each route is scored ``hops + sum(ln(degree(v)))`` over its intermediate nodes, the degree
read in the explored subgraph (for a hub, the number of links it was found to have; for a
node of the search's last step, its links counted but not pulled too): a route
of fewer links through quieter nodes ranks first. Because the degrees are those of the
explored subgraph, one route's score can change with ``k`` or ``max_hops`` (they decide how
far the search goes); the order of the routes one search found does not depend on the store.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol, TypeAlias

import networkx as nx

from graph.paths.model import Triple

__all__ = ["Candidate", "Explored", "count_routes", "hop_links", "rank", "ranking_graph",
           "within"]

_RANKING_CANDIDATES = 10_000
_EPSILON = 1e-9


class Explored(Protocol):
    """What ranking reads of a search: the links found, the hubs' degrees, and its notes."""

    edges: set[Triple]

    def note(self, text: str) -> None:
        """Tell the user something that limited the answer."""

    def hub_degree(self, node: str) -> int:
        """Links a hub was found to have (0 for a node that is not one)."""

    def hidden_links(self, node: str) -> int:
        """Links of an expanded node counted but not pulled (they lead out of reach)."""


def ranking_graph(edges: Iterable[Triple], undirected: bool) -> nx.Graph:
    graph: nx.Graph = nx.Graph() if undirected else nx.DiGraph()
    for s, p, o in sorted(edges):
        if graph.has_edge(s, o):
            graph[s][o]["links"].append((s, p, o))
        else:
            graph.add_edge(s, o, links=[(s, p, o)])
    return graph


def within(edges: Iterable[Triple], undirected: bool, source: str, target: str,
           limit: int) -> nx.Graph:
    """The part of the graph of ``edges`` that routes of at most ``limit`` hops can use, as
    :func:`ranking_graph` makes it (empty when an end is not in it).

    A node on such a route is at most ``limit`` hops from the source and to the target
    together, so the others are left out before ranking: Yen's algorithm then works on the
    nodes between the two ends, not on every node the frontiers reached (around a hub, most
    of them), and no route it can return is lost. The hops are counted on plain adjacency
    sets, and only the links among the nodes kept become a networkx graph.
    """
    ahead: dict[str, set[str]] = defaultdict(set)
    behind: dict[str, set[str]] = defaultdict(set)
    for s, _, o in edges:
        ahead[s].add(o)
        behind[o].add(s)
        if undirected:
            ahead[o].add(s)
            behind[s].add(o)
    from_source = _hops(ahead, source, limit)
    to_target = _hops(behind, target, limit)
    keep = {n for n, hops in from_source.items() if hops + to_target.get(n, limit + 1) <= limit}
    return ranking_graph((e for e in edges if e[0] in keep and e[2] in keep), undirected)


def _hops(adjacency: dict[str, set[str]], start: str, limit: int) -> dict[str, int]:
    """Hops from ``start`` to each node within ``limit`` (breadth first)."""
    if start not in adjacency:
        return {}
    hops = {start: 0}
    layer = [start]
    for depth in range(1, limit + 1):
        layer = [n for node in layer for n in adjacency[node] if n not in hops]
        for n in layer:
            hops.setdefault(n, depth)
        layer = list(dict.fromkeys(layer))
    return hops


def hop_links(graph: nx.Graph, u: str, v: str) -> list[Triple]:
    """The links of one hop from ``u`` to ``v``: those walked forward when there are any
    (so two routes never differ only in the direction of one link), else the others."""
    links: list[Triple] = graph[u][v]["links"]
    forward = [link for link in links if link[0] == u]
    return sorted(forward or links, key=lambda t: (t[1], t[0], t[2]))


def count_routes(graph: nx.Graph, source: str, target: str, limit: int, k: int) -> int:
    """How many routes (counting parallel links) of at most ``limit`` hops, up to ``k``."""
    if source not in graph or target not in graph:
        return 0
    count = 0
    try:
        for path in nx.shortest_simple_paths(graph, source, target):
            if len(path) - 1 > limit:
                break
            count += math.prod(len(hop_links(graph, u, v)) for u, v in itertools.pairwise(path))
            if count >= k:
                break
    except nx.NetworkXNoPath:
        return 0
    return count


Candidate: TypeAlias = tuple[float, tuple[str, ...], tuple[Triple, ...]]


def rank(graph: nx.Graph, search: Explored, source: str, target: str, limit: int,
          k: int) -> list[Candidate]:
    """The ``k`` best routes of at most ``limit`` hops: (score, nodes, links), best first."""
    if source not in graph or target not in graph:
        return []
    penalty: dict[str, float] = {}
    for s, _, o in search.edges:
        for node in {s, o}:
            penalty[node] = penalty.get(node, 0) + 1
    for node, degree in penalty.items():
        penalty[node] = 0.0 if node in (source, target) else math.log(
            max(degree + search.hidden_links(node), search.hub_degree(node)))
    for u, v, data in graph.edges(data=True):
        data["weight"] = 1 + (penalty[u] + penalty[v]) / 2
    worst = max(penalty.values(), default=0.0)
    bound = limit + (limit - 1) * worst + _EPSILON
    chosen: list[tuple[float, tuple[str, ...], tuple[tuple[str, str, str], ...],
                       tuple[Triple, ...]]] = []
    try:
        paths = nx.shortest_simple_paths(graph, source, target, weight="weight")
        for n, path in enumerate(paths):
            if n >= _RANKING_CANDIDATES:
                search.note(f"ranking stopped after {n} candidate routes")
                break
            hops = len(path) - 1
            score = hops + sum(penalty[v] for v in path[1:-1])
            if score > bound:
                break
            if hops > limit:
                continue
            if len(chosen) >= k and score > chosen[k - 1][0] + _EPSILON:
                break
            options = [hop_links(graph, u, v) for u, v in itertools.pairwise(path)]
            for links in itertools.islice(itertools.product(*options), k):
                keys = tuple((p, s, o) for s, p, o in links)
                chosen.append((score, tuple(path), keys, links))
            chosen.sort(key=lambda c: (round(c[0], 9), c[1], c[2]))
    except nx.NetworkXNoPath:
        return []
    return [(score, nodes, links) for score, nodes, _, links in chosen[:k]]

