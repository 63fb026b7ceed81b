"""One of the benchmark's child processes: what runs inside it.

``python -m benchmarks.child oxigraph|memory --file F --meta M --store-dir D --repeats R``
loads one generated file into one backend, in a fresh process so the load's time and peak
RSS are its own, then runs the interactions (:mod:`benchmarks.operations`);
``python -m benchmarks.child curated --repeats R`` times the embedded default. Each record
goes to stdout as a line ``@@`` then JSON, which :mod:`benchmarks.children` reads.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.operations import gather_view, ops, question_ops, stats_call
from benchmarks.timing import BUDGETS, Op, first_call, ms, run_forked, run_op

__all__ = ["curated_main", "generated_main", "main"]

INDEX_BUILD = "search (first call after the load)"
READY = "ready after the load (profile, label index, counts)"
"""What ``myograph load`` does after loading into a store on disk (:func:`graph.ready.make_ready`),
timed apart from the load so the load stays comparable with ``oxigraph load``."""


def emit(record: dict[str, Any]) -> None:
    """A line the parent reads: ``@@`` then JSON."""
    sys.stdout.write("@@" + json.dumps(record) + "\n")
    sys.stdout.flush()


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _not_run(name: str, budget: float, detail: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "result", "operation": name, "n": 0, "p50_ms": None, "p95_ms": None,
            "status": "over budget", "budget_s": budget, "detail": detail, **extra}


def _load(args: argparse.Namespace) -> tuple[Any, Any]:
    """Open the backend's store and load the file into it, reading names and counts as it
    passes where ``myograph load`` would; emit the ``load`` record; the store and the
    harvest."""
    from graph.bulk import collector_paused
    from graph.harvest import Harvest
    from graph.loading import load_file
    from graph.stores import open_store
    from graph.stores.base import DEFAULT_GRAPH

    started = time.perf_counter()
    if args.kind == "memory":
        store = open_store("memory:empty")
    else:
        store = open_store(f"oxigraph:{args.store_dir}")
    harvest = Harvest.begin(store) if store.keeps_derived else None
    # like `myograph load --default-graph` (and `oxigraph load`): a store's base data; with
    # --named-graph like an upload, into a graph of its own
    file = Path(args.file)
    with collector_paused():  # as myograph load does
        report = load_file(store, file, graph=None if args.named_graph else DEFAULT_GRAPH,
                           watch=harvest.watch(file.name) if harvest else None)
    if harvest is not None:
        harvest.loaded(report)
    seconds = time.perf_counter() - started
    emit({"kind": "load", "seconds": round(seconds, 3), "peak_rss_mib": _peak_rss_mib(),
          "loaded": report.triples})
    return store, harvest


def _ready(store: Any, harvest: Any) -> str:
    from graph.ready import make_ready

    make_ready(store, harvest)
    return "as myograph load leaves the store"


def _first_calls(store: Any, meta: dict[str, Any], forked: bool) -> bool:
    """The first search (which builds the label index unless the store was made ready) and
    the first stats; whether the index was built in its budget."""
    from graph.search import index_for

    index_op = Op(INDEX_BUILD, [lambda: f"{len(index_for(store))} names"], 1,
                  BUDGETS[INDEX_BUILD])
    first = first_call(index_op, forked)
    emit({"kind": "result", **first})
    index_ok: bool = first["status"] == "ok"
    if forked and index_ok:
        index_for(store)  # known to finish in budget: build it here, for the forks to share
    if meta["shape"] == "myograph":  # stats are cached per store version: the first call
        stats_op = Op("stats (first call)", [functools.partial(stats_call, store)], 1,
                      BUDGETS["stats"])
        emit({"kind": "result", **first_call(stats_op, forked)})
    return index_ok


def _view_for(store: Any, meta: dict[str, Any], view_path: str | None, index_ok: bool,
              forked: bool) -> dict[str, Any] | None:
    """The 300-node view to render: the one an earlier child kept, else gathered here (not
    in a memory store's process, whose calls must run in forks within a budget)."""
    if meta["shape"] != "myograph":
        return None
    view_file = Path(view_path) if view_path else None
    if view_file is not None and view_file.exists():
        kept: dict[str, Any] = json.loads(view_file.read_text(encoding="utf-8"))
        return kept
    if not index_ok or forked:
        return None
    view = gather_view(store, meta["hub"]["iri"])
    if view_file is not None:
        view_file.write_text(json.dumps(view), encoding="utf-8")
    return view


def generated_main(args: argparse.Namespace) -> int:
    """Load one file into one backend, then run the interactions; report ``@@`` lines."""
    meta = json.loads(Path(args.meta).read_text(encoding="utf-8"))
    repeats = json.loads(args.repeats)
    store, harvest = _load(args)
    if args.load_only:
        store.close()
        return 0
    forked = args.kind == "memory"
    if store.keeps_derived:
        emit({"kind": "result", **first_call(Op(READY, [lambda: _ready(store, harvest)], 1,
                                                  BUDGETS[READY]), forked=False)})
    index_ok = _first_calls(store, meta, forked)
    view = _view_for(store, meta, args.view, index_ok, forked)
    for op in ops(store, meta, repeats, view):
        if op.needs_index and not index_ok:
            emit(_not_run(op.name, BUDGETS[INDEX_BUILD],
                          "needs the label index, whose build was over budget", **op.extra))
            continue
        emit({"kind": "result", **(run_forked(functools.partial(run_op, op), op) if forked
                                   else run_op(op))})
    if meta["shape"] == "myograph" and view is None:
        emit(_not_run("render (300-node view)", BUDGETS["neighbours"],
                      "the 300-node view could not be gathered (neighbours over budget)"))
    store.close()
    return 0


def curated_main(args: argparse.Namespace) -> int:
    """The embedded default: data/triples.ttl in memory, each interaction timed."""
    t0 = time.perf_counter()
    from graph.stores import open_store

    store = open_store("memory")
    open_s = time.perf_counter() - t0
    emit({"kind": "meta", "triples": sum(1 for _ in store.quads())})
    emit({"kind": "result", "operation": "open store (imports + load)", "n": 1,
          "p50_ms": ms(open_s), "p95_ms": ms(open_s), "status": "ok"})
    from graph.search import index_for

    index_op = Op(INDEX_BUILD, [lambda: f"{len(index_for(store))} names"], 1, 30)
    emit({"kind": "result", **first_call(index_op, forked=False)})
    # what every later process does: the index the build kept for this file, read back
    again = open_store("memory")
    kept_op = Op("search (first call in a later process: index kept from the first)",
                 [lambda: f"{len(index_for(again))} names"], 1, 30)
    emit({"kind": "result", **first_call(kept_op, forked=False)})
    mge = "https://w3id.org/myograph/entity/"
    meta = {
        "shape": "myograph",
        "search": {"hit": "cramp", "miss": "xqzvwrtk plomb", "fuzzy": "cefuroxim"},
        "typical": {"iri": mge + "dehydration", "degree": 0},
        "hub": {"iri": mge + "muscle_spasm", "degree": 0},
        "reachable": [[mge + "acyclovir", mge + "muscle_spasm"],
                      [mge + "copd", mge + "muscle_twitch"]],
        "unreachable": [[mge + "muscle_spasm", mge + "acyclovir"]],
    }
    repeats = json.loads(args.repeats)
    stats_op = Op("stats (first call)", [functools.partial(stats_call, store)], 1, 30)
    emit({"kind": "result", **first_call(stats_op, forked=False)})
    view = gather_view(store, mge + "muscle_spasm")
    for op in ops(store, meta, repeats, view):
        emit({"kind": "result", **run_op(op)})
    for op in question_ops(store):
        emit({"kind": "result", **run_op(op)})
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one child's part of the benchmark (the parent starts it; not meant by hand)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["memory", "oxigraph", "curated"])
    parser.add_argument("--file")
    parser.add_argument("--meta")
    parser.add_argument("--store-dir")
    parser.add_argument("--repeats", required=True, help="timed calls per operation (JSON)")
    parser.add_argument("--view", help="where the 300-node view is kept between children")
    parser.add_argument("--load-only", action="store_true")
    parser.add_argument("--named-graph", action="store_true")
    args = parser.parse_args(argv)
    if args.kind == "curated":
        return curated_main(args)
    return generated_main(args)


if __name__ == "__main__":
    sys.exit(main())
