"""Shared fixtures: paths to the data, the reference memory store, endpoints over stores, and
the canary the security tests watch."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from graph.stores import Store, open_store

if TYPE_CHECKING:
    from tests.test_security_support import Canary

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "triples.ttl"
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Memory stores keep derived values in a cache of the test run's own, never the user's
    (the servers and apps the tests start inherit it)."""
    from graph.stores._derived import CACHE_ENV

    folder = tempfile.mkdtemp(prefix="myograph-test-cache-")
    config.stash[_CACHE_KEY] = (folder, os.environ.get(CACHE_ENV))
    os.environ[CACHE_ENV] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    from graph.stores._derived import CACHE_ENV

    folder, before = config.stash[_CACHE_KEY]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


_CACHE_KEY = pytest.StashKey[tuple[str, "str | None"]]()


@pytest.fixture(scope="session")
def memory_store() -> Store:
    """The embedded default store over data/triples.ttl (read-only use in tests)."""
    return open_store("memory")


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctests and relative paths assume the repository root as working directory."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback listener counting every connection (tests/test_security_support.py): a test
    that must not reach outside names it and asserts it saw nobody."""
    from tests.test_security_support import open_canary

    with open_canary() as watcher:
        yield watcher


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """The local stores (memory, on-disk Oxigraph), each holding data/triples.ttl."""
    from tests.test_security_support import curated_oxigraph

    oxigraph = curated_oxigraph(tmp_path_factory.mktemp("curated") / "db")
    yield {"memory": open_store("memory"), "oxigraph": oxigraph}
    oxigraph.close()


@pytest.fixture(scope="module")
def endpoints(stores: dict[str, Store]) -> Iterator[dict[str, str]]:
    """Our endpoint over each store of the module's ``stores`` fixture."""
    from graph.server import create_app
    from tests.background_server import BackgroundServer

    servers = {name: BackgroundServer(create_app(store, timeout=5))
               for name, store in stores.items()}
    for server in servers.values():
        server.start()
    yield {name: server.url for name, server in servers.items()}
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    """An HTTP client that ignores proxy settings (loopback only)."""
    with httpx.Client(trust_env=False, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def het(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A tiny Hetionet-shaped benchmark graph (6,000 triples) and its manifest, for the
    benchmark's tests (test_benchmarks*.py)."""
    from benchmarks import generate as gen

    out = tmp_path_factory.mktemp("bench") / "het.nt.gz"
    return out, gen.generate(6_000, 3, out, "hetionet")
