"""A graph's own prefixes where people meet them: the CLI, the endpoint and the app.

One Oxigraph store, filled by the CLI's ``load`` with tests/test_prefixes.py's hand-written
Turtle file (``:`` for a shop, ``gene:``, and ``mg:`` for a namespace that is not ours).
"""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from graph.cli import main
from graph.server import create_app
from graph.stores import open_store
from myograph_app.state import md
from tests.apptest import component_data, page_text, run_app
from tests.background_server import BackgroundServer
from tests.test_prefixes import GENE, SHOP, TURTLE

BRCA1 = GENE + "BRCA1"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("prefixes")
    (folder / "shop.ttl").write_text(TURTLE, encoding="utf-8")
    spec = f"oxigraph:{folder / 'db'}"
    loaded = CliRunner().invoke(main, ["--store", spec, "load", str(folder / "shop.ttl")])
    assert loaded.exit_code == 0, loaded.output
    return spec


def _cli(store: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_names_and_queries_by_the_graphs_prefixes(store: str) -> None:
    # undeclared in the query: the graph's own gene: and mg2: (its mg:), beside ours
    table = _cli(store, "query", "SELECT ?p ?o WHERE { gene:BRCA1 ?p ?o }")
    assert table.splitlines()[2].split() == ["mg2:partOf", "mge:muscle_spasm"]
    assert _cli(store, "query", "ASK { gene:BRCA1 mg2:partOf ?o }") == "yes\n"
    assert _cli(store, "query", "ASK { gene:BRCA1 mg:partOf ?o }") == "no\n"  # mg: is ours
    # unlabelled entities are called by the graph's CURIEs, which can be typed back
    hood = _cli(store, "neighbours", "gene:BRCA1")
    assert hood.splitlines()[0] == "gene:BRCA1"
    assert "shop:basket" in hood  # the file's default prefix, named after its namespace
    assert _cli(store, "neighbours", "shop:basket").splitlines()[0] == "shop:basket"
    assert "<http" not in hood


def test_describe_and_construct_write_the_graphs_prefixes(store: str) -> None:
    turtle = _cli(store, "query", "DESCRIBE gene:BRCA1", "--format", "turtle")
    assert f"@prefix gene: <{GENE}> ." in turtle
    assert f"@prefix mg2: <{GENE}vocab/> ." in turtle
    assert "ns1:" not in turtle
    assert "gene:BRCA1 mg2:partOf mge:muscle_spasm ." in turtle
    assert (URIRef(BRCA1), None, None) in Graph().parse(data=turtle, format="turtle")
    constructed = _cli(store, "query", "CONSTRUCT WHERE { shop:basket ?p ?o }", "--format",
                       "turtle")
    assert f"@prefix shop: <{SHOP}> ." in constructed
    # a neighbourhood exported as RDF too
    exported = _cli(store, "neighbours", "gene:BRCA1", "--format", "turtle")
    assert f"@prefix gene: <{GENE}> ." in exported
    assert "mg2:partOf" in exported


def test_the_endpoint_takes_and_gives_them(store: str) -> None:
    opened = open_store(store)
    try:
        with (BackgroundServer(create_app(opened)) as server,
              httpx.Client(trust_env=False, timeout=20) as http):
            answer = http.get(server.url, params={"query": "DESCRIBE gene:BRCA1"},
                              headers={"Accept": "text/turtle"})
    finally:
        opened.close()
    assert answer.status_code == 200, answer.text
    assert f"@prefix gene: <{GENE}> ." in answer.text


@pytest.fixture
def app_store(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYOGRAPH_STORE", store)


@pytest.mark.usefixtures("app_store")
def test_the_app_offers_and_shows_them() -> None:
    at = run_app(view="sparql", query="SELECT ?s ?p ?o WHERE { ?s mg2:partOf ?o ; ?p ?o }")
    offered = {name: (iri, declare) for name, iri, declare in
               component_data(at, "sparql_editor")["prefixes"]}
    # the editor completes the graph's own (declared when chosen) beside ours
    assert offered["gene"] == (GENE, True)
    assert offered["shop"] == (SHOP, True)
    assert offered["mg2"] == (GENE + "vocab/", True)
    assert offered["mg"] == ("https://w3id.org/myograph/vocab#", False)
    at.button(key="sparql_run").click().run()
    assert not at.exception
    shown = next(df.value for df in at.dataframe if "s" in df.value.columns)
    assert list(shown["s"]) == ["gene:BRCA1"]
    assert list(shown["p"]) == ["mg2:partOf"]
    at = run_app(view="explore", node="gene:BRCA1")
    assert at.subheader[0].value == md("gene:BRCA1")
    assert f"· {md('gene:BRCA1')}" in page_text(at)
    assert at.query_params["node"] in ("gene:BRCA1", ["gene:BRCA1"])  # the share link
