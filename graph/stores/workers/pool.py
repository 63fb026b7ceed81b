"""The query workers of one store, and the idle ones of every store.

A :class:`WorkerPool` runs at most ``size`` queries of its store at once, each in a worker
holding the store's data at the query's data version (a store that changed gets fresh
workers on its next query). An rdflib snapshot is loaded by one :class:`Template` per
version that forks the workers; other sources start each worker on its own. Idle workers
wait for the next query, at most :data:`MAX_IDLE` in the whole process (the least recently
used go first), so the private stores of many app sessions cannot pile up processes.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from graph.errors import StoreError
from graph.results import QueryForm, QueryResult
from graph.stores.workers.asking import INLINE_BYTES, INLINE_ROWS, ask, ask_async, in_thread
from graph.stores.workers.process import Template, Worker
from graph.stores.workers.protocol import (
    Reply,
    Source,
    new_request,
    no_worker,
    reply_result,
    rows_in,
)
from graph.stores.workers.sandbox import query_memory

if TYPE_CHECKING:
    from graph.stores.base import QueryDataset

__all__ = ["MAX_IDLE", "WORKERS_ENV", "WorkerPool", "default_size"]

MAX_IDLE = 8
"""Idle workers kept in the whole process, across every store."""
WORKERS_ENV = "MYOGRAPH_QUERY_WORKERS"
"""Environment variable: query workers of each store (default :func:`default_size`)."""
_TEMPLATED = {"rdflib"}
"""Snapshot kinds loaded once by a template that forks the workers (see
:func:`graph.stores.workers.serve.template_main`)."""


_idle: deque[tuple[WorkerPool, Worker]] = deque()
"""Idle workers of every pool, least recently used first (guarded by ``_idle_lock``)."""
_idle_lock = threading.Lock()


def default_size() -> int:
    """Queries a store runs at once in workers: ``MYOGRAPH_QUERY_WORKERS``, else twice the
    cores, from 2 to 8 (the endpoint's front processes share that number).

    >>> default_size() >= 1
    True

    Raises
    ------
    StoreError
        When the variable is not a whole number above 0.
    """
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return max(2, min(8, 2 * (os.cpu_count() or 1)))
    if not raw.isdigit() or int(raw) < 1:
        raise StoreError(f"{WORKERS_ENV} must be a whole number above 0, not {raw[:40]!r}")
    return int(raw)


class WorkerPool:
    """Worker processes for one store; at most ``size`` run queries at once.

    Parameters
    ----------
    name
        For messages and process names (the store's spec).
    size
        Queries run at once; more wait for a free worker within their time limit.
    """

    def __init__(self, name: str, size: int | None = None) -> None:
        self.name = name
        self.size = size or default_size()
        self._mine: list[Worker] = []
        self._busy: set[Worker] = set()
        """Workers answering a query now (guarded by ``_idle_lock``): stopped too on close."""
        self._slots = threading.BoundedSemaphore(self.size)
        self._source: Source | None = None
        self._template: Template | None = None
        self._source_lock = threading.Lock()
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop,
                                               asyncio.Semaphore] = weakref.WeakKeyDictionary()

    def _new_worker(self, version: int, source: Callable[[], Source]) -> Worker:
        """A worker holding data ``version``: forked from the version's template for an rdflib
        snapshot (loaded once, shared by every worker), otherwise started on its own."""
        held: Source | Template
        with self._source_lock:
            template = self._template
            if template is not None and template.version == version and template.alive():
                held = template
            else:
                snapshot = (self._source if self._source is not None
                            and self._source.version == version else source())
                if snapshot.kind not in _TEMPLATED:
                    self._source = held = snapshot
                else:
                    if template is not None:
                        template.stop()
                        self._template = None
                    self._source = None  # the template holds it now
                    self._template = held = Template(snapshot, query_memory(), self.name)
        return Worker(held, query_memory(), self.name)

    def _take(self, version: int, source: Callable[[], Source]) -> Worker:
        worker = self._take_idle(version)
        return worker if worker is not None else self._new_worker(version, source)

    def _take_idle(self, version: int) -> Worker | None:
        """An idle worker holding data ``version`` (stale ones are stopped), or None."""
        stale: list[Worker] = []
        worker: Worker | None = None
        with _idle_lock:
            for candidate in list(self._mine):
                if candidate.version != version:
                    stale.append(candidate)
                    self._mine.remove(candidate)
                    _idle.remove((self, candidate))
            while self._mine and worker is None:  # only the one taken is asked if it lives
                worker = self._mine.pop()
                _idle.remove((self, worker))
                if not worker.alive():
                    stale.append(worker)
                    worker = None
        for old in stale:
            old.kill()
        return worker

    def _give_back(self, worker: Worker) -> None:
        evicted: list[Worker] = []
        with _idle_lock:
            self._mine.append(worker)
            _idle.append((self, worker))
            while len(_idle) > MAX_IDLE:
                pool, old = _idle.popleft()
                pool._mine.remove(old)
                evicted.append(old)
        for old in evicted:
            old.kill()

    def run(self, query: str, form: QueryForm | None, *, seconds: float, max_rows: int,
            union: bool, dataset: QueryDataset | None, max_bytes: int | None,
            version: int = 0, source: Callable[[], Source], offset: int = 0) -> QueryResult:
        """Answer one query (the arguments of :meth:`Store.execute_isolated`) in a worker
        holding data ``version``; kill it past ``seconds``.

        ``source`` makes the worker's data when no idle worker holds that version. Waiting
        for a free worker counts against ``seconds``; starting one does not (it has
        :data:`START_TIMEOUT` of its own).
        """
        started = time.monotonic()
        asked = new_request(query, form, offset=offset, max_rows=max_rows, union=union,
                           max_bytes=max_bytes, dataset=dataset)
        if not self._slots.acquire(timeout=seconds):
            raise no_worker(seconds)
        try:
            left = seconds - (time.monotonic() - started)
            if left <= 0:
                raise no_worker(seconds)
            worker = self._take(version, source)
            with self._busy_with(worker):
                reply = ask(worker, asked, left, seconds)
            self._done(worker, reply)
        finally:
            self._slots.release()
        return reply_result(reply, worker.memory)

    async def run_async(self, query: str, form: QueryForm | None, *, seconds: float,
                        max_rows: int, union: bool, dataset: QueryDataset | None,
                        max_bytes: int | None, version: int = 0,
                        source: Callable[[], Source], offset: int = 0) -> QueryResult:
        """:meth:`run` for an event loop: the caller waits for a free worker and for its
        reply on the loop itself, with no thread per query (a thread hop cost the endpoint
        more than the rest of a short query). The same time limit holds: waiting for a
        worker counts against it, and the worker is killed at it.

        Slow steps still go to a thread: starting a worker, waiting for a slot that a
        caller outside the loop holds, sending a long text, and reading a big reply.
        """
        started = time.monotonic()
        call = functools.partial(self.run, query, form, seconds=seconds, max_rows=max_rows,
                                 union=union, dataset=dataset, max_bytes=max_bytes,
                                 version=version, source=source, offset=offset)
        gate = self._loop_gate()
        if gate is None or len(query) > INLINE_BYTES:  # the thread way
            return await in_thread(call)
        asked = new_request(query, form, offset=offset, max_rows=max_rows, union=union,
                           max_bytes=max_bytes, dataset=dataset)
        if gate.locked():
            try:
                await asyncio.wait_for(gate.acquire(), seconds)
            except TimeoutError:
                raise no_worker(seconds) from None
        else:
            await gate.acquire()
        try:
            left = seconds - (time.monotonic() - started)
            if left <= 0 or not (self._slots.acquire(blocking=False)
                                 or await self._slot_from_thread(left)):
                raise no_worker(seconds)
            try:
                worker = self._take_idle(version) or await self._started(version, source)
                with self._busy_with(worker):  # starting a worker did not count (as in run)
                    reply = await ask_async(worker, asked, left, seconds)
                self._done(worker, reply)
            finally:
                self._slots.release()
        finally:
            gate.release()
        if reply[0] == "ok" and rows_in(reply) > INLINE_ROWS:
            return await in_thread(reply_result, reply, worker.memory)
        return reply_result(reply, worker.memory)

    async def _slot_from_thread(self, left: float) -> bool:
        """Wait up to ``left`` seconds for a slot a caller outside the loop holds (in a
        thread, which finishes even if the caller is cancelled: then the slot goes back)."""
        got = False

        def take() -> bool:
            nonlocal got
            got = self._slots.acquire(timeout=left)
            return got

        try:
            return await in_thread(take)
        except BaseException:
            if got:
                self._slots.release()
            raise

    async def _started(self, version: int, source: Callable[[], Source]) -> Worker:
        """A new worker, started in a thread (stopped again if the caller was cancelled)."""
        made: list[Worker] = []

        def start() -> Worker:
            made.append(self._new_worker(version, source))
            return made[0]

        try:
            return await in_thread(start)
        except BaseException:
            for worker in made:
                worker.kill()
            raise

    def _loop_gate(self) -> asyncio.Semaphore | None:
        """The semaphore the running asyncio loop's callers pass before taking one of the
        ``size`` slots, so they queue on the loop rather than in threads (one per loop; None
        outside asyncio)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        gate = self._gates.get(loop)
        if gate is None:
            with self._source_lock:
                gate = self._gates.setdefault(loop, asyncio.Semaphore(self.size))
        return gate

    @contextmanager
    def _busy_with(self, worker: Worker) -> Iterator[None]:
        """Count ``worker`` as answering (stopped too on close) while the block runs."""
        with _idle_lock:
            self._busy.add(worker)
        try:
            yield
        finally:
            with _idle_lock:
                self._busy.discard(worker)

    def _done(self, worker: Worker, reply: Reply) -> None:
        """Keep a worker that answered for the next query, or stop one out of memory."""
        if reply[0] == "error" and reply[1] == "memory":
            worker.kill()  # a fresh one next time: the heap may be fragmented
        else:
            self._give_back(worker)

    def stop(self) -> None:
        """Stop every idle worker of this pool (on close, and before writes)."""
        with _idle_lock:
            mine, self._mine = self._mine, []
            for worker in mine:
                _idle.remove((self, worker))
            mine += self._busy  # on close: their callers get "stopped unexpectedly"
            self._busy = set()
        for worker in mine:
            worker.kill()
        with self._source_lock:
            template, self._template = self._template, None
        if template is not None:
            template.stop()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Wait for running queries, stop every worker, and hold queries off meanwhile.

        Writers to an on-disk store use it: a read-only opener must not overlap a write, and
        workers restart on the next query with the new state.
        """
        for _ in range(self.size):
            self._slots.acquire()
        try:
            self.stop()
            yield
        finally:
            for _ in range(self.size):
                self._slots.release()
