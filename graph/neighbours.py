"""The neighbourhood of one entity: its links in and out, grouped by relation.

>>> from graph.stores import open_store
>>> hood = neighbours(open_store("memory"), "https://w3id.org/myograph/entity/dehydration",
...                   direction="out")
>>> "muscle spasm" in [n.label for g in hood.groups for n in g.neighbours]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal as TypingLiteral

from rdflib import BNode, URIRef

from graph import queries
from graph.errors import MyographError, NodeNotFound
from graph.namespaces import entity_name, local_name
from graph.prefixes import naming_for
from graph.results import full_iri, short
from graph.search import EntityNames, names_of, types_of
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["Direction", "Neighbour", "Neighbourhood", "RelationGroup", "neighbours"]

Direction = TypingLiteral["out", "in", "both"]
_MAX_ROWS = 50_000
_MAX_GROUPS = 10_000
_LABEL_BATCH = 500


@dataclass(frozen=True)
class Neighbour:
    """An entity at the other end of a link."""

    iri: str
    label: str
    type: str
    """The class as a CURIE or IRI ("" when it has none)."""
    type_label: str = ""
    """The class's label, or the readable tail of its IRI."""


@dataclass
class RelationGroup:
    """The links of one relation in one direction; ``hidden`` counts what the limit left out."""

    direction: TypingLiteral["out", "in"]
    relation: str
    relation_label: str
    neighbours: list[Neighbour] = field(default_factory=list)
    total: int = 0

    @property
    def hidden(self) -> int:
        """Links of this group not shown because of the limit."""
        return self.total - len(self.neighbours)

    def heading(self) -> str:
        """A line a student reads: "muscle spasm — causes → (3)" or "← treats (2)"."""
        arrow = "→" if self.direction == "out" else "←"
        return f"{arrow} {self.relation_label} ({self.total})"


@dataclass
class Neighbourhood:
    """An entity's links grouped by (direction, relation), and SPARQL listing all of them."""

    iri: str
    label: str
    groups: list[RelationGroup]
    sparql: str
    truncated: bool = False
    """True when the entity has more links than one query returns (a very large hub)."""

    def to_json(self) -> dict[str, object]:
        """A plain dict, each group with its ``hidden`` count."""
        groups = []
        for g in self.groups:
            group = {**asdict(g), "hidden": g.hidden}
            for n in group["neighbours"]:
                n["type"] = full_iri(n["type"])
            groups.append(group)
        return {
            "iri": self.iri,
            "label": self.label,
            "groups": groups,
            "sparql": self.sparql,
            "truncated": self.truncated,
        }

    def limited(self, limit: int) -> Neighbourhood | None:
        """The same links with at most ``limit`` neighbours per group, as
        :func:`neighbours` with that ``limit`` returns them; None when some group shows
        fewer than ``limit`` but hides others (only a new call can show them).

        >>> hood = Neighbourhood("urn:x", "x", [RelationGroup(
        ...     "out", "urn:r", "r", [Neighbour(f"urn:{i}", str(i), "") for i in range(3)], 5)], "")
        >>> [len(g.neighbours) for g in hood.limited(2).groups], hood.limited(4)
        ([2], None)
        """
        if any(g.hidden and len(g.neighbours) < limit for g in self.groups):
            return None
        groups = [replace(g, neighbours=g.neighbours[:limit]) for g in self.groups]
        return replace(self, groups=groups)

    def all_neighbours(self) -> list[Neighbour]:
        """Every neighbour shown, once each, in group order."""
        seen: dict[str, Neighbour] = {}
        for group in self.groups:
            for n in group.neighbours:
                seen.setdefault(n.iri, n)
        return list(seen.values())


def neighbours(
    store: Store,
    iri: str,
    *,
    direction: Direction = "both",
    relations: Sequence[str] = (),
    limit: int = 25,
) -> Neighbourhood:
    """The links into and out of ``iri``, grouped by relation.

    Parameters
    ----------
    store
        Any store.
    iri
        The entity (see :func:`graph.search.resolve` for names).
    direction
        ``out`` (what it links to), ``in`` (what links to it) or ``both``.
    relations
        Predicate IRIs to keep; empty keeps all (except typing and identifier mappings).
    limit
        Neighbours shown per group; the rest are counted in ``hidden``.

    Returns
    -------
    Neighbourhood
        Groups ordered out before in, then by relation label; in each, the first ``limit``
        neighbours by label (then IRI) and the group's ``total``. One light query lists the
        neighbours' IRIs (``neighbour_links.rq``, no labels: those of entities and relations
        come from the label index, or on a large remote graph from one lookup of just these
        IRIs, any others from ``labels_of.rq``), so a hub's thousands
        of links are counted and sorted but never become objects; past the row cap the
        engine counts them (``neighbour_counts.rq``) and ``truncated`` is set. ``sparql`` is
        ``neighbours.rq`` bound to the entity: every link with its labels, for a person to
        rerun.

    Raises
    ------
    NodeNotFound
        When the store knows nothing about ``iri``.
    MyographError
        For a bad direction or limit.
    """
    if direction not in ("out", "in", "both"):
        raise MyographError(f"direction must be out, in or both, not {direction!r}")
    if limit < 0:
        raise MyographError(f"limit cannot be negative ({limit})")
    node = URIRef(iri)
    chosen = list(relations)
    links = run(store, queries.get("neighbour_links").bind(node=node, relation=chosen),
                max_rows=_MAX_ROWS, trusted=True)
    members: dict[tuple[str, str], set[str]] = {}
    sides = [(way, column) for way, column in (("out", "target"), ("in", "source"))
             if direction in (way, "both")]
    for row in links.rows:
        predicate = row.get("relation")
        if predicate is None:  # some endpoints drop bindings: never crash on it
            continue
        for way, column in sides:
            other = row.get(column)
            # the query leaves blank-node sources to us (a type test: isinstance on rdflib
            # terms goes through abc, slow over a hub's rows)
            if other is not None and type(other) is not BNode:
                members.setdefault((way, str(predicate)), set()).add(str(other))
    totals = {key: len(found) for key, found in members.items()}
    if links.truncated:  # a hub beyond one answer: the engine counts what was left out
        totals = _counts(store, node, chosen, direction) or totals
        for key in totals:
            members.setdefault(key, set())
    named = {relation for _, relation in members}
    others = {m for found in members.values() for m in found}
    index = names_of(store, {iri} | named | others)
    if not links.rows and not totals and iri not in index.labels:
        raise NodeNotFound(f"no entity {short(node)} in this graph")
    unlabelled = (named | others) - index.labels.keys()
    rdfs_labels = _rdfs_labels(store, sorted(unlabelled))
    naming = naming_for(store)

    def label_of(other: str) -> str:
        return index.labels.get(other) or rdfs_labels.get(other) or entity_name(other, naming)

    # only the neighbours shown become objects (and have their classes looked up): a hub's
    # thousands are just sorted
    shown = {key: [other for _, other in sorted((label_of(o).casefold(), o) for o in found)]
             for key, found in members.items()}
    types = types_of(store, index, {o for ranked in shown.values() for o in ranked[:limit]})
    groups: list[RelationGroup] = []
    for (way, relation), ranked in shown.items():
        groups.append(RelationGroup(
            direction=way,  # type: ignore[arg-type]
            relation=relation,
            relation_label=(label_of(relation)
                            if relation in index.labels or relation in rdfs_labels
                            else local_name(relation)),
            neighbours=[_neighbour(index, types.get(other, ""), other, label_of(other))
                        for other in ranked[:limit]],
            total=max(totals.get((way, relation), 0), len(ranked))))
    groups.sort(key=lambda g: (g.direction != "out", g.relation_label, g.relation))
    sparql = queries.get("neighbours").bind(node=node, relation=chosen)
    return Neighbourhood(iri=iri, label=index.labels.get(iri) or entity_name(iri, naming),
                         groups=groups,
                         sparql=sparql, truncated=links.truncated)


def _counts(store: Store, node: URIRef, relations: list[str],
            direction: Direction) -> dict[tuple[str, str], int]:
    """Distinct neighbours per (direction, relation), counted by the engine."""
    text = queries.get("neighbour_counts").bind(node=node, relation=relations)
    totals: dict[tuple[str, str], int] = {}
    for row in run(store, text, max_rows=_MAX_GROUPS, trusted=True).rows:
        # some engines answer an empty GROUP BY with one unbound row
        if {"direction", "relation", "links"} <= row.keys() and direction in (
                str(row["direction"]), "both"):
            totals[(str(row["direction"]), str(row["relation"]))] = int(str(row["links"]))
    return totals


def _neighbour(index: EntityNames, type_iri: str, other: str, label: str) -> Neighbour:
    return Neighbour(other, label, short(URIRef(type_iri)) if type_iri else "",
                     index.class_label(type_iri))


def _rdfs_labels(store: Store, iris: Sequence[str]) -> dict[str, str]:
    """The smallest rdfs:label of each IRI given (those the label index lacks: usually none)."""
    found: dict[str, str] = {}
    for start in range(0, len(iris), _LABEL_BATCH):
        batch = [URIRef(i) for i in iris[start:start + _LABEL_BATCH]]
        result = run(store, queries.get("labels_of").bind(node=batch), max_rows=_MAX_ROWS,
                     trusted=True)
        for row in result.rows:
            if "node" in row and "label" in row:
                other, text = str(row["node"]), str(row["label"])
                if other not in found or text < found[other]:
                    found[other] = text
    return found
