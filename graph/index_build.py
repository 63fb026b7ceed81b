"""Reading a store's names into the label index: every name at once, or only the names of
the entities one write touched.

:func:`build_index` reads every name and class with two bulk queries (``search_names.rq``,
``search_types.rq``), or takes the rows a load's harvest gives for them
(:mod:`graph.harvested`). :class:`IndexCarrier` keeps an index up to date across an upload or a
removed graph (:mod:`graph.stores.carry`): the entities the graph names or types, before the
write and after it (``index_entities_in.rq``), are read again from the whole store
(``index_names_of.rq``, ``index_types_of.rq``), so an entity also named in another graph
keeps the names it has there, and one named only in a removed graph is forgotten. Either way
the same rows go through the same steps (:func:`_collect`), so an updated index holds what a
rebuilt one would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from graph import queries
from graph.label_index import LabelIndex
from graph.names import Kind, Name, keep_label, normalise, prefer_type
from graph.queries import BoundQuery
from graph.results import short
from graph.sparql import run, with_prefixes
from graph.stores import carry
from graph.stores.base import DEFAULT_GRAPH, Deadline, Store
from graph.stores.carry import Carrier

if TYPE_CHECKING:
    from graph.harvest import Harvest
    from graph.profile import Profile

__all__ = ["INDEX_KEY", "IndexCarrier", "build_index"]

_FORMAT = 4
"""The index's layout; an index kept on disk by another layout is built again."""
INDEX_KEY = f"label-index-v{_FORMAT}"
"""The key the label index is kept under with a store's derived values."""

_INDEX_ROWS = 5_000_000
_INDEX_SECONDS = 300.0
_BATCH = 1_000
"""Entities read again per query when an index is updated."""
CARRY_MOST = 200_000
"""Entities one update reads again at most: past that, the bulk queries of a rebuild read
every name faster than lookups entity by entity (and hold no set of IRIs that large)."""


def build_index(store: Store, harvest: Harvest | None = None) -> LabelIndex:
    """Read every name and class from the store (two queries) into a new index; from
    ``harvest`` instead where it holds them (:mod:`graph.harvested`)."""
    from graph import harvested
    from graph.profile import profile_for

    profile = profile_for(store)
    kinds = profile.name_predicates()
    names: list[tuple[object, ...]] | None = None
    types: list[tuple[object, ...]] | None = None
    if harvest is not None:
        names = harvested.name_rows(harvest, kinds)  # type: ignore[assignment]
        types = harvested.type_rows(harvest, profile.types)  # type: ignore[assignment]
    if names is None:
        names = _rows(store, queries.get("search_names").bind(property=_iris(kinds)),
                      ("entity", "property", "name"), bool(kinds))
    if types is None:
        types = _rows(store, queries.get("search_types").bind(property=_iris(profile.types)),
                      ("entity", "type"), bool(profile.types))
    return LabelIndex(*_collect(names, types, kinds), basis=_basis(profile))


def _collect(name_rows: Iterable[tuple[Any, ...]], type_rows: Iterable[tuple[Any, ...]],
             kinds: dict[str, Kind]) -> tuple[list[Name], dict[str, str], dict[str, str]]:
    """The names, classes and labels of the entities in some rows of the two queries."""
    names: list[Name] = []
    labels: dict[str, str] = {}
    foreign: set[str] = set()
    for entity_term, prop, value in name_rows:
        entity = str(entity_term)
        kind = kinds.get(str(prop), "synonym")
        text = str(value)
        if kind == "label":
            keep_label(labels, entity, value, foreign)
        norm = normalise(text)
        if norm:
            names.append(Name(norm, text, entity, kind))
    types: dict[str, str] = {}
    for entity_term, cls_term in type_rows:
        entity, cls_iri = str(entity_term), str(cls_term)
        if entity in labels and (entity not in types or prefer_type(cls_iri, types[entity])):
            types[entity] = cls_iri
    for entity in labels:
        curie = short(URIRef(entity))
        if not curie.startswith("<"):
            names.append(Name(normalise(curie), curie, entity, "identifier"))
    names.sort()  # the same index whatever order the rows came in
    return names, types, labels


def _iris(predicates: Iterable[str]) -> list[URIRef]:
    return [URIRef(p) for p in predicates]


def _basis(profile: Profile) -> str:
    """The predicates an index reads names and classes by (an index's ``basis``)."""
    return json.dumps({"names": sorted(profile.name_predicates().items()),
                       "types": sorted(profile.types)})


def _rows(store: Store, query: BoundQuery, variables: tuple[str, ...], wanted: bool,
          max_rows: int = _INDEX_ROWS) -> list[tuple[object, ...]]:
    """Every row of one of the index's queries: plain text where the store reads it so
    (Oxigraph: no rdflib term per value), else rdflib terms; none when not ``wanted`` (an
    empty VALUES list would mean every predicate)."""
    if not wanted:
        return []
    text, _ = with_prefixes(str(query))
    plain = store.plain_rows(text, deadline=Deadline(_INDEX_SECONDS), max_rows=max_rows)
    if plain is not None:
        return list(plain)
    result = run(store, query, max_rows=max_rows, timeout=_INDEX_SECONDS, trusted=True)
    return [tuple(row.get(v) for v in variables) for row in result.rows]


class IndexCarrier(Carrier):
    """Carries the label index over a write to one named graph (see the module's text).

    The index is rebuilt instead where an update would be wrong or slower: when the
    profile's name or class predicates change with the write (a newly used name predicate,
    say, changes which triples name things in every graph, and the profile is detected again
    from the whole store after each write, since which predicates hold names and how often
    each is used can only be told from every graph together), when the write is to the
    default graph (no query can tell its triples from the named graphs' in the union
    Oxigraph queries), when the index was empty (nothing to keep), and when the graph names
    more entities than the index keeps besides them, or more than :data:`CARRY_MOST`: reading
    names entity by entity costs about twice what the bulk queries of a rebuild cost per
    entity, so past that point a rebuild is sooner.
    """

    def note(self, store: Store, value: Any, graph: str) -> set[str] | None:
        if not isinstance(value, LabelIndex) or graph == DEFAULT_GRAPH or not len(value):
            return None
        return _touched(store, value.basis, graph)

    def update(self, store: Store, value: Any, graph: str,
               noted: object) -> LabelIndex | None:
        from graph.profile import profile_for

        profile = profile_for(store)
        if (not isinstance(value, LabelIndex) or not isinstance(noted, set)
                or _basis(profile) != value.basis):
            return None
        after = _touched(store, value.basis, graph)
        if after is None or len(noted | after) > min(CARRY_MOST, len(value.labels) - len(noted)):
            return None
        entities = sorted(noted | after)
        if not entities:
            return value
        kinds = profile.name_predicates()
        names: list[tuple[object, ...]] = []
        types: list[tuple[object, ...]] = []
        for start in range(0, len(entities), _BATCH):
            batch = _iris(entities[start:start + _BATCH])
            names += _rows(store, queries.get("index_names_of").bind(
                entity=batch, property=_iris(kinds)), ("entity", "property", "name"),
                bool(kinds))
            types += _rows(store, queries.get("index_types_of").bind(
                entity=batch, property=_iris(profile.types)), ("entity", "type"),
                bool(profile.types))
        return value.replaced(entities, *_collect(names, types, kinds))


def _touched(store: Store, basis: str, graph: str) -> set[str] | None:
    """The entities ``graph`` names or gives a class, by the predicates of ``basis``; None
    when there are more than :data:`CARRY_MOST`."""
    read = json.loads(basis) if basis else {}
    predicates: Sequence[str] = [p for p, _kind in read.get("names", [])] + read.get("types", [])
    if not predicates:
        return set()
    text = queries.get("index_entities_in").bind(graph=URIRef(graph),
                                                 property=_iris(predicates))
    rows = _rows(store, text, ("entity",), True, max_rows=CARRY_MOST + 1)
    return None if len(rows) > CARRY_MOST else {str(row[0]) for row in rows}


carry.register(INDEX_KEY, IndexCarrier())
