"""The store contract on the remote backend against a real Virtuoso (Debian's package).

:mod:`tests.virtuoso` starts ``virtuoso-t`` on free 127.0.0.1 ports with its own database in
a temporary directory, loads ``data/triples.ttl`` into myograph's named graph and leaves
only that graph readable to anonymous SPARQL users, so the default graph (Virtuoso's union
of the graphs a user may read) is the curated graph, as in every myograph store.

Without Virtuoso the tests skip locally with the install command, and fail when
``CI=true``: ``make test`` installs ``virtuoso-opensource`` when it runs as root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import sparql
from graph.cli import main
from graph.stores import Store, open_store
from tests.store_suite import StoreContract
from tests.test_store_remote import COMMANDS
from tests.virtuoso import endpoint_for_tests

SERVER_TIMEOUT = 5
"""Seconds Virtuoso lets a query run (the suite's runaway query asks for 1 s)."""



@pytest.fixture(scope="module")
def virtuoso_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso server holding data/triples.ttl; its /sparql URL."""
    yield from endpoint_for_tests(tmp_path_factory.mktemp("virtuoso") / "db",
                                  timeout=SERVER_TIMEOUT)


class TestRemoteVirtuoso(StoreContract):
    """The remote store against a real Virtuoso server."""

    scheme = "http"
    url = ""

    @pytest.fixture(autouse=True)
    def _endpoint(self, virtuoso_endpoint: str) -> None:
        type(self).url = virtuoso_endpoint

    def make_store(self, tmp_path: Path) -> Store:
        return open_store(self.url)


def _cli(store: str, args: list[str]) -> str:
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", COMMANDS,  # test_store_remote's list
                         ids=lambda a: " ".join(a)[:40])
def test_cli_over_virtuoso_matches_memory(virtuoso_endpoint: str, args: list[str]) -> None:
    got, want = _cli(virtuoso_endpoint, args), _cli("memory", args)
    if "ntriples" in args:  # N-Triples lines come in no fixed order
        assert sorted(got.splitlines()) == sorted(want.splitlines())
    else:
        assert got == want


def test_from_the_data_graph_matches_memory(virtuoso_endpoint: str, memory_store: Store) -> None:
    text = ("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/myograph/graph/curated> "
            "WHERE { ?s ?p ?o }")
    got = sparql.run(open_store(virtuoso_endpoint), text).rows
    assert got == sparql.run(memory_store, text).rows
