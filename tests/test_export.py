"""Routes and neighbourhoods written out: CSV rows and RDF, hand-counted on tiny.ttl."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import RDF, Graph, URIRef

from graph.errors import UnsupportedFormat
from graph.export import (
    NEIGHBOUR_COLUMNS,
    ROUTE_COLUMNS,
    SUBGRAPH_COLUMNS,
    export,
    write_nquads,
)
from graph.namespaces import MG
from graph.neighbours import neighbours
from graph.paths import find_paths
from graph.stores import Store, open_store
from tests.conftest import FIXTURES

MGE = "https://w3id.org/myograph/entity/"


@pytest.fixture(scope="module")
def tiny() -> Store:
    return open_store(f"memory:{FIXTURES / 'tiny.ttl'}")


def test_routes_as_csv_a_row_per_step(tiny: Store) -> None:
    # acyclovir → spasm: E1 E4 E8 (3 steps) and E1 E4 E9 E11 (4 steps): 7 rows
    found = find_paths(tiny, MGE + "acyclovir", MGE + "muscle_spasm")
    rows = list(csv.DictReader(io.StringIO(export(found, "csv"), newline="")))
    assert len(rows) == 7
    assert tuple(rows[0]) == ROUTE_COLUMNS
    assert [(r["route"], r["step"]) for r in rows][:4] == [("1", "1"), ("1", "2"), ("1", "3"),
                                                         ("2", "1")]
    first = rows[0]
    assert (first["subject_label"], first["predicate_label"], first["object_label"]) == (
        "acyclovir", "has adverse effect", "acute kidney injury")
    assert first["sources"].count(" | ") == 1  # the case report and the lay article
    assert first["from_literature"] == "true"
    assert rows[5]["sources"] == ""  # E9 has no claim


def test_routes_as_rdf_keep_links_labels_and_claims(tiny: Store) -> None:
    found = find_paths(tiny, MGE + "acyclovir", MGE + "muscle_spasm")
    g = Graph().parse(data=export(found, "turtle"), format="turtle")
    assert (URIRef(MGE + "acyclovir"), MG.hasAdverseEffect,
            URIRef(MGE + "acute_kidney_injury")) in g
    # 5 distinct links; claims: E1 two, E4 one, E8 one, E9 none, E11 one
    claims = list(g.subjects(RDF.type, MG.Claim))
    assert len(claims) == 5
    quotes = {str(q) for q in g.objects(None, MG.quote)}
    assert "Acyclovir can cause crystal nephropathy and acute kidney injury." in quotes
    assert "ns1:" not in export(found, "turtle")


def test_a_neighbourhood_as_csv_and_rdf(tiny: Store) -> None:
    # electrolyte imbalance: in from AKI (E4) and dehydration (E5); out to spasm (E8) and
    # hypokalemia (E9): 4 links
    hood = neighbours(tiny, MGE + "electrolyte_imbalance")
    rows = list(csv.DictReader(io.StringIO(export(hood, "csv"), newline="")))
    assert tuple(rows[0]) == NEIGHBOUR_COLUMNS
    assert sorted(r["neighbour_label"] for r in rows) == [
        "acute kidney injury", "dehydration", "hypokalemia", "muscle spasm"]
    g = Graph().parse(data=export(hood, "ntriples"), format="nt")
    assert (URIRef(MGE + "dehydration"), MG.contributesTo,
            URIRef(MGE + "electrolyte_imbalance")) in g


def test_a_filtered_subgraph_writes_what_it_keeps(tiny: Store) -> None:
    # electrolyte imbalance's 4 links (above), only mg:causes: E8 to spasm, E4 from AKI
    from graph.subgraph import merge_neighbourhoods

    sub = merge_neighbourhoods(tiny, [MGE + "electrolyte_imbalance"]).filtered(
        relations=[str(MG.causes)])
    rows = list(csv.DictReader(io.StringIO(export(sub, "csv"), newline="")))
    assert tuple(rows[0]) == SUBGRAPH_COLUMNS
    assert [(r["source_label"], r["sign"], r["target_label"]) for r in rows] == [
        ("electrolyte imbalance", "+", "muscle spasm"),
        ("acute kidney injury", "+", "electrolyte imbalance")]
    g = Graph().parse(data=export(sub, "turtle"), format="turtle")
    # 2 links, 3 nodes' labels and classes, the relation's label
    assert len(g) == 2 + 3 * 2 + 1
    assert (URIRef(MGE + "dehydration"), RDF.type, MG.Disease) not in g


def test_other_formats_are_refused() -> None:
    with pytest.raises(UnsupportedFormat):
        export(find_paths(open_store(f"memory:{FIXTURES / 'tiny.ttl'}"), MGE + "acyclovir",
                          MGE + "muscle_spasm"), "xlsx")


def test_a_whole_store_streams_out_as_nquads_that_read_back(tiny: Store) -> None:
    from rdflib import Dataset

    from graph.stats import stats

    out = io.BytesIO()
    heard: list[int] = []
    written = write_nquads(tiny, out, progress=heard.append, every=50)
    assert written == stats(tiny).triples
    assert heard[-1] == written
    assert heard[:-1] == list(range(50, written, 50))
    back = Dataset()
    back.parse(data=out.getvalue().decode("utf-8"), format="nquads")
    assert len(back) == written
