"""find_paths checks its question (unknown nodes, bad arguments), answers the same every time on
every store, and imports no user interface."""

from __future__ import annotations

import pytest

from graph.errors import MyographError, NodeNotFound, QueryError
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.paths import find_paths
from graph.stores import open_store
from graph.stores.base import Store
from tests.paths.tiny import (
    ACYCLOVIR,
    BACLOFEN,
    COPD,
    DEHYDRATION,
    HYDRATION,
    SPASM,
    TINY,
    WEAKNESS,
    E,
    M,
)

# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("source", "target", "named"), [
    (E + "unicorn", SPASM, "mge:unicorn"),
    (ACYCLOVIR, E + "unicorn", "mge:unicorn"),
    (E + "unicorn", E + "griffin", "mge:unicorn"),  # the source is checked first
])
def test_node_not_found(store: Store, source: str, target: str, named: str) -> None:
    with pytest.raises(NodeNotFound, match=named):
        find_paths(store, source, target)


def test_not_an_iri(store: Store) -> None:
    with pytest.raises(NodeNotFound, match="not an IRI"):
        find_paths(store, "acyclovir", SPASM)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"max_hops": 0}, "max_hops"),
    ({"max_hops": 9}, "max_hops"),
    ({"max_hops": True}, "max_hops"),
    ({"k": 0}, "k "),
    ({"k": 51}, "k "),
    ({"hub_cap": 0}, "hub_cap"),
    ({"relations": []}, "relations is empty"),
    ({"relations": ["any", M + "causes"]}, "'any'"),
    ({"relations": ["causes"]}, "not an IRI"),
    ({"avoid": [SPASM]}, "cannot avoid"),
])
def test_bad_arguments(store: Store, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(MyographError, match=message):
        # values of the wrong type or range, on purpose: find_paths must refuse them
        find_paths(store, ACYCLOVIR, SPASM, **kwargs)  # type: ignore[arg-type]


def test_bad_timeout(store: Store) -> None:
    with pytest.raises(QueryError, match="time limit"):
        find_paths(store, ACYCLOVIR, SPASM, timeout=0)


def test_same_source_and_target(store: Store) -> None:
    with pytest.raises(MyographError, match="same node"):
        find_paths(store, SPASM, SPASM)


def test_deterministic_and_same_on_every_store() -> None:
    memory = open_store(f"memory:{TINY}")
    ox = open_store("oxigraph:")
    load_file(ox, TINY, graph=DATA_GRAPH)
    for args, kwargs in [
        ((DEHYDRATION, SPASM), {}),
        ((HYDRATION, SPASM), {"k": 3}),
        ((COPD, BACLOFEN), {"undirected": True}),
        ((ACYCLOVIR, WEAKNESS), {"max_hops": 5}),
    ]:
        # each case's keywords in one dict[str, object]: mypy cannot match them to the
        # parameters they name, hence the arg-type ignores
        first = find_paths(memory, *args, **kwargs).to_json()  # type: ignore[arg-type]
        assert find_paths(memory, *args, **kwargs).to_json() == first  # type: ignore[arg-type]
        other = find_paths(ox, *args, **kwargs).to_json()  # type: ignore[arg-type]
        assert find_paths(ox, *args, **kwargs).to_json() == other  # type: ignore[arg-type]
        # Oxigraph counts each frontier's links first (Store.counts_cheaply) and pulls only
        # those of nodes that have some and are no hubs: other queries ran, the same answer.
        queries = other.pop("queries")
        assert isinstance(queries, list)
        assert any("(COUNT(*) AS ?links)" in q for q in queries)
        first.pop("queries")
        assert other == first


def test_paths_does_not_import_ui() -> None:
    import subprocess
    import sys

    code = ("import sys, graph.paths; "
            "print(any(m in sys.modules for m in ('streamlit', 'pyvis')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
