"""A throw-away ``oxigraph serve-read-only`` over data/triples.ttl, for the tests.

:func:`read_only_server` loads the curated file into myograph's named graph with ``oxigraph
load``, serves it on a free 127.0.0.1 port with ``--union-default-graph`` (so the default
graph is the union, as in every myograph store) and the given time limit, waits until it
answers and stops it at the end. The binary is the ``oxigraph`` package's (the dev extra).
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.processes import free_port, oxigraph_binary
from graph.namespaces import DATA_GRAPH
from tests.conftest import DATA


@contextmanager
def read_only_server(binary: str, location: Path, *, timeout: int) -> Iterator[str]:
    """An Oxigraph server over data/triples.ttl in ``location``; yields its query URL.

    Raises
    ------
    RuntimeError
        When the server does not answer within 20 s (with the end of its log).
    """
    subprocess.run([binary, "load", "--location", str(location), "--file", str(DATA),
                    "--graph", DATA_GRAPH], check=True, capture_output=True, timeout=120)
    port = free_port()
    process = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind",
         f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(timeout)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                with opener.open(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the Oxigraph server did not start: {log[-500:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def endpoint_for_tests(location: Path, *, timeout: int) -> Iterator[str]:
    """A module fixture's body: a server over data/triples.ttl in ``location``, its query
    URL; the tests skip without the binary and fail when it does not start."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is missing: pip install oxigraph (dev extra)")
    try:
        with read_only_server(binary, location, timeout=timeout) as url:
            yield url
    except RuntimeError as error:  # it did not start (a test's failure never comes here)
        pytest.fail(str(error))
