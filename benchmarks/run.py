"""The benchmark: myograph's backends side by side at research scale.

``make bench`` (sizes 100 k and 1 M triples) or ``make bench FULL=1`` (10 M too) runs::

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
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.children import (
    HETIONET_OPS,
    MYOGRAPH_OPS,
    Run,
    child_budget,
    record_child,
    run_child,
)
from benchmarks.cli_compare import cli_search, remote_vs_local
from benchmarks.cold_start import app_cold_start, empty
from benchmarks.endpoint_load import (
    ENDPOINT_CLIENTS,
    ENDPOINT_REQUESTS,
    ENDPOINT_SECONDS,
    OXIGRAPH_SERVER,
    endpoint_bench,
    endpoint_requests,
    oxigraph_endpoint_bench,
)
from benchmarks.generate import GENERATOR_VERSION, cached, manifest_path
from benchmarks.loads import Loads, cli_load, interleaved_loads, merge_loads, with_named_graph
from benchmarks.processes import ROOT
from benchmarks.report import size_label, validate, write_report
from benchmarks.timing import BUDGETS, MEMORY_MAX_TRIPLES, REPEATS, load_budget

__all__ = ["FULL_SIZES", "SEED", "SIZES", "SMOKE_SIZES", "WORK", "code_fingerprint", "main"]

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (100_000, 1_000_000)
FULL_SIZES = (100_000, 1_000_000, 10_000_000)
SMOKE_SIZES = (2_000,)
SEED = 7

LOAD_REPEATS = 3
"""Loads of each file by oxigraph and oxigraph-cli, interleaved; the median is reported."""

_GRAPH_KEYS = ("shape", "triples", "entities", "median_degree", "hub", "typical", "file")
"""What the report says of each generated graph, from its manifest."""


def _graph(run: Run, shape: str, size: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The generated file of a shape and size (made once, see
    :func:`benchmarks.generate.cached`), noted in the run's graphs."""
    file, meta = cached(run.work, shape, size, seed)
    run.graphs.append({k: meta[k] for k in _GRAPH_KEYS})
    return file, meta


def _bench_size(run: Run, size: int, seed: int) -> None:
    """Everything at one size: the loads, each backend's interactions, CLI processes and
    endpoint, then the Hetionet-shaped graph."""
    run.log(f"size {size:,}")
    file, meta = _graph(run, "myograph", size, seed)
    run.log(f"  graph {file.name}: {meta['triples']:,} triples, hub {meta['hub']['degree']:,}"
            " links")
    view_file = run.work / f"view-{size}-s{seed}.json"
    view_file.unlink(missing_ok=True)
    loads = interleaved_loads(run, file, manifest_path(file), size)
    if loads.cli:
        run.load.append(loads.cli)
    for backend in ("oxigraph", "memory"):
        if backend == "memory" and size > MEMORY_MAX_TRIPLES:
            run.log(f"  memory: skipped over {MEMORY_MAX_TRIPLES:,} triples")
        elif backend in run.backends:
            _bench_backend(run, backend, file, meta, size, view_file, loads)
    if run.hetionet and "oxigraph" in run.backends:
        _bench_hetionet(run, size, seed)


def _bench_backend(run: Run, backend: str, file: Path, meta: dict[str, Any], size: int,
                   view_file: Path, loads: Loads) -> None:
    """One backend on the generated graph: its load and interactions in a child process,
    then (Oxigraph) whole CLI processes, then the endpoint."""
    store_dir = run.work / f"store-{backend}-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    run.log(f"  {backend}: load and interactions")
    records, note = run_child(run, [backend, "--file", str(file), "--meta",
                                    str(manifest_path(file)), "--store-dir", str(store_dir),
                                    "--repeats", json.dumps(run.repeats),
                                    "--view", str(view_file)],
                              load_budget(size), child_budget(size))
    record_child(run, backend, size, "myograph", records, note, MYOGRAPH_OPS)
    load = run.load[-1]
    if backend == "oxigraph" and load["status"] == "ok":
        run.load[-1] = load = with_named_graph(merge_loads([*loads.ours, load]),
                                               loads.ours_named)
    run.log(f"  {backend} load: {load['seconds']} s, peak {load['peak_rss_mib']} MiB "
            f"{load.get('detail', '')}")
    loaded = load["status"] == "ok"
    if backend == "oxigraph" and loaded:
        _bench_cli(run, store_dir, meta, size)
    if run.endpoint:
        _bench_endpoint(run, backend, file, store_dir, meta, size, loaded)
    shutil.rmtree(store_dir, ignore_errors=True)


def _bench_cli(run: Run, store_dir: Path, meta: dict[str, Any], size: int) -> None:
    """A search as a fresh CLI process, and whole CLI commands local against remote."""
    cli = cli_search(store_dir, meta["search"]["hit"], run.repeats["cli"])
    run.results.append({"backend": "oxigraph", "triples": size, "graph": "myograph", **cli})
    run.log(f"    search (cold CLI process): p95 {cli['p95_ms']} ms")
    for entry in remote_vs_local(store_dir, meta, run.repeats["cli"]):
        run.results.append({"triples": size, **entry})
        run.log(f"    {entry['operation']} on {entry['backend']}: p95 "
                f"{entry['p95_ms']} ms")


def _bench_endpoint(run: Run, backend: str, file: Path, store_dir: Path,
                    meta: dict[str, Any], size: int, loaded: bool) -> None:
    """Our endpoint on the backend's store under load; on Oxigraph's, Oxigraph's own server
    on the same requests."""
    spec = f"oxigraph:{store_dir}" if backend == "oxigraph" else f"memory:{file}"
    texts = endpoint_requests(file)
    requests = ENDPOINT_REQUESTS if not run.smoke else 80
    seconds = ENDPOINT_SECONDS if not run.smoke else 5
    if loaded:
        result = endpoint_bench(spec, meta, texts, startup_budget=load_budget(size) + 30,
                                requests=requests, seconds=seconds)
    else:
        result = {"operation": f"endpoint ({ENDPOINT_CLIENTS} clients)", "n": 0,
                  "p50_ms": None, "p95_ms": None, "status": "over budget",
                  "budget_s": load_budget(size), "detail": "the store's load was over "
                  "budget, so the server could not start in time"}
    run.results.append({"backend": backend, "triples": size, "graph": "myograph", **result})
    run.log(f"    endpoint: {result.get('requests_per_s')} req/s, p95 "
            f"{result['p95_ms']} ms {result.get('detail', '')}")
    if backend == "oxigraph" and loaded:
        theirs = oxigraph_endpoint_bench(store_dir, meta, texts, startup_budget=30,
                                         requests=requests, seconds=seconds)
        run.results.append({"backend": OXIGRAPH_SERVER, "triples": size,
                            "graph": "myograph", **theirs})
        run.log(f"    oxigraph serve-read-only: {theirs.get('requests_per_s')} req/s")


def _bench_hetionet(run: Run, size: int, seed: int) -> None:
    """The Hetionet-shaped graph: Oxigraph's CLI load, and our Oxigraph store's load and
    interactions over its own relations (issue 9)."""
    het_file, het_meta = _graph(run, "hetionet", size, seed)
    run.log(f"  hetionet-shaped graph {het_file.name}: hub {het_meta['hub']['degree']:,}")
    if "oxigraph-cli" in run.backends:
        het_cli = cli_load(run, het_file, size, "hetionet")
        if het_cli:
            run.load.append(het_cli)
    store_dir = run.work / f"store-hetionet-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    records, note = run_child(run, ["oxigraph", "--file", str(het_file), "--meta",
                                    str(manifest_path(het_file)), "--store-dir",
                                    str(store_dir), "--repeats", json.dumps(run.repeats)],
                              load_budget(size), child_budget(size))
    record_child(run, "oxigraph", size, "hetionet", records, note, HETIONET_OPS)
    shutil.rmtree(store_dir, ignore_errors=True)


def _bench_curated(run: Run) -> None:
    """The embedded default (data/triples.ttl in memory), and the app's cold start."""
    run.log("embedded default (data/triples.ttl)")
    records, _note = run_child(run, ["curated", "--repeats", json.dumps(run.repeats)],
                               None, 300)
    curated = next((r["triples"] for r in records if r.get("kind") == "meta"), 0)
    for r in records:
        if r.get("kind") == "result":
            r.pop("kind")
            run.results.append({"backend": "memory", "triples": curated, "graph": "curated",
                                **r})
    if run.app:
        for app in app_cold_start(3):
            run.results.append({"backend": "memory", "triples": curated, "graph": "curated",
                                **app})
            run.log(f"    {app['operation']}: p95 {app['p95_ms']} ms")


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
def _log_duration(run: Run, what: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    run.log(f"{what} took {time.perf_counter() - t0:.0f} s")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="add the 10 M triple size")
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
    return parser


def _run_for(args: argparse.Namespace) -> Run:
    """What the arguments ask for: sizes, calls per operation, backends, parts."""
    sizes = args.sizes or (SMOKE_SIZES if args.smoke else FULL_SIZES if args.full else SIZES)
    repeats = {k: (2 if args.smoke else v) for k, v in REPEATS.items()}
    if args.smoke:
        repeats["cli"] = 1
    return Run(smoke=args.smoke, sizes=sorted(sizes), work=args.work, repeats=repeats,
               backends=args.backends, endpoint=not args.no_endpoint,
               app=not args.no_app and not args.smoke, hetionet=not args.no_hetionet,
               load_repeats=1 if args.smoke else LOAD_REPEATS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write its report."""
    args = _parser().parse_args(argv)
    if args.report_only:
        saved = json.loads((args.results / "latest.json").read_text(encoding="utf-8"))
        write_report(saved, args.results)
        return 0
    run = _run_for(args)
    run.work.mkdir(parents=True, exist_ok=True)
    # memory stores keep derived values here, never in the user's cache: the embedded
    # default's first calls and the app's first launch then start from nothing
    from graph.stores._derived import CACHE_ENV

    os.environ[CACHE_ENV] = str(empty(run.work / "derived-cache"))
    machine = _machine()
    run.log(f"benchmark: sizes {', '.join(size_label(n) for n in run.sizes)}; backends "
            f"{', '.join(run.backends)}; {machine['cpus']} CPUs, {machine['memory_gib']} GiB")
    with _log_duration(run, "the whole run"):
        for size in run.sizes:
            with _log_duration(run, f"size {size_label(size)}"):
                _bench_size(run, size, args.seed)
            partial = {"machine": machine, "graphs": run.graphs, "load": run.load,
                       "results": run.results}
            (run.work / "partial.json").write_text(json.dumps(partial, indent=1) + "\n",
                                                   encoding="utf-8")
        _bench_curated(run)
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    machine["graph_code_at_end"] = code_fingerprint()
    data: dict[str, Any] = {
        "machine": machine,
        "smoke": run.smoke,
        "config": {"sizes": run.sizes, "seed": args.seed, "budgets_s": BUDGETS,
                   "repeats": run.repeats, "endpoint": {"clients": ENDPOINT_CLIENTS,
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
