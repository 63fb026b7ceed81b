"""The bidirectional search: two frontiers grown by SPARQL, one query per frontier and way."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Literal as TypingLiteral

import networkx as nx
from rdflib.namespace import SKOS

from graph import queries
from graph.errors import QueryTimeout
from graph.namespaces import MG, entity_name
from graph.paths.model import MAX_FRONTIER, Triple
from graph.paths.ranking import count_routes, ranking_graph, within
from graph.results import QueryResult
from graph.sparql import MAX_TIMEOUT, run
from graph.stores.base import Store

__all__ = ["Budget", "Search", "grow"]

KIND_OF = str(SKOS.broader)
TREATED_BY = str(MG.treatedBy)
_FRONTIER_ROWS = 100_000
_HUBS_NAMED = 5
"""Hubs named in the note on what was not followed; the rest are counted."""


class Budget:
    """An overall time limit shared by every query of one search."""

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self.end = None if timeout is None else time.monotonic() + timeout

    def left(self) -> float | None:
        if self.end is None or self.timeout is None:
            return None
        seconds = self.end - time.monotonic()
        if seconds <= 0:
            raise QueryTimeout(f"the path search ran past its {self.timeout:g} s time limit")
        return min(seconds, MAX_TIMEOUT)


class Search:
    """The state of one bidirectional search: what ran, what was found, what was left out."""

    def __init__(self, store: Store, budget: Budget, relations: list[str], hub_cap: int,
                 avoid: set[str], source: str = "", target: str = "") -> None:
        self.store = store
        self.source = source
        self.target = target
        self.curated_steps = False
        """With the default relations: take a kind-of step (skos:broader) only into the
        target (a kind of spasm counts as spasm, but a kind of X does not inherit every
        effect said of X), and "is treated with" (mg:treatedBy) only out of the source (a
        disease leads to its treatment's effects; a route that reached a disease from its
        treatment must not turn back to another treatment of it)."""
        self.budget = budget
        self.relations = relations  # [] binds UNDEF: every predicate (the "any" mode)
        self.hub_cap = hub_cap
        self.avoid = avoid
        self.ran: list[str] = []
        self.notes: list[str] = []
        self.edges: set[Triple] = set()
        self.hub_links: dict[tuple[str, str], int] = {}
        self._graph: tuple[tuple[int, int], nx.Graph] | None = None

    def run(self, name: str, max_rows: int | None = None, **values: object) -> QueryResult:
        text = queries.get(name).bind(**values)  # type: ignore[arg-type]
        result = run(self.store, text, timeout=self.budget.left(), max_rows=max_rows,
                     trusted=True)
        self.ran.append(result.sparql)
        return result

    def expand(self, nodes: list[str], way: TypingLiteral["out", "in"]) -> list[tuple[str, str]]:
        """Pull the links of ``nodes`` one way; return (node, neighbour) for each link kept.

        Where the store counts cheaply, the links are counted first (``path_out_counts.rq``,
        ``path_in_counts.rq``), so a hub's links never leave the store and nodes without
        links cost nothing more; elsewhere they are counted as they arrive.
        """
        if not nodes:  # an empty VALUES block would mean "every node"
            return []
        totals: dict[str, int] | None = None
        pulled = nodes
        if self.store.counts_cheaply:
            counts = self.run("path_out_counts" if way == "out" else "path_in_counts",
                              node=nodes, relation=self.relations)
            totals = {str(row["node"]): int(str(row["links"])) for row in counts.rows}
            pulled = [n for n in nodes if 0 < totals.get(n, 0) <= self.hub_cap]
        found: dict[str, set[Triple]] = defaultdict(set)
        if pulled:
            result = self.run("path_out" if way == "out" else "path_in",
                              max_rows=_FRONTIER_ROWS, node=pulled, relation=self.relations)
            if result.truncated:
                self.note(f"a frontier of {len(nodes)} nodes had more than {_FRONTIER_ROWS}"
                          " links: the search used the first ones (by IRI)")
            for row in result.rows:
                node, relation, other = str(row["node"]), str(row["relation"]), str(row["other"])
                found[node].add((node, relation, other) if way == "out"
                                else (other, relation, node))
        if totals is None:
            totals = {node: len(links) for node, links in found.items()}
        steps: list[tuple[str, str]] = []
        for node in nodes:
            total = totals.get(node, 0)
            if total > self.hub_cap:
                self.hub_links[(node, way)] = total  # told by label in hub_note()
                continue
            for s, p, o in sorted(found[node]):
                if s == o or s in self.avoid or o in self.avoid:
                    continue
                if self.curated_steps and ((p == KIND_OF and o != self.target)
                                           or (p == TREATED_BY and s != self.source)):
                    continue
                self.edges.add((s, p, o))
                steps.append((node, o if way == "out" else s))
        return steps

    def graph(self, undirected: bool, source: str, target: str, limit: int) -> nx.Graph:
        """The links found so far that a route of at most ``limit`` hops can use, as a
        networkx graph: built again only when links were added (they are only ever added)
        or the limit changed, so the ranking reuses the route count's last graph."""
        key = (len(self.edges), limit)
        if self._graph is None or self._graph[0] != key:
            whole = ranking_graph(self.edges, undirected)
            usable = (within(whole, source, target, limit)
                      if source in whole and target in whole else whole)
            self._graph = (key, usable)
        return self._graph[1]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def hub_note(self, labels: dict[str, tuple[str, str, str]]) -> None:
        """One note naming the hubs not followed, by label, the busiest first."""
        if not self.hub_links:
            return
        hubs = sorted(self.hub_links.items(), key=lambda item: (-item[1], item[0]))
        shown = [f"{labels.get(iri, (entity_name(iri), '', ''))[0]} ({total:,} "
                 f"{'outgoing' if way == 'out' else 'incoming'})"
                 for (iri, way), total in hubs[:_HUBS_NAMED]]
        more = f" and {len(hubs) - _HUBS_NAMED} more" if len(hubs) > _HUBS_NAMED else ""
        self.note(f"not followed, each with more links than the hub cap of {self.hub_cap}: "
                  f"{', '.join(shown)}{more}")

    def hub_degree(self, node: str) -> int:
        return sum(n for (iri, _), n in self.hub_links.items() if iri == node)


def grow(search: Search, source: str, target: str, max_hops: int, k: int,
            undirected: bool) -> int:
    """Grow both frontiers into ``search.edges``; return the longest route to rank.

    That is the smallest horizon (hops from the source side plus hops from the target side)
    whose subgraph holds ``k`` routes, else ``max_hops``. Every route of at most that many
    links lies in the subgraph: each of its links leaves a node expanded from the source
    side or enters one expanded from the target side. Once one side has nothing left to
    expand, every route (of any length) is in it.
    """
    dist = {True: {source: 0}, False: {target: 0}}  # True: the source side
    frontier = {True: [source], False: [target]}
    depth = {True: 0, False: 0}
    end = {True: target, False: source}  # never expanded from the other side
    while depth[True] + depth[False] < max_hops:
        if not frontier[True] or not frontier[False]:
            return max_hops  # one side is exhausted: every route is known
        # the smaller frontier; on a tie the side that has gone fewer hops; then the source
        side = (len(frontier[True]), depth[True]) <= (len(frontier[False]), depth[False])
        nodes = frontier[side]
        if len(nodes) > MAX_FRONTIER:
            search.note(f"a frontier of {len(nodes)} nodes was cut to {MAX_FRONTIER} "
                        "(the first by IRI): some routes may be missing")
            nodes = nodes[:MAX_FRONTIER]
        ways: tuple[TypingLiteral["out", "in"], ...]
        ways = ("out", "in") if undirected else (("out",) if side else ("in",))
        reached: set[str] = set()
        for way in ways:
            reached.update(other for _, other in search.expand(nodes, way))
        depth[side] += 1
        seen = dist[side]
        fresh = sorted(n for n in reached if n not in seen and n not in search.avoid)
        for n in fresh:
            seen[n] = depth[side]
        frontier[side] = [n for n in fresh if n != end[side]]
        horizon = depth[True] + depth[False]
        if (dist[True].keys() & dist[False].keys()
                and count_routes(search.graph(undirected, source, target, horizon), source,
                                  target, horizon, k) >= k):
            return horizon
    return max_hops
