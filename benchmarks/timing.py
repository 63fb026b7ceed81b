"""Timing one operation: its budget, a warm-up then ``n`` timed calls, percentiles, and the
forked copy of a process an operation on the memory store runs in.

Every record has the same keys (``operation``, ``n``, ``p50_ms``, ``p95_ms``, ``status``,
and ``budget_s`` and ``detail`` when it was stopped), so the report reads them all alike.
"""

from __future__ import annotations

import json
import math
import os
import select
import signal
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BUDGETS", "MEMORY_MAX_TRIPLES", "REPEATS", "Op", "budget_for", "error_status",
           "first_call", "load_budget", "ms", "percentile", "run_forked", "run_op"]

BUDGETS: dict[str, float] = {
    "load": 300.0,
    "ready after the load (profile, label index, counts)": 300.0,
    "search (first call after the load)": 150.0,
    "search": 20.0,
    "neighbours": 30.0,
    "path": 60.0,
    "stats": 60.0,
    "render": 30.0,
    "endpoint": 60.0,
    "cli": 60.0,
}
"""Seconds each operation may take in all (warm-up and timed calls); beyond: over budget."""

MEMORY_MAX_TRIPLES = 3_000_000
"""The biggest graph parsed into rdflib in memory (the ``memory`` backend, rdflib's parse in
the whole-process report): a Python object per term does not fit bigger graphs in this
machine's memory, so bigger sizes skip it and the report says so."""


def load_budget(size: int) -> float:
    """Seconds a load of ``size`` triples may take: the ``load`` budget, or one second per
    10,000 triples for the biggest graphs (10 M: 1,000 s).

    >>> load_budget(1_000_000), load_budget(10_000_000)
    (300.0, 1000.0)
    """
    return max(BUDGETS["load"], size / 10_000)


REPEATS: dict[str, int] = {"search": 30, "neighbours": 20, "path": 10, "stats": 5,
                           "render": 10, "cli": 3}
"""Timed calls per operation, after the warm-up."""


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


def ms(seconds: float) -> float:
    """Seconds as milliseconds, to two decimals: the unit of every record."""
    return round(seconds * 1000, 2)


def budget_for(operation: str) -> float:
    """The budget of an operation, or of its kind (``"path (reachable)"``: ``"path"``)."""
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


def error_status(error: BaseException) -> str:
    """``over budget`` for the library's own time limits, else ``error``."""
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
        out.update(status=error_status(error), budget_s=op.budget,
                   detail=f"{type(error).__name__}: {str(error)[:200]}")
        return out
    out.update(n=len(times), p50_ms=ms(statistics.median(times)),
               p95_ms=ms(percentile(times, 95)), detail="; ".join(dict.fromkeys(details)))
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
    chunks, finished = _read_until(read_end, time.monotonic() + op.budget + grace)
    if not finished:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if finished and chunks:
        result: dict[str, Any] = json.loads(b"".join(chunks))
        return result
    return {"operation": op.name, "n": 0, "p50_ms": None, "p95_ms": None,
            "status": "over budget", "budget_s": op.budget,
            "detail": f"stopped after {op.budget:g} s", **op.extra}


def _read_until(fd: int, deadline: float) -> tuple[list[bytes], bool]:
    """What a pipe gives until its writer closes it (True) or the deadline passes (False)."""
    chunks: list[bytes] = []
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            chunk = pipe.read(65536)
            if not chunk:
                return chunks, True
            chunks.append(chunk)
    return chunks, False


def first_call(op: Op, forked: bool) -> dict[str, Any]:
    """Time one cold call (no warm-up): the label index build."""
    def once() -> dict[str, Any]:
        t0 = time.perf_counter()
        try:
            detail = op.calls[0]()
        except Exception as error:  # noqa: BLE001 - recorded, never hidden
            return {"operation": op.name, "n": 0, "p50_ms": None, "p95_ms": None,
                    "status": error_status(error), "budget_s": op.budget,
                    "detail": f"{type(error).__name__}: {str(error)[:200]}"}
        took = ms(time.perf_counter() - t0)
        return {"operation": op.name, "n": 1, "p50_ms": took, "p95_ms": took, "status": "ok",
                "detail": detail}

    return run_forked(once, op) if forked else once()
