"""Finding entities by the words people use: labels, synonyms, identifiers.

Names are normalised (case, accents, hyphens and punctuation folded) and ranked in tiers:
exact > prefix > word > fuzzy, so "cramp", "cefuroxim", "hypokalaemia" and "low potassium"
each find the right entity first. The index is built from two queries
(``search_names.rq``, ``search_types.rq``) once per store version and kept in memory.

>>> from graph.stores import open_store
>>> store = open_store("memory")
>>> search(store, "cramp")[0].label
'muscle spasm'
>>> resolve(store, "low potassium")
'https://w3id.org/myograph/entity/hypokalemia'
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal as TypingLiteral
from typing import NamedTuple

from rdflib import URIRef

from graph import queries
from graph.errors import AmbiguousEntity, NodeNotFound
from graph.namespaces import PREFIXES
from graph.results import full_iri, local_name, short
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["LabelIndex", "SearchHit", "index_for", "label_of", "normalise", "resolve", "search"]

Tier = TypingLiteral["exact", "prefix", "word", "fuzzy"]
Kind = TypingLiteral["label", "synonym", "identifier"]
_Offer = Callable[[int, Tier, float], None]

_TIER_RANK: dict[str, int] = {"exact": 0, "prefix": 1, "word": 2, "fuzzy": 3}
_KIND_RANK: dict[str, int] = {"label": 0, "synonym": 1, "identifier": 2}
_INDEX_ROWS = 5_000_000
_FUZZY_CUTOFF = 0.72
_FUZZY_CANDIDATES = 300
"""Names scored by difflib at most (those sharing the most trigrams with the query)."""
_FUZZY_SCAN = 5_000
"""Trigram postings read at most once rarer trigrams have found candidates."""
_FUZZY_SHARE = 4
"""A fuzzy candidate shares at least a quarter of the query's trigrams (at least one)."""
_FORMAT = 2
"""The index's layout; an index kept on disk by another layout is built again."""
_SHORT_PREFIX = 2
_SHORT_KEEP = 256
"""Names kept per one- or two-letter prefix (best first in the prefix tier)."""
_SEPARATORS = re.compile(r"[\s\-‐-―_/,;.()\[\]'\"+]+")


def normalise(text: str) -> str:
    """Fold case, accents, hyphens and punctuation; collapse spaces.

    >>> normalise("  Hypokalæmia—LOW-potassium ")
    'hypokalaemia low potassium'
    >>> normalise("Ca2+")
    'ca2'
    """
    if text.isascii():  # most names: nothing to decompose (a third of a big index's build)
        return _SEPARATORS.sub(" ", text.lower()).strip()
    folded = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("Æ", "AE"))
    stripped = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", stripped).strip()


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(frozen=True)
class SearchHit:
    """One entity found, with the name that matched and how well."""

    iri: str
    label: str
    type: str
    """The entity's class as a CURIE or IRI ("" when it has none)."""
    type_label: str
    matched: str
    """The name that matched (a label, a synonym or an identifier)."""
    kind: Kind
    tier: Tier
    score: float
    """Similarity in 0..1 (1 for exact); ranks hits within a tier."""

    def to_json(self) -> dict[str, object]:
        """A plain dict: iri, label, type (the class IRI), type_label, matched, kind, tier,
        score."""
        return {**asdict(self), "type": full_iri(self.type)}


class _Name(NamedTuple):
    norm: str
    text: str
    entity: str
    kind: Kind


class LabelIndex:
    """Every name of every entity, normalised, with lookups for each ranking tier.

    Names are kept one list per field and the lookups hold tuples of name numbers, which
    Python's garbage collector stops tracking: a million-triple index adds almost nothing to
    a full collection (it added about 50 ms with an object, a list and a set per name).
    """

    def __init__(self, names: list[_Name], types: dict[str, str], labels: dict[str, str]) -> None:
        # one list per field: lists of strings cost the garbage collector nothing per name
        self._norm = [n.norm for n in names]
        self._text = [n.text for n in names]
        self._entity = [n.entity for n in names]
        self._kind = [n.kind for n in names]
        self.types = types
        self.labels = labels
        exact: dict[str, list[int]] = defaultdict(list)
        words: dict[str, set[int]] = defaultdict(set)
        trigrams: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(names):
            exact[name.norm].append(i)
            for word in name.norm.split():
                words[word].add(i)
            for gram in _trigrams(name.norm):
                trigrams[gram].append(i)
        self._exact = {norm: tuple(found) for norm, found in exact.items()}
        self._words = {word: tuple(sorted(found)) for word, found in words.items()}
        self._trigrams = {gram: tuple(found) for gram, found in trigrams.items()}
        self._sorted = sorted((name.norm, i) for i, name in enumerate(names))
        self._sorted_words = sorted(self._words)
        self._short = self._short_prefixes()

    def _short_prefixes(self) -> dict[str, tuple[int, ...]]:
        """For each one- and two-letter prefix, its best names in prefix-tier order.

        What a person has typed after one or two letters matches a large share of every
        name; the prefix tier ranks shorter names first, so the ``_SHORT_KEEP`` best of
        each prefix are enough for any ``limit`` up to there, however big the graph.
        """
        groups: dict[str, list[tuple[int, int, int, str, str, int]]] = defaultdict(list)
        for i, norm in enumerate(self._norm):
            # the tier's ranking, then the order of the full scan (which wins a tie)
            key = (len(norm), _KIND_RANK[self._kind[i]], len(self._text[i]), self._entity[i],
                   norm, i)
            for size in range(1, min(_SHORT_PREFIX, len(norm)) + 1):
                groups[norm[:size]].append(key)
        return {prefix: tuple(key[-1] for key in heapq.nsmallest(_SHORT_KEEP, keys))
                for prefix, keys in groups.items()}

    def __len__(self) -> int:
        """Names indexed (labels, synonyms and identifiers)."""
        return len(self._norm)

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        """Read every name and class from the store (two queries)."""
        from graph.profile import profile_for

        profile = profile_for(store)
        kinds = profile.name_predicates()
        query = queries.get("search_names").bind(property=[URIRef(p) for p in kinds])
        rows = run(store, query, max_rows=_INDEX_ROWS, timeout=300, trusted=True) if kinds else None
        names: list[_Name] = []
        labels: dict[str, str] = {}
        for row in rows.rows if rows is not None else []:
            entity, prop, value = str(row["entity"]), str(row["property"]), row["name"]
            kind = kinds.get(prop, "synonym")
            text = str(value)
            english = getattr(value, "language", None) in (None, "en")
            if kind == "label" and (entity not in labels or (english and text < labels[entity])):
                labels[entity] = text
            norm = normalise(text)
            if norm:
                names.append(_Name(norm, text, entity, kind))
        types: dict[str, str] = {}
        type_text = queries.get("search_types").bind(property=[URIRef(p) for p in profile.types])
        type_rows = (run(store, type_text, max_rows=_INDEX_ROWS, timeout=300,
                         trusted=True)
                     if profile.types else None)
        for row in type_rows.rows if type_rows is not None else []:
            entity, cls_iri = str(row["entity"]), str(row["type"])
            if entity in labels and (entity not in types or _prefer_type(cls_iri, types[entity])):
                types[entity] = cls_iri
        for entity in labels:
            curie = short(URIRef(entity))
            if not curie.startswith("<"):
                names.append(_Name(normalise(curie), curie, entity, "identifier"))
        return cls(names, types, labels)

    def class_label(self, class_iri: str) -> str:
        """A class's label, or the readable tail of its IRI ("" for no class)."""
        if not class_iri:
            return ""
        return self.labels.get(class_iri) or local_name(class_iri)

    def _hit(self, i: int, tier: Tier, score: float) -> SearchHit:
        entity = self._entity[i]
        type_iri = self.types.get(entity, "")
        return SearchHit(
            iri=entity,
            label=self.labels.get(entity, short(URIRef(entity))),
            type=short(URIRef(type_iri)) if type_iri else "",
            type_label=self.class_label(type_iri),
            matched=self._text[i],
            kind=self._kind[i],
            tier=tier,
            score=score,
        )

    def names(self) -> list[tuple[str, str]]:
        """Every label and synonym with the IRI it names (identifiers left out)."""
        return [(text, entity) for text, entity, kind in zip(self._text, self._entity,
                                                             self._kind, strict=True)
                if kind != "identifier"]

    def search(self, text: str, limit: int = 10) -> list[SearchHit]:
        """Ranked hits, one per entity (its best-matching name).

        A tier is only searched while the tiers above it have found fewer than ``limit``
        entities (a lower tier could not reach the top ``limit`` then), and a one- or
        two-letter query reads only the best ``_SHORT_KEEP`` names of its prefix.
        """
        query = normalise(text)
        if not query:
            return []
        found: dict[int, tuple[Tier, float]] = {}

        def offer(i: int, tier: Tier, score: float) -> None:
            if i not in found:
                found[i] = (tier, score)

        def enough() -> bool:
            return len({self._entity[i] for i in found}) >= limit

        for i in self._exact.get(query, ()):
            offer(i, "exact", 1.0)
        if len(query) <= _SHORT_PREFIX:
            for i in self._short.get(query, ()):
                offer(i, "prefix", len(query) / len(self._norm[i]))
        else:
            start = bisect.bisect_left(self._sorted, (query, -1))
            for norm, i in self._sorted[start:]:
                if not norm.startswith(query):
                    break
                offer(i, "prefix", len(query) / len(norm))
        if not enough():
            self._words_tier(query, offer)
        if not enough():
            self._fuzzy(query, offer)
        best: dict[str, tuple[tuple[int, float, int, int, str], int]] = {}
        for i, (tier, score) in found.items():
            entity = self._entity[i]
            key = (_TIER_RANK[tier], -score, _KIND_RANK[self._kind[i]], len(self._text[i]),
                   entity)
            kept = best.get(entity)
            if kept is None or key < kept[0]:
                best[entity] = (key, i)
        return [self._hit(i, *found[i]) for _, i in heapq.nsmallest(limit, best.values())]

    def _words_tier(self, query: str, offer: _Offer) -> None:
        candidates: set[int] | None = None
        for word in query.split():
            matches: set[int] = set()
            w_start = bisect.bisect_left(self._sorted_words, word)
            for candidate in self._sorted_words[w_start:]:
                if not candidate.startswith(word):
                    break
                matches |= set(self._words[candidate])  # built in name order, as before
            candidates = matches if candidates is None else candidates & matches
        for i in candidates or ():
            offer(i, "word", len(query) / len(self._norm[i]))

    def _fuzzy(self, query: str, offer: _Offer) -> None:
        """Names sharing trigrams with the query, scored by :class:`difflib.SequenceMatcher`.

        Trigrams are read rarest first; once rarer ones have found candidates, a trigram
        whose names would take the reading past ``_FUZZY_SCAN`` is skipped (it says little
        about which names are close), and no trigram contributes more than that many. Of the
        names sharing at least a quarter of the query's trigrams (a typo keeps most of them),
        the ``_FUZZY_CANDIDATES`` sharing the most are scored, each first against difflib's
        own upper bounds (``real_quick_ratio``, ``quick_ratio``), as
        :func:`difflib.get_close_matches` does, so ``ratio`` runs only where it can pass.
        """
        grams = _trigrams(query)
        postings = sorted((len(p), gram, p) for gram in grams if (p := self._trigrams.get(gram)))
        overlap: Counter[int] = Counter()
        scanned = 0
        for size, _gram, posting in postings:
            if overlap and scanned + size > _FUZZY_SCAN:
                break  # the rest are commoner still
            scanned += size
            overlap.update(posting[:_FUZZY_SCAN])
        matcher = difflib.SequenceMatcher(a=query, autojunk=False)
        bound = difflib.SequenceMatcher(b=query, autojunk=False)  # quick_ratio counts b once
        least = max(1, len(grams) // _FUZZY_SHARE)
        for i, shared in overlap.most_common(_FUZZY_CANDIDATES):
            if shared < least:
                break  # most_common is in decreasing order
            norm = self._norm[i]
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
            if score >= _FUZZY_CUTOFF:
                offer(i, "fuzzy", score)


def _prefer_type(candidate: str, current: str) -> bool:
    """Prefer our own classes, then anything that is not an OWL/RDFS meta-class; then by IRI."""
    def key(iri: str) -> tuple[int, str]:
        if iri.startswith(PREFIXES["mg"]):
            return 0, iri
        if iri.startswith((PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["rdf"], PREFIXES["skos"])):
            return 2, iri
        return 1, iri
    return key(candidate) < key(current)


def index_for(store: Store) -> LabelIndex:
    """The label index of a store, built once per data version (kept on disk by Oxigraph)."""
    return store.derived(f"label-index-v{_FORMAT}", lambda: LabelIndex.build(store))


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
    return index_for(store).search(text, limit=limit)


def label_of(store: Store, iri: str) -> str:
    """The label of an entity, or its CURIE when it has none."""
    return index_for(store).labels.get(iri, short(URIRef(iri)))


_IRI_LIKE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)[^\s<>\"{}|^`\\]+")


def _named_iri(name: str) -> str | None:
    """The IRI ``name`` writes out (an IRI, or a CURIE with one of the project's prefixes)."""
    if _IRI_LIKE.fullmatch(name):
        return name
    iri = full_iri(name)
    return iri if iri != name and _IRI_LIKE.fullmatch(iri) else None


def _present(store: Store, iri: str) -> bool:
    text = queries.get("nodes_present").bind(node=[URIRef(iri)])
    return bool(run(store, text, max_rows=1, trusted=True).rows)


def resolve(store: Store, name: str) -> str:
    """The IRI of the one entity a person means by ``name``.

    Accepts an IRI, a CURIE (``mge:cramp``, ``HP:0003394``), a label or a synonym, with
    the tolerance of :func:`search`; a clear best hit wins.

    Raises
    ------
    NodeNotFound
        Nothing matches.
    AmbiguousEntity
        Several entities match equally well; ``candidates`` lists (iri, label) pairs.
    """
    stripped = name.strip().strip("<>")
    named = _named_iri(stripped)
    if named is not None and _present(store, named):
        return named  # an IRI (or one of our CURIEs) needs no name index: one query checks it
    index = index_for(store)
    if stripped in index.labels:
        return stripped
    hits = index.search(stripped, limit=10)
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
