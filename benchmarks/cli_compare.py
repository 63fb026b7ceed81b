"""Whole ``myograph`` CLI processes: a search as a fresh process would run it (no warm
index), and the same commands on an Oxigraph store on disk and on that store behind
``oxigraph serve-read-only`` (a remote store, issue 18), interleaved.
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.processes import BIN, ROOT, answers, free_port, oxigraph_binary, stop
from benchmarks.timing import BUDGETS, ms, percentile

__all__ = ["cli_command", "cli_search", "remote_vs_local"]


def cli_search(store_dir: Path, text: str, n: int) -> dict[str, Any]:
    """``myograph --store oxigraph:DIR search TEXT`` as a fresh process, ``n`` times."""
    out = cli_command(f"oxigraph:{store_dir}", ["search", text, "--limit", "3"], n)
    out.update(operation="search (cold CLI process)",
               detail="a fresh process: imports, store open, label index, search")
    return out


def cli_command(spec: str, args: list[str], n: int) -> dict[str, Any]:
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
    out.update(n=len(times), p50_ms=ms(statistics.median(times)),
               p95_ms=ms(percentile(times, 95)))
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
    port = free_port()
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(store_dir),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    out: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            if answers(port, "/"):
                break
            time.sleep(0.2)
        specs = {"oxigraph": f"oxigraph:{store_dir}", "remote": f"http://127.0.0.1:{port}/query"}
        for name, args in commands:
            for backend, spec in specs.items():
                cli_command(spec, args, 1)  # the first command after the load: not timed
                timed = cli_command(spec, args, n)
                timed.update(operation=f"{name} (whole CLI process)", backend=backend,
                             graph="remote")
                out.append(timed)
    finally:
        stop(server, signal.SIGTERM)
    return out
