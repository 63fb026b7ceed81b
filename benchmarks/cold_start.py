"""The app's cold start: Streamlit's AppTest running ``app.py`` for the first time in a fresh
process (the script, no browser), first with nothing cached, then as every later launch.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.processes import ROOT
from benchmarks.timing import ms, percentile

__all__ = ["app_cold_start", "empty"]

_APP_RUN = (
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
"""A fresh process's first run of the app; it prints ``@@`` then its times as JSON."""


def empty(folder: Path) -> Path:
    """``folder``, created empty."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700, parents=True)
    return folder


def _launches(name: str, runs_wanted: int, detail: str, env: dict[str, str]) -> dict[str, Any]:
    """``runs_wanted`` first runs of the app, each in a fresh process: one record."""
    runs: list[float] = []
    imports: list[float] = []
    exceptions = 0
    for _ in range(runs_wanted):
        done = subprocess.run([sys.executable, "-c", _APP_RUN], cwd=ROOT, capture_output=True,
                              text=True, timeout=180, check=False, env=env)
        line = next((x for x in done.stdout.splitlines() if x.startswith("@@")), None)
        if line is None:
            return {"operation": name, "n": 0, "p50_ms": None, "p95_ms": None,
                    "status": "error", "detail": done.stderr[-300:]}
        data = json.loads(line[2:])
        runs.append(data["run_s"])
        imports.append(data["import_s"])
        exceptions += data["exceptions"]
    return {"operation": name, "n": len(runs),
            "p50_ms": ms(statistics.median(runs)), "p95_ms": ms(percentile(runs, 95)),
            "status": "ok" if not exceptions else "error",
            "detail": f"AppTest first run of app.py on the default store ({detail}); "
                      f"importing streamlit took a further "
                      f"{statistics.median(imports):.2f} s; {exceptions} exceptions"}


def app_cold_start(n: int) -> list[dict[str, Any]]:
    """The app's first run in a fresh process (Streamlit's AppTest: the script, no browser):
    once with nothing cached (the first launch on a machine, which keeps the curated graph's
    derived values), then ``n`` times as every later launch starts."""
    from graph.stores._derived import CACHE_ENV

    env = {k: v for k, v in os.environ.items() if k != "MYOGRAPH_STORE"}
    empty(Path(env[CACHE_ENV]))
    out: list[dict[str, Any]] = []
    for name, runs_wanted, detail in [
            ("app first launch (nothing cached)", 1,
             "the first launch on a machine: builds and keeps the curated graph's label index "
             "and profile"),
            ("app cold start (first run)", n,
             "every later launch: a fresh process reading the kept label index and profile")]:
        out.append(_launches(name, runs_wanted, detail, env))
        if out[-1]["status"] == "error" and out[-1]["n"] == 0:
            return out
    return out
