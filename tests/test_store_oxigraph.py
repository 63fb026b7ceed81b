"""The store contract on a persistent on-disk Oxigraph store."""

from __future__ import annotations

from pathlib import Path

from graph.loading import load_file
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
