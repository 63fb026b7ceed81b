"""The worked notebook in examples/ runs end to end in a real Jupyter kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def test_the_researcher_notebook_runs_end_to_end(tmp_path: Path) -> None:
    notebook = nbformat.read(ROOT / "examples" / "researcher.ipynb", as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for o in outputs)
    assert "diuretic" in text.casefold()           # "water pills" found its entity
    assert "acyclovir" in text  # the traced route, in words
    assert "muscle spasm" in text
    assert "https://example.org/myalgia" in text   # the user's own graph answered
