"""Names on a large remote graph: looked up on the server, never dumped whole.

Both real servers hold data/triples.ttl (3,074 triples); the tests lower the size past which
a remote graph counts as large (``$MYOGRAPH_REMOTE_INDEX_LIMIT``) to 100 triples, so the CLI
takes the path a graph of millions takes: a real Virtuoso with its free-text index on the
curated graph (``bif:contains``), and a real ``oxigraph serve-read-only``, which has no text
search (the bounded SPARQL search). The expectations are counted by hand on the curated
file; the commands that show entities by name give the memory store's output exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from graph import remote_search
from graph.cli import main
from graph.errors import QueryTimeout
from graph.stores import open_store
from graph.stores import remote as remote_module
from tests.oxigraph_server import endpoint_for_tests as oxigraph_for_tests
from tests.spying import queries_sent
from tests.virtuoso import endpoint_for_tests as virtuoso_for_tests

SERVER_TIMEOUT = 5
NOTE = {"virtuoso": "Virtuoso's own text index (bif:contains)",
        "oxigraph": "a bounded SPARQL search"}
"""How the note on stderr names the search each server gets."""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from virtuoso_for_tests(tmp_path_factory.mktemp("virtuoso") / "db",
                                  timeout=SERVER_TIMEOUT)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from oxigraph_for_tests(tmp_path_factory.mktemp("oxigraph") / "db",
                                  timeout=SERVER_TIMEOUT)


@pytest.fixture(autouse=True)
def _large(monkeypatch: pytest.MonkeyPatch) -> None:
    """The curated graph counts as large: names are looked up, not read whole."""
    monkeypatch.setenv(remote_module.INDEX_LIMIT_ENV, "100")


@pytest.fixture(params=["virtuoso", "oxigraph"])
def server(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(kind, URL) of each real server in turn."""
    return request.param, request.getfixturevalue(request.param)


def _run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", store, *args])


def test_search_finds_by_the_server_and_says_so_on_stderr(server: tuple[str, str]) -> None:
    kind, url = server
    found = _run(url, "search", "cramp")
    assert found.exit_code == 0, found.output
    assert found.stdout.splitlines() == [
        "muscle spasm  symptom               exact synonym 'cramp'"]
    note = found.stderr.splitlines()
    assert len(note) == 1
    assert note[0].startswith("note: ")
    assert NOTE[kind] in note[0]
    assert "misspellings" in note[0]
    exact = _run(url, "search", "muscle spasm").stdout.splitlines()
    assert exact[0].split() == ["muscle", "spasm", "symptom", "exact", "label"]
    words = json.loads(_run(url, "search", "low potassium", "--format", "json").stdout)
    assert words[0]["label"] == "hypokalemia"
    assert words[0]["matched"] == "low potassium"
    assert _run(url, "search", "zzqqxx").stdout == "nothing matches 'zzqqxx'\n"


def test_a_prefix_finds_what_the_local_index_finds(server: tuple[str, str]) -> None:
    _kind, url = server
    # the seven labels starting "hypo" in data/triples.ttl, shortest first
    want = ["hypoxia", "hypoxemia", "hypokalemia", "hypocalcemia", "hypomagnesemia",
            "hypothyroidism", "hypoparathyroidism"]
    hits = json.loads(_run(url, "search", "hypo", "--format", "json").stdout)
    assert [h["label"] for h in hits] == want
    assert {h["tier"] for h in hits} == {"prefix"}
    assert _run(url, "search", "hypo").stdout == _run("memory", "search", "hypo").stdout


def test_a_misspelt_end_is_still_found(server: tuple[str, str]) -> None:
    _kind, url = server
    hits = json.loads(_run(url, "search", "hypokalaimia", "--format", "json").stdout)
    assert [(h["label"], h["tier"]) for h in hits] == [("hypokalemia", "fuzzy")]


COMMANDS = [
    ["neighbours", "cramp", "--direction", "in", "--relation", "mg:causes", "--limit", "2"],
    ["neighbours", "https://w3id.org/myograph/entity/copd", "--format", "json"],
    ["describe", "acyclovir"],
    ["path", "acyclovir", "cramp"],
    ["path", "thyroidectomy", "cramp", "--avoid", "hypocalcemia"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_commands_show_what_the_memory_store_shows(server: tuple[str, str],
                                                   args: list[str]) -> None:
    _kind, url = server
    got, want = _run(url, *args), _run("memory", *args)
    assert got.exit_code == want.exit_code == 0, got.output
    assert got.stdout == want.stdout


def test_names_that_match_nothing_or_several_say_so(server: tuple[str, str]) -> None:
    _kind, url = server
    missing = _run(url, "neighbours", "zzzz-unknown")
    assert missing.exit_code == 1
    assert missing.stderr == "Error: no entity matches 'zzzz-unknown'\n"
    several = _run(url, "describe", "hypo")
    assert several.exit_code == 1
    assert several.stderr == _run("memory", "describe", "hypo").stderr
    assert "  hypokalemia  (mge:hypokalemia)" in several.stderr.splitlines()


def test_no_command_reads_every_name(server: tuple[str, str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.search as search_module

    kind, url = server
    monkeypatch.setattr(search_module, "build_index",
                        lambda store: pytest.fail("every name was read"))
    sent = queries_sent(monkeypatch)
    for args in (["search", "cramp"], COMMANDS[0], COMMANDS[2], COMMANDS[3]):
        assert _run(url, *args).exit_code == 0
    # every query that reads names names its entities or is bounded by LIMIT
    searches = [q for q in sent if "?entity ?property ?name" in q]
    assert searches
    assert all("LIMIT 200" in q for q in searches)
    assert any("bif:contains" in q for q in searches) == (kind == "virtuoso")


def test_one_label_is_one_small_query(oxigraph: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.search import label_of

    store = open_store(oxigraph)
    acyclovir = "https://w3id.org/myograph/entity/acyclovir"
    assert store.names_in_place() == "sparql"  # Oxigraph has no text search myograph uses
    remote_search.lookup_for(store)  # reads the graph's profile first
    sent = queries_sent(monkeypatch)
    assert label_of(store, acyclovir) == "acyclovir"
    assert len(sent) == 1
    assert f"VALUES ?node {{ <{acyclovir}> }}" in sent[0]
    assert label_of(store, acyclovir) == "acyclovir"
    assert len(sent) == 1  # kept for the process
    assert label_of(store, "https://w3id.org/myograph/entity/no_such") == "mge:no_such"


def test_virtuoso_without_its_text_index_falls_back(virtuoso: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(predicates: Any, words: Any, forms: Any) -> str:
        # a wildcard after fewer than 4 letters: Virtuoso answers 500 (error FT370)
        query = remote_search.virtuoso_query(predicates, ["cramp"], ())
        assert query is not None
        return query.replace('"cramp*"', '"cr*"')

    monkeypatch.setitem(remote_search.TEXT_SEARCH, "virtuoso",
                        (remote_search.TEXT_SEARCH["virtuoso"][0], refused))
    found = _run(virtuoso, "search", "muscle cramp")
    assert found.exit_code == 0, found.output
    assert found.stdout.splitlines()[0].startswith("muscle spasm")
    assert NOTE["oxigraph"] in found.stderr


def test_a_search_past_its_time_limit_says_so_and_an_iri_still_works(
        oxigraph: str, monkeypatch: pytest.MonkeyPatch) -> None:
    execute: Callable[..., Any] = remote_module.RemoteStore.execute

    def slow_search(self: remote_module.RemoteStore, query: str, *args: Any,
                    **kwargs: Any) -> object:
        if "CONTAINS(" in query:
            raise QueryTimeout("the endpoint did not answer within 10 s")
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(remote_module.RemoteStore, "execute", slow_search)
    stopped = _run(oxigraph, "search", "muscle spasm")
    assert stopped.exit_code == 1
    assert ("did not finish looking up 'muscle spasm' within 10 s: name the entity by its "
            "IRI instead") in stopped.stderr
    named = _run(oxigraph, "neighbours", "mge:muscle_spasm", "--direction", "in",
                 "--relation", "mg:causes", "--limit", "2")
    assert named.exit_code == 0, named.output
    assert named.stdout == _run("memory", *COMMANDS[0]).stdout


def test_the_apps_sparql_view_labels_iris_without_reading_every_name(
        oxigraph: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    import graph.search as search_module

    monkeypatch.setenv("MYOGRAPH_STORE", oxigraph)
    monkeypatch.setattr(search_module, "build_index",
                        lambda store: pytest.fail("every name was read"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=120)
    at.query_params["view"] = "sparql"
    at.query_params["query"] = ("SELECT ?s ?o WHERE { ?s mg:causes ?o } ORDER BY ?s ?o "
                                "LIMIT 3")
    at.run()
    at.button(key="sparql_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = next(df.value for df in at.dataframe if "s" in df.value.columns)
    # labelled cells read "label (CURIE)", as on a local store
    assert all(cell.endswith(")") and " (mge:" in cell for cell in shown["s"]), list(shown["s"])
    at.session_state["sparql_table"] = {"selection": {"rows": [], "columns": [],
                                                      "cells": [(0, "s")]}}
    at.run()
    opener = next(b for b in at.button if b.key == "sparql_open_cell")
    assert opener.label == f"Open {shown['s'][0].split(' (')[0]} in Explore"
