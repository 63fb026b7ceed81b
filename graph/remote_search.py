"""Names looked up where they are, for a remote graph too large to read every name of.

A small graph's names are read once into the local index (:mod:`graph.label_index`). On a
store whose :meth:`~graph.stores.Store.names_in_place` names a server, a command asks that
server instead, for a few names at a time:

- **search**: the names a query could mean, from the name predicates of the graph's
  profile: those holding every word of it, by the server's own text index where it has one
  (Virtuoso's ``bif:contains``), else by a bounded SPARQL search (``CONTAINS``); names
  equal to the query (lower-cased) first, then the shortest; at most :data:`CANDIDATES`
  names in :data:`SEARCH_SECONDS`. A small :class:`~graph.label_index.LabelIndex` of those
  names then ranks them with the full index's tiers and scores, so hits read the same; but
  a name the server did not return cannot be found, so misspellings are found less often
  (only past the first half of a word: when nothing holds the words, the longest word's
  first half is asked for).
- **labels and classes** of given entities: one query per :data:`BATCH` IRIs
  (``names_of.rq``), kept for the rest of the process.

Each server kind has one function that writes its text search (:data:`TEXT_SEARCH`).
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph import queries
from graph.errors import QueryError, QueryTimeout
from graph.label_index import LabelIndex
from graph.names import Name, SearchHit, keep_label, normalise, prefer_type
from graph.namespaces import PREFIXES
from graph.results import local_name, short
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["BATCH", "CANDIDATES", "SEARCH_SECONDS", "TEXT_SEARCH", "NameTable", "RemoteNames",
           "SearchAnswer", "classes_of", "lookup_for"]

CANDIDATES = 200
"""Names one search query returns at most (shortest first: the best prefix and word hits)."""
SEARCH_SECONDS = 10.0
"""Time limit of each search query; past it the search says it did not finish."""
BATCH = 1000
"""IRIs whose labels and classes one query asks for."""
_NOT_CLASSES = {PREFIXES["mg"] + "Claim", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"}
"""Types that say what a claim is, not what an entity is (as ``search_types.rq`` leaves out)."""
_VALUES_EACH = 200
"""Labels and classes read per IRI at most (a label in each of many languages)."""
_HEAD = 6
"""A word at least this long is also looked for by its first half, for a misspelt end."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchAnswer:
    """The hits of a search, and a line saying how names were searched when not by the
    full local index ("" when they were)."""

    hits: list[SearchHit]
    note: str = ""


@dataclass(frozen=True)
class NameTable:
    """The labels and classes of some entities (and their classes' labels)."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def class_label(self, class_iri: str) -> str:
        """A class's label, or the readable tail of its IRI ("" for no class)."""
        if not class_iri:
            return ""
        return self.labels.get(class_iri) or local_name(class_iri)


def _names_query(predicates: Iterable[str], condition: str, forms: Iterable[str], *,
                 text_pattern: str = "") -> str:
    """The names (of IRIs, by the given predicates) meeting ``condition``: those equal, once
    lower-cased, to one of ``forms`` first, then the shortest (the best prefix and word
    hits); at most :data:`CANDIDATES`. ``text_pattern`` adds a server's text-search triple.

    The exact names come first in the one query that finds the others, rather than from a
    query of their own: a lone ``LCASE(STR(?name)) = …`` makes Oxigraph compare every name
    of the graph, where behind ``CONTAINS`` it compares the few that hold the words.
    """
    listed = " ".join(URIRef(p).n3() for p in sorted(predicates))
    exact = ", ".join(Literal(f).n3() for f in sorted(set(forms)))
    return (f"SELECT ?entity ?property ?name WHERE {{\n"
            f"  VALUES ?property {{ {listed} }}\n"
            f"  ?entity ?property ?name .\n{text_pattern}"
            f"  FILTER(isIRI(?entity) && {condition})\n"
            f"}}\nORDER BY (IF(LCASE(STR(?name)) IN ({exact}), 0, 1)) STRLEN(STR(?name))\n"
            f"LIMIT {CANDIDATES}\n")


def contains_query(predicates: Iterable[str], words: Iterable[str],
                   forms: Iterable[str]) -> str:
    """Names holding every word (lower-cased), exact ones first, then shortest first: any
    SPARQL 1.1 server."""
    held = " && ".join(f"CONTAINS(LCASE(STR(?name)), {Literal(w).n3()})" for w in words)
    return _names_query(predicates, held, forms)


def virtuoso_query(predicates: Iterable[str], words: Iterable[str],
                   forms: Iterable[str]) -> str | None:
    """Names holding every word by Virtuoso's free-text index (``bif:contains``), exact ones
    first, then shortest first; None when no word can be written as Virtuoso's text
    expression.

    The expression ANDs one double-quoted term per word, as Virtuoso documents (words and
    their wildcards are quoted; a wildcard needs 4 leading characters, error FT370): a
    word of 4 letters or more as a prefix (``"cramp*"``), a shorter one whole. Only literals
    under a free-text rule are indexed (``DB.DBA.RDF_OBJ_FT_RULE_ADD``); a server without
    one refuses the query, and the generic search runs instead.
    """
    terms = [f'"{t}*"' if len(t) >= 4 else f'"{t}"'
             for word in words for t in _WORD.findall(word)]
    if not terms:
        return None
    expression = " AND ".join(terms)
    return _names_query(predicates, "true", forms,
                        text_pattern=f"  ?name bif:contains '{expression}' .\n")


def qlever_query(predicates: Iterable[str], words: Iterable[str],
                 forms: Iterable[str]) -> str | None:
    """QLever's text search (``ql:contains-word``, or its ``textSearch:`` service) works on a
    text index built with the graph (``qlever index --text-index``), which a client cannot
    see; and QLever's answers carry no header naming it. Until a store can say it is
    QLever, None: the generic search runs."""
    return None


def graphdb_query(predicates: Iterable[str], words: Iterable[str],
                  forms: Iterable[str]) -> str | None:
    """GraphDB's full-text search goes through a Lucene connector an administrator creates
    and names (``luc:query`` on that instance), which a client cannot know; None: the
    generic search runs."""
    return None


TextSearch = Callable[[Iterable[str], Iterable[str], Iterable[str]], "str | None"]
TEXT_SEARCH: dict[str, tuple[str, TextSearch]] = {
    "virtuoso": ("Virtuoso's own text index (bif:contains)", virtuoso_query),
    "qlever": ("QLever's text index", qlever_query),
    "graphdb": ("GraphDB's Lucene connector", graphdb_query),
}
"""Per server kind: the words for the note, and the function writing its text search."""
_GENERIC = "a bounded SPARQL search"


class RemoteNames:
    """The names of one large remote graph, asked for as they are needed and kept."""

    def __init__(self, store: Store, kind: str) -> None:
        from graph.profile import profile_for

        self.store = store
        self.kind = kind
        profile = profile_for(store)
        self.kinds = profile.name_predicates()
        self.label_predicates = sorted(p for p, k in self.kinds.items() if k == "label")
        self.type_predicates = sorted(profile.types)
        self._is_label = frozenset(self.label_predicates)
        self._labels: dict[str, str] = {}
        self._foreign: set[str] = set()
        self._types: dict[str, str] = {}
        self._asked: set[str] = set()
        self._lock = threading.Lock()

    # --- labels and classes -------------------------------------------------------------

    def table(self, iris: Iterable[str]) -> NameTable:
        """The labels and classes of ``iris`` and their classes' labels (those they have)."""
        wanted = set(iris)
        with self._lock:
            self._fetch(wanted - self._asked)
            classes = {self._types[i] for i in wanted if i in self._types}
            self._fetch(classes - self._asked)
            labels = {i: self._labels[i] for i in wanted | classes if i in self._labels}
            types = {i: self._types[i] for i in wanted if i in self._types and i in labels}
        return NameTable(labels, types)

    def label(self, iri: str) -> str | None:
        """The label of one entity (one small query the first time), None if it has none."""
        with self._lock:
            self._fetch({iri} - self._asked)
            return self._labels.get(iri)

    def _fetch(self, iris: set[str]) -> None:
        predicates = self.label_predicates + self.type_predicates
        if not predicates:
            return
        ordered = sorted(iris)
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start:start + BATCH]
            text = queries.get("names_of").bind(node=[URIRef(i) for i in batch],
                                                property=[URIRef(p) for p in predicates])
            for row in run(self.store, text, max_rows=len(batch) * _VALUES_EACH,
                           trusted=True).rows:
                if {"node", "property", "value"} <= row.keys():
                    self._take(str(row["node"]), str(row["property"]), row["value"])
            self._asked.update(batch)

    def _take(self, node: str, prop: str, value: object) -> None:
        if prop in self._is_label:
            keep_label(self._labels, node, value, self._foreign)
        else:
            _keep_class(self._types, node, value)

    # --- search -------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10) -> SearchAnswer:
        """Hits for what a person typed, ranked as the full index ranks them.

        Raises
        ------
        QueryTimeout
            When the server did not answer within :data:`SEARCH_SECONDS` (the message says
            to name the entity by its IRI, which needs no search).
        """
        norm = normalise(text)
        if not norm or not self.kinds:
            return SearchAnswer([], "")
        rows, how, stopped = self._candidates(text, norm)
        if stopped:
            raise QueryTimeout(
                f"the endpoint {self.store.spec} did not finish looking up {text!r} within "
                f"{SEARCH_SECONDS:g} s: name the entity by its IRI instead")
        note = (f"the graph is too large to index every name here, so names were looked up "
                f"with {how} (at most {CANDIDATES} names): misspellings are found less "
                f"often than in a local store")
        return SearchAnswer(self._rank(rows).search(text, limit=limit), note)

    def _candidates(self, text: str,
                    norm: str) -> tuple[list[tuple[str, str, object]], str, bool]:
        """The names found (entity, predicate, value), how, and whether the server stopped
        at its time limit: the names holding every word, or when there are none, those
        holding the first half of the longest word (a misspelt ending)."""
        words = norm.split()
        forms = {norm, text.strip().lower()}
        head = max(words, key=len)
        how = _GENERIC
        try:
            rows, how = self._words(words, forms)
            if not rows and len(head) >= _HEAD:
                rows, how = self._words([head[: len(head) // 2 + 1]], forms)
        except QueryTimeout:
            return [], how, True
        return rows, how, False

    def _words(self, words: list[str],
               forms: set[str]) -> tuple[list[tuple[str, str, object]], str]:
        """Names holding every word, by the server's text search if it has one that
        answers, else by ``CONTAINS``."""
        how, write = TEXT_SEARCH.get(self.kind, (_GENERIC, None))
        text = write(self.kinds, words, forms) if write is not None else None
        if text is not None:
            try:
                return self._ask(text), how
            except QueryTimeout:
                raise
            except QueryError:
                pass  # no text index there (or it refused these words): ask plainly
        return self._ask(contains_query(self.kinds, words, forms)), _GENERIC

    def _ask(self, text: str) -> list[tuple[str, str, object]]:
        result = run(self.store, text, max_rows=CANDIDATES, timeout=SEARCH_SECONDS,
                     trusted=True)
        return [(str(row["entity"]), str(row["property"]), row["name"])
                for row in result.rows if {"entity", "property", "name"} <= row.keys()]

    def _rank(self, rows: list[tuple[str, str, object]]) -> LabelIndex:
        """A small index of the names found, with their entities' labels and classes."""
        found = {entity for entity, _, _ in rows}
        table = self.table(found)
        names = [Name(normalise(str(value)), str(value), entity,
                      self.kinds.get(prop, "synonym"))
                 for entity, prop, value in rows if normalise(str(value))]
        for entity in sorted(found & table.labels.keys()):
            curie = short(URIRef(entity))
            if not curie.startswith("<"):
                names.append(Name(normalise(curie), curie, entity, "identifier"))
        return LabelIndex(names, dict(table.types), dict(table.labels))


def _keep_class(types: dict[str, str], node: str, value: object) -> None:
    """Keep ``value`` as the class of ``node`` if it is one and preferred to the one kept."""
    if isinstance(value, URIRef) and str(value) not in _NOT_CLASSES:
        kept = types.get(node)
        if kept is None or prefer_type(str(value), kept):
            types[node] = str(value)


def classes_of(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """The class of each of ``iris`` that has one (chosen as the name index chooses), looked
    up for just these IRIs (``names_of.rq``, a query per :data:`BATCH`): the index keeps the
    classes of labelled entities only, so a graph's many unlabelled nodes (schema.org's
    property shapes) cost nothing until a view shows them."""
    from graph.profile import profile_for

    predicates = [URIRef(p) for p in profile_for(store).types]
    ordered = sorted(set(iris))
    types: dict[str, str] = {}
    if not predicates:
        return types
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start:start + BATCH]
        text = queries.get("names_of").bind(node=[URIRef(i) for i in batch], property=predicates)
        for row in run(store, text, max_rows=len(batch) * _VALUES_EACH, trusted=True).rows:
            if {"node", "value"} <= row.keys():
                _keep_class(types, str(row["node"]), row["value"])
    return types


_LOOKUPS: weakref.WeakKeyDictionary[Store, tuple[int, RemoteNames]] = (
    weakref.WeakKeyDictionary())
_LOOKUPS_LOCK = threading.Lock()


def lookup_for(store: Store) -> RemoteNames | None:
    """The name lookup of a store whose names are looked up where they are (one per store
    and data version); None for a store whose names are all read into the local index."""
    kind = store.names_in_place()
    if kind is None:
        return None
    version = store.version
    with _LOOKUPS_LOCK:
        kept = _LOOKUPS.get(store)
    if kept is not None and kept[0] == version:
        return kept[1]
    made = RemoteNames(store, kind)  # reads the profile: no lock held for other stores
    with _LOOKUPS_LOCK:
        kept = _LOOKUPS.get(store)
        if kept is None or kept[0] != version:
            kept = (version, made)
            _LOOKUPS[store] = kept
        return kept[1]
