"""Killable Oxigraph queries: a small pool of worker processes that open the store read-only.

A query running in a thread cannot be stopped, and Oxigraph's engine (Rust) does not return
to Python until it has an answer: a cartesian product would burn a core for hours after its
caller gave up. So queries from users run in worker processes (``spawn``), each holding
``pyoxigraph.Store.read_only(path)``; at the deadline the worker is killed and replaced.
Writers stop the pool first (a read-only opener must not overlap a write) and it restarts on
the next query, opening the new state.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.results import QueryForm, QueryResult, Term

__all__ = ["WorkerPool"]

_Packed = tuple[str, ...]


def _pack(term: Any) -> _Packed:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if term.language:
        return ("l", term.value, term.language, "")
    return ("l", term.value, "", term.datatype.value)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _unpack(packed: _Packed) -> Term:
    if packed[0] == "u":
        return URIRef(packed[1])
    if packed[0] == "b":
        return BNode(packed[1])
    _, value, lang, datatype = packed
    if lang:
        return Literal(value, lang=lang)
    if datatype == _XSD_STRING or not datatype:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def _answer(store: Any, request: dict[str, Any]) -> tuple[Any, ...]:
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if request["default"] is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default"]]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named"]]
    else:
        kwargs["use_default_graph_as_union"] = request["union"]
    answer = store.query(request["query"], **kwargs)
    form, cap = request["form"], request["max_rows"]
    if form == "ASK":
        return ("ask", bool(answer))
    items: list[Any] = []
    truncated = False
    if form in ("CONSTRUCT", "DESCRIBE"):
        for t in answer:
            if len(items) >= cap:
                truncated = True
                break
            items.append((_pack(t.subject), _pack(t.predicate), _pack(t.object)))
        return ("graph", items, truncated)
    variables = [v.value for v in answer.variables]
    for solution in answer:
        if len(items) >= cap:
            truncated = True
            break
        items.append(tuple(None if solution[v] is None else _pack(solution[v])
                           for v in variables))
    return ("select", variables, items, truncated)


def _serve(path: str, conn: Connection) -> None:  # pragma: no cover - runs in the child
    """The worker's loop: open read-only, answer requests until the pipe closes."""
    import pyoxigraph as ox

    from graph.guard import no_outside_access

    store = ox.Store.read_only(path)
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            with no_outside_access():
                conn.send(("ok", _answer(store, request)))
        except SyntaxError as error:
            conn.send(("error", "syntax", str(error)))
        except Exception as error:  # noqa: BLE001 - sent back as one readable message
            conn.send(("error", "query", f"{type(error).__name__}: {error}"))


class _Worker:
    def __init__(self, path: Path, seconds: float) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(str(path), child), daemon=True,
                                       name="myograph-oxigraph-worker")
        self.process.start()
        child.close()
        if not self.conn.poll(seconds):
            self.kill()
            raise QueryTimeout(f"the query worker did not start within {seconds:g} s")
        if self.conn.recv() != ("ready",):
            self.kill()
            raise StoreError(f"the Oxigraph query worker for {path} did not start")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes for one on-disk store; at most ``size`` run queries at once."""

    def __init__(self, path: Path, size: int | None = None) -> None:
        self.path = path
        self.size = size or max(2, min(8, 2 * (os.cpu_count() or 1)))
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.size)

    def _take(self, seconds: float) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker(self.path, seconds)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def run(self, request: dict[str, Any], seconds: float) -> QueryResult:
        """Answer one request in a worker; kill the worker if it passes ``seconds``."""
        deadline = time.monotonic() + seconds
        if not self._slots.acquire(timeout=seconds):
            raise QueryTimeout(f"no query worker was free within {seconds:g} s; try again")
        try:
            worker = self._take(seconds)  # starting a worker counts against the time limit
            worker.conn.send(request)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                raise QueryTimeout(f"the query ran longer than its {seconds:g} s time limit "
                                   "and was stopped")
            try:
                reply = worker.conn.recv()
            except EOFError as error:
                worker.kill()
                raise QueryError("the query worker stopped unexpectedly") from error
            self._give_back(worker)
        finally:
            self._slots.release()
        if reply[0] == "error":
            prefix = "Oxigraph could not parse the query" if reply[1] == "syntax" else \
                "the query failed"
            raise QueryError(f"{prefix}: {reply[2]}")
        return _result(request["form"], reply[1])

    def stop(self) -> None:
        """Stop every idle worker (on close)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Wait for running queries, stop every worker, and hold queries off meanwhile.

        Writers use it: a read-only opener must not overlap a write, and workers restart on
        the next query with the new state.
        """
        for _ in range(self.size):
            self._slots.acquire()
        try:
            self.stop()
            yield
        finally:
            for _ in range(self.size):
                self._slots.release()


def _result(form: QueryForm, answer: tuple[Any, ...]) -> QueryResult:
    if answer[0] == "ask":
        return QueryResult(form="ASK", boolean=answer[1])
    if answer[0] == "graph":
        triples = [(_unpack(s), _unpack(p), _unpack(o)) for s, p, o in answer[1]]
        return QueryResult(form=form, triples=triples, truncated=answer[2])
    variables, items, truncated = answer[1], answer[2], answer[3]
    rows = [{v: _unpack(t) for v, t in zip(variables, item, strict=True) if t is not None}
            for item in items]
    return QueryResult(form="SELECT", variables=variables, rows=rows, truncated=truncated)
