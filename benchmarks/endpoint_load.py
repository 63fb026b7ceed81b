"""The SPARQL endpoint under load: a server on 127.0.0.1 (``myograph serve``, or Oxigraph's
own ``serve-read-only`` on the same store, the yardstick of issue 18) and concurrent
keep-alive clients sending it small queries, each a different one; requests/s and latency.
"""

from __future__ import annotations

import http.client
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from benchmarks.processes import BIN, ROOT, answers, free_port, oxigraph_binary, stop
from benchmarks.synthetic.common import MGE, RDFS
from benchmarks.timing import ms, percentile

__all__ = ["ENDPOINT_CLIENTS", "ENDPOINT_ENTITIES", "ENDPOINT_REQUESTS", "ENDPOINT_SECONDS",
           "OXIGRAPH_SERVER", "endpoint_bench", "endpoint_requests", "labelled_entities",
           "oxigraph_endpoint_bench"]

ENDPOINT_CLIENTS = 8
OXIGRAPH_SERVER = "oxigraph serve-read-only"
"""The backend name of Oxigraph's own server in the endpoint records."""
ENDPOINT_REQUESTS = 4_000
ENDPOINT_SECONDS = 20.0
ENDPOINT_ENTITIES = 1_000
"""Entities the endpoint requests are about: four distinct requests each (4,000 in all)."""
RDFS_LABEL = RDFS + "label"


def _serve_command(spec: str, port: int) -> list[str]:
    """``myograph serve`` when the CLI has it; else the same server through its Python API."""
    myograph = BIN / "myograph"
    probe = subprocess.run([str(myograph), "serve", "--help"], capture_output=True, text=True,
                           cwd=ROOT, check=False)
    if probe.returncode == 0:
        return [str(myograph), "--store", spec, "serve", "--host", "127.0.0.1", "--port",
                str(port)]
    code = ("import sys; from graph.server import serve; from graph.stores import open_store; "
            "serve(open_store(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), log_level='warning')")
    return [sys.executable, "-c", code, spec, str(port)]


def _warm_up_queries(meta: dict[str, Any]) -> list[str]:
    """The manifest's four small queries: each client's first requests, untimed."""
    typical, hub = meta["typical"]["iri"], meta["hub"]["iri"]
    hit = meta["search"]["hit"]
    return [
        f"SELECT ?label WHERE {{ <{typical}> <{RDFS_LABEL}> ?label }}",
        f"SELECT ?p ?o WHERE {{ <{typical}> ?p ?o }} LIMIT 100",
        f'SELECT ?s WHERE {{ ?s <{RDFS_LABEL}> "{hit}"@en }}',
        f"SELECT ?s ?p WHERE {{ ?s ?p <{hub}> }} LIMIT 50",
    ]


def labelled_entities(file: Path, n: int) -> list[tuple[str, str]]:
    """Up to ``n`` entities of a generated graph, spread evenly over its file: (IRI, label
    as a SPARQL literal, e.g. ``"velantrozine"@en``), in file order.

    >>> import gzip, tempfile
    >>> lines = [f'<https://w3id.org/myograph/entity/e{i}> <{RDFS_LABEL}> "e {i}"@en .'
    ...          for i in range(10)]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "g.nt.gz"
    ...     _ = path.write_bytes(gzip.compress("\\n".join(lines).encode()))
    ...     [label for _iri, label in labelled_entities(path, 3)]
    ['"e 0"@en', '"e 3"@en', '"e 6"@en']
    """
    import gzip

    import pyoxigraph as ox

    marker = f"<{MGE}".encode()
    predicate = f" <{RDFS_LABEL}> ".encode()
    with gzip.open(file, "rb") as stream:
        lines = b"\n".join(line for line in stream
                           if line.startswith(marker) and predicate in line)
    pairs = [(q.subject.value, str(q.object))
             for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES)]
    step = max(1, len(pairs) // n) if n > 0 else 1
    return pairs[::step][:n]


def endpoint_requests(file: Path, n: int = ENDPOINT_ENTITIES) -> list[str]:
    """The timed requests' query texts: four small lookups for each of ``n`` entities of the
    graph in ``file`` (its label; its links out, at most 100; who has its label; its links
    in, at most 50), so no two requests are the same and no cache can make the figure.

    >>> endpoint_requests(Path("nothing.nt.gz"), 0)
    []
    """
    texts: list[str] = []
    if n <= 0:
        return texts
    for iri, label in labelled_entities(file, n):
        texts += [
            f"SELECT ?label WHERE {{ <{iri}> <{RDFS_LABEL}> ?label }}",
            f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT 100",
            f"SELECT ?s WHERE {{ ?s <{RDFS_LABEL}> {label} }}",
            f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT 50",
        ]
    return texts


def _paths(texts: Sequence[str], route: str) -> list[str]:
    return [f"{route}?" + urllib.parse.urlencode({"query": t}) for t in texts]


def endpoint_bench(spec: str, meta: dict[str, Any], texts: Sequence[str], *,
                   startup_budget: float, requests: int, seconds: float,
                   clients: int = ENDPOINT_CLIENTS) -> dict[str, Any]:
    """Serve ``spec`` on 127.0.0.1 and send it ``texts`` (:func:`endpoint_requests`) from
    ``clients`` threads; stop the server.

    Requests stop at ``requests`` or after ``seconds``, whichever comes first; each takes
    the next text of the list (from the start again only past its end).
    """
    port = free_port()
    return _endpoint_bench(_serve_command(spec, port), port,
                           _paths(_warm_up_queries(meta), "/sparql"), _paths(texts, "/sparql"),
                           "/health", startup_budget=startup_budget, requests=requests,
                           seconds=seconds, clients=clients)


def oxigraph_endpoint_bench(store_dir: Path, meta: dict[str, Any], texts: Sequence[str], *,
                            startup_budget: float, requests: int, seconds: float,
                            clients: int = ENDPOINT_CLIENTS) -> dict[str, Any]:
    """The same requests as :func:`endpoint_bench`, answered by Oxigraph's own server
    (``oxigraph serve-read-only``) on the same store: the yardstick of issue 18."""
    binary = oxigraph_binary()
    if binary is None:
        return {"operation": f"endpoint ({clients} clients)", "n": 0, "p50_ms": None,
                "p95_ms": None, "status": "error",
                "detail": "oxigraph CLI not installed (pip install oxigraph)"}
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(store_dir), "--bind",
               f"127.0.0.1:{port}", "--union-default-graph"]
    return _endpoint_bench(command, port, _paths(_warm_up_queries(meta), "/query"),
                           _paths(texts, "/query"), "/", startup_budget=startup_budget,
                           requests=requests, seconds=seconds, clients=clients)


def _endpoint_bench(command: list[str], port: int, warm_up: list[str], paths: list[str],
                    ready: str, *, startup_budget: float, requests: int, seconds: float,
                    clients: int) -> dict[str, Any]:
    # the server logs every request: to a file, never to a pipe nobody reads (it would stall)
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                                start_new_session=True)
        out: dict[str, Any] = {"operation": f"endpoint ({clients} clients)", "n": 0,
                               "p50_ms": None, "p95_ms": None, "status": "ok"}
        try:
            started = time.monotonic()
            failed = _wait_ready(proc, port, ready, log, startup_budget)
            if failed:
                out.update(failed)
                return out
            out["startup_s"] = round(time.monotonic() - started, 2)
            load = _Load(port, warm_up, paths, requests, startup_budget)
            out.update(load.measure(clients, seconds))
            return out
        finally:
            stop(proc, signal.SIGINT)


def _wait_ready(proc: subprocess.Popen[Any], port: int, ready: str, log: IO[bytes],
                startup_budget: float) -> dict[str, Any] | None:
    """Wait until the server answers ``GET ready``; else what went wrong, for the record."""
    started = time.monotonic()
    while True:
        if proc.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")[-300:]
            return {"status": "error", "detail": f"the server exited: {err}"}
        if time.monotonic() - started > startup_budget:
            return {"status": "over budget", "budget_s": startup_budget,
                    "detail": "the server did not answer /health in time"}
        if answers(port, ready):
            return None
        time.sleep(0.2)


@dataclass
class _Load:
    """Clients sharing one list of requests: each takes the next until ``requests`` have
    gone or time is up; latencies of the answered ones, the status of the failed ones."""

    port: int
    warm_up: list[str]
    paths: list[str]
    requests: int
    startup_budget: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    issued: int = 0
    stop_at: float = 0.0

    def measure(self, clients: int, seconds: float) -> dict[str, Any]:
        """Two untimed warm-up requests per client, then the timed ones: the record's
        figures, or an error when no request succeeded."""
        self._all(clients, 2)
        t0 = time.perf_counter()
        self.stop_at = time.monotonic() + seconds
        self._all(clients, None)
        wall = time.perf_counter() - t0
        if not self.latencies:
            return {"status": "error", "detail": f"no request succeeded ({self.errors[:3]})"}
        done, failed = len(self.latencies), len(self.errors)
        return {"n": done, "p50_ms": ms(statistics.median(self.latencies)),
                "p95_ms": ms(percentile(self.latencies, 95)),
                "requests_per_s": round(done / wall, 1), "errors": failed,
                "detail": f"{done} requests in {wall:.1f} s, {failed} errors"}

    def _all(self, clients: int, budget: int | None) -> None:
        threads = [threading.Thread(target=self._client, args=(i, budget))
                   for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def _next(self, i: int, j: int, budget: int | None) -> str | None:
        """The ``j``-th path of client ``i``: a warm-up one while ``budget`` (the client's
        warm-up requests) lasts; with None, the next timed one of the shared list."""
        with self.lock:
            if budget is not None:
                return self.warm_up[(i + j) % len(self.warm_up)] if j < budget else None
            if self.issued >= self.requests or time.monotonic() > self.stop_at:
                return None
            path = self.paths[self.issued % len(self.paths)]
            self.issued += 1
            return path

    def _client(self, i: int, budget: int | None) -> None:
        # the warm-up may wait for the query workers' first load (half a minute for an
        # rdflib store of 1 M triples); timed requests get 30 s
        wait = 30 if budget is None else self.startup_budget
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=wait)
        j = 0
        while (path := self._next(i, j, budget)) is not None:
            j += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path,
                             headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as error:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=wait)
                status = type(error).__name__
            else:
                status = str(response.status)
            elapsed = time.perf_counter() - t0
            if budget is not None:
                continue
            with self.lock:
                if ok:
                    self.latencies.append(elapsed)
                else:
                    self.errors.append(status)
        conn.close()
