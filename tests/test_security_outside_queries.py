"""No reach outside (issue 8), queries: no query makes the process connect or read a file.

A loopback canary (tests/test_security_support.py) listens on a free port; every attack below
names it (or ``file:///etc/passwd``) and every test asserts that the canary saw nobody and that
no line of /etc/passwd shows up in any output. Each attack goes through every interface that
takes it — the library's runner, the CLI, the SPARQL endpoint, the app's SPARQL view — on
every local store (rdflib in memory, Oxigraph on disk), the first wall (the parsed-query check,
:func:`graph.sparql.check`) included; tests/test_security_outside_guard.py tests the second,
tests/test_security_outside_files.py the files.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph import sparql
from graph.cli import main
from graph.errors import QueryRefused
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.stores import Store, open_store
from tests.conftest import DATA
from tests.outside_attacks import QUERIES
from tests.outside_attacks import clean as _clean
from tests.outside_attacks import outcome as _outcome
from tests.outside_attacks import query_text as _q
from tests.test_security_support import Canary, curated_oxigraph

APP = Path(__file__).resolve().parents[1] / "app.py"
STORES = ["memory", "oxigraph"]

CLI_QUERIES = ["service", "service-in-optional", "service-variable", "from", "from-named-passwd",
               "load", "load-passwd"]
"""A representative subset for the slower interfaces (each CLI call opens the store)."""

SMUGGLED = "SELECT * WHERE { # a comment\r SERVICE <CANARY/sparql> { ?s ?p ?o }\n ?s ?p ?o }"
SMUGGLED_VARIANTS = {
    "cr": SMUGGLED,
    "cr-escaped-keyword": ("SELECT * WHERE { # x\r \\u0053ERV\\u0049CE <CANARY/> { ?s ?p ?o }"
                           "\n ?s ?p ?o }"),
    "cr-tab": "SELECT * WHERE { # x\r SERVICE\t<CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
    "cr-no-space": "SELECT * WHERE { # x\r SERVICE<CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
    "cr-comment-inside": ("SELECT * WHERE { # x\r SERVICE SILENT#c\r<CANARY/> { ?s ?p ?o }"
                          "\n ?s ?p ?o }"),
    "cr-lf-then-cr": "SELECT * WHERE { # x\r\n# y\r SERVICE <CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
}
"""rdflib ends a comment only at "\\n", Oxigraph at "\\r" too: the checker sees no SERVICE,
the engine runs one."""


@pytest.fixture(scope="module")
def cli_specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Store specs for the CLI (its own Oxigraph directory: RocksDB allows one opener)."""
    path = tmp_path_factory.mktemp("outside-cli") / "db"
    curated_oxigraph(path).close()
    return {"memory": "memory", "oxigraph": f"oxigraph:{path}"}


# --- queries: the library --------------------------------------------------------------


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("store_name", STORES)
def test_library_refuses_and_reaches_nothing(stores: dict[str, Store], canary: Canary,
                                             store_name: str, name: str) -> None:
    answer, error = _outcome(lambda: sparql.run(stores[store_name], _q(name, canary),
                                                timeout=5))
    assert canary.count == 0
    assert answer is None, f"{name} was answered instead of refused"
    assert error is not None
    assert isinstance(error, QueryRefused), repr(error)
    _clean(error)


@pytest.mark.parametrize("name", [n for n in QUERIES if "from" not in n])
def test_the_parsed_query_check_refuses_service_and_load(canary: Canary, name: str) -> None:
    """The first wall alone (FROM depends on the store: the runner checks it, above)."""
    with pytest.raises(QueryRefused) as caught:
        sparql.check(_q(name, canary))
    assert "refused" in str(caught.value)
    assert canary.count == 0


@pytest.mark.parametrize("text", [
    "SELECT ?service ?p WHERE { ?service ?p ?o } LIMIT 1",
    "PREFIX schema: <http://schema.org/>\nSELECT * WHERE { ?x schema:service ?o }",
])
def test_the_word_service_inside_a_name_is_not_refused(stores: dict[str, Store],
                                                       text: str) -> None:
    sparql.run(stores["memory"], text)


@pytest.mark.parametrize("clause", [
    "FROM",
    "FROM NAMED",
])
def test_a_held_graph_named_like_a_file_or_url_is_read_from_the_store(canary: Canary,
                                                                      clause: str) -> None:
    """FROM a graph the store holds is allowed: it must read the store's copy, not fetch."""
    store = open_store("memory:empty")
    names = ["file:///etc/passwd", f"{canary.url}/g.ttl"]
    for name in names:
        store.add_triples([(URIRef("urn:ex:mine"), URIRef("urn:ex:p"), Literal(name))], name)
    for name in names:
        pattern = "?s ?p ?o" if clause == "FROM" else "GRAPH ?g { ?s ?p ?o }"
        result = sparql.run(store, f"SELECT ?o {clause} <{name}> WHERE {{ {pattern} }}")
        assert [str(v) for v in result.values("o")] == [name]
        _clean(result.rows)
    assert canary.count == 0


# --- queries: the CLI ------------------------------------------------------------------


@pytest.mark.parametrize("name", CLI_QUERIES)
@pytest.mark.parametrize("store_name", STORES)
def test_cli_refuses_and_reaches_nothing(cli_specs: dict[str, str], canary: Canary,
                                         store_name: str, name: str) -> None:
    result = CliRunner().invoke(main, ["--store", cli_specs[store_name], "query",
                                       _q(name, canary)])
    assert canary.count == 0
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    _clean(result.output)


# --- queries: the endpoint -------------------------------------------------------------


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("store_name", STORES)
def test_endpoint_refuses_and_reaches_nothing(endpoints: dict[str, str], http: httpx.Client,
                                              canary: Canary, store_name: str,
                                              name: str) -> None:
    response = http.post(endpoints[store_name], data={"query": _q(name, canary)})
    assert canary.count == 0
    assert response.status_code in (400, 403), response.text
    assert response.json()["error"] in ("QueryRefused", "UpdateRefused")
    _clean(response.text)


@pytest.mark.parametrize("graph", ["CANARY/g.ttl", "file:///etc/passwd"])
@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("store_name", STORES)
def test_endpoint_dataset_parameters_reach_nothing(endpoints: dict[str, str],
                                                   http: httpx.Client, canary: Canary,
                                                   store_name: str, param: str,
                                                   graph: str) -> None:
    response = http.get(endpoints[store_name], params={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: _q(graph, canary)})
    assert canary.count == 0
    # an empty graph (as the W3C Protocol tests expect), read from the store, never fetched
    assert response.status_code == 200, response.text
    _clean(response.text)


# --- queries: the app's SPARQL view ----------------------------------------------------


@pytest.mark.parametrize("store_name", STORES)
def test_app_sparql_view_refuses_and_reaches_nothing(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path, canary: Canary,
                                                     store_name: str) -> None:
    from streamlit.testing.v1 import AppTest

    if store_name == "oxigraph":
        path = tmp_path / "app-db"
        curated_oxigraph(path).close()
        monkeypatch.setenv("MYOGRAPH_STORE", f"oxigraph:{path}")
    else:
        monkeypatch.setenv("MYOGRAPH_STORE", "memory")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["view"] = "sparql"
    at.run()
    # the editor's text (what the browser sends is tested in tests/test_app_sparql.py)
    for name in CLI_QUERIES:
        at.session_state["sparql_text"] = _q(name, canary)
        at.button(key="sparql_run").click().run()
        assert not at.exception, name
        errors = [e.value for e in at.error]
        assert errors, f"{name}: no error shown"
        assert "refused" in errors[0], errors
        _clean(errors, [m.value for m in at.markdown])
    assert canary.count == 0


# --- the parser differential -----------------------------------------------------------


@pytest.mark.parametrize("store_name", [
    "memory",
    "oxigraph",
    "oxigraph-in-memory",
])
def test_a_line_break_only_one_parser_sees_smuggles_nothing(stores: dict[str, Store],
                                                            canary: Canary,
                                                            store_name: str) -> None:
    if store_name == "oxigraph-in-memory":
        store = open_store("oxigraph:")
        load_file(store, DATA, graph=DATA_GRAPH)
    else:
        store = stores[store_name]
    for name, text in SMUGGLED_VARIANTS.items():
        answer, error = _outcome(partial(sparql.run, store, _q(text, canary), timeout=5))
        assert canary.count == 0, f"{name}: the canary was called ({answer or error})"
        _clean(answer, error)


@pytest.mark.parametrize(("interface", "store_name"), [
    ("cli", "memory"),
    ("cli", "oxigraph"),
    ("endpoint", "memory"),
    ("endpoint", "oxigraph"),
])
def test_a_line_break_only_one_parser_sees_smuggles_nothing_on_the_interfaces(
        cli_specs: dict[str, str], endpoints: dict[str, str], http: httpx.Client,
        canary: Canary, interface: str, store_name: str) -> None:
    text = _q(SMUGGLED, canary)
    if interface == "cli":
        output: object = CliRunner().invoke(
            main, ["--store", cli_specs[store_name], "query", text]).output
    else:
        output = http.post(endpoints[store_name], data={"query": text}).text
    assert canary.count == 0, f"the canary was called ({output})"
    _clean(output)


ESCAPED_QUOTES = {
    "double": 'SELECT * WHERE { VALUES ?x { "a\\u0022 } } #" } SERVICE<CANARY/> { ?s ?p ?o } }',
    "single": "SELECT * WHERE { VALUES ?x { 'a\\u0027 } } #' } SERVICE<CANARY/> { ?s ?p ?o } }",
}
"""rdflib expands \\u escapes in the whole text before parsing, so \\u0022 ends the string and
the rest of the line is a comment; every store is therefore sent the expanded text, so that
Oxigraph cannot read the SERVICE as part of a string (graph.sparql.text._as_rdflib_reads_it)."""


@pytest.mark.parametrize(("interface", "store_name"), [
    ("library", "memory"),
    ("library", "oxigraph"),
    ("library", "oxigraph-in-memory"),
    ("cli", "memory"),
    ("cli", "oxigraph"),
    ("endpoint", "memory"),
    ("endpoint", "oxigraph"),
])
def test_an_escaped_quote_only_one_parser_sees_smuggles_nothing(
        stores: dict[str, Store], cli_specs: dict[str, str], endpoints: dict[str, str],
        http: httpx.Client, canary: Canary, interface: str, store_name: str) -> None:
    for name, template in ESCAPED_QUOTES.items():
        text = _q(template, canary)
        if interface == "library":
            if store_name == "oxigraph-in-memory":
                store = open_store("oxigraph:")
                load_file(store, DATA, graph=DATA_GRAPH)
            else:
                store = stores[store_name]
            output: object = _outcome(partial(sparql.run, store, text, timeout=5))
        elif interface == "cli":
            output = CliRunner().invoke(
                main, ["--store", cli_specs[store_name], "query", text]).output
        else:
            output = http.post(endpoints[store_name], data={"query": text}).text
        assert canary.count == 0, f"{name}: the canary was called ({output})"
        _clean(output)
