"""The SQLite/FTS5 label index on its own: tiers, ranking, pickling, threads."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.label_index import LabelIndex
from graph.names import Kind, Name, normalise

E = "https://example.org/"


def _index() -> LabelIndex:
    """Five entities, seven names (counted by hand below)."""
    written: list[tuple[str, str, Kind]] = [
        ("muscle spasm", "spasm", "label"),
        ("cramp", "spasm", "synonym"),
        ("hypokalemia", "hypok", "label"),
        ("low potassium", "hypok", "synonym"),
        ("hypocalcemia", "hypoc", "label"),
        ("HP:0003394", "spasm", "identifier"),
        ("crampbark", "bark", "label"),
    ]
    names = [Name(normalise(text), text, E + entity, kind) for text, entity, kind in written]
    return LabelIndex(names, {E + "spasm": E + "Symptom"},
                      {E + "spasm": "muscle spasm", E + "hypok": "hypokalemia",
                       E + "hypoc": "hypocalcemia", E + "bark": "crampbark"})


@pytest.mark.parametrize(("query", "expected"), [
    ("cramp", [("spasm", "exact"), ("bark", "prefix")]),
    ("hypo", [("hypok", "prefix"), ("hypoc", "prefix")]),
    ("h", [("spasm", "prefix"), ("hypok", "prefix"), ("hypoc", "prefix")]),
    ("potas", [("hypok", "word")]),
    ("spasm musc", [("spasm", "word")]),
    ("0003394", [("spasm", "word")]),  # the identifier's words split at the colon
    ("hypokalaemia", [("hypok", "fuzzy"), ("hypoc", "fuzzy")]),
])
def test_each_tier_finds_its_names_in_order(query: str, expected: list[tuple[str, str]]) -> None:
    hits = _index().search(query)
    assert [(h.iri.removeprefix(E), h.tier) for h in hits] == expected


def test_a_hit_carries_its_label_class_and_the_name_that_matched() -> None:
    hit = _index().search("cramp")[0]
    assert (hit.label, hit.matched, hit.kind, hit.type_label) == (
        "muscle spasm", "cramp", "synonym", "Symptom")


def test_queries_of_separators_or_quotes_find_nothing_and_do_not_fail() -> None:
    index = _index()
    for query in ['"', '" OR "', "&&", "*", "NEAR(", "   "]:
        assert index.search(query) == []


def test_size_and_names() -> None:
    index = _index()
    assert len(index) == 7
    assert ("HP:0003394", E + "spasm") not in index.names()
    assert len(index.names()) == 6


def test_the_index_pickles_as_its_database_and_answers_alike() -> None:
    index = _index()
    again = pickle.loads(pickle.dumps(index))
    assert len(again) == len(index)
    assert again.labels == index.labels
    assert again.types == index.types
    for query in ["cramp", "hypo", "potas", "hypokalaemia"]:
        assert again.search(query) == index.search(query)


def test_one_index_answers_many_threads_at_once() -> None:
    index = _index()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda q: [h.iri for h in index.search(q)],
                                ["cramp", "hypo", "potas"] * 50))
    assert answers[:3] == [[E + "spasm", E + "bark"], [E + "hypok", E + "hypoc"], [E + "hypok"]]
    assert answers == answers[:3] * 50
