"""The neighbourhood of one entity: its links in and out, grouped by relation, a page each.

A group of up to :data:`SORTED_GROUP` links is read whole and listed by label; a bigger one
(a hub's thousands) is counted by the engine and read a page at a time in the store's own
order, so a hub's neighbourhood costs its counts and the pages shown.

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

from rdflib import URIRef

from graph import queries
from graph.errors import MyographError, NodeNotFound
from graph.namespaces import entity_name, local_name
from graph.prefixes import naming_for
from graph.results import full_iri, short
from graph.search import EntityNames, names_of, types_of
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["SORTED_GROUP", "Direction", "Neighbour", "Neighbourhood", "Order", "RelationGroup",
           "neighbours"]

Direction = TypingLiteral["out", "in", "both"]
Order = TypingLiteral["label", "store"]
SORTED_GROUP = 100
"""The most links a group is read whole for, to list them by label (four pages of the
default 25). A bigger group (a hub's) is read a page at a time in the store's own order: a
page then costs what it shows, not what the group holds, however big the hub grows."""
_MAX_GROUPS = 10_000
_MAX_ROWS = 50_000
"""Links read at once on a store where every query is a pass in Python (rdflib): past them
the engine counts and each group is read a page at a time, as on the others."""
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
    """The links of one relation in one direction, one page of them.

    ``start`` neighbours of the group come before those shown (0 on the first page);
    ``hidden`` counts every link not shown, ``remaining`` those after this page. ``order``
    says how the group is listed: ``label`` (the whole group by label, then IRI) or
    ``store`` (a group bigger than :data:`SORTED_GROUP`, paged in the store's own order, each
    page shown by label).
    """

    direction: TypingLiteral["out", "in"]
    relation: str
    relation_label: str
    neighbours: list[Neighbour] = field(default_factory=list)
    total: int = 0
    start: int = 0
    order: Order = "label"

    @property
    def hidden(self) -> int:
        """Links of this group not shown (before or after this page)."""
        return self.total - len(self.neighbours)

    @property
    def remaining(self) -> int:
        """Links of this group after this page (what the next pages show)."""
        return max(0, self.total - self.start - len(self.neighbours))

    def heading(self) -> str:
        """A line a student reads: "muscle spasm — causes → (3)" or "← treats (2)"."""
        arrow = "→" if self.direction == "out" else "←"
        return f"{arrow} {self.relation_label} ({self.total})"

    def showing(self) -> str:
        """Which of the group's links are shown, when not all: "26–50 of 1,145"."""
        if not self.hidden:
            return ""
        if not self.neighbours:
            return f"none of {self.total:,} (the page starts after the last)"
        return f"{self.start + 1:,}–{self.start + len(self.neighbours):,} of {self.total:,}"


@dataclass
class Neighbourhood:
    """An entity's links grouped by (direction, relation), and SPARQL listing all of them."""

    iri: str
    label: str
    groups: list[RelationGroup]
    sparql: str

    def to_json(self) -> dict[str, object]:
        """A plain dict, each group with its ``hidden`` and ``remaining`` counts."""
        groups = []
        for g in self.groups:
            group = {**asdict(g), "hidden": g.hidden, "remaining": g.remaining}
            for n in group["neighbours"]:
                n["type"] = full_iri(n["type"])
            groups.append(group)
        return {"iri": self.iri, "label": self.label, "groups": groups, "sparql": self.sparql}

    def limited(self, limit: int) -> Neighbourhood | None:
        """The same links with at most ``limit`` neighbours per group, as
        :func:`neighbours` with that ``limit`` returns them; None when some group shows
        fewer than ``limit`` but hides others, or shows a later page (only a new call can
        show them).

        >>> hood = Neighbourhood("urn:x", "x", [RelationGroup(
        ...     "out", "urn:r", "r", [Neighbour(f"urn:{i}", str(i), "") for i in range(3)], 5)], "")
        >>> [len(g.neighbours) for g in hood.limited(2).groups], hood.limited(4)
        ([2], None)
        """
        if any(g.start or (g.hidden and len(g.neighbours) < limit) for g in self.groups):
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
    offset: int = 0,
) -> Neighbourhood:
    """The links into and out of ``iri``, grouped by relation, one page of each group.

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
    offset
        Neighbours of each group skipped before those shown: ``offset=25`` with ``limit=25``
        is the second page (with one relation and direction, the next page of one group).

    Returns
    -------
    Neighbourhood
        Groups ordered out before in, then by relation label; each with its ``total`` and
        a page of neighbours. An entity with at most :data:`SORTED_GROUP` links is read
        in one query (``neighbour_links.rq``; on a store that evaluates queries in Python,
        rdflib, one with up to 50,000); one with more has each group counted by the engine
        (``neighbour_counts.rq``) and a group of at most :data:`SORTED_GROUP` links read
        whole (``neighbours_out.rq``, ``neighbours_in.rq``, one row per relation). A bigger
        group is read only as far as the page (the same queries, one relation each, as
        every later page is), in the store's own order, which is stable while the data is
        unchanged (a remote endpoint may not keep it). A group of at most
        :data:`SORTED_GROUP` links is listed by label (then IRI), a bigger one's page is
        shown by label. Labels come from the label
        index (on a large remote graph one lookup of just these IRIs), any others from
        ``labels_of.rq``; classes only for the neighbours shown. ``sparql`` is
        ``neighbours.rq`` bound to the entity: every link with its labels, for a person to
        rerun.

    Raises
    ------
    NodeNotFound
        When the store knows nothing about ``iri``.
    MyographError
        For a bad direction, limit or offset.
    """
    if direction not in ("out", "in", "both"):
        raise MyographError(f"direction must be out, in or both, not {direction!r}")
    if limit < 0:
        raise MyographError(f"limit cannot be negative ({limit})")
    if offset < 0:
        raise MyographError(f"offset cannot be negative ({offset})")
    node = URIRef(iri)
    chosen = list(relations)
    # every link at once when there are few, or when each query costs a pass in Python
    read = _all_links(store, node, chosen,
                      SORTED_GROUP if store.counts_cheaply else _MAX_ROWS)
    if read is not None:
        linked = bool(read)
        members = {key: others for key, others in read.items() if direction in (key[0], "both")}
        totals = {key: len(others) for key, others in members.items()}
        for key in [k for k, n in totals.items() if n > SORTED_GROUP]:  # the page as below
            members[key] = [o for _, o in _links(store, node, key[0], [key[1]], offset + limit)]
    else:
        counted = _counts(store, node, chosen)
        linked = bool(counted)
        totals = {key: n for key, n in counted.items() if direction in (key[0], "both")}
        members = _read(store, node, totals, offset + limit)
    whole = {key for key, n in totals.items() if n <= SORTED_GROUP}
    for key in totals.keys() - whole:  # the page read of a hub's big groups
        members[key] = members[key][offset:]
    named = {relation for _, relation in totals}
    others = {o for found in members.values() for o in found}
    index = names_of(store, {iri} | named | others)
    if not linked and iri not in index.labels:
        raise NodeNotFound(f"no entity {short(node)} in this graph")
    naming = naming_for(store)

    def label_of(other: str) -> str:
        return index.labels.get(other) or rdfs_labels.get(other) or entity_name(other, naming)

    # what the index does not name: relations, the whole groups (their order needs every
    # label: up to SORTED_GROUP each) and the pages read of the others
    rdfs_labels = _rdfs_labels(store, sorted((named | others) - index.labels.keys()))

    def ranked(found: list[str]) -> list[str]:
        return sorted(found, key=lambda o: (label_of(o).casefold(), o))

    pages = {key: ranked(found)[offset:offset + limit] if key in whole else ranked(found)
             for key, found in members.items()}
    types = types_of(store, index, {o for page in pages.values() for o in page})
    groups: list[RelationGroup] = []
    for (way, relation), page in pages.items():
        groups.append(RelationGroup(
            direction=way,  # type: ignore[arg-type]
            relation=relation,
            relation_label=(label_of(relation)
                            if relation in index.labels or relation in rdfs_labels
                            else local_name(relation)),
            neighbours=[_neighbour(index, types.get(other, ""), other, label_of(other))
                        for other in page],
            total=totals[(way, relation)], start=offset,
            order="label" if (way, relation) in whole else "store"))
    groups.sort(key=lambda g: (g.direction != "out", g.relation_label, g.relation))
    sparql = queries.get("neighbours").bind(node=node, relation=chosen)
    return Neighbourhood(iri=iri, label=index.labels.get(iri) or entity_name(iri, naming),
                         groups=groups, sparql=sparql)


def _all_links(store: Store, node: URIRef, relations: list[str],
               most: int) -> dict[tuple[str, str], list[str]] | None:
    """Every neighbour per (direction, relation) when there are at most ``most`` links in
    all (``neighbour_links.rq``, read no further); None for more."""
    text = queries.get("neighbour_links").bind(node=node, relation=relations)
    result = run(store, text, max_rows=most, trusted=True)
    if result.truncated:
        return None
    members: dict[tuple[str, str], list[str]] = {}
    for row in result.rows:
        relation = row.get("relation")
        for way, column in (("out", "target"), ("in", "source")):
            other = row.get(column)
            if relation is not None and other is not None:  # an endpoint may drop bindings
                members.setdefault((way, str(relation)), []).append(str(other))
    return members


def _read(store: Store, node: URIRef, totals: dict[tuple[str, str], int],
          rows: int) -> dict[tuple[str, str], list[str]]:
    """The neighbours of each group: a group of at most :data:`SORTED_GROUP` links whole, a
    bigger one its first ``rows`` in the store's order."""
    members: dict[tuple[str, str], list[str]] = {key: [] for key in totals}
    for way in ("out", "in"):
        small = sorted(r for (w, r), n in totals.items() if w == way and n <= SORTED_GROUP)
        if small:
            wanted = sum(totals[(way, relation)] for relation in small)
            for relation, other in _links(store, node, way, small, wanted):
                members[(way, relation)].append(other)
    for key in sorted(k for k, n in totals.items() if n > SORTED_GROUP):
        members[key] = [other for _, other in _links(store, node, key[0], [key[1]], rows)]
    return members


def _counts(store: Store, node: URIRef, relations: list[str]) -> dict[tuple[str, str], int]:
    """Distinct neighbours per (direction, relation), counted by the engine."""
    text = queries.get("neighbour_counts").bind(node=node, relation=relations)
    totals: dict[tuple[str, str], int] = {}
    for row in run(store, text, max_rows=_MAX_GROUPS, trusted=True).rows:
        # some engines answer an empty GROUP BY with one unbound row
        if {"direction", "relation", "links"} <= row.keys():
            totals[(str(row["direction"]), str(row["relation"]))] = int(str(row["links"]))
    return totals


def _links(store: Store, node: URIRef, way: str, relations: list[str],
           rows: int) -> list[tuple[str, str]]:
    """(relation, neighbour) for the first ``rows`` links of ``node`` along ``relations``,
    one way, in the store's order (the engine stops reading after them)."""
    text = queries.get(f"neighbours_{way}").bind(node=node, relation=[URIRef(r) for r in relations])
    result = run(store, text, max_rows=rows, trusted=True)
    return [(str(row["relation"]), str(row["neighbour"])) for row in result.rows
            if "relation" in row and "neighbour" in row]



def _neighbour(index: EntityNames, type_iri: str, other: str, label: str) -> Neighbour:
    return Neighbour(other, label, short(URIRef(type_iri)) if type_iri else "",
                     index.class_label(type_iri))


def _rdfs_labels(store: Store, iris: Sequence[str]) -> dict[str, str]:
    """The smallest rdfs:label of each IRI given (those the label index lacks: usually none)."""
    found: dict[str, str] = {}
    for start in range(0, len(iris), _LABEL_BATCH):
        batch = [URIRef(i) for i in iris[start:start + _LABEL_BATCH]]
        result = run(store, queries.get("labels_of").bind(node=batch), max_rows=100_000,
                     trusted=True)
        for row in result.rows:
            if "node" in row and "label" in row:
                other, text = str(row["node"]), str(row["label"])
                if other not in found or text < found[other]:
                    found[other] = text
    return found
