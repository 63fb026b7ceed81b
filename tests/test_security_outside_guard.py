"""No reach outside (issue 8), the second wall: the runtime guard
(:func:`graph.guard.no_outside_access`, an audit hook) refuses network, files and processes in
the query's thread only, and holds with the first wall (the parsed-query check) switched off."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Callable
from functools import partial

import pytest

from graph import sparql
from graph.errors import MyographError, QueryRefused
from graph.guard import no_outside_access
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.sparql import checking, runner, screen
from graph.stores import Store, open_store
from tests.conftest import DATA
from tests.outside_attacks import clean as _clean
from tests.outside_attacks import outcome as _outcome
from tests.outside_attacks import query_text as _q
from tests.test_security_support import Canary

# --- the second wall: the runtime guard ------------------------------------------------


@pytest.mark.parametrize("action", ["socket", "urlopen", "open", "subprocess"])
def test_the_guard_refuses_network_files_and_processes(canary: Canary, action: str) -> None:
    attempts: dict[str, Callable[[], object]] = {
        "socket": lambda: socket.create_connection(("127.0.0.1", canary.port), timeout=2),
        "urlopen": lambda: urllib.request.urlopen(f"{canary.url}/x", timeout=2),
        "open": lambda: open("/etc/passwd", encoding="utf-8").read(),  # noqa: SIM115
        "subprocess": lambda: subprocess.run(["true"], check=False),
    }
    with pytest.raises(QueryRefused) as caught, no_outside_access():
        attempts[action]()
    assert canary.count == 0
    _clean(caught.value)


def test_the_guard_leaves_other_threads_alone(canary: Canary) -> None:
    """The endpoint's own threads (and a remote store's HTTP call) must keep working."""
    reached: list[bool] = []

    def other() -> None:
        with socket.create_connection(("127.0.0.1", canary.port), timeout=2):
            reached.append(True)

    with no_outside_access():
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(5)
    assert reached == [True]
    assert canary.count == 1
    with no_outside_access(), pytest.raises(QueryRefused):
        socket.create_connection(("127.0.0.1", canary.port), timeout=2)
    assert canary.count == 1


def _kernel_gives_network_namespaces() -> bool:
    """Whether this machine lets a process take a network namespace of its own (the OS wall
    of the query workers); where it does not, only the parse-level checks stand for Oxigraph."""
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


OXIGRAPH_NEEDS_THE_OS_WALL = pytest.mark.skipif(
    not _kernel_gives_network_namespaces(),
    reason="the kernel refuses unshare(CLONE_NEWUSER | CLONE_NEWNET): Oxigraph's SERVICE "
           "client (Rust, out of the audit hook's sight) has only the parse-level checks "
           "here (SECURITY.md, 'No reach outside')")


@pytest.mark.parametrize("store_name", [
    "memory",
    pytest.param("oxigraph", marks=OXIGRAPH_NEEDS_THE_OS_WALL),
    pytest.param("oxigraph-in-memory", marks=OXIGRAPH_NEEDS_THE_OS_WALL),
])
def test_the_second_wall_holds_when_the_parser_check_is_bypassed(
        stores: dict[str, Store], canary: Canary, monkeypatch: pytest.MonkeyPatch,
        store_name: str) -> None:
    """Only the runtime guard stands: every SERVICE refusal of the query check is off."""
    assert vars(runner)["no_outside_access"] is no_outside_access, "the runner must use the guard"
    monkeypatch.setattr(checking, "_REFUSED_PARTS", {})  # first wall down: the algebra walk
    if hasattr(screen, "_SERVICE_WORD"):  # ... and the raw-text look for SERVICE
        monkeypatch.setattr(screen, "_SERVICE_WORD", re.compile(r"(?!x)x"))
    if store_name == "oxigraph-in-memory":
        store = open_store("oxigraph:")
        load_file(store, DATA, graph=DATA_GRAPH)
    else:
        store = stores[store_name]
    for name in ("service", "service-silent"):
        _answer, error = _outcome(partial(sparql.run, store, _q(name, canary), timeout=5))
        assert canary.count == 0, f"{name}: the canary was called ({error})"
        assert isinstance(error, MyographError | None)
