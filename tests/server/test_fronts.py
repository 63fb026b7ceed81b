"""Several front processes (graph/server/fronts.py): ``myograph serve --processes 2`` on an
on-disk Oxigraph store answers from each, replaces one that dies, still stops a runaway
query at its limit, and leaves nothing behind when stopped."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph.errors import MyographError
from graph.server import serve
from graph.server.serving import MAX_PROCESSES, default_processes
from graph.stores import open_store
from tests.server.support import CARTESIAN, SELECT
from tests.test_security_runaway_processes import _alive_in_group
from tests.test_security_support import curated_oxigraph, serve_process

LIMIT = 3.0


@pytest.fixture(scope="module")
def oxigraph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fronts") / "db"
    curated_oxigraph(path).close()
    return path


def _fronts(parent: int) -> set[int]:
    """The front processes of ``myograph serve`` process ``parent`` (its spawned children)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and b"spawn_main" in command:
            found.add(int(entry.name))
    return found


def _replaced(parent: int, gone: int, others: set[int]) -> set[int]:
    """The fronts once one has taken the place of ``gone`` (within 20 s)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        fronts = _fronts(parent)
        if gone not in fronts and len(fronts - others) == 1:
            return fronts
        time.sleep(0.1)
    raise AssertionError(f"no front replaced {gone}: {_fronts(parent)}")


def _answered(url: str) -> bool:
    """Whether 20 requests, each on a connection of its own, were all answered."""
    for _ in range(20):
        with httpx.Client(trust_env=False, timeout=10) as client:
            if client.get(url, params={"query": SELECT}).status_code != 200:
                return False
    return True


def test_a_front_that_dies_is_replaced_and_the_new_ones_serve(oxigraph_dir: Path) -> None:
    with serve_process(f"oxigraph:{oxigraph_dir}", timeout=LIMIT,
                       args=("--processes", "2")) as served:
        parent = served.process.pid
        first = _fronts(parent)
        assert len(first) == 2, first
        assert _answered(served.url)
        one, other = sorted(first)
        os.kill(one, signal.SIGKILL)
        second = _replaced(parent, one, {other})
        assert _answered(served.url)  # the other front and the new one
        os.kill(other, signal.SIGKILL)
        third = _replaced(parent, other, second - {other})
        assert not third & first  # both fronts are new ones now, and they serve
        assert _answered(served.url)


def test_a_runaway_query_in_one_front_stops_at_its_limit_and_nothing_outlives_serve(
        oxigraph_dir: Path) -> None:
    with serve_process(f"oxigraph:{oxigraph_dir}", timeout=LIMIT,
                       args=("--processes", "2")) as served:
        slow: list[tuple[int, float]] = []

        def ask_slow() -> None:
            with httpx.Client(trust_env=False, timeout=60) as client:
                started = time.monotonic()
                answer = client.get(served.url, params={"query": CARTESIAN})
                slow.append((answer.status_code, time.monotonic() - started))

        thread = threading.Thread(target=ask_slow)
        thread.start()
        time.sleep(0.3)
        assert _answered(served.url)  # meanwhile, every other request is answered
        thread.join(30)
        status, seconds = slow[0]
        assert status == 503
        assert seconds < LIMIT + 2.0, seconds
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(15)
        time.sleep(2.0)
        assert _alive_in_group(served.process.pid) == []


def test_only_a_store_that_opens_again_read_only_gets_several_fronts(
        oxigraph_dir: Path) -> None:
    memory = open_store("memory")
    assert default_processes(memory) == 1
    with pytest.raises(MyographError, match="several processes"):
        serve(memory, port=0, processes=2)
    on_disk = open_store(f"oxigraph:{oxigraph_dir}")
    try:
        assert default_processes(on_disk) == max(1, min(MAX_PROCESSES,
                                                        (os.cpu_count() or 1) - 1))
    finally:
        on_disk.close()
