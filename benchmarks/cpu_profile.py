"""A CPU profile of one benchmark operation: pyinstrument, plus the time each SPARQL query
takes.

Usage::

    python -m benchmarks.cpu_profile --size 1000000 --op "neighbours (hub)"
    python -m benchmarks.cpu_profile --size 1000000 --op load
    python -m benchmarks.cpu_profile --size 1000000 --shape hetionet --op "path (reachable)"

The benchmark's own generated graph is loaded once into
``benchmarks/work/cpu-profile-<shape>-<size>/`` (Oxigraph, into the default graph as the
benchmark loads it) and reused (``--op load`` times
a fresh load); the operation is warmed up, then called ``--calls`` times under the profiler.
Inside this process only, each query runs in the calling thread (so the profiler sees it)
and is timed in two parts, rdflib's parse and check (``check``) and the store's evaluation
with the rows turned into rdflib terms (``execute``), then listed by ``.rq`` file.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import SHAPES, cached, manifest_path
from benchmarks.operations import gather_view, ops
from benchmarks.run import SEED, WORK
from benchmarks.timing import REPEATS

__all__ = ["QueryTimes", "main"]

_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{[^}]*\}")
_ROW_VALUES = re.compile(r"VALUES\s*\(([?\w\s]+)\)\s*\{[^}]*\}")
_IN_LIST = re.compile(r"\?\w+\s+IN\s*\([^)]*\)")


class QueryTimes:
    """Per query file: calls, seconds in rdflib's parse and check, seconds in the store."""

    def __init__(self) -> None:
        from graph import queries

        self.names = {self._shape(q.text): q.name for q in queries.all_queries().values()}
        self.calls: dict[str, int] = defaultdict(int)
        self.check: dict[str, float] = defaultdict(float)
        self.execute: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        self.current = ""

    @staticmethod
    def _shape(text: str) -> str:
        body = "\n".join(line for line in text.splitlines() if not line.startswith("PREFIX"))
        body = _ROW_VALUES.sub(r"VALUES (\1) {}", _VALUES.sub(r"VALUES ?\1 {}", body))
        return " ".join(_IN_LIST.sub("true", body).split())  # a bound empty list reads true

    def name(self, text: str) -> str:
        return self.names.get(self._shape(text), "(other) " + " ".join(text.split())[:60])

    def install(self, store: Any) -> None:
        """Run queries inline and time them (this process only)."""
        from graph import sparql
        from graph.sparql import runner
        from graph.stores.deadline import Deadline

        def inline(_deadline: Deadline, fn: Callable[[], Any]) -> Any:
            return fn()

        original_check = sparql.check

        def check(text: str, *, offset: int = 0) -> Any:
            t0 = time.perf_counter()
            try:
                return original_check(text, offset=offset)
            finally:
                self.check[self.name(text)] += time.perf_counter() - t0

        def timed(original: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
                name = self.name(text)
                t0 = time.perf_counter()
                result = original(text, *args, **kwargs)
                if result is not None:
                    self.execute[name] += time.perf_counter() - t0
                    self.rows[name] += len(result)
                    self.calls[name] += 1
                return result
            return wrapper

        Deadline.call = inline  # type: ignore[method-assign,assignment]
        runner.check = check  # type: ignore[attr-defined]  # where run() looks it up
        store.execute = timed(store.execute)
        if hasattr(store, "execute_isolated"):
            store.execute_isolated = timed(store.execute_isolated)

    def reset(self) -> None:
        for table in (self.calls, self.check, self.execute, self.rows):
            table.clear()

    def table(self, calls: int) -> str:
        lines = [f"SPARQL per operation call (mean over {calls} calls):",
                 f"  {'query':<26} {'queries':>8} {'parse+check ms':>15} {'execute ms':>11} "
                 f"{'rows':>8}"]
        for name in sorted(self.calls, key=lambda n: -(self.check[n] + self.execute[n])):
            lines.append(f"  {name[:26]:<26} {self.calls[name] / calls:>8.1f} "
                         f"{self.check[name] * 1000 / calls:>15.1f} "
                         f"{self.execute[name] * 1000 / calls:>11.1f} "
                         f"{self.rows[name] / calls:>8.0f}")
        return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CPU-profile one operation; print pyinstrument's report and the per-query table."""
    from pyinstrument import Profiler

    from graph.loading import load_file
    from graph.search import index_for
    from graph.stores import open_store
    from graph.stores.base import DEFAULT_GRAPH

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=SHAPES, default="myograph",
                        help="the generated graph: myograph (default) or hetionet")
    parser.add_argument("--op", required=True,
                        help='"load", "search (first call after the load)" or an operation '
                             'name from the report, e.g. "neighbours (hub)"')
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--html", type=Path, help="also save pyinstrument's HTML report")
    args = parser.parse_args(argv)

    file, _meta = cached(WORK, args.shape, args.size, SEED)
    meta = json.loads(manifest_path(file).read_text(encoding="utf-8"))
    location = WORK / f"cpu-profile-{args.shape}-{args.size}"
    cpu_profiler = Profiler(interval=0.0005)
    times: QueryTimes | None = None
    calls = 1
    if args.op == "load":
        shutil.rmtree(location, ignore_errors=True)
        store = open_store(f"oxigraph:{location}")
        times = QueryTimes()
        times.install(store)
        with cpu_profiler:
            load_file(store, file, graph=DEFAULT_GRAPH)
    else:
        fresh = not location.exists()
        store = open_store(f"oxigraph:{location}")
        if fresh:
            load_file(store, file, graph=DEFAULT_GRAPH)
        times = QueryTimes()
        times.install(store)
        if args.op.startswith("search (first"):
            with cpu_profiler:
                index_for(store)
        else:
            index_for(store)
            view: dict[str, Any] | None = None
            if args.op.startswith("render"):
                view = gather_view(store, meta["hub"]["iri"])
            by_name = {op.name: op for op in ops(store, meta, REPEATS, view)}
            if args.op not in by_name:
                parser.error(f"unknown operation {args.op!r}: one of load, "
                             f"search (first call after the load), {', '.join(by_name)}")
            op = by_name[args.op]
            for call in op.calls:
                call()
            times.reset()
            calls = args.calls
            with cpu_profiler:
                for i in range(calls):
                    op.calls[i % len(op.calls)]()
    store.close()
    print(cpu_profiler.output_text(unicode=True, color=False, show_all=False))
    print(times.table(calls))
    if args.html:
        args.html.write_text(cpu_profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
