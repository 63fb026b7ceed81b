"""The store contract on the embedded default: rdflib in memory."""

from __future__ import annotations

from pathlib import Path

from graph.stores import Store, open_store
from tests.store_suite import StoreContract


class TestMemoryStore(StoreContract):
    scheme = "memory"

    def make_store(self, tmp_path: Path) -> Store:
        return open_store("memory")
