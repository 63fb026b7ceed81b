"""Instruments shared by the security tests (issue 8), and tests that the instruments work.

- :class:`Canary`: a loopback listener on a free port that counts every connection it
  accepts (and keeps what was sent). A test that must not reach outside asserts
  ``canary.count == 0``; :func:`test_canary_counts_a_real_connection` proves it would see one.
- :func:`content_hash`: triple count and a SHA-256 of a store's sorted N-Quads, so "the store
  is exactly as before" is one comparison.
- :func:`tree_cpu`: CPU seconds used by a process and all its live descendants (from
  ``/proc``), so "nothing is still burning CPU after the timeout" covers worker processes.
- :func:`run_child`: run a snippet of Python in a separate interpreter with a memory cap and a
  wall-clock limit, reporting a crash, a kill or a hang instead of taking the test run down
  with it (segfaults, aborts, out-of-memory).

Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rdflib import BNode, Literal, URIRef

from graph.stores import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
PASSWD_MARKER = "root:"
"""The first field of /etc/passwd's first line: must never appear in any output."""


# --- the canary ------------------------------------------------------------------------


@dataclass
class Canary:
    """A loopback TCP listener that counts accepted connections (see the module docstring)."""

    sock: socket.socket
    connections: int = 0
    received: list[bytes] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def count(self) -> int:
        time.sleep(0.02)  # let a connection already queued be counted by the accept thread
        with self._lock:
            return self.connections

    def serve(self) -> None:
        self.sock.settimeout(0.01)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.connections += 1
            try:
                conn.settimeout(0.2)
                self.received.append(conn.recv(4096))
            except OSError:
                pass
            finally:
                conn.close()

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()


@contextmanager
def open_canary() -> Iterator[Canary]:
    """A fresh :class:`Canary`, stopped when the block ends (wrap it in a fixture)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    watcher = Canary(sock)
    thread = threading.Thread(target=watcher.serve, name="canary", daemon=True)
    thread.start()
    try:
        yield watcher
    finally:
        watcher.stop()
        thread.join(2)


# --- the store's content ---------------------------------------------------------------


def curated_oxigraph(path: Path) -> Store:
    """An on-disk Oxigraph store at ``path`` holding data/triples.ttl."""
    from graph.loading import load_file
    from graph.namespaces import DATA_GRAPH
    from tests.conftest import DATA

    store = open_store(f"oxigraph:{path}")
    load_file(store, DATA, graph=DATA_GRAPH)
    return store


def _nt(term: object) -> str:
    if isinstance(term, URIRef | BNode | Literal):
        return term.n3()
    return repr(term)


def content_hash(store: Store) -> tuple[int, str]:
    """(quad count, SHA-256 of the sorted N-Quads lines) of everything the store holds."""
    lines = sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} {'<' + g + '>' if g else ''} ."
                   for s, p, o, g in store.quads())
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return len(lines), digest


# --- CPU of a process tree -------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user+system CPU seconds) of one process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds used so far by ``root`` (default: this process) and its live descendants."""
    root = os.getpid() if root is None else root
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found is not None:
                parents[int(entry)], cpu[int(entry)] = found
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def cpu_over(seconds: float, root: int | None = None) -> float:
    """CPU seconds the process tree burns during the next ``seconds`` of wall time."""
    before = tree_cpu(root)
    time.sleep(seconds)
    return tree_cpu(root) - before


# --- a child interpreter ---------------------------------------------------------------


@dataclass
class ChildOutcome:
    """What a child interpreter did: ``answer`` is the JSON it printed last, if any."""

    returncode: int | None
    seconds: float
    answer: dict[str, object] | None
    stderr: str

    @property
    def crashed(self) -> bool:
        return self.returncode is None or self.returncode != 0 or self.answer is None


def run_child(code: str, *, timeout: float, memory: int = 3 << 30,
              stdin: bytes | None = None) -> ChildOutcome:
    """Run ``code`` (which prints one JSON line last) in a fresh interpreter.

    The child gets an address-space cap of ``memory`` bytes and is killed after
    ``timeout`` seconds (``returncode`` None then).
    """

    def limit() -> None:  # pragma: no cover - runs in the child before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=limit, start_new_session=True)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
        returncode: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        out, err = process.communicate()
        returncode = None
    seconds = time.monotonic() - started
    answer = None
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if lines:
        try:
            answer = json.loads(lines[-1])
        except ValueError:
            answer = None
    return ChildOutcome(returncode, seconds, answer, err.decode("utf-8", "replace")[-2000:])


# --- `myograph serve` as a process ----------------------------------------------------


@dataclass
class ServedProcess:
    """A running ``myograph serve``: its process and its endpoint URL."""

    process: subprocess.Popen[str]
    url: str

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def serve_process(store: str, *, timeout: float, args: tuple[str, ...] = ()
                  ) -> Iterator[ServedProcess]:
    """``myograph --store STORE serve`` on 127.0.0.1 and a free port, stopped at the end."""
    command = [str(Path(sys.executable).parent / "myograph"), "--store", store, "serve",
               "--port", "0", "--timeout", f"{timeout:g}", *args]
    env = {**os.environ, "NO_PROXY": "*"}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env,
                               start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/sparql", line)
        assert match, f"myograph serve did not report its URL: {line!r}"
        url = match.group(0)
        deadline = time.monotonic() + 30
        with httpx.Client(trust_env=False, timeout=5) as client:
            while True:
                try:
                    if client.get(url.replace("/sparql", "/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "myograph serve did not start"
                time.sleep(0.05)
        yield ServedProcess(process, url)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
        process.wait(10)


# --- the instruments bite --------------------------------------------------------------


def test_canary_counts_a_real_connection(canary: Canary) -> None:
    assert canary.count == 0
    with socket.create_connection(("127.0.0.1", canary.port), timeout=2) as conn:
        conn.sendall(b"GET /x HTTP/1.0\r\n\r\n")
    deadline = time.monotonic() + 2
    while canary.count == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert canary.count == 1
    assert canary.received[0].startswith(b"GET /x")


def test_content_hash_sees_one_changed_triple() -> None:
    store = open_store("memory:empty")
    store.add_triples([(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("x"))], "urn:ex:g")
    before = content_hash(store)
    store.add_triples([(URIRef("urn:ex:a"), URIRef("urn:ex:p"), Literal("y"))], "urn:ex:g")
    after = content_hash(store)
    assert before[0] == 1
    assert after[0] == 2
    assert before[1] != after[1]


def test_tree_cpu_sees_a_busy_child() -> None:
    child = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        assert cpu_over(1.0) > 0.5
    finally:
        child.kill()
        child.wait()
    assert cpu_over(0.5) < 0.3


def test_run_child_reports_a_crash_and_a_hang() -> None:
    crash = run_child("import os; os.abort()", timeout=20)
    assert crash.crashed
    assert crash.returncode is not None
    assert crash.returncode < 0
    hang = run_child("import time; time.sleep(60)", timeout=1)
    assert hang.returncode is None
    assert hang.seconds < 10
    fine = run_child("import json; print(json.dumps({'ok': 1}))", timeout=20)
    assert not fine.crashed
    assert fine.answer == {"ok": 1}
