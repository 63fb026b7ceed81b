"""The parent's side of the benchmark's child processes: what a run collects, starting a
child (:mod:`benchmarks.child`), reading its ``@@`` records, killing it when over budget,
and recording what it reported (or that it did not).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.processes import ROOT, kill_group, vm_hwm_mib
from benchmarks.timing import BUDGETS, budget_for, load_budget

__all__ = ["HETIONET_OPS", "MYOGRAPH_OPS", "Run", "child_budget", "record_child", "run_child"]

MYOGRAPH_OPS = ["search (first call after the load)", "search (hit)", "search (miss)",
                "search (fuzzy)", "neighbours (typical)", "neighbours (hub)",
                "path (reachable)", "path (unreachable)", "stats (first call)", "stats",
                "render (300-node view)"]
"""The operations a child reports on a graph of the project's vocabulary."""
HETIONET_OPS = MYOGRAPH_OPS[:8]
"""... and on a Hetionet-shaped graph."""


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


def _shown(rec: dict[str, Any]) -> str:
    """A result record as one log line."""
    shown = (f"p95 {rec['p95_ms']} ms (n={rec['n']})" if rec.get("p95_ms") is not None
             else rec.get("status"))
    return f"    {rec['operation']}: {shown}  {rec.get('detail', '')}"[:160]


def _watch(proc: subprocess.Popen[str], records: list[dict[str, Any]],
           load_budget: float | None, total_budget: float) -> tuple[str, float | None]:
    """Wait for the child, noting its peak RSS; the note says why it was stopped ("" when
    it finished)."""
    started = time.monotonic()
    peak: float | None = None
    while proc.poll() is None:
        elapsed = time.monotonic() - started
        peak = vm_hwm_mib(proc.pid) or peak
        loaded = any(r.get("kind") == "load" for r in records)
        if load_budget is not None and not loaded and elapsed > load_budget:
            return "load over budget", peak
        if elapsed > total_budget:
            return "child over its total budget", peak
        time.sleep(0.2)
    return "", peak


def run_child(run: Run, argv: list[str], load_budget: float | None,
              total_budget: float) -> tuple[list[dict[str, Any]], str]:
    """Run a child process, collecting its ``@@`` records; kill it when over budget.

    Returns the records and a note ("" when it finished).
    """
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.child", *argv], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    records: list[dict[str, Any]] = []
    errors: list[str] = []

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("@@"):
                records.append(json.loads(line[2:]))
                if records[-1].get("kind") == "result":
                    run.log(_shown(records[-1]))

    def read_err() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            errors.append(line)
            del errors[:-40]

    readers = [threading.Thread(target=read_out, daemon=True),
               threading.Thread(target=read_err, daemon=True)]
    for t in readers:
        t.start()
    note, peak = _watch(proc, records, load_budget, total_budget)
    if note:
        kill_group(proc)
        records.append({"kind": "killed", "note": note, "peak_rss_mib": peak})
    for t in readers:
        t.join(5)
    if proc.returncode not in (0, None) and not note:
        tail = "".join(errors[-8:]).strip()
        run.log(f"    child failed ({proc.returncode}): {tail[-600:]}")
        records.append({"kind": "failed", "note": tail[-300:]})
    return records, note


def child_budget(size: int) -> float:
    """What a child may take in all: its load and every operation's budget, with slack."""
    ops = ("search", "search", "search", "neighbours", "neighbours", "path", "path", "stats",
           "render")
    return (load_budget(size) + BUDGETS["ready after the load (profile, label index, counts)"]
            + BUDGETS["search (first call after the load)"]
            + sum(BUDGETS[o] + 10 for o in ops) + 120)


def record_child(run: Run, backend: str, size: int, graph: str,
                 records: list[dict[str, Any]], note: str, expected: list[str]) -> None:
    """A child's load and results into the run; each expected operation it did not report
    is recorded as over budget, never dropped."""
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
                         "budget_s": load_budget(size), "graph": graph,
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
                                "status": "over budget", "budget_s": budget_for(name),
                                "detail": note or "not run"})
