"""Runaway work stops (issue 8), as separate processes: while a slow query runs on the endpoint
other clients are still answered and the query stops at its limit; stopping the endpoint or a
query command stops every process it started (tests/test_security_runaway_queries.py has the
library, the caps and what "stopped" means)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.test_security_runaway_queries import CARTESIAN, FAST, GRACE, QUIET, SLOW_TO_PARSE
from tests.test_security_support import cpu_over, curated_oxigraph, serve_process


@pytest.fixture(scope="module")
def oxigraph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk Oxigraph store holding data/triples.ttl, closed (for a server process)."""
    path = tmp_path_factory.mktemp("runaway") / "db"
    curated_oxigraph(path).close()
    return path


# --- the endpoint, as a separate process -----------------------------------------------


def _get(url: str, query: str, timeout: float = 60, **params: str) -> tuple[int, float, str]:
    with httpx.Client(trust_env=False, timeout=timeout) as client:
        started = time.monotonic()
        response = client.get(url, params={"query": query, **params})
        return response.status_code, time.monotonic() - started, response.text


@pytest.mark.parametrize("slow_text", [CARTESIAN, SLOW_TO_PARSE], ids=["run", "parse"])
@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_endpoint_stops_a_slow_query_while_serving_everyone_else(oxigraph_dir: Path,
                                                                 backend: str,
                                                                 slow_text: str) -> None:
    # slow to run, or slow to parse: either is stopped at the limit, and holds up no one
    spec = "memory" if backend == "memory" else f"oxigraph:{oxigraph_dir}"
    limit = 3.0
    with serve_process(spec, timeout=limit) as server:
        assert _get(server.url, FAST)[0] == 200  # warm
        slow: list[tuple[int, float, str]] = []
        thread = threading.Thread(target=lambda: slow.append(_get(server.url, slow_text)))
        thread.start()
        time.sleep(0.3)
        fast: list[tuple[int, float, str]] = []
        clients = [threading.Thread(target=lambda: fast.append(_get(server.url, FAST)))
                   for _ in range(10)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(30)
        assert not slow, "the slow query ended before the fast ones were answered"
        thread.join(30)
        assert [status for status, _s, _t in fast] == [200] * 10, fast
        slowest = max(seconds for _st, seconds, _t in fast)
        assert slowest < 2.0, f"a fast query took {slowest:.2f} s while a slow one ran"
        status, seconds, body = slow[0]
        assert status == 503, body
        assert "time limit" in body
        assert seconds < limit + GRACE, seconds
        burnt = cpu_over(2.0, server.pid)
        assert burnt < QUIET, f"the server burnt {burnt:.2f} s of CPU after the timeout"


def _alive_in_group(group: int) -> list[int]:
    """Processes of process group ``group`` still running (zombies not counted)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def _busy_worker_in(group: int, deadline: float) -> bool:
    """Whether process group ``group`` has grown to the command, its fork server and a query
    worker (a query is being answered)."""
    while time.monotonic() < deadline:
        if len(_alive_in_group(group)) >= 3:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_a_query_command_stops_everything_it_started(oxigraph_dir: Path,
                                                               stop: int) -> None:
    # issue 21: the worker went on computing its query after the command was stopped
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "myograph"), "--store", f"oxigraph:{oxigraph_dir}",
         "query", CARTESIAN, "--timeout", "60"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert _busy_worker_in(process.pid, time.monotonic() + 30)
        time.sleep(1.0)  # the worker is computing the query now
        process.send_signal(stop)
        process.wait(10)
        time.sleep(2.0)
        assert _alive_in_group(process.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def test_stopping_the_endpoint_stops_the_queries_it_runs(oxigraph_dir: Path) -> None:
    with serve_process(f"oxigraph:{oxigraph_dir}", timeout=60) as served:
        asking = threading.Thread(target=_get, args=(served.url, CARTESIAN, 60), daemon=True)
        asking.start()
        assert _busy_worker_in(served.process.pid, time.monotonic() + 30)
        time.sleep(1.0)
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(10)
        time.sleep(2.0)
        assert _alive_in_group(served.process.pid) == []
