"""The routes the seed article tells of lead to muscle spasm along the graph's causal links."""

from __future__ import annotations

import itertools
from collections import deque

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from tests.data.curated import MG, MGE, PREFIXES, Link


def shortest_route(
    links: set[Link], start: URIRef, goal: URIRef, max_hops: int = 5
) -> list[URIRef] | None:
    """Breadth-first search along causal links, following their direction."""
    out: dict[URIRef, list[URIRef]] = {}
    for s, _, o in sorted(links):
        out.setdefault(s, []).append(o)
    previous: dict[URIRef, URIRef | None] = {start: None}
    queue = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if node == goal:
            route = [node]
            while (before := previous[route[-1]]) is not None:
                route.append(before)
            return route[::-1]
        if depth == max_hops:
            continue
        for nxt in out.get(node, []):
            if nxt not in previous:
                previous[nxt] = node
                queue.append((nxt, depth + 1))
    return None


ROUTES = {  # start -> number of causal links on the shortest route to muscle spasm
    "acyclovir": 2,  # acyclovir -> electrolyte handling -> muscle spasm (the article, unsigned)
    "cefuroxime": 2,  # cefuroxime -> electrolyte handling -> muscle spasm (the article)
    "copd": 2,  # COPD -> is treated with formoterol -> muscle cramps (its label)
    "thyroidectomy": 2,  # thyroidectomy -> hypocalcemia | hypothyroidism -> muscle spasm
    "dehydration": 1,  # the article's "after" (associated with)
}


@pytest.mark.parametrize(("start", "hops"), sorted(ROUTES.items()))
def test_required_route(causal_links: set[Link], start: str, hops: int) -> None:
    route = shortest_route(causal_links, MGE[start], MGE.muscle_spasm)
    assert route is not None, f"no route from {start} to muscle spasm within 5 links"
    assert len(route) - 1 == hops, route


@pytest.mark.parametrize(
    "route",
    [
        ["copd", "hypoxia", "nerve_irritation", "muscle_twitch"],
        ["copd", "formoterol", "hypokalemia", "muscle_spasm"],
        ["thyroid_cancer", "thyroidectomy", "hypoparathyroidism", "hypocalcemia", "muscle_spasm"],
        ["acyclovir", "acute_kidney_injury", "hypocalcemia", "muscle_spasm"],
        ["cefuroxime", "interstitial_nephritis", "acute_kidney_injury", "hypocalcemia"],
        ["dehydration", "acute_kidney_injury", "electrolyte_imbalance", "muscle_spasm"],
        ["magnesium_ion", "hypomagnesemia", "muscle_spasm"],
    ],
)
def test_named_route_exists(causal_links: set[Link], route: list[str]) -> None:
    pairs = {(s, o) for s, _, o in causal_links}
    for a, b in itertools.pairwise(route):
        assert (MGE[a], MGE[b]) in pairs, (a, b)


def test_routes_by_sparql_property_path(graph: Graph) -> None:
    relations = sorted(str(r) for r in graph.subjects(RDFS.subPropertyOf, MG.causalRelation))
    any_link = "(" + "|".join(f"<{r}>" for r in relations) + ")"
    for start in ROUTES:
        ask = f"ASK {{ <{MGE[start]}> {any_link}+ <{MGE.muscle_spasm}> }}"
        assert graph.query(ask).askAnswer, start
    copd = PREFIXES + "ASK { mge:copd mg:treatedBy/mg:hasAdverseEffect/mg:causes mge:muscle_spasm }"
    assert graph.query(copd).askAnswer
    assert not graph.query(
        PREFIXES + f"ASK {{ mge:muscle_spasm {any_link}+ mge:acyclovir }}"
    ).askAnswer
