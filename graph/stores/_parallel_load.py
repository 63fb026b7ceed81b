"""Bulk loading of N-Triples on every core.

Oxigraph's bulk loader gives a batch of up to a million quads to one thread, so a file of a
million triples is parsed on one core, then encoded and indexed on one core. A line of
N-Triples stands alone, so the file is cut at line ends into chunks of
:data:`CHUNK_BYTES`, and each chunk is bulk-loaded by a call of its own on a thread of its own
(pyoxigraph releases the GIL while it loads). Smaller batches also keep the loader's hash
tables small, so the load takes less time and less memory even on one core.

Blank nodes: every bulk-load call names the blank nodes of its input afresh, so ``_:b`` in two
chunks would become two nodes. From the first chunk that may hold one (it holds ``_:``,
perhaps inside a literal) to the end of the file, everything goes to one call.

While chunks load, RocksDB's background merges yield the cores to them (:func:`_merges_wait`).
"""

from __future__ import annotations

import io
import os
import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

__all__ = ["CHUNK_BYTES", "LINE_FORMATS", "load_lines"]

LINE_FORMATS = (ox.RdfFormat.N_TRIPLES,)
"""Formats loaded in chunks. N-Quads lines stand alone too, but they name graphs of their own:
chunks would each commit part of them, and after a failure the caller only removes the graph
it was filling. In one call, Oxigraph commits the whole file at its end or nothing."""
CHUNK_BYTES = 8 * 1024**2
"""Bytes per chunk (8 MiB): smaller chunks make more files for RocksDB to merge, larger ones
bigger hash tables in each loader."""
MAX_THREADS = 8
"""Loading threads at most: each holds a chunk and its loader's tables in memory."""
MERGE_THREADS = "rocksdb:low"
"""The name RocksDB gives the threads of its low-priority pool, which run its compactions."""
MERGE_NICE = 10
"""Their CPU priority while chunks load: well below the loading threads'."""


def _threads() -> int:
    """Two loading threads per core: a call spends part of its time writing and handing its
    files to RocksDB, when the core is free for another."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(MAX_THREADS, 2 * max(1, cores))


class _Prepended(io.RawIOBase):
    """``head``, then whatever ``rest`` still holds: the tail of a file given to one call."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_LINE = re.compile(r"\bline (\d+)")


def _shifted(error: SyntaxError, lines_before: int) -> SyntaxError:
    """The parser's error for a chunk, with line numbers counted from the file's start."""
    if not lines_before:
        return error
    message = str(error)
    where, colon, reason = message.partition(": ")
    where = _LINE.sub(lambda m: f"line {int(m[1]) + lines_before}", where)
    lineno = error.lineno + lines_before if error.lineno is not None else None
    end_lineno = error.end_lineno + lines_before if error.end_lineno is not None else None
    return SyntaxError(where + colon + reason,
                       (None, lineno, error.offset, None, end_lineno, error.end_offset))


@contextmanager
def _merges_wait() -> Iterator[None]:
    """While chunks load, RocksDB's merges (compactions) yield the cores to the loading.

    Each bulk-load call adds a file per index to RocksDB's first level, and from the fourth on
    RocksDB merges them in the background. Its recipe for bulk loads
    (``Options::PrepareForBulkLoad``) turns automatic compaction off until the data is in;
    pyoxigraph offers no such option, so the merges take CPU from the cores the load needs.
    The threads that run them (named :data:`MERGE_THREADS`) get nice :data:`MERGE_NICE` for
    the load instead: they merge when a core is free and catch up afterwards. Their priority
    is put back after, where the process may raise it again (as root); otherwise merging
    stays background work, as its name says. Linux only (a thread's priority is set by its
    id there); elsewhere nothing changes.
    """
    tasks: list[Path] = []
    with suppress(OSError):  # no /proc: not Linux
        tasks = list(Path("/proc/self/task").iterdir())
    before: dict[int, int] = {}
    for task in tasks:
        with suppress(OSError):  # a thread that ended meanwhile
            if (task / "comm").read_text(encoding="utf-8").strip() == MERGE_THREADS:
                tid = int(task.name)
                nice = os.getpriority(os.PRIO_PROCESS, tid)
                os.setpriority(os.PRIO_PROCESS, tid, max(MERGE_NICE, nice))
                before[tid] = nice
    try:
        yield
    finally:
        for tid, nice in before.items():
            with suppress(OSError):  # raising a priority again needs privileges
                os.setpriority(os.PRIO_PROCESS, tid, nice)


def _drain(pending: deque[Future[None]], keep: int = 0) -> None:
    """Wait for chunks in order until ``keep`` are left; the first that failed raises."""
    while len(pending) > keep:
        pending.popleft().result()


def load_lines(store: Any, stream: IO[bytes], fmt: Any, *, to_graph: Any, base_iri: str) -> None:
    """Bulk-load N-Triples from ``stream`` into ``store`` on every core.

    Chunks are read here, on the caller's thread (so a progress callback in ``stream`` runs
    there), at most one more than there are threads ahead of the loading. On a syntax error
    the earliest failing chunk's error is raised, with the file's line numbers; what other
    chunks loaded stays: the caller removes the graph, as after any failed bulk load.
    """
    def load(data: bytes | io.RawIOBase, lines_before: int) -> None:
        try:
            store.bulk_load(data, fmt, to_graph=to_graph, base_iri=base_iri)
        except SyntaxError as error:
            raise _shifted(error, lines_before) from None

    threads = _threads()
    pending: deque[Future[None]] = deque()
    with _merges_wait(), ThreadPoolExecutor(threads, thread_name_prefix="myograph-load") as pool:
        try:
            lines_before = 0
            while chunk := stream.read(CHUNK_BYTES):
                chunk += stream.readline()  # to the end of its last line
                if b"_:" in chunk:  # blank nodes: the rest of the file in one call, here
                    tail = _Prepended(chunk, stream)
                    try:
                        load(tail, lines_before)
                    except SyntaxError:
                        _drain(pending)  # an earlier chunk's error comes first
                        raise
                    break
                pending.append(pool.submit(load, chunk, lines_before))
                lines_before += chunk.count(b"\n")
                _drain(pending, keep=threads)
            _drain(pending)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
