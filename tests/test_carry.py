"""graph.stores.carry: a write carries the label index over, whatever the writing process
imported. The index's carrier used to be registered only when ``graph.search`` was imported,
so a process that wrote before importing it (a script that only loads a file) dropped the
index kept on disk, and the next search rebuilt it from the whole store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import graph.search as search_module
from graph.label_index import LabelIndex
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.search import index_for
from graph.stores import _derived as derived_files
from graph.stores import open_store
from graph.stores.oxigraph import DERIVED_DIR

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny.ttl"
WRITER = """
import sys
from graph.loading import load_bytes
from graph.stores import open_store

assert "graph.search" not in sys.modules, "the writer must not import graph.search"
store = open_store("oxigraph:" + sys.argv[1])
load_bytes(store, b'<urn:z:a> <http://www.w3.org/2000/01/rdf-schema#label> "zebra" .\\n',
           "zebra.nt")
store.close()
"""


def test_a_write_from_a_process_that_never_imported_search_keeps_the_index(
        tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = open_store(f"oxigraph:{db}")
    load_file(store, TINY, graph=DATA_GRAPH)
    names = len(index_for(store))
    store.close()

    done = subprocess.run([sys.executable, "-c", WRITER, str(db)], cwd=ROOT, timeout=120,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    kept = derived_files.read(db / DERIVED_DIR / f"{search_module._KEY}.pickle")
    assert isinstance(kept, LabelIndex), "the write dropped the kept index"
    assert kept.labels["urn:z:a"] == "zebra"
    assert len(kept) == names + 1  # the one new label (urn:z:a has no CURIE to add)
