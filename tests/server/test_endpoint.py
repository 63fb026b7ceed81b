"""The endpoint at work: the graphs a query runs on, time limits and the query workers, health,
CORS and the access log."""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from graph.namespaces import DATA_GRAPH
from graph.server import TRUNCATED_HEADER, create_app
from graph.stores import open_store
from tests.background_server import BackgroundServer
from tests.server.support import ASK, CARTESIAN, CURATED_TRIPLES, SELECT, TIMEOUT
from tests.server.support import error_body as _error
from tests.server.support import was_called as _called


@pytest.fixture(scope="module")
def cors_server() -> Iterator[BackgroundServer]:
    app = create_app(open_store("memory"), cors_origins=["http://allowed.example"])
    with BackgroundServer(app) as running:
        yield running


# --- the graphs a query runs on ------------------------------------------------------------

def test_default_and_named_graph_uri(server: BackgroundServer, http: httpx.Client) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = http.get(server.url, params={"query": count, "default-graph-uri": DATA_GRAPH})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == str(CURATED_TRIPLES)
    # only named graphs: the default graph is empty, GRAPH ?g sees the named one
    response = http.post(server.url, data={"query": count, "named-graph-uri": DATA_GRAPH})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = http.post(server.url, data={"query": graphs, "named-graph-uri": DATA_GRAPH})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [DATA_GRAPH]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_unknown_dataset_graph_is_empty_and_fetches_nothing(server: BackgroundServer,
                                                            http: httpx.Client,
                                                            canary: socket.socket,
                                                            param: str) -> None:
    # the W3C Protocol tests name graphs the service does not hold and expect an answer
    port = canary.getsockname()[1]
    response = http.get(server.url, params={"query": SELECT,
                                            param: f"http://127.0.0.1:{port}/g.ttl"},
                        headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    assert not _called(canary)


# --- limits --------------------------------------------------------------------------------

def test_timeout_is_503_while_a_fast_query_is_still_answered(server: BackgroundServer,
                                                             http: httpx.Client) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        started = time.monotonic()
        with httpx.Client(trust_env=False, timeout=30) as client:
            slow["response"] = client.get(server.url, params={"query": CARTESIAN})
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    fast = http.get(server.url, params={"query": ASK})
    fast_done = time.monotonic() - started
    assert fast.status_code == 200
    assert fast.json()["boolean"] is True
    assert thread.is_alive(), "the slow query should still be running"
    assert fast_done < TIMEOUT
    thread.join(TIMEOUT + 10)
    response = slow["response"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 503
    body = _error(response)
    assert body["error"] == "QueryTimeout"
    assert "time limit" in body["message"]  # type: ignore[operator]
    assert slow["seconds"] < TIMEOUT + 1.5  # type: ignore[operator]


def test_with_every_worker_held_a_query_waits_within_its_limit_and_each_gets_its_own(
        server: BackgroundServer, http: httpx.Client) -> None:
    # the endpoint waits for a worker and for its reply on the event loop: the wait counts
    # against the limit, a worker stopped at the limit is replaced, and no late reply of a
    # stopped query answers someone else's
    from graph.stores.workers import WorkerPool

    def hold() -> None:  # a worker, for 2 s
        with httpx.Client(trust_env=False, timeout=20) as client:
            assert client.get(server.url, params={"query": CARTESIAN, "timeout": "2"}
                              ).status_code == 503

    holders = [threading.Thread(target=hold) for _ in range(WorkerPool("every store").size)]
    for holder in holders:
        holder.start()
    time.sleep(0.5)  # every worker is computing a cartesian product now
    started = time.monotonic()
    waited = http.get(server.url, params={"query": CARTESIAN, "timeout": "1"})
    assert waited.status_code == 503
    assert time.monotonic() - started < 1 + 1.5
    for holder in holders:
        holder.join(30)
    answers: dict[int, object] = {}

    def ask(n: int) -> None:
        with httpx.Client(trust_env=False, timeout=20) as client:
            response = client.get(server.url, params={
                "query": f'SELECT ?x WHERE {{ BIND("tag {n}" AS ?x) }}'})
            answers[n] = response.json()["results"]["bindings"][0]["x"]["value"]

    askers = [threading.Thread(target=ask, args=(n,)) for n in range(24)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(30)
    assert answers == {n: f"tag {n}" for n in range(24)}


def test_a_request_may_lower_the_timeout_but_not_raise_it(server: BackgroundServer,
                                                          http: httpx.Client) -> None:
    started = time.monotonic()
    response = http.get(server.url, params={"query": CARTESIAN, "timeout": "0.5"})
    assert response.status_code == 503
    assert "0.5 s" in response.json()["message"]
    assert time.monotonic() - started < TIMEOUT
    response = http.get(server.url, params={"query": CARTESIAN, "timeout": "600"})
    assert response.status_code == 503
    assert f"{TIMEOUT:g} s" in response.json()["message"]


def test_one_client_from_elsewhere_cannot_hold_every_query_worker() -> None:
    # issue 21: as many slow queries as workers starved everyone else; a client outside this
    # machine may hold all workers but one, and is told so (429) past that
    from starlette.testclient import TestClient  # its client is "testclient", not loopback

    store = open_store("memory")
    app = create_app(store, timeout=3)
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    allowed = max(1, store.query_slots - 1)
    with TestClient(app) as client:
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        statuses: list[int] = []
        slow = [threading.Thread(target=lambda: statuses.append(
            client.get("/sparql", params={"query": cartesian}).status_code))
            for _ in range(allowed)]
        for thread in slow:
            thread.start()
        time.sleep(1.0)  # every one of them holds a worker now
        started = time.monotonic()
        refused = client.get("/sparql", params={"query": "ASK {}"})
        assert refused.status_code == 429
        assert "at once" in refused.json()["message"]
        assert time.monotonic() - started < 1.0
        for thread in slow:
            thread.join(30)
        assert statuses == [503] * allowed  # stopped at their limit
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_health(server: BackgroundServer, http: httpx.Client) -> None:
    response = http.get(server.url.replace("/sparql", "/health"))
    assert response.status_code == 200
    kind = "memory" if "triples" in response.json() else "oxigraph"  # counted when free
    expected = {"status": "ok", "store": kind, "version": "0.1.0", "read_only": True}
    if kind == "memory":
        expected["triples"] = CURATED_TRIPLES
    assert response.json() == expected


def test_cors_is_off_by_default(server: BackgroundServer, http: httpx.Client) -> None:
    origin = {"Origin": "http://allowed.example"}
    response = http.get(server.url, params={"query": ASK}, headers=origin)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = http.options(server.url, headers={
        **origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_exactly_the_origins_given(cors_server: BackgroundServer,
                                               http: httpx.Client) -> None:
    allowed = http.get(cors_server.url, params={"query": ASK},
                       headers={"Origin": "http://allowed.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://allowed.example"
    assert TRUNCATED_HEADER.lower() in allowed.headers["access-control-expose-headers"].lower()
    other = http.get(cors_server.url, params={"query": ASK},
                     headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = http.options(cors_server.url, headers={
        "Origin": "http://allowed.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://allowed.example"


def test_access_log_line_per_query(server: BackgroundServer, http: httpx.Client,
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="myograph.server")
    http.get(server.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    http.get(server.url, params={"query": "SELEC"})
    deadline = time.monotonic() + 2
    while len([r for r in caplog.records if r.name == "myograph.server"]) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    lines = [r.getMessage() for r in caplog.records if r.name == "myograph.server"]
    assert re.fullmatch(r"GET /sparql 200 \d+ms rows=1000 truncated=true", lines[0]), lines
    assert re.fullmatch(r"GET /sparql 400 \d+ms rows=- truncated=-", lines[1]), lines
    record = next(r for r in caplog.records if r.name == "myograph.server")
    assert getattr(record, "rows", None) == 1000
    assert getattr(record, "truncated", None) is True
