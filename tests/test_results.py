"""Answers written out: every W3C results format reads back exactly (rdflib and csv)."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.query import Result, ResultRow

from graph.errors import UnsupportedFormat
from graph.results import QueryResult, Term

# Hand-made cells a spreadsheet would take for formulas, quotes, commas, a line break and
# a language tag: each must come back as it went in.
TRICKY = ["+", "-1", "=SUM(A1)", "@home", 'say "hi", then go', "two\nlines", "plain"]


def _answer() -> QueryResult:
    rows: list[dict[str, Term]] = [{"x": Literal(text), "iri": URIRef(f"https://example.org/{n}")}
            for n, text in enumerate(TRICKY)]
    rows.append({"x": Literal("spasme", lang="fr"), "b": BNode("node1")})
    return QueryResult(form="SELECT", variables=["x", "iri", "b"], rows=rows)


def _row(row: object) -> ResultRow:
    assert isinstance(row, ResultRow)
    return row


def _written(result: Result) -> bytes:
    """rdflib's own JSON of a result (its writer returns bytes when given no file)."""
    text = result.serialize(format="json")
    assert text is not None
    return text


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_typed_formats_round_trip_through_rdflib(fmt: str) -> None:
    answer = _answer()
    parsed = Result.parse(io.StringIO(answer.serialize(fmt)), format=fmt)
    got = [{str(k): v for k, v in _row(row).asdict().items()} for row in parsed]
    assert [row["x"] for row in got] == [row["x"] for row in answer.rows]
    assert [row.get("iri") for row in got] == [row.get("iri") for row in answer.rows]
    assert isinstance(got[-1]["b"], BNode)


def test_csv_carries_every_value_unchanged() -> None:
    text = _answer().serialize("csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["x", "iri", "b"]
    assert [r[0] for r in rows[1:]] == [*TRICKY, "spasme"]  # CSV drops language tags
    assert rows[-1][2] == "_:node1"
    parsed = Result.parse(io.StringIO(text), format="csv")
    assert [str(row[0]) for row in parsed] == [*TRICKY, "spasme"]  # type: ignore[index]


def test_the_spreadsheet_csv_defuses_formulas_and_is_named_as_such() -> None:
    rows = list(csv.reader(io.StringIO(_answer().serialize("csv-spreadsheet"), newline="")))
    assert [r[0] for r in rows[1:5]] == ["'+", "'-1", "'=SUM(A1)", "'@home"]
    assert rows[5][0] == 'say "hi", then go'
    assert "csv-spreadsheet" in _answer().formats()


def test_the_spreadsheet_tsv_defuses_formulas_inside_the_quotes() -> None:
    # issue 21: a spreadsheet reads a TSV cell's quotes away and runs "=SUM(A1)"
    lines = _answer().serialize("tsv-spreadsheet").splitlines()
    cells = [line.split("\t")[0] for line in lines[1:5]]
    assert cells == ['"\'+"', '"\'-1"', '"\'=SUM(A1)"', '"\'@home"']
    exact = [line.split("\t")[0] for line in _answer().serialize("tsv").splitlines()[1:5]]
    assert exact == ['"+"', '"-1"', '"=SUM(A1)"', '"@home"']
    assert "tsv-spreadsheet" in _answer().formats()


def test_ask_has_no_csv() -> None:
    with pytest.raises(UnsupportedFormat):
        QueryResult(form="ASK", boolean=True).serialize("csv-spreadsheet")


def test_json_is_what_rdflibs_writer_gives() -> None:
    import json

    from rdflib import XSD, Variable

    answer = _answer()
    answer.rows.append({"x": Literal("2.5", datatype=XSD.decimal),
                        "iri": Literal("2020-01-01", datatype=XSD.date)})
    theirs = Result("SELECT")
    theirs.vars = [Variable(v) for v in answer.variables]
    theirs.bindings = [{Variable(k): v for k, v in row.items()} for row in answer.rows]
    assert json.loads(answer.serialize("json")) == json.loads(_written(theirs))
    for boolean in (True, False):
        ask = Result("ASK")
        ask.askAnswer = boolean
        assert json.loads(QueryResult(form="ASK", boolean=boolean).serialize("json")) == \
            json.loads(_written(ask))
