"""The neighbourhood of one entity: its links in and out, grouped by relation.

>>> from graph.stores import open_store
>>> hood = neighbours(open_store("memory"), "https://w3id.org/myograph/entity/dehydration",
...                   direction="out")
>>> "muscle spasm" in [n.label for g in hood.groups for n in g.neighbours]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal as TypingLiteral

from rdflib import URIRef

from graph import queries
from graph.errors import MyographError, NodeNotFound
from graph.results import local_name, short
from graph.search import index_for
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["Direction", "Neighbour", "Neighbourhood", "RelationGroup", "neighbours"]

Direction = TypingLiteral["out", "in", "both"]
_MAX_ROWS = 50_000


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
    """An entity's links grouped by (direction, relation), and the SPARQL that found them."""

    iri: str
    label: str
    groups: list[RelationGroup]
    sparql: str
    truncated: bool = False
    """True when the entity has more links than one query returns (a very large hub)."""

    def to_json(self) -> dict[str, object]:
        """A plain dict, each group with its ``hidden`` count."""
        return {
            "iri": self.iri,
            "label": self.label,
            "groups": [{**asdict(g), "hidden": g.hidden} for g in self.groups],
            "sparql": self.sparql,
            "truncated": self.truncated,
        }

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
    index = index_for(store)
    text = queries.get("neighbours").bind(node=URIRef(iri), relation=list(relations))
    result = run(store, text, max_rows=_MAX_ROWS, trusted=True)
    if not result.rows and iri not in index.labels:
        raise NodeNotFound(f"no entity {short(URIRef(iri))} in this graph")
    groups: dict[tuple[str, str], RelationGroup] = {}
    members: dict[tuple[str, str], dict[str, Neighbour]] = {}
    for row in result.rows:
        if not {"direction", "relation", "neighbour"} <= row.keys():
            continue  # some endpoints drop bindings they should keep; never crash on it
        way, relation = str(row["direction"]), str(row["relation"])
        if direction != "both" and way != direction:
            continue
        key = (way, relation)
        if key not in groups:
            label = str(row.get("relationLabel") or local_name(relation))
            groups[key] = RelationGroup(direction=way,  # type: ignore[arg-type]
                                        relation=relation, relation_label=label)
            members[key] = {}
        other = str(row["neighbour"])
        if other not in members[key]:
            type_iri = index.types.get(other, "")
            members[key][other] = Neighbour(
                other, index.labels.get(other) or str(row.get("neighbourLabel")
                                                       or short(URIRef(other))),
                short(URIRef(type_iri)) if type_iri else "", index.class_label(type_iri))
    for key, group in groups.items():
        found = sorted(members[key].values(), key=lambda n: (n.label.casefold(), n.iri))
        group.total = len(found)
        group.neighbours = found[:limit]
    ordered = sorted(groups.values(), key=lambda g: (g.direction != "out", g.relation_label,
                                                     g.relation))
    return Neighbourhood(iri=iri, label=index.labels.get(iri, short(URIRef(iri))), groups=ordered,
                         sparql=result.sparql, truncated=result.truncated)
