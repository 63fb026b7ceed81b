"""The hand-checked fixture tests/fixtures/tiny.ttl that the tests of graph.paths search.

Every expected route is written out in the tests, with the hand count in a comment and each
score as the hand arithmetic: score = hops + sum(ln(degree)) over the intermediate nodes, where
a degree counts the links the search pulled (E-numbers as in the fixture's header comment).
How far the search goes is traced by hand too: it expands the smaller frontier (on a tie,
the side that has gone fewer hops, then the source side) and stops at the smallest horizon
holding k routes, at max_hops, or when one side has nothing left to expand.

Here: the fixture's path, its IRIs, and each route read as a short chain of names.
"""

from __future__ import annotations

from graph.paths import PathsResult
from tests.conftest import FIXTURES

__all__ = ["ACYCLOVIR", "AKI", "BACLOFEN", "COPD", "DEHYDRATION", "EI", "HYDRATION", "HYPOKALEMIA",
           "HYPOXEMIA", "RELAXANT", "SPASM", "TINY", "WEAKNESS", "E", "M", "routes", "scores"]

TINY = FIXTURES / "tiny.ttl"
E = "https://w3id.org/myograph/entity/"
M = "https://w3id.org/myograph/vocab#"

ACYCLOVIR, AKI, EI = E + "acyclovir", E + "acute_kidney_injury", E + "electrolyte_imbalance"
HYPOKALEMIA, SPASM, WEAKNESS = E + "hypokalemia", E + "muscle_spasm", E + "muscle_weakness"
DEHYDRATION, HYDRATION = E + "dehydration", E + "hydration_therapy"
COPD, HYPOXEMIA, BACLOFEN = E + "copd", E + "hypoxemia", E + "baclofen"
RELAXANT = E + "muscle_relaxant"


def routes(result: PathsResult) -> list[list[str]]:
    """Each route as [node, predicate, node, predicate, …] in CURIE-ish short form."""
    out = []
    for path in result.paths:
        chain = [path.nodes[0].iri.removeprefix(E)]
        for edge, node in zip(path.edges, path.nodes[1:], strict=True):
            chain += [edge.predicate.removeprefix(M), node.iri.removeprefix(E)]
        out.append(chain)
    return out


def scores(result: PathsResult) -> list[float]:
    return [p.score for p in result.paths]
