"""The article beside the graph: its entity mentions, read from only the names it holds."""

from __future__ import annotations

import re

import pytest

from graph import article
from graph.article import Mention, article_text, mentions
from graph.label_index import LabelIndex
from graph.search import index_for
from graph.stores import Store


def _every_name_tried(store: Store) -> list[Mention]:
    """The mentions as found by trying every label and synonym of the index against the
    article (what mentions() did before it read only what it needs): the oracle."""
    fold = str.maketrans({"\u2011": "-", "\u2019": "'"})
    text = article_text().translate(fold).casefold()
    spans = []
    for name, iri in index_for(store).names():
        needle = name.translate(fold).casefold()
        if len(needle) < 4 or iri.startswith(article._NOT_ENTITIES):
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text):
            spans.append((m.start(), m.end(), iri))
    taken: list[Mention] = []
    for start, end, iri in sorted(spans, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if all(end <= m.start or start >= m.end for m in taken):
            taken.append(Mention(start, end, iri))
    return sorted(taken, key=lambda m: m.start)


def test_mentions_read_only_the_names_the_article_holds(memory_store: Store,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    index = index_for(memory_store)
    every = index.names()
    expected = _every_name_tried(memory_store)
    read: list[tuple[str, str]] = []
    written = LabelIndex.names_written

    def counting(self: LabelIndex, norms: object) -> list[tuple[str, str]]:
        rows = written(self, norms)  # type: ignore[arg-type]
        read.extend(rows)
        return rows

    monkeypatch.setattr(LabelIndex, "names", lambda self: pytest.fail("every name was read"))
    monkeypatch.setattr(LabelIndex, "names_written", counting)
    found = mentions(memory_store)
    assert found == expected  # the same mentions as trying every name
    assert len(found) == 65
    # 358 labels and synonyms in the curated graph; 83 of them are runs of the article's
    # words (the others are never read), each a name the article holds in some case
    assert (len(every), len(read)) == (358, 83)
    folded = article_text().replace("\u2011", "-").replace("\u2019", "'").casefold()
    assert all(re.sub(r"[\W_]+", " ", name.casefold()).strip()
               in re.sub(r"[\W_]+", " ", folded) for name, _ in read)


def test_the_forms_looked_up_cover_punctuation_and_apostrophes() -> None:
    # the article as mentions() reads it (curly apostrophes made plain): a name is looked up
    # with the punctuation touching its words, and with a plain or a curly apostrophe
    forms = article._forms("Take (R)-baclofen, 5% dextrose; Parkinson's disease.\nnext line")
    assert {"r baclofen", "5% dextrose", "parkinson s disease", "parkinson’s disease",
            "take"} <= forms
    assert "disease next" not in forms  # a name never runs across lines (paragraphs)
