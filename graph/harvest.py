"""What a load reads from N-Triples as they pass, so the store is ready when the load ends.

``myograph load`` used to read every name, class and count back from the store with SPARQL
after loading it, which took longer than the load. A :class:`Harvest` is fed the bytes of
each file as the loader reads them (:func:`graph.loading.load_file`'s ``watch``), on the
reading thread, while Oxigraph's bulk loader writes earlier chunks on the other cores. It
keeps, per predicate, how many triples use it and whether its objects include literals and
IRIs; the triples that name things (the predicates of :func:`keeps_names`), give classes
(``rdf:type``, ``rdfs:subClassOf``), declare causal relations (``rdfs:subPropertyOf
mg:causalRelation``) and describe claims (``rdf:subject``, ``rdf:predicate``, ``rdf:object``,
``mg:source``, ``mg:effectSign``); and the triples of causal relations once declared.
:mod:`graph.harvested` answers the profile's, the label index's and the counts' queries
from that (:func:`graph.ready.make_ready`).

It stands for the store only when it saw everything the store holds, exactly once
(:meth:`Harvest.stands_for`): the store was empty when it began, every file was N-Triples
written plainly (``<s> <p> o .``, one space apart, no tabs or carriage returns), and the
lines it counted are as many as the quads the store holds, so none was a duplicate. A part
it cannot give exactly (a name whose datatype the store would rewrite, a relation declared
causal after some of its triples) is left to the SPARQL queries, as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import groupby, repeat
from operator import add, itemgetter, methodcaller
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from graph.bulk import collector_paused
from graph.loading import LoadReport, detect_format
from graph.name_predicates import KNOWN_IDENTIFIERS, KNOWN_LABELS, KNOWN_SYNONYMS, name_like
from graph.namespaces import MG, RDF, RDFS
from graph.results import XSD_STRING
from graph.sparql import run
from graph.stores._terms import Tagged
from graph.stores.base import Store

__all__ = ["Harvest", "Part", "keeps_names"]

Part = TypingLiteral["names", "links"]
"""What may be inexact while the rest holds: the names read (``names``), or the classes,
claims and causal links (``links``)."""

_IRI = b"<%s>"
TYPE = _IRI % str(RDF.type).encode()
SUBCLASS = _IRI % str(RDFS.subClassOf).encode()
SUBPROPERTY = _IRI % str(RDFS.subPropertyOf).encode()
CLAIM_PARTS = tuple(_IRI % str(p).encode() for p in (RDF.subject, RDF.predicate, RDF.object))
SOURCE = _IRI % str(MG.source).encode()
SIGN = _IRI % str(MG.effectSign).encode()
CAUSAL_END = _IRI % str(MG.causalRelation).encode() + b" ."
"""The rest of a line declaring a causal relation (``?p rdfs:subPropertyOf`` this)."""
_KNOWN_NAMES = frozenset(KNOWN_LABELS + KNOWN_SYNONYMS + KNOWN_IDENTIFIERS)


def keeps_names(predicate: str) -> bool:
    """Whether a harvest keeps the triples of ``predicate`` as names: every predicate the
    profile may read names by (:data:`~graph.name_predicates.KNOWN_LABELS` and the other known
    lists, and any predicate whose name says label, name or title)."""
    return predicate in _KNOWN_NAMES or name_like(predicate)


_SUBJECT, _REST = itemgetter(0), itemgetter(2)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_ENDS, _SPACES = methodcaller("endswith", b" ."), methodcaller("count", b" ")
_COMPARED = frozenset({TYPE, SUBCLASS, *CLAIM_PARTS})
"""Predicates whose objects are kept to be compared as written (with a causal relation's)."""


def _as_written(rows: list[Row], escaped: bool) -> bool:
    """Whether each row's object is one term then " ." with no escape in it or its subject,
    so two rows name the same term exactly when they write it the same (a literal may be
    rewritten by the store: its rows are only counted on where they compare)."""
    rests = list(map(_REST, rows))
    return (all(map(_ENDS, rests)) and sum(map(_SPACES, rests)) == len(rests)
            and not (escaped and any(b"\\" in r[0] or b"\\" in r[2] for r in rows)))


class _Unusual(ValueError):
    """The text is N-Triples, but not written in the plain form the harvest reads."""


Row = list[bytes]
"""A line split at its first two spaces: subject, predicate, the rest (object and " .")."""


class Harvest:
    """What the loads of one ``myograph load`` read (see the module's text)."""

    def __init__(self) -> None:
        self.lines = 0
        """Triples read (lines in the plain form)."""
        self.spoiled = ""
        """Why the harvest cannot stand for the store ("" while it can)."""
        self.inexact: set[Part] = set()
        self.counts: Counter[bytes] = Counter()
        """Triples per predicate (``<iri>``)."""
        self.literals: set[bytes] = set()
        """Predicates that hold at least one literal."""
        self.iris: set[bytes] = set()
        """Predicates that link at least one IRI."""
        self.names: list[tuple[str, str, str]] = []
        """(entity IRI, predicate IRI, name) of the kept names; a name with a language tag is
        a :class:`~graph.stores._terms.Tagged`, as the store's bulk reads give it."""
        self.typed: defaultdict[bytes, list[bytes]] = defaultdict(list)
        """The rest of an ``rdf:type`` line (the class and " .") -> the subjects."""
        self.subclasses: list[tuple[bytes, bytes]] = []
        """(subject, rest) of the ``rdfs:subClassOf`` lines."""
        self.causal: Counter[bytes] = Counter()
        """Causal relations -> how many times declared so (each declaration joins once)."""
        self.causal_triples: set[tuple[bytes, bytes, bytes]] = set()
        """Each triple of a causal relation, each term followed by " ." (as the claims'
        parts are kept)."""
        self.claims: tuple[dict[bytes, bytes], ...] = ({}, {}, {})
        """Claim -> the rest of its ``rdf:subject``, ``rdf:predicate``, ``rdf:object`` line."""
        self.sourced: set[bytes] = set()
        """Claims with an ``mg:source``."""
        self.signs: Counter[bytes] = Counter()
        """Causal relations -> how many ``mg:effectSign`` they have (only theirs are kept: a
        relation declared after signs were read leaves the counts inexact)."""
        self.reports: list[int] = []
        """The triples each load reported."""
        self._rest = b""
        self._load = 0
        self._keeps: dict[bytes, Keeper | None] = {}
        self._terms: dict[bytes, bytes] = {}
        """Each term kept, once: a claim's IRI or an entity's is kept in many places."""

    @classmethod
    def begin(cls, store: Store) -> Harvest | None:
        """A harvest for the loads about to go into ``store``; None when the store already
        holds triples (what a harvest reads could not stand for the whole store)."""
        held = run(store, "ASK { ?s ?p ?o }", trusted=True, timeout=60).boolean
        return None if held else cls()

    def watch(self, name: str) -> Callable[[bytes], None] | None:
        """What to give :func:`~graph.loading.load_file` as ``watch`` for the file ``name``;
        None when the harvest cannot read its format (it then no longer stands for the
        store)."""
        self._load += 1
        self._rest = b""
        fmt, _ = detect_format(name)
        if fmt != ox.RdfFormat.N_TRIPLES:
            self.spoiled = f"{name} is not N-Triples"
            return None
        return self.feed

    def loaded(self, report: LoadReport) -> None:
        """A load ended: its last line, if unterminated, is read now."""
        self.feed(b"")
        self.reports.append(report.triples)

    def stands_for(self, store: Store) -> bool:
        """Whether the harvest holds exactly what ``store`` holds: nothing spoiled it, and it
        read as many triples as the store holds quads (one load into an empty store reports
        them; after several, the store counts them)."""
        if self.spoiled or not self.reports:
            return False
        if len(self.reports) == 1:
            held = self.reports[0]
        else:
            answer = run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", trusted=True,
                         timeout=300)
            held = int(str(answer.rows[0]["n"])) if answer.rows else 0
        return held == self.lines

    def feed(self, data: bytes) -> None:
        """Read the next bytes of the file (any cut; an empty read ends the file)."""
        if self.spoiled:
            return
        # the lines of the file's last line start and these bytes, the new last one kept
        # for the next read unless the file ended (no copy of the bytes themselves)
        lines = data.split(b"\n")
        lines[0] = self._rest + lines[0]
        escaped = b"\\" in data or b"\\" in self._rest
        self._rest = lines.pop() if data else b""
        try:
            if b"\t" in data or b"\r" in data:
                raise _Unusual("tabs or carriage returns in the text")
            with collector_paused():
                self._scan(lines, escaped)
        except (_Unusual, SyntaxError, UnicodeDecodeError) as error:
            self.spoiled = f"not read: {error}"  # the loader reports a real syntax error

    def _scan(self, lines: list[bytes], escaped: bool) -> None:
        groups: defaultdict[bytes, list[Row]] = defaultdict(list)
        for line in lines:
            parts = line.split(b" ", 2)
            if len(parts) == 3:
                groups[parts[1]].append(parts)
            elif line.strip(b" ") and not line.startswith(b"#"):
                raise _Unusual("a line that is not '<s> <p> o .'")
        declared = groups.get(SUBPROPERTY)
        if declared:  # a relation declared causal in this block: its triples here are kept
            self._declare(declared)
        for predicate, rows in groups.items():
            if not (predicate.startswith(b"<") and predicate.endswith(b">")) or (
                    b"\\" in predicate):
                if all(row[0].startswith(b"#") for row in rows):
                    continue  # comments
                raise _Unusual(f"the predicate {predicate[:80]!r}")
            self._take(predicate, rows, escaped)

    def _take(self, predicate: bytes, rows: list[Row], escaped: bool) -> None:
        """Count the triples of one predicate in a block, and keep those wanted."""
        self.lines += len(rows)
        self.counts[predicate] += len(rows)
        if predicate not in self.literals or predicate not in self.iris:
            # a line's object starts it (no raw line end can be inside a literal)
            objects = b"\n" + b"\n".join(map(_REST, rows))
            if b"\n<<" in objects:
                raise _Unusual("a triple term")  # neither an IRI nor a literal
            if b'\n"' in objects:
                self.literals.add(predicate)
            if b"\n<" in objects:
                self.iris.add(predicate)
        keep = self._keeps.get(predicate, _UNSEEN)
        if keep is _UNSEEN:
            keep = self._keeps[predicate] = self._keeper(predicate)
        if keep is _NAMES:
            self._keep_names(rows)
            keep = None
        causal = predicate in self.causal
        if keep is None and not causal:
            return
        if (causal or predicate in _COMPARED) and not _as_written(rows, escaped):
            self.inexact.add("links")
        if self._load > 1:
            rows = [self._own_blank_nodes(r) for r in rows]
        subjects, rests = self._interned(map(_SUBJECT, rows)), self._interned(map(_REST, rows))
        if keep is not None:
            keep(subjects, rests)
        if causal:
            self.causal_triples.update(zip(self._interned(map(add, subjects, repeat(b" ."))),
                                           repeat(predicate + b" ."), rests, strict=False))

    def _interned(self, terms: Iterable[bytes]) -> list[bytes]:
        """``terms``, each the one object kept for its bytes."""
        listed = list(terms)
        return list(map(self._terms.setdefault, listed, listed))

    def _keeper(self, predicate: bytes) -> Keeper | None:
        """What keeps the triples of ``predicate`` (their subjects and rests); None for a
        predicate only counted."""
        if predicate == TYPE:
            return self._keep_types
        if predicate == SUBCLASS:
            return lambda subjects, rests: self.subclasses.extend(
                zip(subjects, rests, strict=True))
        if predicate in CLAIM_PARTS:
            return self._claim_part(self.claims[CLAIM_PARTS.index(predicate)])
        if predicate == SOURCE:
            return lambda subjects, _: self.sourced.update(subjects)
        if predicate == SIGN:
            return lambda subjects, _: self.signs.update(
                filter(self.causal.__contains__, subjects))
        if keeps_names(predicate[1:-1].decode()):
            return _NAMES
        return None

    def _declare(self, rows: list[Row]) -> None:
        if not _as_written(rows, escaped=True):
            self.inexact.add("links")
        for subject, _, rest in rows:
            if rest == CAUSAL_END:
                if subject not in self.causal and (self.counts[subject] or self.counts[SIGN]):
                    self.inexact.add("links")  # its earlier triples or signs were not kept
                self.causal[subject] += 1

    def _keep_types(self, subjects: list[bytes], rests: list[bytes]) -> None:
        pairs = sorted(zip(rests, subjects, strict=True), key=_FIRST)
        for rest, typed in groupby(pairs, _FIRST):
            self.typed[rest].extend(map(_SECOND, typed))

    def _claim_part(self, part: dict[bytes, bytes]) -> Keeper:
        def keep(subjects: list[bytes], rests: list[bytes]) -> None:
            before = len(part)
            part.update(zip(subjects, rests, strict=True))
            if len(part) - before != len(subjects):
                self.inexact.add("links")  # a claim with two subjects (say): a cross product
        return keep

    def _keep_names(self, rows: list[Row]) -> None:
        text = b"\n".join(b" ".join(r) for r in rows)
        predicate = rows[0][1][1:-1].decode()  # one string for all its names
        for quad in ox.parse(text, ox.RdfFormat.N_TRIPLES):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode):
                continue  # the index names IRIs only (search_names.rq)
            if isinstance(value, ox.NamedNode):
                name: str = value.value
            elif isinstance(value, ox.Literal) and value.language:
                name = Tagged(value.value)
                name.language = value.language
            elif isinstance(value, ox.Literal) and value.datatype.value == XSD_STRING:
                name = value.value
            else:  # a blank node, or a datatype whose values the store writes its own way
                self.inexact.add("names")
                continue
            self.names.append((subject.value, predicate, name))

    def _own_blank_nodes(self, row: Row) -> Row:
        """Blank nodes of the second and later files named apart from the first's (each
        load names its blank nodes afresh)."""
        mark = b"_:%d." % self._load
        subject, predicate, rest = row
        return [mark + subject[2:] if subject.startswith(b"_:") else subject, predicate,
                mark + rest[2:] if rest.startswith(b"_:") else rest]


Keeper = Callable[[list[bytes], list[bytes]], None]
"""Keeps the subjects and rests of one predicate's triples in a block."""
_UNSEEN: Keeper = lambda subjects, rests: None  # noqa: E731 - a marker
_NAMES: Keeper = lambda subjects, rests: None  # noqa: E731 - names are parsed, not kept so
