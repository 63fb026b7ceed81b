"""What a path search returns: relations, the nodes and links of a route, the whole answer.

A route's overall sign is the product of its links' signs (:func:`combine_signs`); a route
that walks a link against its direction is not a causal chain and has a shape instead
(:func:`route_pattern`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import TypeAlias

from rdflib.namespace import SKOS

from graph.evidence import Evidence
from graph.namespaces import MG

__all__ = ["ANY", "CLASS_RELATIONS", "DEFAULT_HUB_CAP", "MAX_FRONTIER", "MAX_HOPS", "MAX_K",
           "Direction", "Json", "PathEdge", "PathNode", "PathsResult", "Relation", "Route",
           "Sign", "Triple", "combine_signs", "route_pattern"]

Sign: TypeAlias = TypingLiteral["+", "-", "?"]
Direction: TypeAlias = TypingLiteral["forward", "backward"]
Triple: TypeAlias = tuple[str, str, str]
Json: TypeAlias = dict[str, object]

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

_SIGN_WORDS: dict[str, str] = {"+": "increases", "-": "decreases", "?": "unclear"}

@dataclass(frozen=True)
class Relation:
    """A causal relation: its IRI, label and effect sign (``+``, ``-`` or ``?``)."""

    iri: str
    label: str
    sign: Sign


@dataclass(frozen=True)
class PathNode:
    """One entity on a route; ``type`` is its class IRI ("" when it has none) and
    ``type_label`` that class's label (or its IRI's readable tail), as in search,
    neighbours and describe."""

    iri: str
    label: str
    type: str
    type_label: str = ""

    def to_json(self) -> Json:
        """The node as a plain dict: the one shape of an entity in every JSON answer."""
        return {"iri": self.iri, "label": self.label, "type": self.type,
                "type_label": self.type_label}


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

    def to_json(self) -> Json:
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

    def to_json(self) -> Json:
        """The route as a plain dict."""
        return {
            "nodes": [n.to_json() for n in self.nodes],
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

    def to_json(self) -> Json:
        """A plain dict (JSON-ready) of the whole answer."""
        return {
            "source": self.source.to_json(),
            "target": self.target.to_json(),
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

    def as_text(self) -> str:
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
