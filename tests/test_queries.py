"""Every .rq file: a valid header, and it runs as it is (and once bound) on the curated graph."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph import queries
from graph.errors import MyographError, QueryError
from graph.sparql import run
from graph.stores import Store

ALL = sorted(queries.all_queries())


def test_there_are_at_least_ten_worked_examples() -> None:
    examples = queries.examples()
    assert len(examples) >= 10
    assert all(q.question.endswith("?") for q in examples)
    assert len({q.example for q in examples}) == len(examples), "example numbers are unique"


@pytest.mark.parametrize("name", ALL)
def test_every_query_file_runs_as_written(name: str, memory_store: Store) -> None:
    q = queries.get(name)
    result = run(memory_store, q.text, max_rows=100_000)
    assert result.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    assert len(result) > 0, f"{name}.rq returns nothing on the curated graph"


@pytest.mark.parametrize("name", [n for n in ALL if queries.get(n).params])
def test_every_parameterised_query_runs_once_bound(name: str, memory_store: Store) -> None:
    q = queries.get(name)
    node = URIRef("https://w3id.org/myograph/entity/muscle_spasm")
    examples = {"iri": node, "iris": [node], "int": 10, "string": "cramp"}
    values = {pname: examples[ptype] for pname, ptype in q.params.items()}
    # each value is of the type its parameter declares, known only at run time
    text = q.bind(**values)  # type: ignore[arg-type]
    assert text != q.text
    run(memory_store, text)


def test_bind_replaces_the_values_block_with_validated_terms() -> None:
    q = queries.get("entity_evidence")
    text = q.bind(node=["urn:x:a", "urn:x:b"])
    assert "VALUES ?node { <urn:x:a> <urn:x:b> }" in text
    assert "mge:acyclovir }" not in text
    assert "VALUES ?node { UNDEF }" in q.bind(node=[])


@pytest.mark.parametrize("bad", ["not an iri", "urn:x> } ; DROP ALL #", 'urn:"x"', ""])
def test_bind_refuses_values_that_are_not_iris(bad: str) -> None:
    with pytest.raises(QueryError):
        queries.get("entity_evidence").bind(node=[bad])


def test_bind_refuses_unknown_parameters() -> None:
    with pytest.raises(QueryError, match="no parameter"):
        queries.get("entity_evidence").bind(colour="red")


def test_unknown_query_name() -> None:
    with pytest.raises(QueryError, match="no query named"):
        queries.get("nope")


def test_a_bad_header_is_reported(tmp_path: object) -> None:
    from pathlib import Path

    from graph.queries import _parse

    path = Path(str(tmp_path)) / "bad.rq"
    path.write_text("#+ summary: x\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(MyographError, match="question"):
        _parse(path)
    path.write_text("#+ summary: x\n#+ question: y?\n#+ params: node:iri\nASK {}\n")
    with pytest.raises(MyographError, match="VALUES"):
        _parse(path)


def test_bind_pairs_the_values_of_a_shared_block() -> None:
    q = queries.get("neighbours_out")
    text = q.bind(node="urn:x:n", relation=["urn:x:r1", "urn:x:r2"])
    assert "VALUES (?node ?relation) { (<urn:x:n> <urn:x:r1>) (<urn:x:n> <urn:x:r2>) }" in text
    assert "VALUES (?node ?relation) { (<urn:x:n> UNDEF) }" in q.bind(node="urn:x:n", relation=[])
    with pytest.raises(QueryError, match="share one VALUES block"):
        q.bind(node="urn:x:n")


def test_a_shared_block_of_parameters_and_other_variables_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    from graph.queries import _parse

    path = Path(str(tmp_path)) / "mixed.rq"
    path.write_text("#+ summary: x\n#+ question: y?\n#+ params: node:iri\n"
                    "SELECT * WHERE { VALUES (?node ?other) { (<urn:a> <urn:b>) } }\n")
    with pytest.raises(MyographError, match="mixes parameters"):
        _parse(path)
