"""Killable queries: worker processes that answer users' queries away from the caller.

A query running in a thread cannot be stopped for sure: Oxigraph's engine (Rust) does not
return to Python until it has an answer, and rdflib's engine can sit in one C call (a regular
expression that backtracks) holding the GIL, freezing every thread of the process. So the
text people type runs in worker processes that are killed and replaced at the deadline
(the project's own ``.rq`` queries stay in-process). Each worker:

- is forked by a single-threaded fork server that has already imported rdflib and
  pyoxigraph, so a new worker answers within tens of milliseconds and no lock held by one of
  the server's threads is copied into it;
- walls itself off from the network first: ``unshare(CLONE_NEWUSER | CLONE_NEWNET)`` gives
  it a network namespace of its own with no interface up (not even loopback), so not even
  Oxigraph's SERVICE client (Rust, out of the audit hook's sight) can connect. Where the
  kernel refuses (no user namespaces for unprivileged users), the parse-level checks and the
  audit hook remain, and the process logs it once (:func:`network_wall`);
- loads its data from a :class:`Source`: an on-disk Oxigraph store opened read-only, or a
  snapshot of an in-memory store (rdflib or Oxigraph) taken at one data version. An rdflib
  snapshot is loaded once per version by a *template* process (itself started by the fork
  server) that forks the workers, which share the loaded data copy-on-write: unpickling a
  million rdflib triples takes half a minute, too long to repeat for every worker;
- caps its own address space (``RLIMIT_AS``) at what it uses once loaded plus
  :func:`query_memory` (``MYOGRAPH_QUERY_MEMORY_MB``, 512 by default), so a query that builds
  huge values fails alone and the caller gets :class:`~graph.errors.QueryTooLarge`;
- runs each query inside :func:`graph.guard.no_outside_access` and stops collecting an answer
  at ``max_rows`` rows or ``max_bytes`` bytes of terms (``truncated``).

Workers carry the data version they loaded: a store that changed gets fresh workers on its
next query. At most :data:`MAX_IDLE` idle workers are kept in the whole process (the least
recently used go first), so the private stores of many app sessions cannot pile up processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import multiprocessing
import os
import pickle
import re
import resource
import select
import signal
import socket
import struct
import sys
import threading
import time
import types
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar

from graph import errors
from graph.errors import QueryError, QueryTimeout, QueryTooLarge, StoreError
from graph.results import QueryForm, QueryResult
from graph.stores._collect import collect, text_size
from graph.stores._packed import PackedSelect
from graph.stores._terms import Packed, Unpackable, pack_ox, pack_rdflib, unpack, unpack_ox

if TYPE_CHECKING:
    from graph.stores.base import QueryDataset

__all__ = ["MAX_IDLE", "MEMORY_ENV", "Source", "WorkerPool", "network_wall", "query_memory"]

LOG = logging.getLogger("myograph.worker")
T = TypeVar("T")
MEMORY_ENV = "MYOGRAPH_QUERY_MEMORY_MB"
"""Environment variable: MiB a query may add to its worker (0 turns the cap off)."""
DEFAULT_QUERY_MEMORY_MB = 512
MAX_IDLE = 8
"""Idle workers kept in the whole process, across every store."""
START_TIMEOUT = 30.0
"""Seconds a new worker may take to load its data (not counted in the query's limit); a
bigger in-memory snapshot gets more (:func:`_start_timeout`)."""
_OPEN_ATTEMPTS = 8
"""Read-only openings of an on-disk store tried when a compaction races them."""
_TEMPLATED = {"rdflib"}
"""Snapshot kinds loaded once by a template that forks the workers (see :func:`_template_main`)."""
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
_PRELOAD = ["rdflib", "rdflib.plugins.sparql", "pyoxigraph", "graph.stores._worker",
            "graph.stores.memory", "graph.guard"]
"""What the fork server imports once. Not ``__main__``: that would run the caller's own
script in the server (the app's app.py, or a user's script without a main guard)."""


@dataclass(frozen=True)
class Source:
    """Where a worker gets its data, at one data version.

    ``kind`` is ``"oxigraph-path"`` (``path`` opened read-only), ``"oxigraph-quads"``
    (``data``: pickled packed quads of an in-memory Oxigraph store) or ``"rdflib"``
    (``data``: a pickled rdflib Dataset). The payload is made by this process from its own
    store, never read from elsewhere.
    """

    kind: str
    version: int = 0
    path: str = ""
    data: bytes = b""


def query_memory() -> int:
    """Bytes a query may add to its worker's address space (``MYOGRAPH_QUERY_MEMORY_MB``).

    >>> query_memory() >= 0
    True

    Raises
    ------
    StoreError
        When the variable is not a whole number of MiB.
    """
    raw = os.environ.get(MEMORY_ENV, "").strip() or str(DEFAULT_QUERY_MEMORY_MB)
    if not raw.isdigit():
        raise StoreError(f"{MEMORY_ENV} must be a whole number of MiB (0 for no cap), "
                         f"not {raw[:40]!r}")
    return int(raw) * 1024**2


_wall_state: dict[str, bool] = {}
_wall_lock = threading.Lock()


def network_wall() -> bool | None:
    """Whether query workers of this process got a network namespace of their own.

    None until a worker has started.
    """
    return _wall_state.get("walled")


def _note_wall(walled: bool) -> None:
    with _wall_lock:
        first = "walled" not in _wall_state
        _wall_state["walled"] = walled
    if first and not walled:
        LOG.warning("query workers could not get a network namespace of their own "
                    "(unshare refused: no user namespaces?); SERVICE and LOAD are still "
                    "refused by the query check, and Python's reach by the audit hook")


# --- terms across the pipe -------------------------------------------------------------


def oxigraph_snapshot(store: Any, version: int) -> Source:
    """A :class:`Source` holding every quad of an in-memory pyoxigraph store."""
    import pyoxigraph as ox

    quads = [(pack_ox(q.subject), pack_ox(q.predicate), pack_ox(q.object),
              None if isinstance(q.graph_name, ox.DefaultGraph) else pack_ox(q.graph_name))
             for q in store]
    return Source("oxigraph-quads", version,
                  data=pickle.dumps(quads, protocol=pickle.HIGHEST_PROTOCOL))


# --- inside the worker -----------------------------------------------------------------


def _checked(request: dict[str, Any], held: Callable[[], list[str]]) -> tuple[Any, ...]:
    """A request whose ``form`` is None, parsed and checked here by the runner's own guard
    (:func:`graph.sparql.check`): the request with its form and union filled in, and the
    checked query. ``held`` names the graphs this worker's data holds (FROM may name no
    other)."""
    from graph.sparql import check, refuse_unknown_graphs

    checked = check(request["query"], offset=request["offset"])
    if checked.graphs:
        refuse_unknown_graphs(checked.graphs, held())
    return {**request, "form": checked.form, "union": not checked.graphs}, checked


def _answer(store: Any, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run a request on a pyoxigraph store; its form and the answer as plain tuples."""
    import pyoxigraph as ox

    if request["form"] is None:
        screened = _answer_screened(store, request)
        if screened is not None:
            return screened
        request, _ = _checked(request, lambda: sorted(
            g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
    return request["form"], _answer_ox(store, request)


def _answer_screened(store: Any, request: dict[str, Any]) -> tuple[Any, ...] | None:
    """A user's query parsed by Oxigraph alone, when the screen shows that the full check
    would find nothing in it to refuse or to read (:func:`graph.sparql.needs_check`): its
    form and the answer. None when the full check must come first: the screen says so,
    Oxigraph cannot parse the text (the check then says why, as before), or the answer
    holds a term only Oxigraph's parser could have asked for.

    rdflib's parse is most of what a short query costs (a hundred times Oxigraph's); a text
    without the words SERVICE and FROM cannot call another endpoint or name a graph.
    """
    import pyoxigraph as ox

    from graph.sparql import needs_check

    text = request["query"]
    if needs_check(text):
        return None
    try:
        answer = store.query(text, **_dataset(request, union=True))
    except SyntaxError:
        return None
    form: QueryForm
    if isinstance(answer, ox.QuerySolutions):
        form = "SELECT"
    elif isinstance(answer, ox.QueryBoolean):
        form = "ASK"
    else:
        form = "DESCRIBE" if _DESCRIBE.match(text) else "CONSTRUCT"
    try:
        return form, _collect(answer, form, request)
    except Unpackable:
        return None


_DESCRIBE = re.compile(r"(?:[^{]*?\s)?DESCRIBE\b", re.IGNORECASE | re.DOTALL)
"""A graph query whose text has DESCRIBE before its first brace (a label: both forms give
triples)."""


def _dataset(request: dict[str, Any], *, union: bool) -> dict[str, Any]:
    """pyoxigraph's dataset arguments for a request."""
    import pyoxigraph as ox

    if request["default"] is None:
        return {"use_default_graph_as_union": union}
    return {"default_graph": [ox.NamedNode(g) for g in request["default"]],
            "named_graphs": [ox.NamedNode(g) for g in request["named"]]}


def _answer_ox(store: Any, request: dict[str, Any]) -> tuple[Any, ...]:
    answer = store.query(request["query"], **_dataset(request, union=request["union"]))
    return _collect(answer, request["form"], request)


def _collect(answer: Any, form: QueryForm, request: dict[str, Any]) -> tuple[Any, ...]:
    """An Oxigraph answer as plain tuples, within the request's caps."""
    if form == "ASK":
        return ("ask", bool(answer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples, truncated = _capped(answer, _packed_triple, request)
        return ("graph", triples, truncated)
    variables = [v.value for v in answer.variables]
    rows, truncated = _capped(answer, _packed_solution, request)
    return ("select", variables, rows, truncated)


def _packed_triple(found: Any) -> tuple[Packed, ...]:
    return pack_ox(found.subject), pack_ox(found.predicate), pack_ox(found.object)


def _packed_solution(solution: Any) -> tuple[Packed | None, ...]:
    # a solution iterates its values in the variables' order
    return tuple(None if term is None else pack_ox(term) for term in solution)


def _capped(answer: Iterable[Any], convert: Callable[[Any], tuple[Packed | None, ...]],
            request: dict[str, Any]) -> tuple[list[tuple[Packed | None, ...]], bool]:
    """Rows or triples up to the request's ``max_rows``, and until their terms' text passes
    its ``max_bytes``: the measure ``graph.sparql`` applies to answers run in-process."""
    return collect(answer, convert, deadline=None, max_rows=request["max_rows"],
                   max_bytes=request.get("max_bytes"), measure=text_size)


def _answer_rdflib(memory: Any, request: dict[str, Any]) -> tuple[Any, ...]:
    """Run a request on the worker's copy of a memory store, as the store itself would;
    its form and the answer as plain tuples."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if request["form"] is None:
        request, checked = _checked(request, memory.graph_names)
        prepared = checked.prepared
    else:  # parsed again here (the caller checked it): only text crosses the pipe
        prepared = translateQuery(parseQuery(request["query"]))
    return request["form"], _answer_prepared(memory, request, prepared)


def _answer_prepared(memory: Any, request: dict[str, Any], prepared: Any) -> tuple[Any, ...]:
    from graph.stores.base import Deadline, QueryDataset

    dataset = None if request["default"] is None else QueryDataset(
        tuple(request["default"]), tuple(request["named"]))
    result: QueryResult = memory.execute(
        request["query"], request["form"], deadline=Deadline(request["seconds"]),
        max_rows=request["max_rows"], prepared=prepared, dataset=dataset)
    if result.form == "ASK":
        return ("ask", bool(result.boolean))
    request = {**request, "max_rows": len(result)}  # the engine applied the row cap
    if result.is_graph:
        triples, truncated = _capped(result.triples, _packed_rdflib_triple, request)
        return ("graph", triples, truncated or result.truncated)
    variables = result.variables

    def packed_row(row: dict[str, Any]) -> tuple[Packed | None, ...]:
        return tuple(pack_rdflib(row[v]) if v in row else None for v in variables)

    rows, truncated = _capped(result.rows, packed_row, request)
    return ("select", variables, rows, truncated or result.truncated)


def _packed_rdflib_triple(found: Any) -> tuple[Packed, ...]:
    return pack_rdflib(found[0]), pack_rdflib(found[1]), pack_rdflib(found[2])


def _open_read_only(ox: Any, path: str) -> Any:
    """Open an on-disk store read-only, again if a compaction raced the opening.

    RocksDB may delete the files a just-finished write made obsolete while a read-only
    opener is reading the list of live files (seen after a crashed load's graph was
    removed): the opening then names a missing file, and a second one sees the new list.
    """
    for attempt in range(1, _OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as error:
            if "No such file" not in str(error):
                raise
            LOG.info("reopening %s read-only: %s", path, error)
            time.sleep(0.05 * attempt)
    return ox.Store.read_only(path)


def _open(source: Source) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The worker's engine over its data."""
    if source.kind == "oxigraph-path":
        import pyoxigraph as ox

        store = _open_read_only(ox, source.path)
        return lambda request: _answer(store, request)
    if source.kind == "oxigraph-quads":
        import pyoxigraph as ox

        memory_store = ox.Store()
        quads = pickle.loads(source.data)  # noqa: S301 - made by our own parent process
        memory_store.extend([
            ox.Quad(unpack_ox(s), unpack_ox(p), unpack_ox(o),
                    ox.DefaultGraph() if g is None else unpack_ox(g))
            for s, p, o, g in quads])
        return lambda request: _answer(memory_store, request)
    if source.kind == "rdflib":
        from graph.stores.rdflib_engine import RdflibEngine

        memory = RdflibEngine(pickle.loads(source.data))  # noqa: S301 - made by our parent
        return lambda request: _answer_rdflib(memory, request)
    raise StoreError(f"unknown worker source {source.kind!r}")


def _die_with_parent() -> None:
    """Have the kernel kill this process when its parent ends (Linux's PR_SET_PDEATHSIG).

    The chain runs command → fork server → worker (or template → worker): when a command
    is stopped (SIGTERM, Ctrl-C, kill -9) the fork server ends at once, and without this a
    worker would go on computing its query to the end, alone.
    """
    # a fork-server child holds a copy of the command's "still alive" pipe, which keeps the
    # fork server waiting for as long as the child lives: let the command alone hold it
    from multiprocessing import forkserver

    alive = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)
        setattr(forkserver._forkserver, "_forkserver_alive_fd", None)  # noqa: B010 - private
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took hold
        os._exit(0)


def _wall_off_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
            return True
        return bool(libc.unshare(_CLONE_NEWNET) == 0)  # privileged, without user namespaces
    except (OSError, AttributeError):
        return False


def _cap_memory(extra: int) -> None:
    """Limit the address space to what is in use now plus ``extra`` bytes."""
    if extra <= 0:
        return
    with open("/proc/self/statm", encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + extra
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(source: Source, memory: int, conn: Connection) -> None:  # pragma: no cover
    """The worker's loop: wall off, load, cap, then answer requests until the pipe closes."""
    _die_with_parent()
    walled = _wall_off_network()  # first: unshare needs a process with a single thread
    try:
        answer = _open(source)
        _cap_memory(memory)
    except Exception as error:  # noqa: BLE001 - reported to the parent as one message
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    _answer_loop(answer, walled, conn)


def _template_main(source: Source, memory: int, conn: Connection) -> None:  # pragma: no cover
    """A template's loop: wall off and load once, then fork a worker per request.

    Loading an in-memory dataset is the slow part of starting a worker (a million rdflib
    triples take half a minute to unpickle); forked from here, each worker shares the loaded
    data copy-on-write and starts in milliseconds. Requests: ``("fork",)`` followed by the
    worker's end of a socket pair (SCM_RIGHTS), answered ``("forked", pid)``; ``("exit",
    pid)``, answered with the worker's exit code once it has ended.
    """
    _die_with_parent()
    walled = _wall_off_network()
    try:
        answer = _open(source)
    except Exception as error:  # noqa: BLE001 - reported to the parent as one message
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    ended: dict[int, int] = {}

    def reap(_signum: int = 0, _frame: object = None) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            ended[pid] = os.waitstatus_to_exitcode(status)
            while len(ended) > 256:  # codes nobody asked for
                del ended[next(iter(ended))]

    signal.signal(signal.SIGCHLD, reap)
    for message in _requests(conn, walled):
        if message[0] == "fork":
            fd = reduction.recv_handle(conn)
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _die_with_parent()
                conn.close()
                worker = Connection(fd)
                try:
                    _cap_memory(memory)
                    _answer_loop(answer, walled, worker)
                finally:
                    os._exit(0)
            os.close(fd)
            conn.send(("forked", pid))
        elif message[0] == "exit":
            pid = message[1]
            while pid not in ended:
                try:
                    _, status = os.waitpid(pid, 0)
                except ChildProcessError:
                    break
                ended[pid] = os.waitstatus_to_exitcode(status)
            conn.send(("exit", ended.pop(pid, None)))


def _requests(conn: Connection, walled: bool) -> Iterator[Any]:  # pragma: no cover
    """Say the process is ready, then each message until the pipe closes."""
    conn.send(("ready", walled))
    while True:
        try:
            yield conn.recv()
        except EOFError:
            return


def _answer_loop(answer: Callable[[dict[str, Any]], tuple[Any, ...]], walled: bool,
                 conn: Connection) -> None:  # pragma: no cover
    """Answer requests until the pipe closes."""
    from graph.guard import no_outside_access

    for request in _requests(conn, walled):
        reply: tuple[Any, ...]
        try:
            with no_outside_access():
                form, answered = answer(request)
            reply = ("ok", answered, form)
        except MemoryError:
            reply = ("error", "memory", "")
        except RecursionError:
            reply = ("error", "QueryError", "the query is too deeply nested to run")
        except errors.QuerySyntaxError as error:  # where it is, for the editor's marking
            reply = ("error", "QuerySyntaxError", str(error), error.line, error.column)
        except errors.MyographError as error:
            reply = ("error", type(error).__name__, str(error))
        except SyntaxError as error:
            reply = ("error", "syntax", str(error))
        except Exception as error:  # noqa: BLE001 - sent back as one readable message
            reply = ("error", "query", f"{type(error).__name__}: {error}")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", "memory", ""))


# --- in the caller ---------------------------------------------------------------------

_context_lock = threading.Lock()
_context: Any = None


def _mp() -> Any:
    """The fork-server context, with rdflib and pyoxigraph preloaded (set up once)."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


_main_lock = threading.Lock()


@contextmanager
def _without_main_script() -> Iterator[None]:
    """While a worker (or the fork server) starts, a bare ``__main__`` stands in for the
    caller's: multiprocessing would otherwise send the main script's path and the child would
    run it again (the app's whole app.py, with Streamlit's "missing ScriptRunContext"
    warnings; a user's script without a main guard, query and all). The workers need none of
    it: what they run lives in this module."""
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
    _note_wall(bool(reply[1]))


class _Template:
    """A process holding one in-memory snapshot, forking query workers from itself."""

    def __init__(self, source: Source, memory: int, name: str) -> None:
        self.version = source.version
        self.name = name
        self.process, self.conn = _start(_template_main, source, memory,
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


class _Worker:
    """One query worker: started by the fork server, or forked by a :class:`_Template`."""

    def __init__(self, source: Source | _Template, memory: int, name: str) -> None:
        """Start a worker on ``source``'s data, or fork one from a template holding it."""
        self.version = source.version
        self.memory = memory
        self.template = source if isinstance(source, _Template) else None
        self.process: Any = None
        self.pid = 0
        self.pidfd = -1
        if isinstance(source, Source):
            self.process, self.conn = _start(_serve, source, memory,
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
            return _too_large(self.memory)
        return QueryError(f"the query stopped its worker unexpectedly (exit code {code})")


def _too_large(memory: int) -> QueryTooLarge:
    return QueryTooLarge(f"refused: the query needed more than the {memory / 1024**2:.0f} MiB "
                         f"a query may use, and was stopped ({MEMORY_ENV} sets the limit)")


_idle: deque[tuple[WorkerPool, _Worker]] = deque()
"""Idle workers of every pool, least recently used first (guarded by ``_idle_lock``)."""
_idle_lock = threading.Lock()


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
        self.size = size or max(2, min(8, 2 * (os.cpu_count() or 1)))
        self._mine: list[_Worker] = []
        self._busy: set[_Worker] = set()
        """Workers answering a query now (guarded by ``_idle_lock``): stopped too on close."""
        self._slots = threading.BoundedSemaphore(self.size)
        self._source: Source | None = None
        self._template: _Template | None = None
        self._source_lock = threading.Lock()
        self._gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop,
                                               asyncio.Semaphore] = weakref.WeakKeyDictionary()

    def _new_worker(self, version: int, source: Callable[[], Source]) -> _Worker:
        """A worker holding data ``version``: forked from the version's template for an rdflib
        snapshot (loaded once, shared by every worker), otherwise started on its own."""
        held: Source | _Template
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
                    self._template = held = _Template(snapshot, query_memory(), self.name)
        return _Worker(held, query_memory(), self.name)

    def _take(self, version: int, source: Callable[[], Source]) -> _Worker:
        worker = self._take_idle(version)
        return worker if worker is not None else self._new_worker(version, source)

    def _take_idle(self, version: int) -> _Worker | None:
        """An idle worker holding data ``version`` (stale ones are stopped), or None."""
        stale: list[_Worker] = []
        worker: _Worker | None = None
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

    def _give_back(self, worker: _Worker) -> None:
        evicted: list[_Worker] = []
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
        request = _request(query, form, offset=offset, max_rows=max_rows, union=union,
                           max_bytes=max_bytes, dataset=dataset)
        if not self._slots.acquire(timeout=seconds):
            raise _no_worker(seconds)
        try:
            left = seconds - (time.monotonic() - started)
            if left <= 0:
                raise _no_worker(seconds)
            worker = self._take(version, source)
            with self._busy_with(worker):
                reply = self._ask(worker, request, left, seconds)
            self._done(worker, reply)
        finally:
            self._slots.release()
        return _reply_result(reply, worker.memory)

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
        if gate is None or len(query) > _INLINE_BYTES:  # the thread way
            return await _in_thread(call)
        request = _request(query, form, offset=offset, max_rows=max_rows, union=union,
                           max_bytes=max_bytes, dataset=dataset)
        if gate.locked():
            try:
                await asyncio.wait_for(gate.acquire(), seconds)
            except TimeoutError:
                raise _no_worker(seconds) from None
        else:
            await gate.acquire()
        try:
            left = seconds - (time.monotonic() - started)
            if left <= 0 or not (self._slots.acquire(blocking=False)
                                 or await self._slot_from_thread(left)):
                raise _no_worker(seconds)
            try:
                worker = self._take_idle(version) or await self._started(version, source)
                with self._busy_with(worker):  # starting a worker did not count (as in run)
                    reply = await _ask_async(worker, request, left, seconds)
                self._done(worker, reply)
            finally:
                self._slots.release()
        finally:
            gate.release()
        if reply[0] == "ok" and _rows_in(reply) > _INLINE_ROWS:
            return await _in_thread(_reply_result, reply, worker.memory)
        return _reply_result(reply, worker.memory)

    async def _slot_from_thread(self, left: float) -> bool:
        """Wait up to ``left`` seconds for a slot a caller outside the loop holds (in a
        thread, which finishes even if the caller is cancelled: then the slot goes back)."""
        got = False

        def take() -> bool:
            nonlocal got
            got = self._slots.acquire(timeout=left)
            return got

        try:
            return await _in_thread(take)
        except BaseException:
            if got:
                self._slots.release()
            raise

    async def _started(self, version: int, source: Callable[[], Source]) -> _Worker:
        """A new worker, started in a thread (stopped again if the caller was cancelled)."""
        made: list[_Worker] = []

        def start() -> _Worker:
            made.append(self._new_worker(version, source))
            return made[0]

        try:
            return await _in_thread(start)
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
    def _busy_with(self, worker: _Worker) -> Iterator[None]:
        """Count ``worker`` as answering (stopped too on close) while the block runs."""
        with _idle_lock:
            self._busy.add(worker)
        try:
            yield
        finally:
            with _idle_lock:
                self._busy.discard(worker)

    def _done(self, worker: _Worker, reply: tuple[Any, ...]) -> None:
        """Keep a worker that answered for the next query, or stop one out of memory."""
        if reply[0] == "error" and reply[1] == "memory":
            worker.kill()  # a fresh one next time: the heap may be fragmented
        else:
            self._give_back(worker)

    @staticmethod
    def _ask(worker: _Worker, request: dict[str, Any], left: float,
             limit: float) -> tuple[Any, ...]:
        """Send ``request`` to ``worker`` and wait for its reply; kill it past ``left``
        seconds (what remains of the query's ``limit``)."""
        try:
            worker.conn.send({**request, "seconds": left})
            if not worker.conn.poll(left):
                worker.kill()
                raise _ran_too_long(limit)
            reply: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            raise worker.died() from None
        return reply

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


_INLINE_BYTES = 64 * 1024
"""Longer query texts are sent to a worker from a thread (a pipe write may then block)."""
_INLINE_REPLY = 256 * 1024
"""Bigger replies are read from a thread, so a big answer never holds up the event loop."""
_INLINE_ROWS = 2_000
"""Answers with more rows or triples become rdflib terms in a thread, for the same reason."""


def _request(query: str, form: QueryForm | None, *, offset: int, max_rows: int, union: bool,
             max_bytes: int | None, dataset: QueryDataset | None) -> dict[str, Any]:
    """What a worker is sent for one query (the time left is added when it is sent)."""
    return {
        "query": query, "form": form, "offset": offset, "max_rows": max_rows,
        "union": union, "max_bytes": max_bytes,
        "default": list(dataset.default) if dataset is not None else None,
        "named": list(dataset.named) if dataset is not None else None,
    }


def _no_worker(seconds: float) -> QueryTimeout:
    return QueryTimeout(f"no query worker was free within {seconds:g} s; try again")


def _ran_too_long(limit: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than its {limit:g} s time limit and was stopped")


async def _ask_async(worker: _Worker, request: dict[str, Any], left: float,
                     limit: float) -> tuple[Any, ...]:
    """:meth:`WorkerPool._ask` on an asyncio loop: wait for the reply without a thread; kill
    the worker past ``left`` seconds, or when the caller is cancelled (its late reply would
    otherwise answer the worker's next query)."""
    loop = asyncio.get_running_loop()
    try:
        worker.conn.send({**request, "seconds": left})
        fd = worker.conn.fileno()
        arrived: asyncio.Future[bool] = loop.create_future()
        loop.add_reader(fd, _settle, arrived, True)
        timer = loop.call_later(left, _settle, arrived, False)
        try:
            answered = await arrived
        finally:
            loop.remove_reader(fd)
            timer.cancel()
        if not os.get_blocking(fd):  # uvloop leaves a descriptor it watched non-blocking
            os.set_blocking(fd, True)
        if not answered:
            raise _ran_too_long(limit)
        if _waiting_bytes(worker.conn) > _INLINE_REPLY:
            reply: tuple[Any, ...] = await _in_thread(worker.conn.recv)
        else:
            reply = worker.conn.recv()
        return reply
    except (EOFError, OSError):
        raise worker.died() from None
    except BaseException:
        worker.kill()
        raise


def _settle(future: asyncio.Future[bool], value: bool) -> None:
    if not future.done():
        future.set_result(value)


async def _in_thread(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in one of anyio's worker threads (for the slow steps)."""
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn, *args)


_PEEK = int(socket.MSG_PEEK | socket.MSG_DONTWAIT)


def _waiting_bytes(conn: Connection) -> int:
    """The length of the message waiting on ``conn`` (from its header, read without taking
    it), or 0 when the header has not arrived."""
    sock = socket.socket(fileno=conn.fileno())
    try:
        header = sock.recv(4, _PEEK)
    except BlockingIOError:
        return 0
    finally:
        sock.detach()
    if len(header) < 4:
        return 0
    size: int = struct.unpack("!i", header)[0]
    return sys.maxsize if size < 0 else size  # -1: a length past 2 GiB follows


def _rows_in(reply: tuple[Any, ...]) -> int:
    answer = reply[1]
    return 0 if answer[0] == "ask" else len(answer[1] if answer[0] == "graph" else answer[2])


def _reply_result(reply: tuple[Any, ...], memory: int) -> QueryResult:
    """A worker's reply as a result, or its error raised."""
    if reply[0] == "error":
        raise _error(reply, memory)
    return _result(reply[2], reply[1])


def _error(reply: tuple[Any, ...], memory: int) -> QueryError:
    kind, message = reply[1], reply[2]
    if kind == "memory":
        return _too_large(memory)
    if kind == "syntax":
        return QueryError(f"Oxigraph could not parse the query: {message}")
    if kind == "QuerySyntaxError" and len(reply) == 5:
        return errors.QuerySyntaxError(message, line=reply[3], column=reply[4])
    cls = getattr(errors, kind, None) if kind in errors.__all__ else None
    if isinstance(cls, type) and issubclass(cls, QueryError):
        return cls(message)
    return QueryError(f"the query failed: {message}")


def _result(form: QueryForm, answer: tuple[Any, ...]) -> QueryResult:
    if answer[0] == "ask":
        return QueryResult(form="ASK", boolean=answer[1])
    if answer[0] == "graph":
        triples = [(unpack(s), unpack(p), unpack(o)) for s, p, o in answer[1]]
        return QueryResult(form=form, triples=triples, truncated=answer[2])
    return PackedSelect(variables=answer[1], truncated=answer[3], packed=answer[2])

