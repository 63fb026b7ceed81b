"""The store contract on a persistent on-disk Oxigraph store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.loading import load_bytes, load_file
from graph.namespaces import DATA_GRAPH
from graph.stores import Store, open_store
from tests.conftest import DATA
from tests.store_suite import StoreContract


class TestOxigraphStore(StoreContract):
    scheme = "oxigraph"

    def make_store(self, tmp_path: Path) -> Store:
        store = open_store(f"oxigraph:{tmp_path / 'store'}")
        load_file(store, DATA, graph=DATA_GRAPH)
        return store


def test_the_store_persists_across_openings(tmp_path: Path) -> None:
    first = open_store(f"oxigraph:{tmp_path / 'db'}")
    load_file(first, DATA, graph=DATA_GRAPH)
    first.close()
    del first
    import gc

    gc.collect()
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert again.graph_names() == [DATA_GRAPH]


def test_a_bulk_load_interrupted_by_a_crash_is_undone_on_the_next_opening(tmp_path: Path) -> None:
    """kill -9 mid-load leaves the journal behind; the next opening removes the half graph."""
    import json
    import subprocess
    import sys

    from graph.stores.oxigraph import LOAD_JOURNAL

    db = tmp_path / "db"
    first = open_store(f"oxigraph:{db}")
    load_file(first, DATA, graph=DATA_GRAPH)
    first.close()
    # simulate the state a crash leaves: a half-loaded graph and its journal
    script = (
        "import pyoxigraph as ox, sys\n"
        f"s = ox.Store({str(db)!r})\n"
        "g = ox.NamedNode('urn:graph:half')\n"
        "s.add(ox.Quad(ox.NamedNode('urn:a'), ox.NamedNode('urn:b'), ox.Literal('half'), g))\n"
        "s.flush()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    (db / LOAD_JOURNAL).write_text(json.dumps({"loading": "urn:graph:half"}))
    stray = db / "bulk-1234-5678.sst"  # what the bulk loader had not handed over yet
    stray.write_bytes(b"\0" * 64)
    again = open_store(f"oxigraph:{db}")
    assert again.graph_names() == [DATA_GRAPH]
    assert not (db / LOAD_JOURNAL).exists()
    assert not stray.exists()


def test_derived_values_are_kept_beside_the_data_and_dropped_on_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.search
    from graph.search import LabelIndex, search
    from graph.stats import stats
    from graph.stores.oxigraph import DERIVED_DIR

    db = tmp_path / "db"
    store = open_store(f"oxigraph:{db}")
    load_file(store, DATA, graph=DATA_GRAPH)
    assert search(store, "cramp")[0].label == "muscle spasm"
    counted = stats(store)
    assert list((db / DERIVED_DIR).glob("label-index*.pickle"))
    store.close()

    def no_rebuild(_store: Store) -> LabelIndex:
        raise AssertionError("the index should come from disk")

    monkeypatch.setattr(graph.search, "build_index", no_rebuild)
    again = open_store(f"oxigraph:{db}")
    assert search(again, "cramp")[0].label == "muscle spasm"
    assert stats(again) == counted
    extra = tmp_path / "extra.nt"
    extra.write_text('<urn:ex:z> <http://www.w3.org/2000/01/rdf-schema#label> "zebra" .\n')
    load_file(again, extra)
    # the counts are dropped; the label index follows the load (graph.stores.carry) and is
    # kept again, holding the new name
    kept = sorted(p.name for p in (db / DERIVED_DIR).glob("*.pickle"))
    assert not [name for name in kept if name.startswith("stats")], kept
    from graph.stores import _derived as derived_files

    index = derived_files.read(db / DERIVED_DIR / f"{graph.search._KEY}.pickle")
    assert isinstance(index, LabelIndex)
    assert index.labels["urn:ex:z"] == "zebra"
    monkeypatch.undo()
    assert search(again, "zebra")[0].iri == "urn:ex:z"
    assert stats(again).triples == counted.triples + 1


def test_a_store_another_process_holds_is_read_beside_it(tmp_path: Path) -> None:
    # `myograph serve` (here: a child Python holding the store open) keeps the lock; the CLI
    # still answers, says who holds it, and refuses to write with that name.
    import subprocess
    import sys

    db = tmp_path / "db"
    store = open_store(f"oxigraph:{db}")
    load_bytes(store, b'<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "held" .', "a.nt")
    store.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        out = subprocess.run([sys.executable, "-m", "graph", "--store", f"oxigraph:{db}",
                              "search", "held"], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert "urn:x:a" in out.stdout or "held" in out.stdout
        assert f"process {holder.pid}" in out.stderr
        assert "read-only" in out.stderr
        more = tmp_path / "more.nt"
        more.write_text("<urn:x:b> <urn:x:p> <urn:x:c> .\n", encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "graph", "--store", f"oxigraph:{db}",
                              "load", str(more)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 1
        assert f"is held by process {holder.pid}" in out.stderr
        assert "IO error" not in out.stderr
    finally:
        holder.communicate("", timeout=30)


def test_plain_rows_read_names_as_text_with_their_language(tmp_path: Path) -> None:
    from graph.stores.base import Deadline

    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    load_file(store, DATA, graph=DATA_GRAPH)
    rows = store.plain_rows(
        "SELECT ?s ?l ?none WHERE { <https://w3id.org/myograph/entity/muscle_spasm> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l . BIND(?l AS ?s) }",
        deadline=Deadline(30), max_rows=10)
    assert rows == [("muscle spasm", "muscle spasm", None)]
    assert [getattr(v, "language", None) for v in rows[0]] == ["en", "en", None]
    capped = store.plain_rows("SELECT ?s WHERE { ?s ?p ?o }", deadline=Deadline(30), max_rows=3)
    assert capped is not None
    assert len(capped) == 3


def test_a_bulk_load_into_a_new_graph_updates_the_kept_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file bulk-loaded beside the curated graph adds its names to the index kept on disk,
    which a new opening reads as a rebuild would have made it."""
    import graph.search as search_module
    from graph.index_build import build_index
    from graph.search import index_for, search

    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    load_file(store, DATA, graph=DATA_GRAPH)
    index_for(store)
    extra = tmp_path / "zebra.nt"
    extra.write_text('<urn:z:a> <http://www.w3.org/2000/01/rdf-schema#label> "zebra cramp" .\n'
                     '<urn:z:a> <urn:z:p> <urn:z:b> .\n', encoding="utf-8")
    with monkeypatch.context() as patched:
        def no_rebuild(_store: Store) -> search_module.LabelIndex:
            raise AssertionError("the index was rebuilt, not updated")
        patched.setattr(search_module, "build_index", no_rebuild)
        load_file(store, extra)
        assert [h.iri for h in search(store, "zebra cramp", limit=1)] == ["urn:z:a"]
    kept = tmp_path / "db" / "myograph-derived" / f"{search_module._KEY}.pickle"
    assert kept.is_file()
    store.close()
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    index = index_for(again)
    assert sorted(index.names()) == sorted(build_index(again).names())
    assert index.labels["urn:z:a"] == "zebra cramp"
    again.close()
