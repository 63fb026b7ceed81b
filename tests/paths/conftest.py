"""The tiny fixture graph in each local store, for the tests of graph.paths."""

from __future__ import annotations

import pytest

from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.stores import open_store
from graph.stores.base import Store
from tests.paths.tiny import TINY


@pytest.fixture(params=["memory", "oxigraph"], scope="module")
def store(request: pytest.FixtureRequest) -> Store:
    """The fixture in rdflib (memory:PATH) and in an in-memory Oxigraph store."""
    if request.param == "memory":
        return open_store(f"memory:{TINY}")
    ox = open_store("oxigraph:")
    load_file(ox, TINY, graph=DATA_GRAPH)
    return ox
