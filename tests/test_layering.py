"""The library stays free of the UI: importing it loads neither streamlit nor pyvis."""

from __future__ import annotations

import subprocess
import sys


def test_library_imports_leave_the_ui_out() -> None:
    code = (
        "import sys, graph.search, graph.neighbours, graph.describe, graph.stats, graph.sparql,"
        " graph.cli, graph.stores;"
        "import importlib.util;"
        "importlib.util.find_spec('graph.paths') and __import__('graph.paths');"
        "bad = [m for m in ('streamlit', 'pyvis', 'pyoxigraph.server') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
