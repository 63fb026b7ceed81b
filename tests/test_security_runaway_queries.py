"""Runaway work stops (issue 8): on every backend, within its timeout plus a second.

"Stopped" means two things, and both are measured: the caller gets ``QueryTimeout`` in time
(wall clock), and afterwards nothing is still computing (CPU of this process and every live
child, or of the server process and its children, over two seconds after the timeout).
Here the library on every local backend, a remote store, the endpoint's memory cap, and
answers capped in rows and bytes with the cut reported (``truncated``,
``X-Myograph-Truncated``, the CLI's note); tests/test_security_runaway_processes.py has the
endpoint and the CLI as processes of their own.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from graph import sparql
from graph.cli import main
from graph.errors import QueryTimeout, StoreError
from graph.server import TRUNCATED_HEADER, create_app
from graph.stores import Store, open_store
from tests.background_server import BackgroundServer
from tests.test_security_support import cpu_over, curated_oxigraph, run_child, serve_process

TIMEOUT = 1.0
GRACE = 1.0
"""Stopped within TIMEOUT + GRACE seconds, as issue 8 asks."""
QUIET = 0.3
"""CPU seconds allowed over the 2 s after a timeout (nothing may still be computing)."""
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }"
SLOW_TO_PARSE = ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(1600))
                 + ") }")
"""About 20 KB that rdflib's parser takes many seconds to read (alternatives in a FILTER):
issue 21 found it parsed in the server process, behind one lock, before the limit started."""


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = open_store("memory") if request.param == "memory" else curated_oxigraph(tmp_path / "db")
    yield made
    if request.param != "memory":
        made.close()


def _stopped_in_time(store: Store, text: str = CARTESIAN) -> float:
    assert sparql.run(store, "ASK { ?s ?p ?o }").boolean  # warm: workers started, caches full
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        sparql.run(store, text, timeout=TIMEOUT)
    return time.monotonic() - started


# --- the library, every local backend --------------------------------------------------


_CARTESIAN_IN_CHILD = """
import json, time
from pathlib import Path
from graph import sparql
from graph.errors import QueryTimeout
from graph.loading import load_file
from tests.conftest import DATA
from tests.test_security_support import cpu_over
from graph.stores import open_store
kind, path = {args!r}
store = open_store({{"memory": "memory", "oxigraph": "oxigraph:" + path,
                    "oxigraph-in-memory": "oxigraph:"}}[kind])
if kind != "memory":
    load_file(store, DATA)
assert sparql.run(store, "ASK {{ ?s ?p ?o }}").boolean  # warm: workers started
started = time.monotonic()
try:
    sparql.run(store, {text!r}, timeout={timeout!r})
    outcome = "answered"
except QueryTimeout:
    outcome = "stopped"
seconds = time.monotonic() - started
burnt = cpu_over(2.0)
again = bool(sparql.run(store, "ASK {{ ?s ?p ?o }}", timeout=30).boolean)
print(json.dumps({{"outcome": outcome, "seconds": seconds, "burnt": burnt, "again": again}}))
"""


@pytest.mark.parametrize("kind", [
    "memory",
    "oxigraph",
    "oxigraph-in-memory",
])
def test_a_cartesian_product_stops_in_time_and_stops_computing(tmp_path: Path,
                                                               kind: str) -> None:
    """Each backend in a child interpreter: its CPU is its own, and a failure cannot leave a
    runaway thread in the test run."""
    code = _CARTESIAN_IN_CHILD.format(args=(kind, str(tmp_path / "db")), text=CARTESIAN,
                                      timeout=TIMEOUT)
    outcome = run_child(code, timeout=60)
    assert not outcome.crashed, (outcome.returncode, outcome.stderr[-500:])
    answer = outcome.answer or {}
    assert answer["outcome"] == "stopped", answer
    assert float(answer["seconds"]) < TIMEOUT + GRACE, answer  # type: ignore[arg-type]
    assert float(answer["burnt"]) < QUIET, (  # type: ignore[arg-type]
        f"{answer['burnt']:.2f} s of CPU in the 2 s after the timeout")
    assert answer["again"] is True, "the store answers again"


def test_a_catastrophic_regex_stops_in_time_and_does_not_freeze_the_process() -> None:
    store = open_store("memory")
    # a first query starts the worker (its start-up is not part of any query's time limit)
    sparql.run(store, "ASK { ?s ?p ?o }", timeout=30)
    text = ('SELECT * WHERE { BIND("' + "a" * 25 + '!" AS ?x) '
            'FILTER(REGEX(?x, "^(a+)+$")) }')
    ticks: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.05)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    started = time.monotonic()
    try:
        with pytest.raises(QueryTimeout):
            sparql.run(store, text, timeout=0.3)
        seconds = time.monotonic() - started
    finally:
        stop.set()
        ticker.join(60)
    longest_pause = max(b - a for a, b in itertools.pairwise(ticks))
    assert seconds < 0.3 + GRACE, seconds
    assert longest_pause < 0.5, f"other threads were frozen for {longest_pause:.1f} s"


_MEMORY_BOMB = """
import json, resource, time
from graph.errors import MyographError
from graph.sparql import run
from graph.stores import open_store
from graph.loading import load_bytes
spec = {spec!r}
store = open_store(spec) if spec == "memory" else open_store(spec + {path!r})
if spec != "memory":
    load_bytes(store, b"<urn:a> <urn:b> <urn:c> .", "x.nt")
names = ["?v%d" % i for i in range(33)]
binds = " ".join("BIND(CONCAT(%s, %s) AS %s)" % (names[i], names[i], names[i + 1])
                 for i in range(32))
text = 'SELECT (STRLEN(?v32) AS ?n) WHERE {{ BIND("0123456789" AS ?v0) ' + binds + " }}"
started = time.monotonic()
try:
    run(store, text, timeout=5)
    outcome = "answered"
except MyographError as error:
    outcome = type(error).__name__ + ": " + str(error)[:200]
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
print(json.dumps({{"outcome": outcome, "seconds": time.monotonic() - started, "peak_mib": rss}}))
"""


@pytest.mark.parametrize("spec", ["memory", "oxigraph:"])
def test_a_memory_bomb_query_is_stopped_before_it_grows(tmp_path: Path, spec: str) -> None:
    """In a child capped at 4 GiB: the query must be refused or stopped under 1 GiB.

    The query worker's own address-space cap (MYOGRAPH_QUERY_MEMORY_MB, 512 MiB past its
    data) stops it: the answer is QueryTooLarge, not a timeout, and the caller stays small.
    """
    code = _MEMORY_BOMB.format(spec=spec, path=str(tmp_path / "db"))
    outcome = run_child(code, timeout=60, memory=4 << 30)
    assert not outcome.crashed, (outcome.returncode, outcome.stderr[-500:])
    answer = outcome.answer or {}
    assert str(answer["outcome"]).startswith("QueryTooLarge: "), answer
    assert int(answer["peak_mib"]) < 1024, answer  # type: ignore[call-overload]
    assert float(answer["seconds"]) < 5 + GRACE, answer  # type: ignore[arg-type]


def test_endpoint_answers_a_memory_bomb_with_503_and_keeps_serving(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory cap is configurable, its error readable, and the server survives it."""
    monkeypatch.setenv("MYOGRAPH_QUERY_MEMORY_MB", "128")
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(32))
    bomb = f'SELECT (STRLEN(?v32) AS ?n) WHERE {{ BIND("0123456789" AS ?v0) {binds} }}'
    with BackgroundServer(create_app(open_store("memory"), timeout=20)) as server, \
            httpx.Client(trust_env=False, timeout=60) as client:
        started = time.monotonic()
        refused = client.get(server.url, params={"query": bomb})
        assert refused.status_code == 503, refused.text
        assert refused.json()["error"] == "QueryTooLarge"
        assert "128 MiB" in refused.json()["message"]
        assert time.monotonic() - started < 10
        again = client.get(server.url, params={"query": FAST})
        assert again.status_code == 200
        assert again.json()["results"]["bindings"][0]["l"]["value"] == "muscle spasm"


def test_a_bad_memory_setting_is_one_readable_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYOGRAPH_QUERY_MEMORY_MB", "lots")
    with pytest.raises(StoreError, match="MYOGRAPH_QUERY_MEMORY_MB must be a whole number"):
        sparql.run(open_store("memory"), FAST)


# --- a remote store --------------------------------------------------------------------


def test_remote_store_stops_waiting_in_time() -> None:
    with serve_process("memory", timeout=10) as server:
        remote = open_store(server.url)
        seconds = _stopped_in_time(remote)
        assert seconds < TIMEOUT + GRACE, seconds


def test_remote_store_timeout_also_stops_the_server() -> None:
    with serve_process("memory", timeout=10) as server:
        remote = open_store(server.url)
        _stopped_in_time(remote)
        burnt = cpu_over(2.0, server.pid)
        assert burnt < QUIET, f"the server burnt {burnt:.2f} s of CPU after the client's timeout"


# --- caps ------------------------------------------------------------------------------


@pytest.mark.parametrize("store", ["memory", "oxigraph"], indirect=True)
def test_library_caps_rows_and_triples_and_says_so(store: Store) -> None:
    rows = sparql.run(store, "SELECT * WHERE { ?s ?p ?o }", max_rows=7)
    assert len(rows.rows) == 7
    assert rows.truncated
    triples = sparql.run(store, "CONSTRUCT WHERE { ?s ?p ?o }", max_rows=7)
    assert len(triples.triples) == 7
    assert triples.truncated
    whole = sparql.run(store, FAST, max_rows=7)
    assert not whole.truncated


def test_cli_says_when_the_answer_was_cut() -> None:
    runner = CliRunner()
    csv = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }", "--limit", "3",
                               "--format", "csv"])
    assert csv.exit_code == 0
    assert len(csv.stdout.strip().splitlines()) == 4  # header + 3 rows
    assert "cut at 3 rows" in csv.stderr
    table = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p ?o }", "--limit", "3"])
    assert "cut at the row limit" in table.stdout


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_endpoint_caps_graphs_and_tables_and_says_so(tmp_path: Path, backend: str) -> None:
    store = open_store("memory") if backend == "memory" else curated_oxigraph(tmp_path / "db")
    with BackgroundServer(create_app(store, max_rows=25)) as server, \
            httpx.Client(trust_env=False, timeout=30) as client:
        graph = client.get(server.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/n-triples"})
        assert graph.status_code == 200
        assert graph.headers[TRUNCATED_HEADER] == "true"
        assert len(graph.text.strip().splitlines()) == 25
        table = client.get(server.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert table.headers[TRUNCATED_HEADER] == "true"
        assert len(table.json()["results"]["bindings"]) == 25
        assert table.json()["myograph"] == {"truncated": True, "max_rows": 25}
        small = client.get(server.url, params={"query": FAST})
        assert small.headers[TRUNCATED_HEADER] == "false"
    if backend == "oxigraph":
        store.close()


def test_endpoint_caps_the_size_of_a_response() -> None:
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(17))
    text = ('SELECT ?v17 WHERE { VALUES ?i { ' + " ".join(str(i) for i in range(40)) + ' } '
            'BIND("0123456789abcdef" AS ?v0) ' + binds + " }")  # 40 rows x 2 MiB
    with BackgroundServer(create_app(open_store("memory"), timeout=30)) as server, \
            httpx.Client(trust_env=False, timeout=60) as client:
        response = client.get(server.url, params={"query": text}, headers={"Accept": "text/csv"})
    whole = 40 * 16 * 2**17
    if response.status_code == 200:
        assert len(response.content) < whole / 2, f"{len(response.content):,} bytes sent"
        assert response.headers[TRUNCATED_HEADER] == "true"
    else:
        assert response.status_code in (413, 503, 507), response.status_code

# --- waiting for a query worker --------------------------------------------------------


def test_waiting_for_a_worker_counts_against_the_time_limit(tmp_path: Path) -> None:
    # issue 21: with every worker busy, a query waited for one and then had its whole limit
    # again (slow queries came back at twice their limit); now it is answered or refused
    # within its own limit, however long the others hold the pool
    store = curated_oxigraph(tmp_path / "db")
    try:
        assert sparql.run(store, "ASK { ?s ?p ?o }").boolean  # workers started

        def hold() -> None:  # a worker, for 2 s
            with pytest.raises(QueryTimeout):
                sparql.run(store, CARTESIAN, timeout=2.0)

        size = store._pool.size  # type: ignore[attr-defined]
        holders = [threading.Thread(target=hold, daemon=True) for _ in range(size)]
        for holder in holders:
            holder.start()
        time.sleep(0.5)  # every worker is computing a cartesian product now
        limit = 2.5  # a worker frees 1.5 s into it: before, the query then had 2.5 s more
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            sparql.run(store, CARTESIAN, timeout=limit)
        assert time.monotonic() - started < limit + GRACE
        for holder in holders:
            holder.join(30)
    finally:
        store.close()
