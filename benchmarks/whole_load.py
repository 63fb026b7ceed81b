"""Whole processes as a user runs them after a load (issue 19).

For each generated graph (both shapes, at the sizes asked), side by side in one run:

- ``myograph --store oxigraph:DIR load --default-graph FILE``: a fresh process, including
  everything it computes before the first search is instant (profile, label index,
  counts), against ``oxigraph load --location DIR --file FILE`` and rdflib parsing the
  file (``Graph().parse``), each in a process of its own, interleaved ``--repeats`` times;
- then, on the store the load made, the first ``search``, ``stats``, ``neighbours`` (of
  the graph's hub) and ``path`` commands (whole CLI processes), then the same commands
  again: the first after a load should cost what the hundredth does.

Writes ``whole-load.json`` and ``whole-load.md`` beside the main report.

Usage::

    python -m benchmarks.whole_load --sizes 1000000 [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.generate import cached
from benchmarks.processes import ROOT, oxigraph_binary, time_process
from benchmarks.timing import MEMORY_MAX_TRIPLES, load_budget

__all__ = ["main", "markdown", "measure"]

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
LOAD_BUDGET = 900.0
COMMAND_BUDGET = 120.0
_RDFLIB_PARSE = ("import gzip, sys, rdflib; g = rdflib.Graph(); "
                 "g.parse(source=gzip.open(sys.argv[1]), format='nt'); print(len(g))")


def _timed(command: list[str], budget: float) -> dict[str, Any]:
    """One process, timed from outside, with its peak memory."""
    done = time_process(command, budget, cwd=ROOT)
    if done is None:
        return {"seconds": None, "peak_rss_mib": None, "status": f"over {budget:g} s"}
    return {"seconds": round(done.seconds, 3), "peak_rss_mib": round(done.peak_rss_mib),
            "status": "ok" if done.exit_code == 0 else f"exit {done.exit_code}: "
                                                       f"{done.stderr.strip()}"}


def _myograph(store: Path, *args: str) -> list[str]:
    return [PYTHON, "-m", "graph", "--store", f"oxigraph:{store}", *args]


def _loads(work: Path, file: Path, size: int, repeats: int) -> dict[str, list[dict[str, Any]]]:
    """The three loaders on one file, interleaved; the last myograph store is kept."""
    runs: dict[str, list[dict[str, Any]]] = {"myograph load": [], "oxigraph load": [],
                                             "rdflib parse": []}
    oxigraph = oxigraph_binary()
    budget = max(LOAD_BUDGET, 2 * load_budget(size))
    for _ in range(repeats):
        ours, theirs = work / "whole-ours", work / "whole-theirs"
        for folder in (ours, theirs):
            shutil.rmtree(folder, ignore_errors=True)
        runs["myograph load"].append(_timed(
            _myograph(ours, "load", "--default-graph", str(file)), budget))
        if oxigraph is not None:
            runs["oxigraph load"].append(_timed(
                [oxigraph, "load", "--location", str(theirs), "--file", str(file)],
                budget))
        shutil.rmtree(theirs, ignore_errors=True)
        runs["rdflib parse"].append(
            _timed([PYTHON, "-c", _RDFLIB_PARSE, str(file)], budget)
            if size <= MEMORY_MAX_TRIPLES else
            {"seconds": None, "peak_rss_mib": None,
             "status": f"not run over {MEMORY_MAX_TRIPLES:,} triples (memory)"})
    return runs


def _commands(meta: dict[str, Any]) -> list[tuple[str, list[str]]]:
    source, target = meta["reachable"][0]
    path = ["path", source, target, "--max-hops", "4"]
    if meta.get("path", {}).get("relations") == ["any"]:
        path += ["--relation", "any"]
    if meta.get("path", {}).get("undirected"):
        path.append("--undirected")
    return [("search", ["search", meta["search"]["hit"]]),
            ("stats", ["stats"]),
            ("neighbours (the hub)", ["neighbours", meta["hub"]["iri"]]),
            ("path", path)]


def measure(work: Path, shape: str, size: int, seed: int, repeats: int) -> dict[str, Any]:
    """One graph: the loads side by side, then the first and later commands on the store."""
    file, meta = cached(work, shape, size, seed)
    loads = _loads(work, file, size, repeats)
    store = work / "whole-ours"
    after = []
    for name, args in _commands(meta):
        first = _timed(_myograph(store, *args), COMMAND_BUDGET)
        later = [_timed(_myograph(store, *args), COMMAND_BUDGET) for _ in range(3)]
        after.append({"command": name, "first": first,
                      "later_median_s": _median([r["seconds"] for r in later])})
    shutil.rmtree(store, ignore_errors=True)
    return {"shape": shape, "triples": meta["triples"], "file_mib":
            round(file.stat().st_size / 2**20, 1), "loads": loads, "after": after,
            "load_average": round(os.getloadavg()[0], 2)}


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.median(known), 3) if known else None


def markdown(results: list[dict[str, Any]]) -> str:
    """The report: loads with their ratios, then first and later commands."""
    lines = ["# Whole processes after a load (issue 19)", "",
             "Medians of the interleaved runs; each a fresh process timed from outside.", ""]
    for graph in results:
        loads = {name: _median([r["seconds"] for r in runs])
                 for name, runs in graph["loads"].items()}
        ours, theirs, rdflib = (loads["myograph load"], loads["oxigraph load"],
                                loads["rdflib parse"])
        lines += [f"## {graph['shape']}, {graph['triples']:,} triples "
                  f"({graph['file_mib']} MiB gzip; load average {graph['load_average']})", "",
                  "| process | seconds | peak MiB | against `oxigraph load` | goal |",
                  "|---|---:|---:|---:|---|"]
        for name, runs in graph["loads"].items():
            peak = max((r["peak_rss_mib"] or 0) for r in runs) if runs else None
            mine = loads[name]
            ratio = f"{mine / theirs:.2f}×" if mine is not None and theirs else "–"
            goal = ""
            if name == "myograph load" and ours and theirs:
                goal = "pass (≤ 1.0×)" if ours <= theirs else "miss (≤ 1.0×)"
            if name == "rdflib parse" and ours and rdflib:
                goal = (f"rdflib takes {rdflib / ours:.1f}× myograph's time: "
                        + ("pass (≥ 8×)" if rdflib >= 8 * ours else "miss (≥ 8×)"))
            failed = [r["status"] for r in runs if r["status"] != "ok"]
            lines.append(f"| `{name}` | {loads[name] if loads[name] is not None else '–'} | "
                         f"{peak if peak is not None else '–'} | {ratio} | "
                         f"{goal}{' ' + failed[0] if failed else ''} |")
        lines += ["", "| command after the load | first (s) | later, median (s) |",
                  "|---|---:|---:|"]
        for row in graph["after"]:
            first = row["first"]["seconds"]
            lines.append(f"| `myograph {row['command']}` | "
                         f"{first if first is not None else row['first']['status']} | "
                         f"{row['later_median_s'] if row['later_median_s'] is not None else '–'} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.whole_load [--sizes N…] [--repeats R]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--shapes", nargs="+", default=["myograph", "hetionet"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        for shape in args.shapes:
            print(f"whole processes: {shape} at {size:,} triples…", file=sys.stderr)
            results.append(measure(args.work, shape, size, args.seed, args.repeats))
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "whole-load.json").write_text(json.dumps(results, indent=1) + "\n",
                                                  encoding="utf-8")
    report = markdown(results)
    (args.results / "whole-load.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
