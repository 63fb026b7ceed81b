"""The SPARQL view's rules that need no widgets: pages, the chart's columns, downloads, and
reading an exported file of saved queries."""

from __future__ import annotations

import json

from rdflib import Literal, URIRef

from graph.results import QueryResult
from myograph_app.sparql_answer import (
    chart_columns,
    downloads,
    page_of,
    pager_note,
    spo_columns,
    table,
)
from myograph_app.sparql_library import first_line, saved_from


def _rows(n: int, *, truncated: bool = False) -> QueryResult:
    return QueryResult(form="SELECT", variables=["s", "n"], truncated=truncated,
                       rows=[{"s": URIRef(f"urn:x{i}"), "n": Literal(i)} for i in range(n)],
                       elapsed_ms=12.0)


def test_a_page_and_its_note() -> None:
    whole = _rows(10, truncated=True)
    assert [str(r["s"]) for r in page_of(whole, 1, 4).rows] == ["urn:x4", "urn:x5", "urn:x6",
                                                               "urn:x7"]
    assert pager_note(whole, 1, 4) == "rows 5–8 — more follow · 12 ms"
    assert pager_note(_rows(1), 0, 4) == "1 row in 12 ms"
    assert (pager_note(_rows(0, truncated=True), 3, 4)
            == "no rows on this page — more follow · 12 ms")


def test_counts_chart_and_spo_columns() -> None:
    assert chart_columns(_rows(3)) == ("s", "n")
    assert chart_columns(QueryResult(form="SELECT", variables=["n"],
                                     rows=[{"n": Literal(1)}])) is None
    assert spo_columns(_rows(1)) is None
    assert spo_columns(QueryResult(form="SELECT", variables=["s", "p", "o"])) == ("s", "p", "o")


def test_cells_read_as_label_and_curie() -> None:
    rows = [{"s": URIRef("urn:x0"), "n": Literal(0)}]
    assert table(rows, {"urn:x0": "zero"}) == [{"s": "zero (<urn:x0>)", "n": "0"}]


def test_downloads_suit_the_answer() -> None:
    found = downloads(_rows(2))
    assert [d.fmt for d in found] == ["csv", "csv-spreadsheet", "tsv", "tsv-spreadsheet",
                                      "json", "xml"]
    assert all(d.error is None and d.body for d in found)
    assert found[0].file_name == "myograph-result.csv"
    graph = downloads(QueryResult(form="CONSTRUCT", triples=[(URIRef("urn:a"), URIRef("urn:p"),
                                                              URIRef("urn:b"))]))
    assert [d.fmt for d in graph] == ["turtle", "ntriples", "jsonld", "rdfxml"]


def test_saved_queries_from_a_file() -> None:
    good = [{"name": "a", "text": "ASK {}"}, {"name": " ", "text": "x"}, {"text": "y"}]
    assert saved_from(json.dumps(good).encode()) == [{"name": "a", "text": "ASK {}"}]
    assert saved_from(b"[]") == []
    assert saved_from(b"{}") is None
    assert saved_from(b"\xff") is None
    assert saved_from(json.dumps([{"name": 1}]).encode()) is None


def test_a_query_is_named_by_its_first_line_that_is_not_a_prefix() -> None:
    assert first_line("PREFIX a: <urn:a>\n\n  SELECT * WHERE {}") == "SELECT * WHERE {}"
    assert len(first_line("x" * 200)) == 90
