"""The one runner: prefixes, the guard, errors with positions, limits."""

from __future__ import annotations

import re
import sys

import pytest

from graph.errors import QueryError, QueryRefused, QuerySyntaxError
from graph.sparql import check, needs_check, run, with_prefixes
from graph.sparql.screen import _FOLDED
from graph.stores import Store


def test_project_prefixes_are_added_only_when_used_and_undeclared() -> None:
    text, added = with_prefixes("SELECT * WHERE { mge:a skos:altLabel ?x }")
    assert added == 1
    assert text.splitlines()[0] == (
        "PREFIX mge: <https://w3id.org/myograph/entity/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
    )
    declared = "PREFIX mge: <urn:mine:>\nASK { mge:a ?p ?o }"
    assert with_prefixes(declared) == (declared, 0)
    assert with_prefixes('ASK { ?s ?p "mge:not-a-name" }')[1] == 0


def test_syntax_errors_point_at_the_users_own_line(memory_store: Store) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        run(memory_store, "SELECT ?x\nWHERE {\n  mge:cramp ?p\n}")
    # the object is missing: the '}' on line 4 is where (not 5: the added PREFIX line is
    # not counted)
    assert (caught.value.line, caught.value.column) == (4, 1)
    assert "line 4, column 1: unexpected '}'" in str(caught.value)


@pytest.mark.parametrize(("text", "line", "column", "reason"), [
    # hand-placed: a missing ')' before the closing brace (rdflib alone said "line 4,
    # column 3: Expected SelectQuery"; Oxigraph says 5:2, just past the brace)
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = 1\n}", 5, 1,
     "found '}' where a ')' is missing"),
    ("ASK { ?s ?p ?o ) }", 1, 16, "found ')' where a '}' is missing"),
    ('ASK { ?s ?p ")" . FILTER(?o }', 1, 29, "found '}' where a ')' is missing"),  # in a
    # string, a bracket is text
    ("SELECT * WHERE { ?s ?p ?o ", 1, 26, "the query ends before its '}'"),
    ("ASK { ?s ?p ?o } xyz", 1, 18, "unexpected 'xyz'"),
    ("SELECT ?s\nWHERE { ?s ?p }", 2, 15, "unexpected '}'"),
])
def test_syntax_errors_name_the_place_and_the_reason(text: str, line: int, column: int,
                                                     reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        check(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"line {line}, column {column}: {reason}" in str(caught.value)


def test_empty_query() -> None:
    with pytest.raises(QuerySyntaxError, match="empty"):
        check("   ")


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    "ASK { FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } } }",
])
def test_service_is_refused_wherever_it_is_nested(text: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(text)


def test_the_screen_folds_every_letter_python_reads_as_an_ascii_letter() -> None:
    """rdflib matches keywords with str.upper() and some tokens with case-insensitive
    regular expressions: any code point either reads as an ASCII letter must reach the
    screen as that letter, or a look-alike SERVICE could skip the full check."""
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    missed = []
    for point in range(0x80, sys.maxunicode + 1):
        char = chr(point)
        mapped = {m for m in (char.upper(), char.lower(), char.casefold())
                  if len(m) == 1 and m.isascii() and m.isalpha()}
        if ascii_letter.fullmatch(char):
            mapped.add("?")
        if mapped and not (char.translate(_FOLDED).isascii()
                           and char.translate(_FOLDED).isalpha()):
            missed.append(f"U+{point:04X}")
    assert missed == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "select * where { sErViCe <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { \u017fERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\u0131CE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\u0130CE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE#c\n<http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * fRoM <urn:ex:g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { " + "{ " * 70 + "?s ?p ?o" + " }" * 70 + " }",
])
def test_the_screen_sends_service_from_escapes_and_deep_nesting_to_the_full_check(
        text: str) -> None:
    assert needs_check(text)


def test_the_screen_lets_plain_lookups_skip_the_full_check() -> None:
    assert not needs_check('SELECT ?s WHERE { ?s rdfs:label "muscle cramp"@en } LIMIT 5')
    assert not needs_check("SELECT ?p ?o WHERE { <https://w3id.org/myograph/entity/x> ?p ?o }")


def test_limits_are_checked(memory_store: Store) -> None:
    with pytest.raises(QueryError, match="time limit"):
        run(memory_store, "ASK {}", timeout=0)
    with pytest.raises(QueryError, match="time limit"):
        run(memory_store, "ASK {}", timeout=10_000)
    with pytest.raises(QueryError, match="row limit"):
        run(memory_store, "ASK {}", max_rows=-1)


def test_result_carries_the_query_that_ran(memory_store: Store) -> None:
    result = run(memory_store, "SELECT ?l WHERE { mge:copd rdfs:label ?l }")
    assert result.sparql.startswith("PREFIX ")
    assert result.elapsed_ms > 0
    assert run(memory_store, result.sparql).rows == result.rows


def test_every_result_format(memory_store: Store) -> None:
    import json

    select = run(memory_store, "SELECT ?s ?l WHERE { ?s skos:altLabel ?l } ORDER BY ?l LIMIT 3")
    assert len(json.loads(select.serialize("json"))["results"]["bindings"]) == 3
    assert "<sparql" in select.serialize("xml")
    assert select.serialize("csv").startswith("s,l\r\n")
    assert select.serialize("tsv").startswith("?s\t?l")
    assert "3 rows" in select.serialize("table")
    graph = run(memory_store, "CONSTRUCT WHERE { mge:copd rdfs:label ?l }")
    assert "chronic obstructive" in graph.serialize("turtle")
    assert graph.serialize("ntriples").strip().endswith(".")
    assert json.loads(graph.serialize("jsonld"))
    ask = run(memory_store, "ASK { mge:copd ?p ?o }")
    assert json.loads(ask.serialize("json"))["boolean"] is True
    from graph.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat):
        graph.serialize("csv")
    with pytest.raises(UnsupportedFormat):
        select.serialize("turtle")


def test_the_spreadsheet_csv_defuses_formulas(memory_store: Store) -> None:
    result = run(memory_store, 'SELECT ?x WHERE { VALUES ?x { "=HYPERLINK(1)" "+1" "ok" } }')
    lines = result.serialize("csv-spreadsheet").splitlines()
    assert lines[1:] == ["'=HYPERLINK(1)", "'+1", "ok"]
    assert result.serialize("csv").splitlines()[1:] == ["=HYPERLINK(1)", "+1", "ok"]


def test_the_project_queries_parse_once_and_answer_as_their_text_does(
        memory_store: Store) -> None:
    # On rdflib, a bound query file runs from its template parsed once, with the terms put
    # into a copy (VALUES rows, IN lists): every file answers exactly as its bound text,
    # for lists of several terms and for empty lists alike.
    from graph import queries
    from graph.sparql.prepared import _prepared

    mge = "https://w3id.org/myograph/entity/"
    checked = 0
    for q in queries.all_queries().values():
        if not q.params or any(t not in ("iri", "iris") for t in q.params.values()):
            continue
        for many in (True, False):
            values = {p: ([mge + "acyclovir", mge + "muscle_spasm", mge + "acute_kidney_injury"]
                          if many else []) if t == "iris" else mge + "hypokalemia"
                      for p, t in q.params.items()}
            bound = q.bind(**values)
            assert _prepared(bound) is not None or not many, q.name
            fast = run(memory_store, bound, trusted=True, max_rows=100_000)
            slow = run(memory_store, str(bound) + " ", trusted=True, max_rows=100_000)
            assert sorted(map(str, fast.rows)) == sorted(map(str, slow.rows)), q.name
            assert fast.sparql.rstrip() == slow.sparql.rstrip(), q.name
            checked += 1
    assert checked >= 30
