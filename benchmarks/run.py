"""The benchmark: myograph's backends side by side at research scale.

``make bench`` (sizes 100 k and 1 M triples) or ``make bench FULL=1`` (3 M too) runs::

    python -m benchmarks.run [--full] [--sizes N …] [--smoke]

For each size it generates (or reuses, from ``benchmarks/work/``) a graph in the project's
vocabulary and a Hetionet-shaped one (``benchmarks/generate.py``), then:

- loads the graph with Oxigraph's own CLI (``oxigraph load``: the engine's limit), into
  our Oxigraph store and into rdflib in memory, each in a fresh process, so the time and
  the peak RSS are the load's own: into the default graph (``myograph load
  --default-graph``, like ``oxigraph load``), and, for Oxigraph, also into a named graph of
  its own (how uploads and plain ``myograph load`` go in) beside ``oxigraph load --graph``;
- runs every interaction on both stores in the process that loaded it, each a warm-up and
  then ``n`` timed calls: search (hit, miss, fuzzy; and the first call, which builds the
  label index), neighbours (a typical node and the biggest hub), paths (reachable and
  unreachable pairs, k=5, 4 hops), stats, and rendering the network HTML of a 300-node view;
  on the memory store each interaction runs in a forked copy of the loaded process that is
  killed when its time budget runs out, and is then recorded as ``over budget``;
- times a search as a fresh ``myograph`` CLI process would (no warm index);
- serves each store with the SPARQL endpoint on 127.0.0.1 and sends it small queries from 8
  concurrent clients (requests/s and latency), then stops the server;
- loads the Hetionet-shaped graph into Oxigraph and runs search, neighbours and paths over
  its own relations (issue 9);

and, once, the embedded default (``data/triples.ttl`` in memory, and the app's cold start).

It writes ``benchmarks/results/latest.json`` (``machine``, ``load``, ``results``, ``goals``),
``latest.md`` (the tables, backends side by side, ratios, growth factors, goals) and
``latest.png`` (time against size per operation).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import json
import math
import os
import platform
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import GENERATOR_VERSION, cached, manifest_path
from benchmarks.report import size_label, validate, write_report
from benchmarks.synthetic.common import MGE, RDFS

__all__ = ["BUDGETS", "REPEATS", "endpoint_bench", "main", "oxigraph_binary", "percentile",
           "run_op"]

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
SIZES = (100_000, 1_000_000)
FULL_SIZES = (100_000, 1_000_000, 3_000_000)
SMOKE_SIZES = (2_000,)
SEED = 7
MIB = 1024 * 1024

BUDGETS: dict[str, float] = {
    "load": 300.0,
    "search (first call: index build)": 150.0,
    "search": 20.0,
    "neighbours": 30.0,
    "path": 60.0,
    "stats": 60.0,
    "render": 30.0,
    "endpoint": 60.0,
    "cli": 60.0,
}
"""Seconds each operation may take in all (warm-up and timed calls); beyond: over budget."""

REPEATS: dict[str, int] = {"search": 30, "neighbours": 20, "path": 10, "stats": 5,
                           "render": 10, "cli": 3}
"""Timed calls per operation, after the warm-up."""

LOAD_REPEATS = 3
"""Loads of each file by oxigraph and oxigraph-cli, interleaved; the median is reported."""

ENDPOINT_CLIENTS = 8
OXIGRAPH_SERVER = "oxigraph serve-read-only"
"""The backend name of Oxigraph's own server in the endpoint records."""
ENDPOINT_REQUESTS = 4_000
ENDPOINT_SECONDS = 20.0
ENDPOINT_ENTITIES = 1_000
"""Entities the endpoint requests are about: four distinct requests each (4,000 in all)."""
RDFS_LABEL = RDFS + "label"


# =========================================================================== timing helpers


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sequence.

    >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 95)
    5.0
    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    """
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _budget_for(operation: str) -> float:
    if operation in BUDGETS:
        return BUDGETS[operation]
    return BUDGETS[operation.split(" ")[0]]


@dataclass
class Op:
    """One operation: calls cycled through (each returns a short detail), run ``n`` times."""

    name: str
    calls: list[Callable[[], str]]
    n: int
    budget: float
    needs_index: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _error_status(error: BaseException) -> str:
    name = type(error).__name__
    return "over budget" if name in ("QueryTimeout", "TimeoutError") else "error"


def run_op(op: Op) -> dict[str, Any]:
    """Warm up (each distinct call once), then time ``op.n`` calls within the budget."""
    started = time.perf_counter()
    details: list[str] = []
    out: dict[str, Any] = {"operation": op.name, "n": 0, "p50_ms": None, "p95_ms": None,
                           "status": "ok", **op.extra}
    try:
        for call in op.calls:
            details.append(call())
            if time.perf_counter() - started > op.budget:
                out.update(status="over budget", budget_s=op.budget,
                           detail=f"the warm-up alone took {time.perf_counter() - started:.1f} s")
                return out
        times: list[float] = []
        for i in range(op.n):
            if times and time.perf_counter() - started > op.budget:
                break
            call = op.calls[i % len(op.calls)]
            t0 = time.perf_counter()
            call()
            times.append(time.perf_counter() - t0)
    except Exception as error:  # noqa: BLE001 - recorded, never hidden
        out.update(status=_error_status(error), budget_s=op.budget,
                   detail=f"{type(error).__name__}: {str(error)[:200]}")
        return out
    out.update(n=len(times), p50_ms=_ms(statistics.median(times)),
               p95_ms=_ms(percentile(times, 95)), detail="; ".join(dict.fromkeys(details)))
    return out


def run_forked(fn: Callable[[], dict[str, Any]], op: Op, grace: float = 5.0) -> dict[str, Any]:
    """``fn()`` in a forked copy of this process, killed when ``op``'s budget runs out.

    Only for the memory store (rdflib is pure Python and fork-safe); the parent keeps its
    loaded graph whatever the child does.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without cleanup
        os.close(read_end)
        try:
            payload = json.dumps(fn()).encode()
        except BaseException as error:  # noqa: BLE001 - the child must always answer
            payload = json.dumps({"operation": op.name, "status": "error",
                                  "detail": repr(error)[:200]}).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + op.budget + grace
    chunks: list[bytes] = []
    finished = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = pipe.read(65536)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    if not finished:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if finished and chunks:
        result: dict[str, Any] = json.loads(b"".join(chunks))
        return result
    return {"operation": op.name, "n": 0, "p50_ms": None, "p95_ms": None,
            "status": "over budget", "budget_s": op.budget,
            "detail": f"stopped after {op.budget:g} s", **op.extra}


# =========================================================================== the child side


def _emit(record: dict[str, Any]) -> None:
    """A line the parent reads: ``@@`` then JSON."""
    sys.stdout.write("@@" + json.dumps(record) + "\n")
    sys.stdout.flush()


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _view(store: Any, hub: str, want: int = 300) -> dict[str, Any]:
    """A 300-node view around the hub, as the app's Explore view gathers it."""
    from graph.neighbours import neighbours
    from graph.paths import causal_relations

    signs = {r.iri: r.sign for r in causal_relations(store, timeout=60)}
    hood = neighbours(store, hub, limit=want)
    nodes: dict[str, list[str]] = {hub: [hub, hood.label, "", ""]}
    edges: list[list[str]] = []

    def add(hood: Any, grow: bool) -> None:
        for group in hood.groups:
            for n in group.neighbours:
                if n.iri not in nodes:
                    if not grow or len(nodes) >= want:
                        continue
                    nodes[n.iri] = [n.iri, n.label, n.type, n.type]
                s, o = (hood.iri, n.iri) if group.direction == "out" else (n.iri, hood.iri)
                edges.append([s, o, group.relation, group.relation_label,
                              signs.get(group.relation, "")])

    add(hood, grow=True)
    for centre in list(nodes)[1:16]:  # a few neighbours opened too: edges among the nodes
        add(neighbours(store, centre, limit=40), grow=len(nodes) < want)
    return {"focus": hub, "nodes": list(nodes.values()), "edges": edges}


def _render_call(view: dict[str, Any]) -> Callable[[], str]:
    from graph.render import GraphEdge, GraphNode, build, to_html

    nodes = [GraphNode(*n) for n in view["nodes"]]
    edges = [GraphEdge(*e) for e in view["edges"]]

    def call() -> str:
        rendered = build(nodes, edges, focus=view["focus"], max_nodes=300, height=600)
        page = to_html(rendered)
        return f"{rendered.shown} nodes, {len(rendered.edges)} edges, {len(page) // 1024} KiB"

    return call


def _stats_call(store: Any) -> str:
    from graph.stats import stats

    return f"{stats(store, timeout=BUDGETS['stats']).triples} triples"


def _ops(store: Any, meta: dict[str, Any], repeats: dict[str, int],
         view: dict[str, Any] | None) -> list[Op]:
    from graph.neighbours import neighbours
    from graph.paths import find_paths
    from graph.search import search

    het = meta["profile"] == "hetionet"
    path_kw: dict[str, Any] = {"relations": ["any"], "undirected": True} if het else {}

    def searcher(text: str) -> Callable[[], str]:
        return lambda: ", ".join(h.label for h in search(store, text)[:3]) or "no hit"

    def neighbourer(iri: str) -> Callable[[], str]:
        def call() -> str:
            hood = neighbours(store, iri)
            return f"{sum(g.total for g in hood.groups)} links"
        return call

    def pather(pair: Sequence[str], budget: float) -> Callable[[], str]:
        def call() -> str:
            found = find_paths(store, pair[0], pair[1], k=5, max_hops=4,
                               timeout=min(budget, 300), **path_kw)
            return f"{len(found.paths)} routes"
        return call

    def stater() -> str:
        return _stats_call(store)

    s = meta["search"]
    ops = [
        Op("search (hit)", [searcher(s["hit"])], repeats["search"], BUDGETS["search"], True),
        Op("search (miss)", [searcher(s["miss"])], repeats["search"], BUDGETS["search"], True),
        Op("search (fuzzy)", [searcher(s["fuzzy"])], repeats["search"], BUDGETS["search"],
           True),
        Op("neighbours (typical)", [neighbourer(meta["typical"]["iri"])],
           repeats["neighbours"], BUDGETS["neighbours"], True,
           {"degree": meta["typical"]["degree"]}),
        Op("neighbours (hub)", [neighbourer(meta["hub"]["iri"])], repeats["neighbours"],
           BUDGETS["neighbours"], True, {"degree": meta["hub"]["degree"]}),
        Op("path (reachable)", [pather(p, BUDGETS["path"]) for p in meta["reachable"]],
           repeats["path"], BUDGETS["path"]),
        Op("path (unreachable)", [pather(p, BUDGETS["path"]) for p in meta["unreachable"]],
           repeats["path"], BUDGETS["path"]),
    ]
    if not het:
        ops.append(Op("stats", [stater], repeats["stats"], BUDGETS["stats"]))
        if view is not None:
            ops.append(Op("render (300-node view)", [_render_call(view)], repeats["render"],
                          BUDGETS["render"]))
    return ops


def child_main(args: argparse.Namespace) -> int:
    """Load one file into one backend, then run the interactions; report ``@@`` lines."""
    from graph.loading import load_file
    from graph.search import index_for
    from graph.stores import open_store
    from graph.stores.base import DEFAULT_GRAPH

    meta = json.loads(Path(args.meta).read_text(encoding="utf-8"))
    repeats = json.loads(args.repeats)
    started = time.perf_counter()
    if args.child == "memory":
        store = open_store("memory:empty")
    else:
        store = open_store(f"oxigraph:{args.store_dir}")
    # like `myograph load --default-graph` (and `oxigraph load`): a store's base data; with
    # --named-graph like an upload, into a graph of its own
    report = load_file(store, Path(args.file),
                       graph=None if args.named_graph else DEFAULT_GRAPH)
    seconds = time.perf_counter() - started
    _emit({"kind": "load", "seconds": round(seconds, 3), "peak_rss_mib": _peak_rss_mib(),
           "loaded": report.triples})
    if args.load_only:
        store.close()
        return 0
    forked = args.child == "memory"
    index_op = Op("search (first call: index build)", [lambda: f"{len(index_for(store))} "
                                                       "names"], 0,
                  BUDGETS["search (first call: index build)"])
    index_op.n = 1
    first = _first_call(index_op, forked)
    _emit({"kind": "result", **first})
    index_ok = first["status"] == "ok"
    if forked and index_ok:
        index_for(store)  # known to finish in budget: build it here, for the forks to share
    if meta["profile"] == "myograph":  # stats are cached per store version: the first call
        stats_op = Op("stats (first call)", [functools.partial(_stats_call, store)], 1,
                      BUDGETS["stats"])
        _emit({"kind": "result", **_first_call(stats_op, forked)})
    view: dict[str, Any] | None = None
    if meta["profile"] == "myograph":
        view_file = Path(args.view) if args.view else None
        if view_file is not None and view_file.exists():
            view = json.loads(view_file.read_text(encoding="utf-8"))
        elif index_ok and not forked:
            view = _view(store, meta["hub"]["iri"])
            if view_file is not None:
                view_file.write_text(json.dumps(view), encoding="utf-8")
    for op in _ops(store, meta, repeats, view):
        if op.needs_index and not index_ok:
            _emit({"kind": "result", "operation": op.name, "n": 0, "p50_ms": None,
                   "p95_ms": None, "status": "over budget", "budget_s": index_op.budget,
                   "detail": "needs the label index, whose build was over budget", **op.extra})
            continue
        _emit({"kind": "result", **(run_forked(functools.partial(run_op, op), op) if forked
                                    else run_op(op))})
    if meta["profile"] == "myograph" and view is None:
        _emit({"kind": "result", "operation": "render (300-node view)", "n": 0,
               "p50_ms": None, "p95_ms": None, "status": "over budget",
               "budget_s": BUDGETS["neighbours"],
               "detail": "the 300-node view could not be gathered (neighbours over budget)"})
    store.close()
    return 0


def _first_call(op: Op, forked: bool) -> dict[str, Any]:
    """Time one cold call (no warm-up): the label index build."""
    def once() -> dict[str, Any]:
        t0 = time.perf_counter()
        try:
            detail = op.calls[0]()
        except Exception as error:  # noqa: BLE001 - recorded, never hidden
            return {"operation": op.name, "n": 0, "p50_ms": None, "p95_ms": None,
                    "status": _error_status(error), "budget_s": op.budget,
                    "detail": f"{type(error).__name__}: {str(error)[:200]}"}
        ms = _ms(time.perf_counter() - t0)
        return {"operation": op.name, "n": 1, "p50_ms": ms, "p95_ms": ms, "status": "ok",
                "detail": detail}

    return run_forked(once, op) if forked else once()


def curated_main(args: argparse.Namespace) -> int:
    """The embedded default: data/triples.ttl in memory, each interaction timed."""
    t0 = time.perf_counter()
    from graph.stores import open_store

    store = open_store("memory")
    open_s = time.perf_counter() - t0
    _emit({"kind": "meta", "triples": sum(1 for _ in store.quads())})
    _emit({"kind": "result", "operation": "open store (imports + load)", "n": 1,
           "p50_ms": _ms(open_s), "p95_ms": _ms(open_s), "status": "ok"})
    from graph.search import index_for

    index_op = Op("search (first call: index build)",
                  [lambda: f"{len(index_for(store))} names"], 1, 30)
    _emit({"kind": "result", **_first_call(index_op, forked=False)})
    # what every later process does: the index the build kept for this file, read back
    again = open_store("memory")
    kept_op = Op("search (first call in a later process: index kept from the first)",
                 [lambda: f"{len(index_for(again))} names"], 1, 30)
    _emit({"kind": "result", **_first_call(kept_op, forked=False)})
    mge = "https://w3id.org/myograph/entity/"
    meta = {
        "profile": "myograph",
        "search": {"hit": "cramp", "miss": "xqzvwrtk plomb", "fuzzy": "cefuroxim"},
        "typical": {"iri": mge + "dehydration", "degree": 0},
        "hub": {"iri": mge + "muscle_spasm", "degree": 0},
        "reachable": [[mge + "acyclovir", mge + "muscle_spasm"],
                      [mge + "copd", mge + "muscle_twitch"]],
        "unreachable": [[mge + "muscle_spasm", mge + "acyclovir"]],
    }
    repeats = json.loads(args.repeats)
    stats_op = Op("stats (first call)", [functools.partial(_stats_call, store)], 1, 30)
    _emit({"kind": "result", **_first_call(stats_op, forked=False)})
    view = _view(store, mge + "muscle_spasm")
    for op in _ops(store, meta, repeats, view):
        _emit({"kind": "result", **run_op(op)})
    for op in _question_ops(store):
        _emit({"kind": "result", **run_op(op)})
    return 0


def _question(store: Any, source: str, target: str, max_hops: int) -> str:
    """A ready-made question of the Trace view, as the view answers it (graph.trace)."""
    from graph.search import resolve
    from graph.trace import trace

    answer = trace(store, resolve(store, source), resolve(store, target), max_hops=max_hops)
    return f"{len(answer.paths.paths)} routes"


def _example(store: Any, name: str) -> str:
    from graph import queries
    from graph.sparql import run

    return f"{len(run(store, queries.get(name).text, trusted=True).rows)} rows"


def _question_ops(store: Any) -> list[Op]:
    """Each of the Trace view's ready-made questions (issue 17: each under a second), timed
    on its own; the first call of each is its warm-up, as in every operation."""
    from myograph_app.trace import QUESTIONS

    ops = []
    for q in QUESTIONS:
        call = (functools.partial(_example, store, q.example) if q.example else
                functools.partial(_question, store, q.source, q.target, q.max_hops))
        ops.append(Op(f"trace (ready-made question: {q.text})", [call], 5, BUDGETS["path"]))
    return ops


# =========================================================================== the parent side


@dataclass
class Run:
    """Everything one benchmark run collects."""

    smoke: bool
    sizes: list[int]
    work: Path
    repeats: dict[str, int]
    backends: list[str]
    endpoint: bool = True
    app: bool = True
    load_repeats: int = 3
    hetionet: bool = True
    load: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    graphs: list[dict[str, Any]] = field(default_factory=list)

    def log(self, text: str) -> None:
        print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


def _graph_file(work: Path, profile: str, size: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The generated file for a size (see :func:`benchmarks.generate.cached`)."""
    return cached(work, profile, size, seed)


def _kill_group(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _vm_hwm_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _child(run: Run, argv: list[str], load_budget: float | None,
           total_budget: float) -> tuple[list[dict[str, Any]], str]:
    """Run a child process, collecting its ``@@`` records; kill it when over budget.

    Returns the records and a note ("" when it finished).
    """
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.run", *argv], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    records: list[dict[str, Any]] = []
    errors: list[str] = []

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("@@"):
                records.append(json.loads(line[2:]))
                rec = records[-1]
                if rec.get("kind") == "result":
                    shown = (f"p95 {rec['p95_ms']} ms (n={rec['n']})" if rec.get("p95_ms")
                             is not None else rec.get("status"))
                    run.log(f"    {rec['operation']}: {shown}  {rec.get('detail', '')}"[:160])

    def read_err() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            errors.append(line)
            del errors[:-40]

    readers = [threading.Thread(target=read_out, daemon=True),
               threading.Thread(target=read_err, daemon=True)]
    for t in readers:
        t.start()
    started = time.monotonic()
    note = ""
    peak: float | None = None
    while proc.poll() is None:
        elapsed = time.monotonic() - started
        peak = _vm_hwm_mib(proc.pid) or peak
        loaded = any(r.get("kind") == "load" for r in records)
        if load_budget is not None and not loaded and elapsed > load_budget:
            note = "load over budget"
            break
        if elapsed > total_budget:
            note = "child over its total budget"
            break
        time.sleep(0.2)
    if note:
        _kill_group(proc)
        records.append({"kind": "killed", "note": note, "peak_rss_mib": peak})
    for t in readers:
        t.join(5)
    if proc.returncode not in (0, None) and not note:
        tail = "".join(errors[-8:]).strip()
        run.log(f"    child failed ({proc.returncode}): {tail[-600:]}")
        records.append({"kind": "failed", "note": tail[-300:]})
    return records, note


def _total_budget(run: Run) -> float:
    ops = ("search", "search", "search", "neighbours", "neighbours", "path", "path", "stats",
           "render")
    return (BUDGETS["load"] + BUDGETS["search (first call: index build)"]
            + sum(BUDGETS[o] + 10 for o in ops) + 120)


def _record_child(run: Run, backend: str, size: int, graph: str,
                  records: list[dict[str, Any]], note: str, expected: list[str]) -> None:
    load = next((r for r in records if r.get("kind") == "load"), None)
    killed = next((r for r in records if r.get("kind") == "killed"), None)
    if load is not None:
        run.load.append({"backend": backend, "triples": size, "seconds": load["seconds"],
                         "peak_rss_mib": load["peak_rss_mib"], "status": "ok", "graph": graph,
                         "loaded": load["loaded"],
                         "load_average": round(os.getloadavg()[0], 2)})
    else:
        run.load.append({"backend": backend, "triples": size, "seconds": None,
                         "peak_rss_mib": killed.get("peak_rss_mib") if killed else None,
                         "status": "over budget" if note else "error",
                         "budget_s": BUDGETS["load"], "graph": graph,
                         "detail": note or "the load failed"})
    done = set()
    for r in records:
        if r.get("kind") == "result":
            r = {k: v for k, v in r.items() if k != "kind"}
            done.add(r["operation"])
            run.results.append({"backend": backend, "triples": size, "graph": graph, **r})
    for name in expected:
        if name not in done:
            run.results.append({"backend": backend, "triples": size, "graph": graph,
                                "operation": name, "n": 0, "p50_ms": None, "p95_ms": None,
                                "status": "over budget", "budget_s": _budget_for(name),
                                "detail": note or "not run"})


MYOGRAPH_OPS = ["search (first call: index build)", "search (hit)", "search (miss)",
                "search (fuzzy)", "neighbours (typical)", "neighbours (hub)",
                "path (reachable)", "path (unreachable)", "stats (first call)", "stats",
                "render (300-node view)"]
HETIONET_OPS = MYOGRAPH_OPS[:8]


def _cli_load(run: Run, file: Path, size: int, graph: str,
              named_graph: str | None = None) -> dict[str, Any] | None:
    """Oxigraph's own bulk loader on the same file, timed from outside, with its peak RSS.

    Into the default graph (the issue's yardstick), or with ``named_graph`` into the named
    graph our loader uses (``oxigraph load --graph``): the like-for-like comparison.
    """
    command = oxigraph_binary()
    if command is None:
        run.log("    oxigraph CLI not installed (pip install oxigraph): skipped")
        return None
    location = run.work / f"cli-{graph}-{size}"
    shutil.rmtree(location, ignore_errors=True)
    load_average = round(os.getloadavg()[0], 2)
    t0 = time.perf_counter()
    extra = ["--graph", named_graph] if named_graph else []
    proc = subprocess.Popen([command, "load", "--location", str(location), "--file", str(file),
                             *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = t0 + BUDGETS["load"]
    entry: dict[str, Any] = {"backend": "oxigraph-cli", "triples": size, "graph": graph,
                             "seconds": None, "peak_rss_mib": None, "status": "ok",
                             "load_average": load_average}
    while True:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(code)
            entry.update(seconds=round(time.perf_counter() - t0, 3),
                         peak_rss_mib=round(usage.ru_maxrss / 1024, 1))
            if proc.returncode != 0:
                entry.update(status="error", detail=f"exit code {proc.returncode}")
            break
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            entry.update(status="over budget", budget_s=BUDGETS["load"])
            break
        time.sleep(0.02)
    shutil.rmtree(location, ignore_errors=True)
    into = " --graph (a named graph)" if named_graph else ""
    run.log(f"    oxigraph-cli load{into}: {entry['seconds']} s, peak {entry['peak_rss_mib']} MiB")
    return entry


def _our_load(run: Run, file: Path, meta_file: Path, size: int,
              named_graph: bool = False) -> dict[str, Any] | None:
    """Our Oxigraph store's load alone, in a fresh process (for the interleaved repeats):
    into the default graph, or with ``named_graph`` into a graph of its own (as uploads)."""
    location = run.work / f"store-load-{size}"
    shutil.rmtree(location, ignore_errors=True)
    load_average = round(os.getloadavg()[0], 2)
    records, _note = _child(run, ["--child", "oxigraph", "--load-only", "--file", str(file),
                                  "--meta", str(meta_file), "--store-dir", str(location),
                                  "--repeats", json.dumps(run.repeats),
                                  *(["--named-graph"] if named_graph else [])],
                            BUDGETS["load"], BUDGETS["load"] + 30)
    shutil.rmtree(location, ignore_errors=True)
    load = next((r for r in records if r.get("kind") == "load"), None)
    if load is None:
        return None
    into = " (a named graph)" if named_graph else ""
    run.log(f"    oxigraph load{into}: {load['seconds']} s, peak {load['peak_rss_mib']} MiB")
    return {"seconds": load["seconds"], "peak_rss_mib": load["peak_rss_mib"],
            "load_average": load_average}


def _merge_loads(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """One load entry from repeated ones: the median time, the largest peak RSS."""
    ok = [e for e in entries if e.get("status", "ok") == "ok" and e.get("seconds") is not None]
    if not ok:
        return entries[-1]
    merged = dict(ok[-1])
    merged.update(seconds=round(statistics.median(e["seconds"] for e in ok), 3),
                  peak_rss_mib=max(e["peak_rss_mib"] for e in ok),
                  samples=[e["seconds"] for e in ok],
                  load_average=[e.get("load_average") for e in ok])
    return merged


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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


def oxigraph_binary() -> str | None:
    """Oxigraph's own CLI: beside this Python (the dev extra installs it), else on PATH."""
    beside = BIN / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


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
    port = _free_port()
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
    port = _free_port()
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
        return _hit_endpoint(command, port, warm_up, paths, ready, log,
                             startup_budget=startup_budget, requests=requests,
                             seconds=seconds, clients=clients)


def _hit_endpoint(command: list[str], port: int, warm_up: list[str], paths: list[str],
                  ready: str, log: IO[bytes], *, startup_budget: float, requests: int,
                  seconds: float, clients: int) -> dict[str, Any]:
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                            start_new_session=True)
    out: dict[str, Any] = {"operation": f"endpoint ({clients} clients)", "n": 0,
                           "p50_ms": None, "p95_ms": None, "status": "ok"}
    try:
        started = time.monotonic()
        while True:
            if proc.poll() is not None:
                log.seek(0)
                err = log.read().decode(errors="replace")[-300:]
                out.update(status="error", detail=f"the server exited: {err}")
                return out
            if time.monotonic() - started > startup_budget:
                out.update(status="over budget", budget_s=startup_budget,
                           detail="the server did not answer /health in time")
                return out
            if _answers(port, ready):
                break
            time.sleep(0.2)
        out["startup_s"] = round(time.monotonic() - started, 2)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        issued = [0]
        stop_at = [0.0]

        def client(i: int, budget: int | None) -> None:
            # the warm-up may wait for the query workers' first load (half a minute for an
            # rdflib store of 1 M triples); timed requests get 30 s
            wait = 30 if budget is None else startup_budget
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=wait)
            j = 0
            while True:
                with lock:
                    if budget is None:
                        if issued[0] >= requests or time.monotonic() > stop_at[0]:
                            break
                        path = paths[issued[0] % len(paths)]
                        issued[0] += 1
                    elif j >= budget:
                        break
                    else:
                        path = warm_up[(i + j) % len(warm_up)]
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
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=wait)
                    status = type(error).__name__
                else:
                    status = str(response.status)
                elapsed = time.perf_counter() - t0
                with lock:
                    if budget is None:
                        if ok:
                            latencies.append(elapsed)
                        else:
                            errors.append(status)
            conn.close()

        warm = [threading.Thread(target=client, args=(i, 2)) for i in range(clients)]
        for t in warm:
            t.start()
        for t in warm:
            t.join()
        t0 = time.perf_counter()
        stop_at[0] = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(i, None)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        if not latencies:
            out.update(status="error", detail=f"no request succeeded ({errors[:3]})")
            return out
        out.update(n=len(latencies), p50_ms=_ms(statistics.median(latencies)),
                   p95_ms=_ms(percentile(latencies, 95)),
                   requests_per_s=round(len(latencies) / wall, 1), errors=len(errors),
                   detail=f"{len(latencies)} requests in {wall:.1f} s, {len(errors)} errors")
        return out
    finally:
        _stop(proc, signal.SIGINT)


def _answers(port: int, path: str) -> bool:
    """Whether a server on 127.0.0.1:``port`` answers ``GET path`` with 200 now."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", path)
            return conn.getresponse().status == 200
        finally:
            conn.close()
    return False


def _stop(proc: subprocess.Popen[Any], sig: int) -> None:
    """Stop a server started in a session of its own: ``sig``, then SIGKILL after 10 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            _kill_group(proc)


def _cli_search(store_dir: Path, text: str, n: int) -> dict[str, Any]:
    """``myograph --store oxigraph:DIR search TEXT`` as a fresh process, ``n`` times."""
    out = _cli_command(f"oxigraph:{store_dir}", ["search", text, "--limit", "3"], n)
    out.update(operation="search (cold CLI process)",
               detail="a fresh process: imports, store open, label index, search")
    return out


def _cli_command(spec: str, args: list[str], n: int) -> dict[str, Any]:
    """``myograph --store SPEC ARGS…`` as a fresh process, ``n`` times (within the CLI budget)."""
    times: list[float] = []
    out: dict[str, Any] = {"operation": " ".join(args), "n": 0, "p50_ms": None,
                           "p95_ms": None, "status": "ok"}
    started = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            done = subprocess.run([str(BIN / "myograph"), "--store", spec, *args], cwd=ROOT,
                                  text=True, capture_output=True, timeout=BUDGETS["cli"],
                                  check=False)
        except subprocess.TimeoutExpired:
            out.update(status="over budget", budget_s=BUDGETS["cli"])
            return out
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            out.update(status="error", detail=done.stderr.strip()[-200:])
            return out
        if time.perf_counter() - started > BUDGETS["cli"]:
            break
    out.update(n=len(times), p50_ms=_ms(statistics.median(times)),
               p95_ms=_ms(percentile(times, 95)))
    return out


def remote_vs_local(store_dir: Path, meta: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """Whole CLI commands on an Oxigraph store and on the same store behind ``oxigraph
    serve-read-only`` (a remote store), interleaved; each timed after one untimed first run
    (the remote store's first command builds the derived values it keeps).

    Records have ``graph`` "remote" and ``backend`` "oxigraph" (local) or "remote".
    """
    binary = oxigraph_binary()
    if binary is None:
        return []
    source, target = meta["reachable"][0]
    commands = [("search", ["search", meta["search"]["hit"], "--limit", "3"]),
                ("neighbours (hub)", ["neighbours", meta["hub"]["iri"]]),
                ("path (reachable)", ["path", source, target]),
                ("stats", ["stats"])]
    port = _free_port()
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(store_dir),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    out: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            if _answers(port, "/"):
                break
            time.sleep(0.2)
        specs = {"oxigraph": f"oxigraph:{store_dir}", "remote": f"http://127.0.0.1:{port}/query"}
        for name, args in commands:
            for backend, spec in specs.items():
                _cli_command(spec, args, 1)  # the first command after the load: not timed
                timed = _cli_command(spec, args, n)
                timed.update(operation=f"{name} (whole CLI process)", backend=backend,
                             graph="remote")
                out.append(timed)
    finally:
        _stop(server, signal.SIGTERM)
    return out


def _app_cold_start(n: int) -> list[dict[str, Any]]:
    """The app's first run in a fresh process (Streamlit's AppTest: the script, no browser):
    once with nothing cached (the first launch on a machine, which keeps the curated graph's
    derived values), then ``n`` times as every later launch starts."""
    from graph.stores._derived import CACHE_ENV

    code = (
        "import json, time\n"
        "t0 = time.perf_counter()\n"
        "from streamlit.testing.v1 import AppTest\n"
        "t1 = time.perf_counter()\n"
        "at = AppTest.from_file('app.py', default_timeout=120)\n"
        "at.run()\n"
        "t2 = time.perf_counter()\n"
        "print('@@' + json.dumps({'import_s': t1 - t0, 'run_s': t2 - t1,\n"
        "                         'exceptions': len(at.exception)}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MYOGRAPH_STORE"}
    _empty(Path(env[CACHE_ENV]))
    out: list[dict[str, Any]] = []
    for name, runs_wanted, detail in [
            ("app first launch (nothing cached)", 1,
             "the first launch on a machine: builds and keeps the curated graph's label index "
             "and profile"),
            ("app cold start (first run)", n,
             "every later launch: a fresh process reading the kept label index and profile")]:
        runs: list[float] = []
        imports: list[float] = []
        exceptions = 0
        for _ in range(runs_wanted):
            done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                                  text=True, timeout=180, check=False, env=env)
            line = next((x for x in done.stdout.splitlines() if x.startswith("@@")), None)
            if line is None:
                out.append({"operation": name, "n": 0, "p50_ms": None, "p95_ms": None,
                            "status": "error", "detail": done.stderr[-300:]})
                return out
            data = json.loads(line[2:])
            runs.append(data["run_s"])
            imports.append(data["import_s"])
            exceptions += data["exceptions"]
        out.append({"operation": name, "n": len(runs),
                    "p50_ms": _ms(statistics.median(runs)), "p95_ms": _ms(percentile(runs, 95)),
                    "status": "ok" if not exceptions else "error",
                    "detail": f"AppTest first run of app.py on the default store ({detail}); "
                              f"importing streamlit took a further "
                              f"{statistics.median(imports):.2f} s; {exceptions} exceptions"})
    return out


def _empty(folder: Path) -> Path:
    """``folder``, created empty."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    return folder


def _bench_size(run: Run, size: int, seed: int) -> None:
    run.log(f"size {size:,}")
    file, meta = _graph_file(run.work, "myograph", size, seed)
    run.graphs.append({k: meta[k] for k in ("profile", "triples", "entities", "median_degree",
                                            "hub", "typical", "file")})
    run.log(f"  graph {file.name}: {meta['triples']:,} triples, hub {meta['hub']['degree']:,}"
            " links")
    meta_file = manifest_path(file)
    repeats = json.dumps(run.repeats)
    view_file = run.work / f"view-{size}-s{seed}.json"
    view_file.unlink(missing_ok=True)
    cli_loads: list[dict[str, Any]] = []
    cli_named: list[dict[str, Any]] = []
    our_loads: list[dict[str, Any]] = []
    our_named: list[dict[str, Any]] = []
    from graph.loading import graph_iri_for

    for i in range(run.load_repeats):  # interleaved, so all see the same machine
        if "oxigraph-cli" in run.backends:
            cli_loads += [e for e in [_cli_load(run, file, size, "myograph")] if e]
            cli_named += [e for e in [_cli_load(run, file, size, "myograph",
                                                graph_iri_for(file.name))] if e]
        if "oxigraph" in run.backends:
            our_named += [e for e in [_our_load(run, file, meta_file, size, True)] if e]
        if "oxigraph" in run.backends and i < run.load_repeats - 1:  # the last: in the child
            our_loads += [e for e in [_our_load(run, file, meta_file, size)] if e]
    if cli_loads:
        entry = _merge_loads(cli_loads)
        if cli_named:
            named = _merge_loads(cli_named)
            entry.update(named_graph_seconds=named["seconds"],
                         named_graph_samples=named["samples"],
                         named_graph_peak_rss_mib=named["peak_rss_mib"])
        run.load.append(entry)
    for backend in ("oxigraph", "memory"):
        if backend not in run.backends:
            continue
        store_dir = run.work / f"store-{backend}-{size}"
        shutil.rmtree(store_dir, ignore_errors=True)
        run.log(f"  {backend}: load and interactions")
        records, note = _child(run, ["--child", backend, "--file", str(file), "--meta",
                                     str(meta_file), "--store-dir", str(store_dir),
                                     "--repeats", repeats, "--view", str(view_file)],
                               BUDGETS["load"], _total_budget(run))
        _record_child(run, backend, size, "myograph", records, note, MYOGRAPH_OPS)
        load = run.load[-1]
        if backend == "oxigraph" and load["status"] == "ok":
            run.load[-1] = load = _merge_loads([*our_loads, load])
            if our_named:
                named = _merge_loads(our_named)
                load.update(named_graph_seconds=named["seconds"],
                            named_graph_samples=named["samples"],
                            named_graph_peak_rss_mib=named["peak_rss_mib"])
        run.log(f"  {backend} load: {load['seconds']} s, peak {load['peak_rss_mib']} MiB "
                f"{load.get('detail', '')}")
        if backend == "oxigraph" and load["status"] == "ok":
            cli = _cli_search(store_dir, meta["search"]["hit"], run.repeats["cli"])
            run.results.append({"backend": backend, "triples": size, "graph": "myograph", **cli})
            run.log(f"    search (cold CLI process): p95 {cli['p95_ms']} ms")
            for entry in remote_vs_local(store_dir, meta, run.repeats["cli"]):
                run.results.append({"triples": size, **entry})
                run.log(f"    {entry['operation']} on {entry['backend']}: p95 "
                        f"{entry['p95_ms']} ms")
        if run.endpoint:
            spec = f"oxigraph:{store_dir}" if backend == "oxigraph" else f"memory:{file}"
            texts = endpoint_requests(file)
            if load["status"] == "ok":
                result = endpoint_bench(spec, meta, texts, startup_budget=BUDGETS["load"] + 30,
                                        requests=ENDPOINT_REQUESTS if not run.smoke else 80,
                                        seconds=ENDPOINT_SECONDS if not run.smoke else 5)
            else:
                result = {"operation": f"endpoint ({ENDPOINT_CLIENTS} clients)", "n": 0,
                          "p50_ms": None, "p95_ms": None, "status": "over budget",
                          "budget_s": BUDGETS["load"], "detail": "the store's load was over "
                          "budget, so the server could not start in time"}
            run.results.append({"backend": backend, "triples": size, "graph": "myograph",
                                **result})
            run.log(f"    endpoint: {result.get('requests_per_s')} req/s, p95 "
                    f"{result['p95_ms']} ms {result.get('detail', '')}")
            if backend == "oxigraph" and load["status"] == "ok":
                theirs = oxigraph_endpoint_bench(
                    store_dir, meta, texts, startup_budget=30,
                    requests=ENDPOINT_REQUESTS if not run.smoke else 80,
                    seconds=ENDPOINT_SECONDS if not run.smoke else 5)
                run.results.append({"backend": OXIGRAPH_SERVER, "triples": size,
                                    "graph": "myograph", **theirs})
                run.log(f"    oxigraph serve-read-only: {theirs.get('requests_per_s')} req/s")
        shutil.rmtree(store_dir, ignore_errors=True)
    if run.hetionet and "oxigraph" in run.backends:
        het_file, het_meta = _graph_file(run.work, "hetionet", size, seed)
        run.graphs.append({k: het_meta[k] for k in ("profile", "triples", "entities",
                                                    "median_degree", "hub", "typical", "file")})
        run.log(f"  hetionet-shaped graph {het_file.name}: hub {het_meta['hub']['degree']:,}")
        if "oxigraph-cli" in run.backends:
            het_cli = _cli_load(run, het_file, size, "hetionet")
            if het_cli:
                run.load.append(het_cli)
        store_dir = run.work / f"store-hetionet-{size}"
        shutil.rmtree(store_dir, ignore_errors=True)
        records, note = _child(run, ["--child", "oxigraph", "--file", str(het_file), "--meta",
                                     str(manifest_path(het_file)), "--store-dir",
                                     str(store_dir), "--repeats", repeats],
                               BUDGETS["load"], _total_budget(run))
        _record_child(run, "oxigraph", size, "hetionet", records, note, HETIONET_OPS)
        shutil.rmtree(store_dir, ignore_errors=True)


def code_fingerprint() -> str:
    """A short hash of the library's code and queries (``graph/``): shows whether it changed
    during a run, or between two runs."""
    from graph.stores._derived import code_fingerprint as full

    full.cache_clear()  # read afresh: the end of a run compares with its start
    return full()[:12]


def _machine() -> dict[str, Any]:
    def version(name: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(name)
        except PackageNotFoundError:
            return "not installed"

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu or platform.processor(),
        "cpus": os.cpu_count(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "niceness": os.nice(0),
        "graph_code_at_start": code_fingerprint(),
        "packages": {p: version(p) for p in ("rdflib", "pyoxigraph", "oxigraph", "networkx",
                                             "pyvis", "uvicorn", "streamlit")},
    }


@contextlib.contextmanager
def _timed(run: Run, what: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    run.log(f"{what} took {time.perf_counter() - t0:.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--child``, one backend's part of it)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="add the 3 M triple size")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny graphs, 2 calls per operation: checks that it all runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="sizes in triples (overrides)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--work", type=Path, default=WORK, help="cache of generated graphs")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where reports go")
    parser.add_argument("--backends", nargs="+", default=["memory", "oxigraph", "oxigraph-cli"],
                        choices=["memory", "oxigraph", "oxigraph-cli"])
    parser.add_argument("--no-endpoint", action="store_true")
    parser.add_argument("--no-app", action="store_true", help="skip the app's cold start")
    parser.add_argument("--no-hetionet", action="store_true")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite latest.md and latest.png from latest.json")
    # internal: one backend's load and interactions, in a fresh process
    parser.add_argument("--child", choices=["memory", "oxigraph", "curated"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--meta", help=argparse.SUPPRESS)
    parser.add_argument("--store-dir", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", help=argparse.SUPPRESS)
    parser.add_argument("--view", help=argparse.SUPPRESS)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--named-graph", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "curated":
        return curated_main(args)
    if args.child:
        return child_main(args)
    if args.report_only:
        saved = json.loads((args.results / "latest.json").read_text(encoding="utf-8"))
        write_report(saved, args.results)
        return 0

    sizes = args.sizes or (SMOKE_SIZES if args.smoke else FULL_SIZES if args.full else SIZES)
    repeats = {k: (2 if args.smoke else v) for k, v in REPEATS.items()}
    if args.smoke:
        repeats["cli"] = 1
    run = Run(smoke=args.smoke, sizes=sorted(sizes), work=args.work, repeats=repeats,
              backends=args.backends, endpoint=not args.no_endpoint,
              app=not args.no_app and not args.smoke, hetionet=not args.no_hetionet,
              load_repeats=1 if args.smoke else LOAD_REPEATS)
    run.work.mkdir(parents=True, exist_ok=True)
    # memory stores keep derived values here, never in the user's cache: the embedded
    # default's first calls and the app's first launch then start from nothing
    from graph.stores._derived import CACHE_ENV

    os.environ[CACHE_ENV] = str(_empty(run.work / "derived-cache"))
    machine = _machine()
    run.log(f"benchmark: sizes {', '.join(size_label(n) for n in run.sizes)}; backends "
            f"{', '.join(run.backends)}; {machine['cpus']} CPUs, {machine['memory_gib']} GiB")
    with _timed(run, "the whole run"):
        for size in run.sizes:
            with _timed(run, f"size {size_label(size)}"):
                _bench_size(run, size, args.seed)
            partial = {"machine": machine, "graphs": run.graphs, "load": run.load,
                       "results": run.results}
            (run.work / "partial.json").write_text(json.dumps(partial, indent=1) + "\n",
                                                   encoding="utf-8")
        run.log("embedded default (data/triples.ttl)")
        records, _note = _child(run, ["--child", "curated", "--repeats",
                                      json.dumps(repeats)], None, 300)
        curated = next((r["triples"] for r in records if r.get("kind") == "meta"), 0)
        for r in records:
            if r.get("kind") == "result":
                r.pop("kind")
                run.results.append({"backend": "memory", "triples": curated,
                                    "graph": "curated", **r})
        if run.app:
            for app in _app_cold_start(3):
                run.results.append({"backend": "memory", "triples": curated,
                                    "graph": "curated", **app})
                run.log(f"    {app['operation']}: p95 {app['p95_ms']} ms")
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    machine["graph_code_at_end"] = code_fingerprint()
    data: dict[str, Any] = {
        "machine": machine,
        "smoke": run.smoke,
        "config": {"sizes": run.sizes, "seed": args.seed, "budgets_s": BUDGETS,
                   "repeats": repeats, "endpoint": {"clients": ENDPOINT_CLIENTS,
                                                    "max_requests": ENDPOINT_REQUESTS,
                                                    "max_seconds": ENDPOINT_SECONDS},
                   "generator_version": GENERATOR_VERSION},
        "graphs": run.graphs,
        "load": run.load,
        "results": run.results,
    }
    write_report(data, args.results)
    problems = validate(data)
    if problems:
        print("latest.json does not match its schema:\n  " + "\n  ".join(problems),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
