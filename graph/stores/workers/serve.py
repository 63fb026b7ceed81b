"""The loops that run inside query worker processes (and the templates that fork them).

A worker walls itself off (:mod:`graph.stores.workers.sandbox`), loads its data through its
engine (:func:`open_engine`: :mod:`graph.stores.oxigraph_engine` or
:mod:`graph.stores.rdflib_engine`), says it is ready, then answers one request at a time
inside :func:`graph.guard.no_outside_access` until its pipe closes. A template loads an
rdflib snapshot once and forks such workers, which share the loaded data copy-on-write.
Nothing here runs in the caller's process (hence ``pragma: no cover``).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

from graph.errors import StoreError
from graph.stores.workers.protocol import Answerer, Reply, Source, error_reply
from graph.stores.workers.sandbox import cap_memory, die_with_parent, wall_off_network

__all__ = ["answer_loop", "open_engine", "serve", "template_main"]

_KEPT_CODES = 256
"""Exit codes of forked workers a template keeps for callers that have not asked yet."""


def open_engine(source: Source) -> Answerer:
    """The worker's engine over its data."""
    if source.kind in ("oxigraph-path", "oxigraph-quads"):
        from graph.stores.oxigraph_engine import open_source as open_oxigraph

        return open_oxigraph(source)
    if source.kind == "rdflib":
        from graph.stores.rdflib_engine import open_source as open_rdflib

        return open_rdflib(source)
    raise StoreError(f"unknown worker source {source.kind!r}")


def serve(source: Source, memory: int, conn: Connection) -> None:  # pragma: no cover
    """The worker's loop: wall off, load, cap, then answer requests until the pipe closes."""
    die_with_parent()
    walled = wall_off_network()  # first: unshare needs a process with a single thread
    try:
        answer = open_engine(source)
        cap_memory(memory)
    except Exception as error:  # noqa: BLE001 - reported to the parent as one message
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    answer_loop(answer, walled, conn)


def template_main(source: Source, memory: int, conn: Connection) -> None:  # pragma: no cover
    """A template's loop: wall off and load once, then fork a worker per request.

    Loading an in-memory dataset is the slow part of starting a worker (a million rdflib
    triples take half a minute to unpickle); forked from here, each worker shares the loaded
    data copy-on-write and starts in milliseconds. Requests: ``("fork",)`` followed by the
    worker's end of a socket pair (SCM_RIGHTS), answered ``("forked", pid)``; ``("exit",
    pid)``, answered with the worker's exit code once it has ended.
    """
    die_with_parent()
    walled = wall_off_network()
    try:
        answer = open_engine(source)
    except Exception as error:  # noqa: BLE001 - reported to the parent as one message
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    ended: dict[int, int] = {}
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: _reap(ended))
    for message in requests(conn, walled):
        if message[0] == "fork":
            pid = _fork_worker(conn, answer, walled, memory)
            conn.send(("forked", pid))
        elif message[0] == "exit":
            conn.send(("exit", _exit_code(message[1], ended)))


def _reap(ended: dict[int, int]) -> None:  # pragma: no cover
    """Note the exit code of every forked worker that has ended (on SIGCHLD)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        ended[pid] = os.waitstatus_to_exitcode(status)
        while len(ended) > _KEPT_CODES:  # codes nobody asked for
            del ended[next(iter(ended))]


def _fork_worker(conn: Connection, answer: Answerer, walled: bool,
                 memory: int) -> int:  # pragma: no cover
    """Fork a worker answering on the pipe end that follows on ``conn``; its process id."""
    fd = reduction.recv_handle(conn)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        die_with_parent()
        conn.close()
        worker = Connection(fd)
        try:
            cap_memory(memory)
            answer_loop(answer, walled, worker)
        finally:
            os._exit(0)
    os.close(fd)
    return pid


def _exit_code(pid: int, ended: dict[int, int]) -> int | None:  # pragma: no cover
    """How forked worker ``pid`` ended, once it has (None when it is not our child)."""
    while pid not in ended:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            break
        ended[pid] = os.waitstatus_to_exitcode(status)
    return ended.pop(pid, None)


def requests(conn: Connection, walled: bool) -> Iterator[Any]:  # pragma: no cover
    """Say the process is ready, then each message until the pipe closes."""
    conn.send(("ready", walled))
    while True:
        try:
            yield conn.recv()
        except EOFError:
            return


def answer_loop(answer: Answerer, walled: bool, conn: Connection) -> None:  # pragma: no cover
    """Answer requests until the pipe closes."""
    from graph.guard import no_outside_access

    for request in requests(conn, walled):
        reply: Reply
        try:
            with no_outside_access():
                form, answered = answer(request)
            reply = ("ok", answered, form)
        except MemoryError:
            reply = ("error", "memory", "")
        except Exception as error:  # noqa: BLE001 - sent back as one readable message
            reply = error_reply(error)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", "memory", ""))
