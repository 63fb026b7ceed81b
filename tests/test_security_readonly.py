"""Read-only querying (issue 8): no interface changes data through SPARQL.

Every update form (and LOAD), also hidden behind comments, odd casing, unicode escapes,
several operations joined with ``;`` and stray line breaks, goes to the library's runner, the
CLI, the endpoint (three ways: ``query=``, ``update=``, ``application/sparql-update``) and
the app's SPARQL view, on the memory and the on-disk Oxigraph store. Each must be refused,
and the store's quad count and content hash (sorted N-Quads) must be exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from graph import sparql
from graph.cli import main
from graph.errors import QueryError, QueryRefused, QuerySyntaxError, UpdateRefused
from graph.stores import Store, open_store
from tests.test_security_support import (
    content_hash,
    curated_oxigraph,
)

STORES = ["memory", "oxigraph"]
G = "https://w3id.org/myograph/graph/data"

UPDATES: dict[str, str] = {
    "insert-data": "INSERT DATA { <urn:ex:a> <urn:ex:b> <urn:ex:c> }",
    "insert-data-graph": "INSERT DATA { GRAPH <urn:ex:g> { <urn:ex:a> <urn:ex:b> 1 } }",
    "delete-data": ("DELETE DATA { GRAPH <" + G + "> { <https://w3id.org/myograph/entity/"
                    "muscle_spasm> a <https://w3id.org/myograph/vocab#Symptom> } }"),
    "delete-where": "DELETE WHERE { ?s ?p ?o }",
    "delete-insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "with": "WITH <" + G + "> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "clear-all": "CLEAR ALL",
    "clear-default": "CLEAR DEFAULT",
    "clear-silent-graph": "CLEAR SILENT GRAPH <" + G + ">",
    "drop-graph": "DROP GRAPH <" + G + ">",
    "drop-all": "DROP ALL",
    "drop-named": "DROP SILENT NAMED",
    "load": "LOAD <http://127.0.0.1:9/x.ttl>",
    "load-into": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:ex:g>",
    "create": "CREATE GRAPH <urn:ex:g>",
    "copy": "COPY DEFAULT TO <urn:ex:g>",
    "move": "MOVE <" + G + "> TO <urn:ex:g>",
    "add": "ADD <" + G + "> TO <urn:ex:g>",
    "several": "INSERT DATA { <urn:ex:a> <urn:ex:b> <urn:ex:c> } ;\nDROP ALL",
    "several-prefixed": "PREFIX ex: <urn:ex:>\nINSERT DATA { ex:a ex:b ex:c } ; CLEAR ALL ;",
    "after-comments": "# just a SELECT, honestly\n# SELECT * WHERE { ?s ?p ?o }\nDROP ALL",
    "lower-case": "insert data { <urn:ex:a> <urn:ex:b> <urn:ex:c> }",
    "odd-case": "dElEtE wHeRe { ?s ?p ?o }",
    "unicode-escape": "\\u0049NSERT DATA { <urn:ex:a> <urn:ex:b> <urn:ex:c> }",
    "unicode-escaped-word": "\\u0044\\u0052\\u004F\\u0050 ALL",
    "base": "BASE <urn:x:> DELETE WHERE { ?s ?p ?o }",
    "leading-space": "\n\t  \u00a0DROP ALL",
    "bom": "\ufeffDROP ALL",
    "nul": "DROP\x00 ALL",
    "select-then-update": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "comment-cr-then-update": "SELECT * WHERE { ?s ?p ?o } # x\r ; DROP ALL",
    "comment-cr-insert": "ASK { ?s ?p ?o } # x\rINSERT DATA { <urn:ex:a> <urn:ex:b> 1 }",
}
"""The last two hide the update after a carriage return, where only Oxigraph ends a
comment: they may be answered as the query before it, but must change nothing."""

MAY_BE_ANSWERED = {"comment-cr-then-update", "comment-cr-insert"}
NOT_UPDATE_REFUSED = {"load", "load-into", "leading-space", "bom", "nul",
                      "select-then-update"} | MAY_BE_ANSWERED
"""LOAD is refused as an outbound fetch (QueryRefused, 400); text that is not SPARQL at all is
a syntax error (400). Everything else must be UpdateRefused (403 on the endpoint)."""
CLI_UPDATES = ["insert-data", "delete-where", "clear-all", "drop-graph", "load", "several",
               "after-comments", "unicode-escape", "comment-cr-then-update"]


@pytest.fixture(scope="module")
def before(stores: dict[str, Store]) -> dict[str, tuple[int, str]]:
    """Each store's (quad count, content hash) before any test of this module."""
    return {name: content_hash(store) for name, store in stores.items()}


def _expected(name: str) -> type[QueryError]:
    if name in MAY_BE_ANSWERED:
        return QueryError
    if name in ("load", "load-into"):
        return QueryRefused
    if name in NOT_UPDATE_REFUSED:
        return QuerySyntaxError
    return UpdateRefused


# --- the library -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(UPDATES))
@pytest.mark.parametrize("store_name", STORES)
def test_library_refuses_and_changes_nothing(stores: dict[str, Store],
                                             before: dict[str, tuple[int, str]],
                                             store_name: str, name: str) -> None:
    store = stores[store_name]
    version = store.version
    if name in MAY_BE_ANSWERED:
        try:
            result = sparql.run(store, UPDATES[name], timeout=5)
        except QueryError:
            pass
        else:
            assert result.form in ("SELECT", "ASK")
    else:
        with pytest.raises(_expected(name)):
            sparql.run(store, UPDATES[name], timeout=5)
    assert store.version == version
    assert content_hash(store) == before[store_name]


@pytest.mark.parametrize("name", [n for n in UPDATES if _expected(n) is UpdateRefused])
def test_the_check_calls_every_update_an_update(name: str) -> None:
    with pytest.raises(UpdateRefused, match="updates are refused"):
        sparql.check(UPDATES[name])


# --- the CLI ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLI_UPDATES)
@pytest.mark.parametrize("store_name", STORES)
def test_cli_refuses_and_changes_nothing(tmp_path_factory: pytest.TempPathFactory,
                                         store_name: str, name: str) -> None:
    if store_name == "memory":
        spec = "memory"
        reference = open_store("memory")
        want = content_hash(reference)
    else:
        path = tmp_path_factory.mktemp("readonly-cli") / "db"
        store = curated_oxigraph(path)
        want = content_hash(store)
        store.close()
        spec = f"oxigraph:{path}"
    result = CliRunner().invoke(main, ["--store", spec, "query", UPDATES[name]])
    assert "Traceback" not in result.output
    if name not in MAY_BE_ANSWERED:
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ")
    if store_name == "oxigraph":
        again = open_store(spec)
        assert content_hash(again) == want
        again.close()


# --- the endpoint ----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["query", "update", "sparql-update"])
@pytest.mark.parametrize("name", list(UPDATES))
@pytest.mark.parametrize("store_name", STORES)
def test_endpoint_refuses_and_changes_nothing(stores: dict[str, Store],
                                              before: dict[str, tuple[int, str]],
                                              endpoints: dict[str, str], http: httpx.Client,
                                              store_name: str, name: str, how: str) -> None:
    url, text = endpoints[store_name], UPDATES[name]
    if how == "query":
        response = http.post(url, data={"query": text})
    elif how == "update":
        response = http.post(url, data={"update": text})
    else:
        response = http.post(url, content=text.encode("utf-8"),
                             headers={"Content-Type": "application/sparql-update"})
    if how != "query":
        assert response.status_code == 403, response.text
        assert response.json()["error"] == "UpdateRefused"
    elif name in MAY_BE_ANSWERED:
        assert response.status_code in (200, 400, 500), response.text
    else:
        expected = {UpdateRefused: 403, QueryRefused: 400, QuerySyntaxError: 400}[_expected(name)]
        assert response.status_code == expected, response.text
        assert response.json()["error"] == _expected(name).__name__
    assert "Traceback" not in response.text
    assert content_hash(stores[store_name]) == before[store_name]


# --- the app ---------------------------------------------------------------------------


def test_app_sparql_view_refuses_and_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MYOGRAPH_STORE", "memory")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=120)
    at.query_params["view"] = "sparql"
    at.run()
    store = at.session_state["mg_session_graph"].shared  # the store this session queries
    want = content_hash(store)
    for name, text in UPDATES.items():
        at.session_state["sparql_text"] = text
        at.button(key="sparql_run").click().run()
        assert not at.exception, name
        if name not in MAY_BE_ANSWERED:
            errors = [e.value for e in at.error]
            assert errors, f"{name}: no error shown"
            assert "refused" in errors[0] or "syntax error" in errors[0], errors
    at.session_state["sparql_text"] = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    at.button(key="sparql_run").click().run()
    assert not at.error
    assert content_hash(store) == want
    assert want == content_hash(open_store("memory"))
