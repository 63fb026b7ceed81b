"""Starting query worker processes, in the caller: the fork server, templates, workers.

Every worker and template is a child of one fork server that has already imported rdflib,
pyoxigraph and the engines (:data:`PRELOAD`), so a new worker answers within tens of
milliseconds and no lock held by one of the caller's threads is copied into it. An rdflib
snapshot is loaded once per data version by a :class:`Template` that forks the workers
itself. A :class:`Worker` is the caller's handle on one process: its pipe, whether it lives,
how to kill it, and what its death means.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

from graph.errors import QueryError, StoreError
from graph.stores.workers.protocol import Source, too_large
from graph.stores.workers.sandbox import note_wall
from graph.stores.workers.serve import serve, template_main

__all__ = ["PRELOAD", "START_TIMEOUT", "Template", "Worker"]

START_TIMEOUT = 30.0
"""Seconds a new worker may take to load its data (not counted in the query's limit); a
bigger in-memory snapshot gets more (:func:`_start_timeout`)."""
PRELOAD = ["rdflib", "rdflib.plugins.sparql", "pyoxigraph", "graph.stores.workers.serve",
           "graph.stores.oxigraph_engine", "graph.stores.rdflib_engine", "graph.stores.memory",
           "graph.guard"]
"""What the fork server imports once. Not ``__main__``: that would run the caller's own
script in the server (the app's app.py, or a user's script without a main guard)."""

_context_lock = threading.Lock()
_context: Any = None


def _mp() -> Any:
    """The fork-server context, with rdflib and pyoxigraph preloaded (set up once)."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


_main_lock = threading.Lock()


@contextmanager
def _without_main_script() -> Iterator[None]:
    """While a worker (or the fork server) starts, a bare ``__main__`` stands in for the
    caller's: multiprocessing would otherwise send the main script's path and the child would
    run it again (the app's whole app.py, with Streamlit's "missing ScriptRunContext"
    warnings; a user's script without a main guard, query and all). The workers need none of
    it: what they run lives in :mod:`graph.stores.workers.serve`."""
    with _main_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


def _start(target: Callable[[Source, int, Connection], None], source: Source, memory: int,
           name: str) -> tuple[Any, Connection]:
    """A fork-server child running ``target(source, memory, pipe)``, and our end of the pipe."""
    context = _mp()
    conn, child = context.Pipe()
    process = context.Process(target=target, args=(source, memory, child), daemon=True,
                              name=name)
    with _without_main_script():
        process.start()
    child.close()
    return process, conn


def _start_timeout(source: Source) -> float:
    """How long loading ``source`` may take: more for a bigger in-memory snapshot."""
    return START_TIMEOUT + len(source.data) / 4e6


def _ready(conn: Connection, timeout: float, what: str, kill: Callable[[], None]) -> None:
    """Wait for a process's first message (it says whether it walled off the network)."""
    if not conn.poll(timeout):
        kill()
        raise StoreError(f"the {what} did not start within {timeout:g} s")
    try:
        reply = conn.recv()
    except EOFError:
        kill()
        raise StoreError(f"the {what} could not start") from None
    if reply[0] != "ready":
        kill()
        raise StoreError(f"the {what} could not start: {reply[-1]}")
    note_wall(bool(reply[1]))


class Template:
    """A process holding one in-memory snapshot, forking query workers from itself."""

    def __init__(self, source: Source, memory: int, name: str) -> None:
        self.version = source.version
        self.name = name
        self.process, self.conn = _start(template_main, source, memory,
                                         f"myograph-query-template {name}")
        self._lock = threading.Lock()
        _ready(self.conn, _start_timeout(source), f"query workers' loader for {name}",
               self.stop)

    def fork(self) -> tuple[int, Connection]:
        """A new worker: its process id and the caller's end of its pipe."""
        mine, theirs = multiprocessing.Pipe()
        try:
            with self._lock:
                self.conn.send(("fork",))
                reduction.send_handle(self.conn, theirs.fileno(), self.process.pid or 0)
                reply = self.conn.recv()
        except (OSError, EOFError) as error:
            mine.close()
            raise StoreError(f"the query workers' loader for {self.name} has stopped") \
                from error
        finally:
            theirs.close()
        return int(reply[1]), mine

    def exit_code(self, pid: int) -> int | None:
        """How worker ``pid`` ended (None when unknown)."""
        try:
            with self._lock:
                self.conn.send(("exit", pid))
                reply = self.conn.recv()
        except (OSError, EOFError):
            return None
        return None if reply[1] is None else int(reply[1])

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Worker:
    """One query worker: started by the fork server, or forked by a :class:`Template`."""

    def __init__(self, source: Source | Template, memory: int, name: str) -> None:
        """Start a worker on ``source``'s data, or fork one from a template holding it."""
        self.version = source.version
        self.memory = memory
        self.template = source if isinstance(source, Template) else None
        self.process: Any = None
        self.pid = 0
        self.pidfd = -1
        if isinstance(source, Source):
            self.process, self.conn = _start(serve, source, memory,
                                             f"myograph-query-worker {name}")
            timeout = _start_timeout(source)
        else:
            self.pid, self.conn = source.fork()
            # a pidfd names this process for good: its number may be reused once it ends
            self.pidfd = os.pidfd_open(self.pid)
            timeout = START_TIMEOUT
        _ready(self.conn, timeout, f"query worker for {name}", self.kill)

    def alive(self) -> bool:
        """Whether the process still runs: its sentinel or pidfd is not readable yet."""
        if self.process is not None:
            ended = self.process.sentinel  # open until the process object is closed
        else:
            ended = self.pidfd if self.pidfd >= 0 else None
        return ended is not None and not select.select([ended], [], [], 0)[0]

    def kill(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
        elif self.pidfd >= 0:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            select.select([self.pidfd], [], [], 5)  # until it has ended
            os.close(self.pidfd)
            self.pidfd = -1
        self.conn.close()

    def died(self) -> QueryError:
        """The error for a worker that ended while answering."""
        self.kill()
        code = (self.process.exitcode if self.process is not None
                else self.template.exit_code(self.pid) if self.template is not None else None)
        if self.memory > 0 and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
            return too_large(self.memory)
        return QueryError(f"the query stopped its worker unexpectedly (exit code {code})")
