"""The standalone SPARQL query of each route returns that route's links and sources."""

from __future__ import annotations

import pytest

from graph.paths import find_paths
from graph.sparql import run
from graph.stores.base import Store
from tests.paths.tiny import ACYCLOVIR, BACLOFEN, COPD, HYDRATION, SPASM


@pytest.mark.parametrize(("source", "target", "undirected"), [
    (ACYCLOVIR, SPASM, False), (HYDRATION, SPASM, False), (COPD, BACLOFEN, True),
])
def test_route_sparql_returns_the_route(store: Store, source: str, target: str,
                                        undirected: bool) -> None:
    for path in find_paths(store, source, target, undirected=undirected).paths:
        answer = run(store, path.sparql)
        steps = sorted({(int(str(r["step"])), str(r["subject"]), str(r["predicate"]),
                         str(r["object"])) for r in answer.rows})
        assert steps == [(n, e.subject, e.predicate, e.object)
                         for n, e in enumerate(path.edges, 1)]
        titles = {str(r["title"]) for r in answer.rows if "title" in r}
        assert titles == {ev.source for e in path.edges for ev in e.evidence}
        assert path.sparql.startswith("PREFIX ")
