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
from graph.paths.ranking import count_routes, within
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
        self.hidden: dict[str, int] = {}
        self._graph: tuple[tuple[int, int], nx.Graph] | None = None

    def run(self, name: str, max_rows: int | None = None, **values: object) -> QueryResult:
        text = queries.get(name).bind(**values)  # type: ignore[arg-type]
        result = run(self.store, text, timeout=self.budget.left(), max_rows=max_rows,
                     trusted=True)
        self.ran.append(result.sparql)
        return result

    def expand(self, nodes: list[str], way: TypingLiteral["out", "in"],
               toward: set[str] | None = None) -> list[tuple[str, str]]:
        """Pull the links of ``nodes`` one way; return (node, neighbour) for each link kept.

        Where the store counts cheaply, the links are counted first (``path_out_counts.rq``,
        ``path_in_counts.rq``), so a hub's links never leave the store and nodes without
        links cost nothing more; elsewhere they are counted as they arrive. With ``toward``
        (the search's last step, on a store that counts), only the links whose other end is
        in it are pulled (``path_out_toward.rq``, ``path_in_toward.rq``) when there are
        fewer such ends than links to pull: the counts then tell how many links each node
        has beyond those (:meth:`hidden_links`), so its degree is what a full pull finds.
        """
        if not nodes:  # an empty VALUES block would mean "every node"
            return []
        totals: dict[str, int] | None = None
        by_relation: dict[tuple[str, str], int] = {}
        pulled = nodes
        if self.store.counts_cheaply:
            totals, by_relation = self._count(nodes, way)
            pulled = [n for n in nodes if 0 < totals.get(n, 0) <= self.hub_cap]
        ends: set[str] | None = None
        if toward is not None and totals is not None and pulled:
            ends = toward | self.avoid | {self.source, self.target}
            if not self._pulls_toward(ends, sum(totals[n] for n in pulled)):
                ends = None
        found: dict[str, set[Triple]] = defaultdict(set)
        if pulled:
            name = "path_out" if way == "out" else "path_in"
            values: dict[str, object] = {"node": pulled, "relation": self.relations}
            if ends is not None:
                name, values["other"] = f"{name}_toward", sorted(ends)
            result = self.run(name, max_rows=_FRONTIER_ROWS, **values)
            if result.truncated:
                self.note(f"a frontier of {len(nodes)} nodes had more than {_FRONTIER_ROWS}"
                          " links: the search used the first ones (by IRI)")
            for row in result.rows:
                node, relation, other = str(row["node"]), str(row["relation"]), str(row["other"])
                found[node].add((node, relation, other) if way == "out"
                                else (other, relation, node))
        if totals is None:
            totals = {node: len(links) for node, links in found.items()}
        if ends is not None:
            self._count_hidden(pulled, way, ends, by_relation, found)
        steps: list[tuple[str, str]] = []
        for node in nodes:
            total = totals.get(node, 0)
            if total > self.hub_cap:
                self.hub_links[(node, way)] = total  # told by label in hub_note()
                continue
            for s, p, o in sorted(found[node]):
                if not self._follows(s, p, o):
                    continue
                self.edges.add((s, p, o))
                steps.append((node, o if way == "out" else s))
        return steps

    @staticmethod
    def _pulls_toward(ends: set[str], links: int) -> bool:
        """Whether pulling only the links toward ``ends`` costs less than pulling all
        ``links``: the ends are sent in the query, so only when they are fewer."""
        return len(ends) < links

    def _count(self, nodes: list[str], way: TypingLiteral["out", "in"]
               ) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
        """Links of each node one way, in all and per (node, relation), counted by the
        engine."""
        counts = self.run("path_out_counts" if way == "out" else "path_in_counts",
                          node=nodes, relation=self.relations)
        totals: dict[str, int] = defaultdict(int)
        by_relation: dict[tuple[str, str], int] = {}
        for row in counts.rows:
            node, links = str(row["node"]), int(str(row["links"]))
            by_relation[(node, str(row["relation"]))] = links
            totals[node] += links
        return totals, by_relation

    def _follows(self, s: str, p: str, o: str) -> bool:
        """Whether the search follows the link ``s p o`` (not a loop, no avoided end, and
        with the default relations a kind-of step only into the target and "is treated
        with" only out of the source)."""
        if s == o or s in self.avoid or o in self.avoid:
            return False
        return not (self.curated_steps and ((p == KIND_OF and o != self.target)
                                            or (p == TREATED_BY and s != self.source)))

    def _count_hidden(self, nodes: list[str], way: TypingLiteral["out", "in"], ends: set[str],
                      by_relation: dict[tuple[str, str], int],
                      found: dict[str, set[Triple]]) -> None:
        """Add to :meth:`hidden_links` the links of ``nodes`` the search would follow but did
        not pull, their other end not among ``ends``: per relation, the links counted less
        those pulled. A kind-of step is followed only into the target and "is treated with"
        only out of the source: the links of those relations not pulled count only for the
        target's links in and the source's links out. ``ends`` holds every node the search
        reached, ``nodes`` among them, so a loop is pulled and a link counted here is in no
        other node's pull: nothing is counted twice."""
        pulled_by: dict[tuple[str, str], int] = defaultdict(int)
        for node, pulled in found.items():
            for link in pulled:
                pulled_by[(node, link[1])] += 1
        for (node, relation), counted in by_relation.items():
            if node not in nodes or not self._beyond_ends(node, relation, way):
                continue
            unpulled = counted - pulled_by[(node, relation)]
            if unpulled > 0:
                self.hidden[node] = self.hidden.get(node, 0) + unpulled

    def _beyond_ends(self, node: str, relation: str, way: TypingLiteral["out", "in"]) -> bool:
        """Whether the search follows links of ``relation`` from ``node`` (one ``way``) to
        other nodes than the source and the target."""
        if not self.curated_steps:
            return True
        if relation == KIND_OF:  # followed into the target only (pulled: an end)
            return way == "in" and node == self.target
        if relation == TREATED_BY:  # followed out of the source only
            return way == "out" and node == self.source
        return True

    def hidden_links(self, node: str) -> int:
        """Links of ``node`` the search counted and would follow but did not pull (their
        other end out of its reach), so its degree is read as a full pull finds it."""
        return self.hidden.get(node, 0)

    def graph(self, undirected: bool, source: str, target: str, limit: int) -> nx.Graph:
        """The links found so far that a route of at most ``limit`` hops can use, as a
        networkx graph: built again only when links were added (they are only ever added)
        or the limit changed, so the ranking reuses the route count's last graph."""
        key = (len(self.edges), limit)
        if self._graph is None or self._graph[0] != key:
            self._graph = (key, within(self.edges, undirected, source, target, limit))
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
    cut = {True: False, False: False}  # a frontier was cut: some of its nodes never expanded
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
            cut[side] = True
        ways: tuple[TypingLiteral["out", "in"], ...]
        ways = ("out", "in") if undirected else (("out",) if side else ("in",))
        # the last step: a route of at most max_hops links leaves these nodes only for a
        # node the other side reached; the links among every node reached are pulled, so
        # each one's degree is what a full pull finds (Search.hidden_links)
        toward = None
        if depth[True] + depth[False] + 1 == max_hops and not cut[not side]:
            toward = dist[True].keys() | dist[False].keys()
        reached: set[str] = set()
        for way in ways:
            reached.update(other for _, other in search.expand(nodes, way, toward))
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
