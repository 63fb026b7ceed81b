"""The label index: every name of every entity, held by SQLite and its FTS5 engine.

Names are normalised (:func:`normalise`) and kept in one table; SQLite answers each ranking
tier: an index on the normalised name for exact and prefix matches (and, for one- or
two-letter queries, an index in the prefix tier's own order), an FTS5 table with the
``unicode61`` tokenizer for the word tier, and an FTS5 table with the ``trigram`` tokenizer
for the candidates of the fuzzy tier, which :mod:`difflib` then scores. The index pickles as
SQLite's own serialised database, so a store keeps it beside its other derived values.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import NamedTuple

from rdflib import URIRef

from graph.names import Kind, Name, SearchHit, Tier, normalise
from graph.namespaces import NAMING, Naming, entity_name, local_name
from graph.results import short

__all__ = ["LabelIndex"]


_TIER_RANK: dict[str, int] = {"exact": 0, "prefix": 1, "word": 2, "fuzzy": 3}
_KINDS: tuple[Kind, ...] = ("label", "synonym", "identifier")
_KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(_KINDS)}
_FUZZY_CUTOFF = 0.72
_FUZZY_CANDIDATES = 300
"""Names scored by difflib at most (those sharing the most trigrams with the query)."""
_FUZZY_SCAN = 5_000
"""Trigram postings read at most once rarer trigrams have found candidates."""
_FUZZY_SHARE = 4
"""A fuzzy candidate shares at least a quarter of the query's trigrams (at least one)."""
_SHORT_PREFIX = 2
_SHORT_KEEP = 256
"""Names read per one- or two-letter prefix (best first in the prefix tier)."""
_LAST_CHAR = "\U0010ffff"

_SCHEMA = """
CREATE TABLE name (id INTEGER PRIMARY KEY, norm TEXT NOT NULL, text TEXT NOT NULL,
                   entity TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE VIRTUAL TABLE name_word USING fts5(norm, content='', detail='none',
                                          tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE name_gram USING fts5(norm, content='', detail='none',
                                          tokenize='trigram');
CREATE VIRTUAL TABLE name_gram_count USING fts5vocab(name_gram, 'row');
"""
_FILL = """
CREATE INDEX name_norm ON name (norm);
CREATE INDEX name_short1 ON name (substr(norm, 1, 1), length(norm), kind, length(text));
CREATE INDEX name_short2 ON name (substr(norm, 1, 2), length(norm), kind, length(text));
"""
_FILL_WORDS = (
    "INSERT INTO name_word (rowid, norm) SELECT id, norm FROM name WHERE id > ? ORDER BY id",
    "INSERT INTO name_gram (rowid, norm) SELECT id, '  ' || norm || ' ' FROM name "
    "WHERE id > ? ORDER BY id",
)
"""The FTS5 tables take the names past an id in rowid order: out of order (read along
``name_norm``), FTS5 builds its index far more slowly."""
_EXACT = "SELECT id, norm, text, entity, kind FROM name WHERE norm = ?"
_PREFIX = "SELECT id, norm, text, entity, kind FROM name WHERE norm >= ? AND norm < ?"
_SHORT = {
    1: ("SELECT id, norm, text, entity, kind FROM name WHERE substr(norm, 1, 1) = ? "
        "ORDER BY length(norm), kind, length(text), entity, norm, text, id LIMIT ?"),
    2: ("SELECT id, norm, text, entity, kind FROM name WHERE substr(norm, 1, 2) = ? "
        "ORDER BY length(norm), kind, length(text), entity, norm, text, id LIMIT ?"),
}
_WORDS = ("SELECT id, norm, text, entity, kind FROM name WHERE id IN "
          "(SELECT rowid FROM name_word WHERE name_word MATCH ?)")
_BY_ID = ("SELECT id, norm, text, entity, kind FROM name WHERE id IN "
          "(SELECT value FROM json_each(?))")
_NAMES = "SELECT id, norm, text, entity, kind FROM name WHERE kind != ? ORDER BY id"
_OF_NORMS = ("SELECT id, norm, text, entity, kind FROM name WHERE kind != ? AND norm IN "
             "(SELECT value FROM json_each(?)) ORDER BY id")
_GRAM_COUNTS = ("SELECT term, doc FROM name_gram_count WHERE term IN "
                "(SELECT value FROM json_each(?))")
_POSTING = "SELECT rowid FROM name_gram WHERE name_gram MATCH ? LIMIT ?"
_OF_ENTITIES = "SELECT id, norm FROM name WHERE entity IN (SELECT value FROM json_each(?))"
_FORGET = (
    "INSERT INTO name_word (name_word, rowid, norm) VALUES ('delete', ?, ?)",
    "INSERT INTO name_gram (name_gram, rowid, norm) VALUES ('delete', ?, '  ' || ? || ' ')",
    "DELETE FROM name WHERE id = ? AND norm = ?",
)
"""A contentless FTS5 table forgets a row when given the values it indexed."""


def _trigrams(text: str) -> set[str]:
    """The trigrams FTS5 indexes for a name (padded, so word starts and ends count)."""
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _phrase(text: str) -> str:
    """``text`` as one FTS5 string (its tokenizer splits it; quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


class _Row(NamedTuple):
    id: int
    norm: str
    text: str
    entity: str
    kind: int


_Offer = Callable[[_Row, Tier, float], None]


class LabelIndex:
    """Every name of every entity with its lookups, and each entity's label and class.

    ``labels`` and ``types`` map an entity's IRI to its preferred label and class IRI. The
    names live in an SQLite database in memory; a lock makes one index usable from every
    thread (the app answers each browser session on a thread of its own).
    """

    def __init__(self, names: Iterable[Name], types: dict[str, str],
                 labels: dict[str, str], basis: str = "") -> None:
        self.types = types
        self.labels = labels
        self.basis = basis
        """The predicates its names were read by: it is updated only while they stay."""
        self._db = _connect()
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)
        self._db.executemany("INSERT INTO name (norm, text, entity, kind) VALUES (?, ?, ?, ?)",
                             ((n.norm, n.text, n.entity, _KIND_RANK[n.kind]) for n in names))
        self._db.executescript(_FILL)
        for statement in _FILL_WORDS:
            self._db.execute(statement, (0,))
        self._db.commit()
        self._size = self._count()

    def __getstate__(self) -> dict[str, object]:
        with self._lock:
            return {"types": self.types, "labels": self.labels, "db": self._db.serialize(),
                    "basis": self.basis}

    def __setstate__(self, state: dict[str, object]) -> None:
        types, labels, data = state["types"], state["labels"], state["db"]
        basis = state.get("basis", "")
        if not (isinstance(types, dict) and isinstance(labels, dict)
                and isinstance(data, bytes) and isinstance(basis, str)):
            raise TypeError("not a label index")
        self.types, self.labels, self.basis = types, labels, basis
        self._db = _connect()
        self._db.deserialize(data)
        self._lock = threading.Lock()
        self._size = self._count()

    def replaced(self, entities: Collection[str], names: Iterable[Name],
                 types: dict[str, str], labels: dict[str, str]) -> LabelIndex:
        """A copy (readers may hold this one) in which ``entities`` have the given names,
        classes and labels instead of their own. It answers as an index built at once would
        (ties are broken by text before the order names were added in), but for the fuzzy
        tier's bounded reading on an index past ``_FUZZY_SCAN`` or ``_FUZZY_CANDIDATES``."""
        state = self.__getstate__()
        copy = LabelIndex.__new__(LabelIndex)
        copy.__setstate__({**state, "types": dict(self.types), "labels": dict(self.labels)})
        copy._replace(entities, names, types, labels)
        return copy

    def _replace(self, entities: Collection[str], names: Iterable[Name],
                 types: dict[str, str], labels: dict[str, str]) -> None:
        gone = self._db.execute(_OF_ENTITIES, (json.dumps(sorted(entities)),)).fetchall()
        for statement in _FORGET:
            self._db.executemany(statement, gone)
        start = int(self._db.execute("SELECT coalesce(max(id), 0) FROM name").fetchone()[0])
        self._db.executemany("INSERT INTO name (norm, text, entity, kind) VALUES (?, ?, ?, ?)",
                             ((n.norm, n.text, n.entity, _KIND_RANK[n.kind]) for n in names))
        for statement in _FILL_WORDS:
            self._db.execute(statement, (start,))
        self._db.commit()
        self._size = self._count()
        for entity in entities:
            self.types.pop(entity, None)
            self.labels.pop(entity, None)
        self.types.update(types)
        self.labels.update(labels)

    def _count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM name").fetchone()[0])

    def __len__(self) -> int:
        """Names indexed (labels, synonyms and identifiers)."""
        return self._size

    def _rows(self, sql: str, *args: object) -> list[_Row]:
        with self._lock:
            try:
                return [_Row(*row) for row in self._db.execute(sql, args)]
            except sqlite3.OperationalError:
                return []  # an FTS5 query of nothing but separators matches nothing

    def class_label(self, class_iri: str) -> str:
        """A class's label, or the readable tail of its IRI ("" for no class)."""
        if not class_iri:
            return ""
        return self.labels.get(class_iri) or local_name(class_iri)

    def _hit(self, row: _Row, tier: Tier, score: float, naming: Naming) -> SearchHit:
        type_iri = self.types.get(row.entity, "")
        return SearchHit(
            iri=row.entity,
            label=self.labels.get(row.entity) or entity_name(row.entity, naming),
            type=short(URIRef(type_iri)) if type_iri else "",
            type_label=self.class_label(type_iri),
            matched=row.text,
            kind=_KINDS[row.kind],
            tier=tier,
            score=score,
        )

    def names(self) -> list[tuple[str, str]]:
        """Every label and synonym with the IRI it names (identifiers left out)."""
        identifier = _KIND_RANK["identifier"]
        return [(row.text, row.entity) for row in
                self._rows(_NAMES, identifier)]

    def names_written(self, norms: Iterable[str]) -> list[tuple[str, str]]:
        """The labels and synonyms whose normal form (:func:`normalise`) is one of ``norms``,
        with the IRI each names: the names a text holds, found through the index on the
        normal form without reading the others."""
        identifier = _KIND_RANK["identifier"]
        return [(row.text, row.entity) for row in
                self._rows(_OF_NORMS, identifier, json.dumps(sorted(set(norms))))]

    def search(self, text: str, limit: int = 10, naming: Naming = NAMING) -> list[SearchHit]:
        """Ranked hits, one per entity (its best-matching name); an entity with no label is
        called by ``naming`` (:func:`graph.prefixes.naming_for`).

        A tier is only searched while the tiers above it have found fewer than ``limit``
        entities (a lower tier could not reach the top ``limit`` then), and a one- or
        two-letter query reads only the best ``_SHORT_KEEP`` names of its prefix.
        """
        query = normalise(text)
        if not query:
            return []
        found: dict[int, tuple[_Row, Tier, float]] = {}
        entities: set[str] = set()

        def offer(row: _Row, tier: Tier, score: float) -> None:
            if row.id not in found:
                found[row.id] = (row, tier, score)
                entities.add(row.entity)

        for row in self._rows(_EXACT, query):
            offer(row, "exact", 1.0)
        for row in self._prefixed(query):
            offer(row, "prefix", len(query) / len(row.norm))
        if len(entities) < limit:
            for row in self._words(query):
                offer(row, "word", len(query) / len(row.norm))
        if len(entities) < limit:
            self._fuzzy(query, offer)
        best: dict[str, tuple[int, float, int, int, str, str, int]] = {}
        for row, tier, score in found.values():
            key = (_TIER_RANK[tier], -score, row.kind, len(row.text), row.entity, row.text,
                   row.id)
            kept = best.get(row.entity)
            if kept is None or key < kept:
                best[row.entity] = key
        ranked = sorted(best.values())[:limit]
        return [self._hit(*found[key[-1]], naming) for key in ranked]

    def _prefixed(self, query: str) -> list[_Row]:
        if len(query) <= _SHORT_PREFIX:
            return self._rows(_SHORT[len(query)], query, _SHORT_KEEP)
        return self._rows(_PREFIX, query, query + _LAST_CHAR)

    def _words(self, query: str) -> list[_Row]:
        """Names with a word starting with each of the query's words, in any order."""
        match = " AND ".join(_phrase(word) + "*" for word in query.split())
        return self._rows(_WORDS, match)

    def _postings(self, grams: set[str]) -> Iterator[list[int]]:
        """The names holding each trigram, rarest trigram first; a trigram whose names would
        take the reading past ``_FUZZY_SCAN`` once rarer ones have found some is not read."""
        with self._lock:
            counts = dict(self._db.execute(_GRAM_COUNTS, (json.dumps(sorted(grams)),)))
        scanned = 0
        for size, gram in sorted((size, gram) for gram, size in counts.items()):
            if scanned and scanned + size > _FUZZY_SCAN:
                break  # the rest are commoner still
            scanned += size
            with self._lock:
                yield [rowid for (rowid,) in self._db.execute(
                    _POSTING, (_phrase(gram), _FUZZY_SCAN))]

    def _fuzzy(self, query: str, offer: _Offer) -> None:
        """Names sharing trigrams with the query, scored by :class:`difflib.SequenceMatcher`.

        Of the names sharing at least a quarter of the query's trigrams (a typo keeps most of
        them), the ``_FUZZY_CANDIDATES`` sharing the most are scored, each first against
        difflib's own upper bounds (``real_quick_ratio``, ``quick_ratio``), as
        :func:`difflib.get_close_matches` does, so ``ratio`` runs only where it can pass.
        """
        grams = _trigrams(query)
        overlap: Counter[int] = Counter()
        for posting in self._postings(grams):
            overlap.update(posting)
        least = max(1, len(grams) // _FUZZY_SHARE)
        chosen = [i for i, shared in overlap.most_common(_FUZZY_CANDIDATES) if shared >= least]
        if not chosen:
            return
        rows = {row.id: row for row in self._rows(_BY_ID, json.dumps(chosen))}
        matcher = difflib.SequenceMatcher(a=query, autojunk=False)
        bound = difflib.SequenceMatcher(b=query, autojunk=False)  # quick_ratio counts b once
        for i in chosen:
            row = rows[i]
            score = _similarity(query, row.norm, matcher, bound)
            if score >= _FUZZY_CUTOFF:
                offer(row, "fuzzy", score)


def _similarity(query: str, norm: str, matcher: difflib.SequenceMatcher[str],
                bound: difflib.SequenceMatcher[str]) -> float:
    """How close ``norm`` is to the query: the whole name, or (a little less) its head."""
    score = 0.0
    bound.set_seq1(norm)
    if bound.real_quick_ratio() >= _FUZZY_CUTOFF and bound.quick_ratio() >= _FUZZY_CUTOFF:
        matcher.set_seq2(norm)
        score = matcher.ratio()
    if score < _FUZZY_CUTOFF and len(norm) > len(query):
        head = norm[: len(query)]
        bound.set_seq1(head)
        if bound.quick_ratio() * 0.95 >= _FUZZY_CUTOFF:
            matcher.set_seq2(head)
            score = matcher.ratio() * 0.95
    return score


def _connect() -> sqlite3.Connection:
    """An empty database in memory, usable from any thread (the index holds a lock)."""
    return sqlite3.connect(":memory:", check_same_thread=False)
