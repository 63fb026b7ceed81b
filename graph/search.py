"""Finding entities by the words people use: labels, synonyms, identifiers.

Names are normalised (case, accents, hyphens and punctuation folded) and ranked in tiers:
exact > prefix > word > fuzzy, so "cramp", "cefuroxim", "hypokalaemia" and "low potassium"
each find the right entity first. The index (:mod:`graph.label_index`, SQLite's FTS5) is
built from two queries (``search_names.rq``, ``search_types.rq``), or after ``myograph load``
from the names the load read as they passed (:mod:`graph.harvest`), and kept with the store's
other derived values; an upload or a removed graph updates it (:mod:`graph.index_build`). A
remote graph too large to read every name of (:meth:`~graph.stores.Store.names_in_place`) is
searched on its server instead, and the labels of the entities a command shows are asked for
alone (:mod:`graph.remote_search`).

>>> from graph.stores import open_store
>>> store = open_store("memory")
>>> search(store, "cramp")[0].label
'muscle spasm'
>>> resolve(store, "low potassium")
'https://w3id.org/myograph/entity/hypokalemia'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from rdflib import URIRef

from graph import queries
from graph.errors import AmbiguousEntity, NodeNotFound
from graph.index_build import INDEX_KEY, build_index
from graph.label_index import LabelIndex
from graph.names import SearchHit, normalise
from graph.namespaces import entity_name, iris_named
from graph.prefixes import graph_prefixes, naming_for
from graph.remote_search import SearchAnswer, classes_of, lookup_for
from graph.results import full_iri
from graph.sparql import run
from graph.stores.base import Store

if TYPE_CHECKING:
    from graph.harvest import Harvest

__all__ = ["EntityNames", "LabelIndex", "SearchAnswer", "SearchHit", "build_index", "find",
           "index_for", "label_of", "names_of", "normalise", "resolve", "search", "types_of"]

_KEY = INDEX_KEY


def index_for(store: Store, harvest: Harvest | None = None) -> LabelIndex:
    """The label index of a store, built once per data version (kept on disk by Oxigraph);
    from what a load harvested when given (:func:`graph.ready.make_ready`)."""
    if harvest is None:
        return store.derived(_KEY, lambda: build_index(store))
    return store.derived(_KEY, lambda: build_index(store, harvest))


def search(store: Store, text: str, *, limit: int = 10) -> list[SearchHit]:
    """Find entities by label, synonym or identifier (CURIE or IRI), best first.

    Parameters
    ----------
    store
        Any store.
    text
        What a person typed: "cramp", "low potassium", "HP:0003394", an IRI…
    limit
        Hits returned at most (one per entity).

    Returns
    -------
    list of SearchHit
        Ranked exact > prefix > word > fuzzy; within a tier by similarity, then labels
        before synonyms before identifiers, then shorter names, then IRI.

    >>> from graph.stores import open_store
    >>> [h.label for h in search(open_store("memory"), "cefuroxim", limit=1)]
    ['cefuroxime']
    """
    return find(store, text, limit=limit).hits


def find(store: Store, text: str, *, limit: int = 10) -> SearchAnswer:
    """:func:`search`'s hits with a note saying how the names were searched when not by the
    full local index (a large remote graph: its server's text search or a bounded SPARQL
    search, less tolerant of misspellings); the note is "" otherwise."""
    lookup = lookup_for(store)
    if lookup is None:
        return SearchAnswer(index_for(store).search(text, limit=limit, naming=naming_for(store)))
    return lookup.search(text, limit=limit)


class EntityNames(Protocol):
    """Labels and classes of entities: the whole name index, or a few looked up."""

    @property
    def labels(self) -> Mapping[str, str]:
        """IRI -> preferred label (entities and classes that have one)."""

    @property
    def types(self) -> Mapping[str, str]:
        """IRI -> class IRI (labelled entities that have one)."""

    def class_label(self, class_iri: str) -> str:
        """A class's label, or the readable tail of its IRI ("" for no class)."""


def names_of(store: Store, iris: Iterable[str]) -> EntityNames:
    """The labels and classes of ``iris`` (at least those): the name index, or on a large
    remote graph the few asked for (one query per thousand IRIs, kept for the process)."""
    lookup = lookup_for(store)
    return index_for(store) if lookup is None else lookup.table(iris)


def types_of(store: Store, names: EntityNames, iris: Iterable[str]) -> dict[str, str]:
    """The class IRI of each of ``iris`` that has one: from ``names`` (what
    :func:`names_of` gave), the others (unlabelled entities) looked up for just these IRIs.
    For the few entities a view shows; never for a hub's thousands."""
    wanted = set(iris)
    found = {iri: names.types[iri] for iri in wanted if iri in names.types}
    missing = wanted - found.keys()
    if missing:
        found.update(classes_of(store, missing))
    return found


def label_of(store: Store, iri: str) -> str:
    """The label of an entity, or when it has none its name by :func:`entity_name`."""
    lookup = lookup_for(store)
    if lookup is None:
        return index_for(store).labels.get(iri) or entity_name(iri, naming_for(store))
    return lookup.label(iri) or entity_name(iri, naming_for(store))


_IRI_LIKE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)[^\s<>\"{}|^`\\]+")


def _named_iris(name: str) -> list[str]:
    """The IRIs ``name`` may write out: an IRI, or a CURIE with one of the project's
    prefixes or one the views name entities by (:func:`entity_name`)."""
    if _IRI_LIKE.fullmatch(name):
        return [name]
    iri = full_iri(name)
    found = [iri] if iri != name and _IRI_LIKE.fullmatch(iri) else []
    return found + [i for i in iris_named(name) if i not in found and _IRI_LIKE.fullmatch(i)]


def _present(store: Store, iri: str) -> bool:
    text = queries.get("nodes_present").bind(node=[URIRef(iri)])
    return bool(run(store, text, max_rows=1, trusted=True).rows)


def resolve(store: Store, name: str) -> str:
    """The IRI of the one entity a person means by ``name``.

    Accepts an IRI, a CURIE (``mge:cramp``, ``HP:0003394``), a label or a synonym, with
    the tolerance of :func:`search`; a clear best hit wins. A CURIE of a prefix the graph
    itself declared (:func:`graph.prefixes.graph_prefixes`) names its IRI unless the graph
    has that exact name for an entity (an identifier written as a CURIE).

    Raises
    ------
    NodeNotFound
        Nothing matches.
    AmbiguousEntity
        Several entities match equally well; ``candidates`` lists (iri, label) pairs.
    """
    stripped = name.strip().strip("<>")
    for named in _named_iris(stripped):
        if _present(store, named):
            return named  # an IRI (or a CURIE) needs no name index: one query checks it
    lookup = lookup_for(store)
    if lookup is None:
        index = index_for(store)
        if stripped in index.labels:
            return stripped
        hits = index.search(stripped, limit=10, naming=naming_for(store))
    else:
        hits = lookup.search(stripped, limit=10).hits
    if not hits or hits[0].tier != "exact":
        # a CURIE of a prefix the graph declared: after the names the graph gives (the
        # curated graph's HP: prefix would otherwise make "HP:0003394" its OBO IRI)
        for named in iris_named(stripped, list(graph_prefixes(store).items())):
            if _IRI_LIKE.fullmatch(named) and _present(store, named):
                return named
    if not hits:
        raise NodeNotFound(f"no entity matches {name!r}")
    top = hits[0]
    same_tier = [h for h in hits[1:] if h.tier == top.tier]
    if top.tier == "exact":
        # a name written exactly as one entity has it (case and all) wins; then a label
        # beats a synonym or an identifier
        verbatim = [h for h in (top, *same_tier) if h.matched == stripped]
        if len({h.iri for h in verbatim}) == 1:
            return verbatim[0].iri
        rivals = [h for h in same_tier if h.kind == top.kind and h.iri != top.iri]
    elif top.tier == "fuzzy":
        rivals = [h for h in same_tier if h.score >= top.score - 0.05]
    else:
        rivals = same_tier
    if not rivals:
        return top.iri
    candidates = [(h.iri, h.label) for h in [top, *rivals][:8]]
    raise AmbiguousEntity(f"{name!r} could mean several entities; name one of them", candidates)
