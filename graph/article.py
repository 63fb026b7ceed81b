"""The seed article as a text to read: its passages quoted as evidence, its mentions.

The article (``data/seed-article.txt``) is what the curated graph grew from. A student can
read it beside the graph: every passage an article claim quotes is a :class:`Passage`
(where it stands, and the links it supports), and every name of an entity that occurs in
the text is a :class:`Mention`. A passage is known by its character offset in the article,
so a link to it (``?view=read&passage=OFFSET``) stays valid whatever the graph holds.

>>> from graph.stores import open_store
>>> found = passages(open_store("memory"))
>>> found[0].text[:40], found[0].links
('muscle spasm, an involuntary, often pain', (('muscle spasm', 'causes', 'muscle pain'),))
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph import queries
from graph.names import normalise
from graph.namespaces import MG, SOURCE, TOPIC
from graph.search import index_for, label_of
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["ARTICLE", "Mention", "Passage", "article_text", "mentions", "passage_at",
           "passages"]

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "seed-article.txt"
"""The seed article, verbatim."""

_MIN_NAME = 4
_MAX_WORDS = 12
"""Names of at most this many words are looked for in the article (the curated graph's
longest name has five)."""
_WORD = re.compile(r"\w+")
_NOT_ENTITIES = (str(MG), str(TOPIC), str(SOURCE))
"""The vocabulary (relations, classes) and the topics: named in the index, not entities."""
_FOLD = str.maketrans({"\u2011": "-", "\u2019": "'"})


@dataclass(frozen=True)
class Passage:
    """Words of the article that article claims quote, and the links they support."""

    start: int
    end: int
    text: str
    links: tuple[tuple[str, str, str], ...]
    """(subject label, relation label, object label), sorted."""


@dataclass(frozen=True)
class Mention:
    """A name of an entity where it occurs in the article."""

    start: int
    end: int
    iri: str


@cache
def article_text() -> str:
    """The article's text, as written (one paragraph a line)."""
    return ARTICLE.read_text(encoding="utf-8")


def passage_at(quote: str) -> int | None:
    """The offset of an article quote in the article (None when it is not there)."""
    found = article_text().find(quote)
    return found if found >= 0 else None


def passages(store: Store) -> list[Passage]:
    """Every passage the store's article claims quote, in reading order (quotes sharing
    their words are one passage)."""
    result = run(store, queries.get("article_passages").text, trusted=True)
    links: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in result.rows:
        links[str(row["quote"])].add((label_of(store, str(row["subject"])),
                                      str(row.get("relationLabel") or
                                          label_of(store, str(row["predicate"]))),
                                      label_of(store, str(row["object"]))))
    found = []
    for quote, supported in links.items():
        start = passage_at(quote)
        if start is not None:
            found.append(Passage(start, start + len(quote), quote, tuple(sorted(supported))))
    return sorted(found, key=lambda p: (p.start, p.end))


def _forms(text: str) -> set[str]:
    """The normal form (:func:`~graph.names.normalise`) of every run of one to
    :data:`_MAX_WORDS` words within a line of ``text``, also taken with the characters
    other than spaces that touch it ("(R)-baclofen", "5%"), and with its plain apostrophes
    curly: every name the text can hold, as the name index keeps it."""
    forms: set[str] = set()
    for line in text.splitlines():
        words = list(_WORD.finditer(line))
        for i, first in enumerate(words):
            starts = {first.start(), _reach(line, first.start(), -1)}
            for last in words[i:i + _MAX_WORDS]:
                for start in starts:
                    for end in (last.end(), _reach(line, last.end(), 1)):
                        run = line[start:end]
                        forms.update((normalise(run), normalise(run.replace("'", "’"))))
    return forms


def _reach(line: str, at: int, step: int) -> int:
    """How far from ``at`` (backwards for a negative ``step``) the characters that are
    neither spaces nor word characters go."""
    while True:
        near = at - 1 if step < 0 else at
        if not 0 <= near < len(line) or line[near].isspace() or _WORD.match(line[near]):
            return at
        at += step


def mentions(store: Store) -> list[Mention]:
    """Entity names found in the article: whole words, any case, longest first, never
    overlapping (the article's non-breaking hyphens and curly apostrophes match plain
    ones). Only the names the article can hold are read from the name index (those whose
    normal form is a run of the article's words, :func:`_forms`), not every name."""
    folded = article_text().translate(_FOLD)
    text = folded.casefold()
    spans: list[tuple[int, int, str]] = []
    for name, iri in index_for(store).names_written(_forms(folded)):
        needle = name.translate(_FOLD).casefold()
        if len(needle) < _MIN_NAME or iri.startswith(_NOT_ENTITIES):
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text):
            spans.append((m.start(), m.end(), iri))
    taken: list[Mention] = []
    for start, end, iri in sorted(spans, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if all(end <= m.start or start >= m.end for m in taken):
            taken.append(Mention(start, end, iri))
    return sorted(taken, key=lambda m: m.start)


