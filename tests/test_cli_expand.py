"""``myograph neighbours ENTITY --expand OTHER``: the merged neighbourhood Explore draws,
in every format, through click's runner; hand-counted on tests/fixtures/tiny.ttl.

hypokalemia: → muscle spasm (E11), → muscle weakness (E10), ← electrolyte imbalance (E9).
electrolyte imbalance: → hypokalemia (E9), → muscle spasm (E8), ← acute kidney injury (E4),
← dehydration (E5). Together: 6 nodes and 6 links (E9 once), with 3 relations.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, URIRef

from graph.cli import main
from graph.export import SUBGRAPH_COLUMNS
from graph.namespaces import MG
from tests.conftest import FIXTURES

MGE = "https://w3id.org/myograph/entity/"
TINY = ["--store", f"memory:{FIXTURES / 'tiny.ttl'}"]
BOTH = ["neighbours", "hypokalemia", "--expand", "electrolyte imbalance"]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, [*TINY, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_table_has_a_link_a_line() -> None:
    lines = _run(*BOTH).splitlines()
    assert lines[0] == "hypokalemia + electrolyte imbalance: 6 nodes, 6 links"
    assert lines[1:] == ["  hypokalemia —causes (+)→ muscle spasm",
                         "  hypokalemia —causes (+)→ muscle weakness",
                         "  electrolyte imbalance —associated with (?)→ hypokalemia",
                         "  electrolyte imbalance —causes (+)→ muscle spasm",
                         "  acute kidney injury —causes (+)→ electrolyte imbalance",
                         "  dehydration —contributes to (+)→ electrolyte imbalance"]
    # one link per relation: hypokalemia's second "causes" link is counted, not shown
    assert _run(*BOTH, "--limit", "1").splitlines()[-1] == (
        "  … 1 more links not shown (raise --limit)")


def test_json_names_the_centres_nodes_and_links() -> None:
    data = json.loads(_run(*BOTH, "--format", "json"))
    assert data["centres"] == [MGE + "hypokalemia", MGE + "electrolyte_imbalance"]
    assert len(data["nodes"]) == 6
    assert len(data["links"]) == 6
    assert data["hidden"] == 0
    assert len(data["sparql"]) == 2
    assert {n["type"] for n in data["nodes"]} == {str(MG.Disease), str(MG.Symptom)}


def test_csv_has_a_row_per_link() -> None:
    rows = list(csv.DictReader(io.StringIO(_run(*BOTH, "--format", "csv"), newline="")))
    assert tuple(rows[0]) == SUBGRAPH_COLUMNS
    assert len(rows) == 6
    assert [(r["source_label"], r["relation_label"], r["sign"], r["target_label"])
            for r in rows][2] == ("electrolyte imbalance", "associated with", "?", "hypokalemia")
    assert rows[0]["target_type"] == str(MG.Symptom)


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"),
                                             ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_holds_the_links_labels_and_classes(fmt: str, parser: str) -> None:
    g = Graph().parse(data=_run(*BOTH, "--format", fmt), format=parser)
    # 6 links, 6 node labels, 6 node classes, 3 relation labels
    assert len(g) == 21
    assert (URIRef(MGE + "dehydration"), MG.contributesTo,
            URIRef(MGE + "electrolyte_imbalance")) in g
    assert len(set(g.subjects(RDF.type, None))) == 6
    assert len(set(g.subjects(RDFS.label, None))) == 9


def test_the_merge_holds_each_neighbourhood() -> None:
    # every link either neighbourhood exports alone is in the merged export
    def links(*args: str) -> set[tuple[object, object, object]]:
        g = Graph().parse(data=_run(*args, "--format", "ntriples"), format="nt")
        return {t for t in g if t[1] not in (RDF.type, RDFS.label)}

    merged = links(*BOTH)
    alone = links("neighbours", "hypokalemia") | links("neighbours", "electrolyte imbalance")
    assert merged == alone
    assert len(merged) == 6


def test_direction_and_relation_apply_to_every_centre() -> None:
    out = _run(*BOTH, "--direction", "out").splitlines()
    assert out[0] == "hypokalemia + electrolyte imbalance: 4 nodes, 4 links"  # E11 E10 E9 E8
    caused = _run(*BOTH, "--relation", "mg:causes").splitlines()
    assert caused[0] == "hypokalemia + electrolyte imbalance: 5 nodes, 4 links"  # E11 E10 E8 E4


def test_an_unknown_expansion_is_one_line() -> None:
    result = CliRunner().invoke(main, [*TINY, *BOTH, "--expand", "zzzz-unknown"])
    assert result.exit_code == 1
    assert "no entity matches 'zzzz-unknown'" in result.stderr
