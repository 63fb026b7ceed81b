"""Routes between two entities: a bidirectional search by SPARQL, then ranked simple paths.

How a question "how could acyclovir lead to muscle spasm?" is answered:

1. Both ends are checked (``nodes_present.rq``), and the relations to follow are fixed:
   every causal relation (``causal_relations.rq``), an explicit list, or ``["any"]``.
2. The search grows two frontiers, one from each end, always expanding the smaller one
   (on a tie, the side that has gone fewer hops) with one query for the whole frontier
   (``path_out.rq`` from the source side, following links forward; ``path_in.rq`` from
   the target side, following them backward; both when ``undirected``). A node with more
   than ``hub_cap`` links in the direction searched is a hub: it may lie on a route, but
   its own links are not followed (the notes say so); where the engine counts cheaply
   (``Store.counts_cheaply``), links are counted first (``path_out_counts.rq``,
   ``path_in_counts.rq``), so a hub's links never leave the store.
3. The search stops at the smallest hop horizon that holds ``k`` routes, at ``max_hops``,
   or as soon as one side has nothing left to expand (then every route is known).
4. The small subgraph found, cut to the nodes a route within the horizon can use (hops
   from the source plus hops to the target at most the horizon), is ranked with
   :func:`networkx.shortest_simple_paths` (never all simple paths), each route scored::

       score = hops + sum(ln(degree(v)) for each intermediate node v)

   where ``degree(v)`` counts the links touching ``v`` in the explored subgraph (for a hub,
   the number of links it was found to have, if larger). Lower is better: a route of fewer
   links through quieter nodes ranks first. Ties are ordered by the IRIs along the route
   (its nodes, then its links), so every store returns the same order.
5. Labels (from the search index, so a foreign graph's own label predicates count) and the
   claims behind each link (``evidence.rq``) are fetched for the routes kept, and each route
   gets a standalone SPARQL query that shows it.

Because the degrees are read in the explored subgraph, the score of one route can change
with ``k`` or ``max_hops`` (they decide how far the search goes); the order of routes found
by the same search does not depend on the store.

No route is not an error: :func:`find_paths` then returns a result with no paths (and
:meth:`PathsResult.describe` says "No route … within N hops"); :class:`~graph.errors.NoPath`
is left to interfaces that want to treat it as one.
"""

from __future__ import annotations

import itertools
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal as TypingLiteral
from typing import TypeAlias
from urllib.parse import quote

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph import queries
from graph.errors import MyographError, NodeNotFound, QueryError, QueryTimeout
from graph.evidence import ByLink, Evidence, claims_between
from graph.namespaces import MG, PREFIXES
from graph.results import QueryResult, Term, local_name, short
from graph.search import index_for
from graph.sparql import MAX_TIMEOUT, run
from graph.stores.base import Store

__all__ = [
    "ANY",
    "CLASS_RELATIONS",
    "DEFAULT_HUB_CAP",
    "MAX_FRONTIER",
    "Direction",
    "PathEdge",
    "PathNode",
    "PathsResult",
    "Relation",
    "Route",
    "Sign",
    "causal_relations",
    "combine_signs",
    "find_paths",
    "route_pattern",
]

Sign: TypeAlias = TypingLiteral["+", "-", "?"]
Direction: TypeAlias = TypingLiteral["forward", "backward"]
_Triple: TypeAlias = tuple[str, str, str]
_Json: TypeAlias = dict[str, object]

ANY = "any"
"""``relations=[ANY]`` follows every IRI-valued predicate except rdf:type and reification."""
DEFAULT_HUB_CAP = 500
"""A node with more links than this (in the direction searched) is not expanded."""
MAX_FRONTIER = 500
"""Nodes expanded by one frontier query at most; the rest (last by IRI) are left out."""
MAX_HOPS = 8
MAX_K = 50
CLASS_RELATIONS: dict[str, str] = {str(MG.inClass): "is in the class",
                                   str(SKOS.broader): "is a kind of"}
"""Member -> class (``mg:inClass``) and narrower -> broader (``skos:broader``), with the words
a route says for them when the graph gives no label. Followed with the causal relations, so a
drug's route can go through what its class does and a kind of spasm counts as spasm (a
kind-of step only into the target); such a step carries sign ``+`` and ``step="class"``."""
_KIND_OF = str(SKOS.broader)
_TREATED_BY = str(MG.treatedBy)

_FRONTIER_ROWS = 100_000
_RANKING_CANDIDATES = 10_000
_HUBS_NAMED = 5
"""Hubs named in the note on what was not followed; the rest are counted."""
_EPSILON = 1e-9
_SIGN_WORDS: dict[str, str] = {"+": "increases", "-": "decreases", "?": "unclear"}
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Relation:
    """A causal relation: its IRI, label and effect sign (``+``, ``-`` or ``?``)."""

    iri: str
    label: str
    sign: Sign


@dataclass(frozen=True)
class PathNode:
    """One entity on a route; ``type`` is its class IRI ("" when it has none)."""

    iri: str
    label: str
    type: str


@dataclass(frozen=True)
class PathEdge:
    """One link of a route, always with its true subject and object.

    ``direction`` is ``backward`` when an undirected route walks the link from its object
    to its subject.
    """

    subject: str
    predicate: str
    predicate_label: str
    object: str
    sign: Sign
    evidence: tuple[Evidence, ...] = ()
    direction: Direction = "forward"
    step: TypingLiteral["causal", "class"] = "causal"
    """``class`` for a member-of-class or kind-of step (``mg:inClass``, ``skos:broader``):
    the member does what its class is said to do, which a student should see as a step of
    its own kind."""

    def to_json(self) -> _Json:
        """The link as a plain dict."""
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "predicate_label": self.predicate_label,
            "object": self.object,
            "sign": self.sign,
            "direction": self.direction,
            "step": self.step,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class Route:
    """One route: its nodes in walking order, its links, overall sign, score and query."""

    nodes: tuple[PathNode, ...]
    edges: tuple[PathEdge, ...]
    sign: Sign
    score: float
    """``hops + sum(ln(degree))`` over the intermediate nodes; lower is better."""
    sparql: str
    """A standalone query that shows this route and its evidence in any SPARQL client."""
    pattern: str = "chain"
    """``chain`` when every link is walked in its own direction (a causal chain, signed);
    otherwise the shape it has, e.g. ``common cause: hypokalemia`` (two effects of one
    cause), ``common effect: …`` or ``mixed``: such a route is not signed."""

    @property
    def hops(self) -> int:
        """Number of links."""
        return len(self.edges)

    def sentence(self) -> str:
        """The route as one line a student reads.

        For example ``acyclovir → has adverse effect → acute kidney injury → causes →
        electrolyte imbalance → causes → muscle spasm (overall: increases; 3 links)``.
        """
        parts = [self.nodes[0].label]
        for edge, node in zip(self.edges, self.nodes[1:], strict=True):
            arrow = "→" if edge.direction == "forward" else "←"
            parts.append(f"{arrow} {edge.predicate_label} {arrow} {node.label}")
        links = f"{self.hops} link{'s' if self.hops != 1 else ''}"
        against = sum(1 for e in self.edges if e.direction == "backward")
        if against:
            links += f", {against} walked against {'its' if against == 1 else 'their'} direction"
            return f"{' '.join(parts)} (not a causal chain: {self.pattern}; {links})"
        return f"{' '.join(parts)} (overall: {_SIGN_WORDS[self.sign]}; {links})"

    def to_json(self) -> _Json:
        """The route as a plain dict."""
        return {
            "nodes": [{"iri": n.iri, "label": n.label, "type": n.type} for n in self.nodes],
            "edges": [e.to_json() for e in self.edges],
            "sign": self.sign,
            "score": self.score,
            "hops": self.hops,
            "pattern": self.pattern,
            "sentence": self.sentence(),
            "sparql": self.sparql,
        }


@dataclass
class PathsResult:
    """The routes found from ``source`` to ``target`` (best first), and how they were found."""

    source: PathNode
    target: PathNode
    paths: list[Route]
    max_hops: int
    k: int
    undirected: bool = False
    relations: list[str] = field(default_factory=list)
    """The predicate IRIs followed, or ``["any"]``."""
    hops_searched: int = 0
    """Every route of at most this many links was considered (modulo hubs left out)."""
    queries: list[str] = field(default_factory=list)
    """Every SPARQL query that ran, in order (frontier expansions included)."""
    notes: list[str] = field(default_factory=list)
    """What limited the search: hubs not expanded, frontiers cut, graphs without relations."""

    def to_json(self) -> _Json:
        """A plain dict (JSON-ready) of the whole answer."""
        return {
            "source": {"iri": self.source.iri, "label": self.source.label},
            "target": {"iri": self.target.iri, "label": self.target.label},
            "paths": [p.to_json() for p in self.paths],
            "max_hops": self.max_hops,
            "k": self.k,
            "undirected": self.undirected,
            "relations": list(self.relations),
            "hops_searched": self.hops_searched,
            "queries": list(self.queries),
            "notes": list(self.notes),
        }

    def sentences(self) -> list[str]:
        """Each route as one line (see :meth:`Route.sentence`), best first."""
        return [p.sentence() for p in self.paths]

    def describe(self) -> str:
        """A short text for people: the numbered routes, or why there are none, and notes."""
        if self.paths:
            way = "either way" if self.undirected else "following each link's direction"
            lines = [f"Routes from {self.source.label} to {self.target.label} ({way}, at most "
                     f"{self.max_hops} links):"]
            lines += [f"{n}. {p.sentence()} [score {p.score:.2f}]"
                      for n, p in enumerate(self.paths, 1)]
        else:
            lines = [f"No route from {self.source.label} to {self.target.label} within "
                     f"{self.max_hops} hop{'s' if self.max_hops != 1 else ''}."]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


# --------------------------------------------------------------------------- relations


def _sign(value: Term | None) -> Sign:
    text = str(value) if value is not None else "?"
    if text == "+":
        return "+"
    if text == "-":
        return "-"
    return "?"


def combine_signs(signs: Iterable[str]) -> Sign:
    """The sign of a chain of links: the product of their signs; any ``?`` makes ``?``.

    >>> combine_signs(["+", "-", "-"]), combine_signs(["-", "+"]), combine_signs(["+", "?"])
    ('+', '-', '?')
    """
    negative = False
    for sign in signs:
        if sign == "-":
            negative = not negative
        elif sign != "+":
            return "?"
    return "-" if negative else "+"


def route_pattern(nodes: Sequence[str], directions: Sequence[Direction]) -> str:
    """The shape of a route: ``chain`` (all forward), ``common cause: …`` (walked back to a
    node, then forward from it), ``common effect: …`` (forward to a node, then back),
    ``reversed chain`` (all backward), else ``mixed``.

    >>> route_pattern(["w", "k", "s"], ["backward", "forward"])
    'common cause: both ends follow from k'
    >>> route_pattern(["a", "b", "c"], ["forward", "forward"])
    'chain'
    """
    turns = [i for i in range(1, len(directions)) if directions[i] != directions[i - 1]]
    if all(d == "forward" for d in directions):
        return "chain"
    if all(d == "backward" for d in directions):
        return "reversed chain"
    if len(turns) == 1:
        middle = nodes[turns[0]]
        return (f"common cause: both ends follow from {middle}" if directions[0] == "backward"
                else f"common effect: both ends act on {middle}")
    return "mixed"


def _label_rank(label: Literal) -> tuple[int, str]:
    lang = (label.language or "").lower()
    return (0 if lang == "en" or lang.startswith("en-") else 1 if not lang else 2, str(label))


def _best_label(values: Iterable[Term]) -> str | None:
    literals = [v for v in values if isinstance(v, Literal)]
    return str(min(literals, key=_label_rank)) if literals else None


def causal_relations(store: Store, *, timeout: float | None = None) -> list[Relation]:
    """The causal relations of a graph (sub-properties of ``mg:causalRelation``), by IRI.

    Parameters
    ----------
    store
        Any store.
    timeout
        Seconds the query may run (the runner's default when None).

    Returns
    -------
    list of Relation
        Sorted by IRI; a relation without ``mg:effectSign`` (or with conflicting ones) gets
        ``?``, one without a label its CURIE. Empty for a graph that declares none.

    Raises
    ------
    QueryError, QueryTimeout, StoreError
        When the query fails.

    Examples
    --------
    >>> from graph.stores import open_store
    >>> rels = causal_relations(open_store("memory:tests/fixtures/tiny.ttl"))
    >>> [(r.label, r.sign) for r in rels][:4]
    [('associated with', '?'), ('causes', '+'), ('contributes to', '+'), ('decreases', '-')]
    """
    result = run(store, queries.get("causal_relations").text, timeout=timeout, trusted=True)
    return _relations_from(result)


def _relations_from(result: QueryResult) -> list[Relation]:
    labels: dict[str, list[Term]] = defaultdict(list)
    signs: dict[str, set[Sign]] = defaultdict(set)
    for row in result.rows:
        iri = str(row["relation"])
        if "label" in row:
            labels[iri].append(row["label"])
        signs[iri].add(_sign(row.get("sign")))
    relations = []
    for iri in sorted(signs):
        found = signs[iri]
        sign: Sign = found.pop() if len(found) == 1 else "?"
        label = _best_label(labels[iri]) or short(URIRef(iri))
        relations.append(Relation(iri=iri, label=label, sign=sign))
    return relations


# --------------------------------------------------------------------------- search


def _is_iri(value: object) -> bool:
    return (isinstance(value, str) and bool(value) and ":" in value
            and not _BAD_IRI_CHARS.search(value))


class _Budget:
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


class _Search:
    """The state of one bidirectional search: what ran, what was found, what was left out."""

    def __init__(self, store: Store, budget: _Budget, relations: list[str], hub_cap: int,
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
        self.edges: set[_Triple] = set()
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
        found: dict[str, set[_Triple]] = defaultdict(set)
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
                if self.curated_steps and ((p == _KIND_OF and o != self.target)
                                           or (p == _TREATED_BY and s != self.source)):
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
            whole = _ranking_graph(self.edges, undirected)
            usable = (_within(whole, source, target, limit)
                      if source in whole and target in whole else whole)
            self._graph = (key, usable)
        return self._graph[1]

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def hub_note(self, labels: dict[str, tuple[str, str]]) -> None:
        """One note naming the hubs not followed, by label, the busiest first."""
        if not self.hub_links:
            return
        hubs = sorted(self.hub_links.items(), key=lambda item: (-item[1], item[0]))
        shown = [f"{labels.get(iri, (short(URIRef(iri)), ''))[0]} ({total:,} "
                 f"{'outgoing' if way == 'out' else 'incoming'})"
                 for (iri, way), total in hubs[:_HUBS_NAMED]]
        more = f" and {len(hubs) - _HUBS_NAMED} more" if len(hubs) > _HUBS_NAMED else ""
        self.note(f"not followed, each with more links than the hub cap of {self.hub_cap}: "
                  f"{', '.join(shown)}{more}")

    def hub_degree(self, node: str) -> int:
        return sum(n for (iri, _), n in self.hub_links.items() if iri == node)


def _ranking_graph(edges: Iterable[_Triple], undirected: bool) -> nx.Graph:
    graph: nx.Graph = nx.Graph() if undirected else nx.DiGraph()
    for s, p, o in sorted(edges):
        if graph.has_edge(s, o):
            graph[s][o]["links"].append((s, p, o))
        else:
            graph.add_edge(s, o, links=[(s, p, o)])
    return graph


def _within(graph: nx.Graph, source: str, target: str, limit: int) -> nx.Graph:
    """The part of ``graph`` that routes of at most ``limit`` hops can use.

    A node on such a route is at most ``limit`` hops from the source and to the target
    together, so the others are left out before ranking: Yen's algorithm then works on the
    nodes between the two ends, not on every node the frontiers reached (on a Hetionet hub's
    4,000 links, most of them), and no route it can return is lost.
    """
    from_source = nx.single_source_shortest_path_length(graph, source, cutoff=limit)
    backwards = graph.reverse(copy=False) if graph.is_directed() else graph
    to_target = nx.single_source_shortest_path_length(backwards, target, cutoff=limit)
    keep = [n for n, hops in from_source.items() if hops + to_target.get(n, limit + 1) <= limit]
    within: nx.Graph = graph.subgraph(keep).copy()
    return within


def _hop_links(graph: nx.Graph, u: str, v: str) -> list[_Triple]:
    """The links of one hop from ``u`` to ``v``: those walked forward when there are any
    (so two routes never differ only in the direction of one link), else the others."""
    links: list[_Triple] = graph[u][v]["links"]
    forward = [link for link in links if link[0] == u]
    return sorted(forward or links, key=lambda t: (t[1], t[0], t[2]))


def _count_routes(graph: nx.Graph, source: str, target: str, limit: int, k: int) -> int:
    """How many routes (counting parallel links) of at most ``limit`` hops, up to ``k``."""
    if source not in graph or target not in graph:
        return 0
    count = 0
    try:
        for path in nx.shortest_simple_paths(graph, source, target):
            if len(path) - 1 > limit:
                break
            count += math.prod(len(_hop_links(graph, u, v)) for u, v in itertools.pairwise(path))
            if count >= k:
                break
    except nx.NetworkXNoPath:
        return 0
    return count


_Candidate: TypeAlias = tuple[float, tuple[str, ...], tuple[_Triple, ...]]


def _rank(graph: nx.Graph, search: _Search, source: str, target: str, limit: int,
          k: int) -> list[_Candidate]:
    """The ``k`` best routes of at most ``limit`` hops: (score, nodes, links), best first."""
    if source not in graph or target not in graph:
        return []
    penalty: dict[str, float] = {}
    for s, _, o in search.edges:
        for node in {s, o}:
            penalty[node] = penalty.get(node, 0) + 1
    for node, degree in penalty.items():
        penalty[node] = 0.0 if node in (source, target) else math.log(
            max(degree, search.hub_degree(node)))
    for u, v, data in graph.edges(data=True):
        data["weight"] = 1 + (penalty[u] + penalty[v]) / 2
    worst = max(penalty.values(), default=0.0)
    bound = limit + (limit - 1) * worst + _EPSILON
    chosen: list[tuple[float, tuple[str, ...], tuple[tuple[str, str, str], ...],
                       tuple[_Triple, ...]]] = []
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
            options = [_hop_links(graph, u, v) for u, v in itertools.pairwise(path)]
            for links in itertools.islice(itertools.product(*options), k):
                keys = tuple((p, s, o) for s, p, o in links)
                chosen.append((score, tuple(path), keys, links))
            chosen.sort(key=lambda c: (round(c[0], 9), c[1], c[2]))
    except nx.NetworkXNoPath:
        return []
    return [(score, nodes, links) for score, nodes, _, links in chosen[:k]]


# --------------------------------------------------------------------------- details


def _labels(store: Store, iris: Iterable[str]) -> dict[str, tuple[str, str]]:
    """IRI -> (label, class) from the search index, which reads the graph's own profile."""
    index = index_for(store)
    return {iri: (index.labels.get(iri) or local_name(iri), index.types.get(iri, ""))
            for iri in set(iris)}


def _sparql_term(iri: str, used: set[str]) -> str:
    best, name = "", ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if best and _SAFE_LOCAL.match(iri[len(best):]):
        used.add(name)
        return f"{name}:{iri[len(best):]}"
    return "<" + quote(iri, safe=":/?#[]@!$&'()*+,;=%~.-_") + ">"


def _route_query(route_line: str, links: Sequence[_Triple]) -> str:
    """A standalone SELECT that shows the route's links (one row per link and claim)."""
    used = {"mg", "rdf", "dcterms", "schema"}
    rows = []
    for step, (s, p, o) in enumerate(links, 1):
        terms = " ".join(_sparql_term(t, used) for t in (s, p, o))
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


# --------------------------------------------------------------------------- find_paths


def _check_arguments(source: str, target: str, max_hops: int, k: int, hub_cap: int,
                     relations: Sequence[str] | None, avoid: Sequence[str]) -> None:
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not (
            1 <= max_hops <= MAX_HOPS):
        raise MyographError(f"max_hops must be a whole number from 1 to {MAX_HOPS}, "
                            f"not {max_hops!r}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise MyographError(f"k (routes wanted) must be a whole number from 1 to {MAX_K}, "
                            f"not {k!r}")
    if isinstance(hub_cap, bool) or not isinstance(hub_cap, int) or hub_cap < 1:
        raise MyographError(f"hub_cap must be a positive whole number, not {hub_cap!r}")
    for role, iri in (("source", source), ("target", target)):
        if not _is_iri(iri):
            raise NodeNotFound(f"the {role} {iri!r} is not an IRI (look names up with "
                               "graph.search first)")
    if source == target:
        raise MyographError(f"source and target are the same node ({short(URIRef(source))}): "
                            "a route needs two different ends")
    if relations is not None:
        if isinstance(relations, str):
            raise MyographError("relations must be a list of IRIs, not one string")
        if not relations:
            raise MyographError("relations is empty: pass None for every causal relation, "
                                "or ['any'] for every link")
        if ANY in relations and len(relations) > 1:
            raise MyographError("'any' cannot be combined with other relations")
        for iri in relations:
            if iri != ANY and not _is_iri(iri):
                raise MyographError(f"relation {iri!r} is not an IRI")
    if isinstance(avoid, str):
        raise MyographError("avoid must be a list of IRIs, not one string")
    for iri in avoid:
        if not _is_iri(iri):
            raise MyographError(f"avoid: {iri!r} is not an IRI")
        if iri in (source, target):
            raise MyographError(f"cannot avoid {short(URIRef(iri))}: it is an end of the route")


def find_paths(
    store: Store,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    k: int = 5,
    relations: Sequence[str] | None = None,
    avoid: Sequence[str] = (),
    undirected: bool = False,
    timeout: float | None = None,
    hub_cap: int = DEFAULT_HUB_CAP,
) -> PathsResult:
    """The ``k`` best routes from ``source`` to ``target``, each with its evidence and sign.

    Parameters
    ----------
    store
        Any store.
    source, target
        Entity IRIs (resolve names with :mod:`graph.search` first).
    max_hops
        Longest route, in links (1 to 8).
    k
        Routes wanted (1 to 50); parallel links between the same two nodes make separate
        routes.
    relations
        None: every causal relation (sub-properties of ``mg:causalRelation``), or every
        relation as with ``["any"]`` when the graph declares none (a note says so); a list:
        exactly those predicate IRIs; ``["any"]``: every IRI-valued predicate except
        ``rdf:type``, ``rdf:subject``, ``rdf:predicate`` and ``rdf:object`` (for foreign
        graphs). Those four are never followed.
    avoid
        Entity IRIs no route may pass through ("what if this node were blocked?").
    undirected
        Let a route walk a link against its direction (each link keeps its true subject and
        object, and says ``direction="backward"``).
    timeout
        Seconds for the whole search, all queries together (each query gets the runner's
        default limit when None).
    hub_cap
        A node with more links than this, in the direction searched, is not expanded.

    Returns
    -------
    PathsResult
        Routes best first (lowest score; ties by the IRIs along them). No route is not an
        error: ``paths`` is then empty and ``describe()`` says so.

    Raises
    ------
    NodeNotFound
        When ``source`` or ``target`` is not an IRI or is in no triple of the graph (source
        checked first).
    MyographError
        For ``max_hops`` outside 1..8, ``k`` outside 1..50, ``source == target``, an empty
        or mixed ``relations`` list, or an ``avoid`` that names an end.
    QueryError, QueryTimeout, StoreError
        When a query fails or the time is up.

    Examples
    --------
    >>> from graph.stores import open_store
    >>> store = open_store("memory:tests/fixtures/tiny.ttl")
    >>> found = find_paths(store, "https://w3id.org/myograph/entity/acyclovir",
    ...                    "https://w3id.org/myograph/entity/muscle_spasm")
    >>> for line in found.sentences():  # doctest: +NORMALIZE_WHITESPACE
    ...     print(line)
    acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance
      → causes → muscle spasm (overall: increases; 3 links)
    acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance
      → associated with → hypokalemia → causes → muscle spasm (overall: unclear; 4 links)
    >>> [e.source for e in found.paths[0].edges[0].evidence]
    ['Muscle Spasm: Causes, Relief & Management', 'Acyclovir Nephrotoxicity: A Case Report']
    """
    _check_arguments(source, target, max_hops, k, hub_cap, relations, avoid)
    if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:
        raise QueryError(f"the time limit must be between 0 and {MAX_TIMEOUT:g} s, "
                         f"not {timeout}")
    budget = _Budget(timeout)
    search = _Search(store, budget, [], hub_cap, set(avoid), source, target)

    present = {str(v) for v in search.run("nodes_present", node=[source, target])
               .values("node")}
    for role, iri in (("source", source), ("target", target)):
        if iri not in present:
            raise NodeNotFound(f"the {role} {short(URIRef(iri))} is in no triple of this graph")

    known = _relations_from(search.run("causal_relations"))
    if relations is None and known:
        followed = [r.iri for r in known]
        search.relations = [*followed, *CLASS_RELATIONS]
        search.curated_steps = True
    elif relations is None or list(relations) == [ANY]:
        followed = [ANY]
        if relations is None:
            search.note("this graph declares no causal relations, so routes follow any "
                        "relation")
    else:
        followed = sorted(set(relations))
        search.relations = followed

    limit = _search(search, source, target, max_hops, k, undirected)

    ranked = _rank(search.graph(undirected, source, target, limit), search, source, target,
                   limit, k)

    route_nodes = {n for _, nodes, _ in ranked for n in nodes}
    predicates = {p for _, _, links in ranked for _, p, _ in links}
    hubs = {iri for iri, _way in search.hub_links}
    info = _labels(store, route_nodes | predicates | {source, target} | hubs)
    search.hub_note(info)
    evidence: ByLink = {}
    if ranked:
        evidence, evidence_sparql = claims_between(store, route_nodes)
        search.ran.append(evidence_sparql)
    by_iri = {r.iri: r for r in known}

    routes: list[Route] = []
    for score, nodes, links in ranked:
        path_nodes = tuple(PathNode(iri=n, label=info[n][0], type=info[n][1]) for n in nodes)
        edges = []
        for u, (s, p, o) in zip(nodes, links, strict=False):
            relation = by_iri.get(p)
            is_class = p in CLASS_RELATIONS
            sign: Sign = relation.sign if relation else "+" if is_class else "?"
            label = relation.label if relation else info[p][0]
            if is_class and label == local_name(p):
                label = CLASS_RELATIONS[p]
            edges.append(PathEdge(
                subject=s, predicate=p,
                predicate_label=label,
                object=o, sign=sign,
                evidence=evidence.get((s, p, o), ()),
                direction="forward" if s == u else "backward",
                step="class" if is_class else "causal"))
        pattern = route_pattern([info[n][0] for n in nodes], [e.direction for e in edges])
        route = Route(nodes=path_nodes, edges=tuple(edges),
                      sign=combine_signs(e.sign for e in edges) if pattern == "chain" else "?",
                      score=score, sparql="", pattern=pattern)
        routes.append(replace(route, sparql=_route_query(route.sentence(), links)))

    return PathsResult(
        source=PathNode(iri=source, label=info[source][0], type=info[source][1]),
        target=PathNode(iri=target, label=info[target][0], type=info[target][1]),
        paths=routes, max_hops=max_hops, k=k, undirected=undirected, relations=followed,
        hops_searched=limit,
        queries=search.ran, notes=search.notes)


def _search(search: _Search, source: str, target: str, max_hops: int, k: int,
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
                and _count_routes(search.graph(undirected, source, target, horizon), source,
                                  target, horizon, k) >= k):
            return horizon
    return max_hops
