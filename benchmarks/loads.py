"""The loads the benchmark compares: Oxigraph's own CLI (``oxigraph load``) and our Oxigraph
store, each in a fresh process, into the default graph and into a named graph, repeated
and interleaved so that all see the same machine; the median is reported.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.children import Run, run_child
from benchmarks.processes import oxigraph_binary, time_process
from benchmarks.timing import load_budget

__all__ = ["Loads", "cli_load", "interleaved_loads", "merge_loads", "our_load",
           "with_named_graph"]


def cli_load(run: Run, file: Path, size: int, graph: str,
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
    entry: dict[str, Any] = {"backend": "oxigraph-cli", "triples": size, "graph": graph,
                             "seconds": None, "peak_rss_mib": None, "status": "ok",
                             "load_average": round(os.getloadavg()[0], 2)}
    extra = ["--graph", named_graph] if named_graph else []
    done = time_process([command, "load", "--location", str(location), "--file", str(file),
                         *extra], load_budget(size))
    if done is None:
        entry.update(status="over budget", budget_s=load_budget(size))
    else:
        entry.update(seconds=round(done.seconds, 3), peak_rss_mib=round(done.peak_rss_mib, 1))
        if done.exit_code != 0:
            entry.update(status="error", detail=f"exit code {done.exit_code}")
    shutil.rmtree(location, ignore_errors=True)
    into = " --graph (a named graph)" if named_graph else ""
    run.log(f"    oxigraph-cli load{into}: {entry['seconds']} s, peak {entry['peak_rss_mib']} MiB")
    return entry


def our_load(run: Run, file: Path, meta_file: Path, size: int,
             named_graph: bool = False) -> dict[str, Any] | None:
    """Our Oxigraph store's load alone, in a fresh process (for the interleaved repeats):
    into the default graph, or with ``named_graph`` into a graph of its own (as uploads)."""
    location = run.work / f"store-load-{size}"
    shutil.rmtree(location, ignore_errors=True)
    load_average = round(os.getloadavg()[0], 2)
    records, _note = run_child(run, ["oxigraph", "--load-only", "--file", str(file),
                                     "--meta", str(meta_file), "--store-dir", str(location),
                                     "--repeats", json.dumps(run.repeats),
                                     *(["--named-graph"] if named_graph else [])],
                               load_budget(size), load_budget(size) + 30)
    shutil.rmtree(location, ignore_errors=True)
    load = next((r for r in records if r.get("kind") == "load"), None)
    if load is None:
        return None
    into = " (a named graph)" if named_graph else ""
    run.log(f"    oxigraph load{into}: {load['seconds']} s, peak {load['peak_rss_mib']} MiB")
    return {"seconds": load["seconds"], "peak_rss_mib": load["peak_rss_mib"],
            "load_average": load_average}


def merge_loads(entries: list[dict[str, Any]]) -> dict[str, Any]:
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


def with_named_graph(entry: dict[str, Any], named: list[dict[str, Any]]) -> dict[str, Any]:
    """``entry`` (a merged load into the default graph) with the loads into a named graph
    beside it, merged too."""
    if named:
        merged = merge_loads(named)
        entry.update(named_graph_seconds=merged["seconds"], named_graph_samples=merged["samples"],
                     named_graph_peak_rss_mib=merged["peak_rss_mib"])
    return entry


@dataclass
class Loads:
    """The interleaved loads of one file: the CLI's, merged (None without the CLI), and our
    store's separate ones (the last load into the default graph is the interactions'
    child's)."""

    cli: dict[str, Any] | None = None
    ours: list[dict[str, Any]] = field(default_factory=list)
    ours_named: list[dict[str, Any]] = field(default_factory=list)


def _found(entry: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [entry] if entry else []


def interleaved_loads(run: Run, file: Path, meta_file: Path, size: int) -> Loads:
    """Each loader ``run.load_repeats`` times, interleaved, so all see the same machine."""
    from graph.loading import graph_iri_for

    cli: list[dict[str, Any]] = []
    cli_named: list[dict[str, Any]] = []
    loads = Loads()
    for i in range(run.load_repeats):
        if "oxigraph-cli" in run.backends:
            cli += _found(cli_load(run, file, size, "myograph"))
            cli_named += _found(cli_load(run, file, size, "myograph", graph_iri_for(file.name)))
        if "oxigraph" in run.backends:
            loads.ours_named += _found(our_load(run, file, meta_file, size, True))
        if "oxigraph" in run.backends and i < run.load_repeats - 1:  # the last: in the child
            loads.ours += _found(our_load(run, file, meta_file, size))
    if cli:
        loads.cli = with_named_graph(merge_loads(cli), cli_named)
    return loads
