"""The store contract on the remote (``http://…/sparql``) backend, against real servers.

Two servers, each on 127.0.0.1 on a free port, started and stopped here:

- our own endpoint (:mod:`graph.server`) over a memory store holding ``data/triples.ttl``;
- an Oxigraph server (the ``oxigraph`` package's binary): ``oxigraph load`` into the named
  graph the other stores use, then ``oxigraph serve-read-only --union-default-graph`` so its
  default graph is the union, as in every myograph store.

Besides the shared suite, the CLI gives the same output over either server as over the
embedded memory store.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import QueryError, QueryTimeout, StoreError
from graph.server import create_app
from graph.stores import Store, open_store
from graph.stores.base import Deadline
from tests.background_server import BackgroundServer
from tests.oxigraph_server import endpoint_for_tests
from tests.spying import queries_sent
from tests.store_suite import StoreContract

SERVER_TIMEOUT = 5
"""Seconds either server lets a query run (the suite's runaway query asks for 1 s)."""


@pytest.fixture(scope="module")
def own_endpoint() -> Iterator[str]:
    """Our endpoint over a memory store loaded with data/triples.ttl."""
    app = create_app(open_store("memory"), timeout=SERVER_TIMEOUT)
    with BackgroundServer(app) as server:
        yield server.url


@pytest.fixture(scope="module")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only Oxigraph server process over data/triples.ttl."""
    yield from endpoint_for_tests(tmp_path_factory.mktemp("oxigraph") / "db",
                                  timeout=SERVER_TIMEOUT)


class _RemoteContract(StoreContract):
    """The contract on an ``http://`` store; subclasses name the fixture serving the data."""

    scheme = "http"
    endpoint_fixture = ""
    url = ""

    @pytest.fixture(autouse=True)
    def _endpoint(self, request: pytest.FixtureRequest) -> None:
        type(self).url = request.getfixturevalue(self.endpoint_fixture)

    def make_store(self, tmp_path: Path) -> Store:
        return open_store(self.url)


class TestRemoteOwnEndpoint(_RemoteContract):
    """The remote store against myograph's own endpoint."""

    endpoint_fixture = "own_endpoint"


class TestRemoteOxigraphServer(_RemoteContract):
    """The remote store against a real Oxigraph server."""

    endpoint_fixture = "oxigraph_endpoint"


# --- the CLI over a remote store gives the memory store's answers --------------------------

COMMANDS = [
    ["query", "SELECT ?l WHERE { mge:muscle_spasm skos:altLabel ?l } ORDER BY ?l"],
    ["query", "SELECT ?cause ?l WHERE { ?cause mg:causes mge:muscle_spasm ; rdfs:label ?l } "
              "ORDER BY ?cause", "--format", "csv"],
    ["query", "ASK { mge:acyclovir mg:hasAdverseEffect mge:acute_kidney_injury }"],
    ["query", "CONSTRUCT { ?s mg:treats mge:muscle_spasm } WHERE { ?s mg:treats "
              "mge:muscle_spasm }", "--format", "ntriples"],
    ["search", "cramp"],
    ["describe", "acyclovir"],
    ["neighbours", "muscle_spasm"],
    ["stats"],
]


def _cli(store: str, args: list[str]) -> str:
    result = CliRunner().invoke(main, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _sorted_lines(text: str) -> list[str]:
    return sorted(text.splitlines())


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
@pytest.mark.parametrize("server", ["own_endpoint", "oxigraph_endpoint"])
def test_cli_over_a_remote_store_matches_memory(request: pytest.FixtureRequest, server: str,
                                                args: list[str]) -> None:
    url = request.getfixturevalue(server)
    got, want = _cli(url, args), _cli("memory", args)
    if "ntriples" in args:  # N-Triples lines come in no fixed order
        assert _sorted_lines(got) == _sorted_lines(want)
    else:
        assert got == want


def test_a_remote_graphs_name_index_is_kept_across_processes(
        own_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the first store builds the index and keeps it under the endpoint's URL and triple
    # count; a second store (the next CLI command) reads it instead of rebuilding it
    import graph.search as search_module

    built = search_module.index_for(open_store(own_endpoint))
    second = open_store(own_endpoint)
    kept = second._derived_file("any")
    assert kept is not None
    folder = kept.parent
    assert list(folder.glob("label-index-v*.pickle"))
    monkeypatch.setattr(search_module, "build_index",
                        lambda store: pytest.fail("the index was rebuilt"))
    assert search_module.index_for(second).labels == built.labels


def test_an_iri_resolves_without_the_name_index(own_endpoint: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.search import resolve

    store = open_store(own_endpoint)
    calls: list[str] = []

    def derived(key: str, compute: Callable[[], object]) -> object:
        calls.append(key)
        return compute()

    monkeypatch.setattr(store, "derived", derived)
    iri = "https://w3id.org/myograph/entity/acyclovir"
    assert resolve(store, iri) == iri
    assert resolve(store, "mge:acyclovir") == iri
    assert calls == []


def test_commands_run_one_after_another_share_one_change_probe(
        own_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # counting every triple is the probe's cost on a big graph: a second command within
    # PROBE_FRESH_SECONDS reuses the first one's count; an older count is asked again
    from graph.stores import _derived
    from graph.stores import remote as remote_module

    sent = queries_sent(monkeypatch)
    clock = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])  # the clock graph.stores.remote reads

    def probes() -> int:
        return sent.count(remote_module._SIZE_PROBE)

    first = open_store(own_endpoint)._derived_file("any")
    assert probes() == 1
    clock[0] += _derived.PROBE_FRESH_SECONDS / 2
    assert open_store(own_endpoint)._derived_file("any") == first
    assert probes() == 1
    clock[0] += _derived.PROBE_FRESH_SECONDS
    assert open_store(own_endpoint)._derived_file("any") == first  # the same count again
    assert probes() == 2


class _Hostile:
    """A loopback HTTP server answering every POST as ``reply`` says (a test endpoint)."""

    def __init__(self, reply: Callable[[BaseHTTPRequestHandler], None]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                reply(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Hostile:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_redirect_is_not_followed_and_the_message_says_where_it_pointed() -> None:
    followed: list[str] = []

    def elsewhere(handler: BaseHTTPRequestHandler) -> None:
        followed.append(handler.path)
        handler.send_response(200)
        handler.end_headers()

    with _Hostile(elsewhere) as target:
        def redirect(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(307)
            handler.send_header("Location", target.url)
            handler.end_headers()

        with _Hostile(redirect) as endpoint:
            store = open_store(endpoint.url)
            with pytest.raises(StoreError, match=r"redirects \(307\) to http://127\.0\.0\.1"):
                store.execute("ASK {}", "ASK", deadline=Deadline(5), max_rows=1)
    assert followed == []


def test_an_endless_answer_stops_at_the_time_limit_and_a_huge_one_at_the_size_cap(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.stores import remote as remote_module

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        with contextlib.suppress(OSError):
            while True:
                handler.wfile.write(b" " * 1024)
                handler.wfile.flush()
                time.sleep(0.01)

    with _Hostile(endless) as endpoint:
        store = open_store(endpoint.url)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="still sending"):
            store.execute("SELECT * {}", "SELECT", deadline=Deadline(1), max_rows=1)
        assert time.monotonic() - started < 3
        monkeypatch.setattr(remote_module, "MAX_ANSWER_BYTES", 64 * 1024)
        with pytest.raises(QueryError, match=r"sent an answer over 0\.0625 MiB"):
            store.execute("SELECT * {}", "SELECT", deadline=Deadline(30), max_rows=1)
