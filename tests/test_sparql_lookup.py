"""Lookups (graph/sparql/lookup.py): which texts are one bounded triple pattern, answered
without a query worker, and that their answers are the workers' own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.sparql import run
from graph.sparql.lookup import MAX_LOOKUP_TEXT, lookup_form
from graph.stores import Store
from tests.test_security_support import curated_oxigraph

LOOKUPS = [
    ("SELECT ?p ?o WHERE { <urn:x> ?p ?o } LIMIT 100", "SELECT"),
    ("select * { ?s ?p ?o . }", "SELECT"),
    ("SELECT ?s WHERE { ?s <urn:p> \"x\"@en-GB }", "SELECT"),
    ('SELECT ?s WHERE { ?s <urn:p> "1"^^xsd:integer }', "SELECT"),
    ("SELECT ?s WHERE { ?s <urn:p> 42 }", "SELECT"),
    ("BASE <http://x/>\nPREFIX e: <urn:e:>\nSELECT ?l WHERE { e:cramp rdfs:label ?l }", "SELECT"),
    ("ASK { ?s a <urn:C> }", "ASK"),
    ("ASK WHERE { $s ?p ?o }", "ASK"),
]
NOT_LOOKUPS = [
    "SELECT ?x WHERE { ?x ?p ?x }",  # a repeated variable scans every triple for a few rows
    "SELECT ?x WHERE { ?x ?p $x }",  # ?x and $x are one variable
    "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
    "SELECT REDUCED ?p WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?s WHERE { ?s ?p ?o } OFFSET 900000",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 OFFSET 1",
    "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s",
    "SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }",
    "ASK { ?s ?p ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r }",
    "SELECT ?s WHERE { ?s ?p ?o ; ?q ?r }",
    "SELECT ?s WHERE { ?s ?p ?o , ?r }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o) }",
    "SELECT ?s WHERE { ?s <urn:p>+ ?o }",
    "SELECT ?s WHERE { ?s <urn:p>* ?o }",
    "SELECT ?s WHERE { ?s <urn:p>?o }",  # no space: a path to a parser that cuts no tokens
    "SELECT ?s WHERE { ?s <urn:p> +42 }",  # <urn:p>+ then 42, to such a parser
    "SELECT ?s WHERE { ?s <urn:p>/<urn:q> ?o }",
    "SELECT ?s WHERE { ?s ^<urn:p> ?o }",
    'SELECT ?s WHERE { ?s ?p """ } """ }',
    "SELECT ?s WHERE { ?s ?p 'a' }}",
    'SELECT ?s WHERE { ?s ?p "a\\"b" }',
    "SELECT ?s WHERE { ?s ?p \\u003F }",
    "SELECT ?s WHERE { ?s ?p ?o } # a comment",
    "SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT ?s WHERE { ?s ?p _:b }",
    "SELECT ?s WHERE { ?s ?p [] }",
    "SELECT ?s WHERE { ?s e:a.b ?o }",
    "SELECT (1 AS ?x) WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
    "DESCRIBE <urn:x>",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELECT ?s WHERE { }",
    "",
]


@pytest.mark.parametrize(("text", "form"), LOOKUPS)
def test_one_pattern_with_different_variables_is_a_lookup(text: str, form: str) -> None:
    assert lookup_form(text) == form


@pytest.mark.parametrize("text", NOT_LOOKUPS)
def test_anything_more_is_not(text: str) -> None:
    assert lookup_form(text) is None


def test_a_long_text_is_not_read_as_a_lookup() -> None:
    padded = "SELECT ?s WHERE { ?s ?p ?o }" + " " * MAX_LOOKUP_TEXT
    assert lookup_form(padded) is None
    assert lookup_form("SELECT " + "?a " * 2000 + "{ ?s ?p ?o }") is None


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = curated_oxigraph(tmp_path_factory.mktemp("lookup") / "db")
    yield store
    store.close()


ASKED = [
    "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }",
    "SELECT ?p ?o WHERE { mge:muscle_spasm ?p ?o } LIMIT 7",
    "SELECT ?s ?p WHERE { ?s ?p mge:muscle_spasm }",
    'SELECT ?s WHERE { ?s rdfs:label "muscle spasm"@en }',
    "SELECT * WHERE { ?s a mg:Symptom }",
    "ASK { mge:acyclovir mg:hasAdverseEffect mge:acute_kidney_injury }",
    "ASK { mge:acyclovir mg:hasAdverseEffect mge:muscle_spasm }",
]


def _workers(store: Store) -> int:
    pool = store.pooled()
    assert pool is not None
    return len(pool[0]._mine) + len(pool[0]._busy)


@pytest.mark.parametrize("text", ASKED)
def test_a_lookup_is_answered_in_process_as_a_worker_answers_it(oxigraph: Store,
                                                                text: str) -> None:
    assert lookup_form(text) is not None
    oxigraph.pooled()[0].stop()  # type: ignore[index]
    looked_up = run(oxigraph, text, max_bytes=1 << 20)
    assert _workers(oxigraph) == 0
    # the same query with a comment is not a lookup: a worker answers it
    in_worker = run(oxigraph, text + "\n# in a worker", max_bytes=1 << 20)
    assert _workers(oxigraph) == 1
    assert looked_up.serialize("json") == in_worker.serialize("json")
    assert looked_up.truncated == in_worker.truncated


def test_the_row_cap_cuts_a_lookup_as_it_cuts_a_workers_answer(oxigraph: Store) -> None:
    text = "SELECT * WHERE { ?s ?p ?o }"
    capped = run(oxigraph, text, max_rows=5)
    in_worker = run(oxigraph, text + "\n# in a worker", max_rows=5)
    assert (len(capped), capped.truncated) == (len(in_worker), in_worker.truncated) == (5, True)


def test_a_longer_answer_is_left_to_a_worker(oxigraph: Store) -> None:
    # more rows than a lookup reads in-process: the store gives none, and run() asks a worker
    text = "SELECT * WHERE { ?s ?p ?o }"
    assert oxigraph.lookup(text, "SELECT", max_rows=100, rows_in_process=10) is None
    cut = oxigraph.lookup(text, "SELECT", max_rows=10, rows_in_process=10)
    assert cut is not None
    assert (len(cut), cut.truncated) == (10, True)
