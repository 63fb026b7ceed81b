"""The endpoint's fixtures: a server over the curated graph on each local store, an HTTP client
and a canary no query may reach."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from graph.server import create_app
from graph.stores import open_store
from tests.background_server import BackgroundServer
from tests.server.support import MAX_ROWS, TIMEOUT
from tests.test_security_support import curated_oxigraph


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundServer]:
    """The endpoint over the curated graph in memory, and in an on-disk Oxigraph store
    (whose workers read plain queries with Oxigraph's own parser)."""
    if request.param == "memory":
        store = open_store("memory")
    else:
        store = curated_oxigraph(tmp_path_factory.mktemp("server") / "db")
    app = create_app(store, timeout=TIMEOUT, max_rows=MAX_ROWS)
    try:
        with BackgroundServer(app) as running:
            yield running
    finally:
        store.close()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False, timeout=20) as client:
        yield client


@pytest.fixture
def canary() -> Iterator[socket.socket]:
    """A loopback listener that no query may reach; the test asserts nobody called it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    yield listener
    listener.close()
