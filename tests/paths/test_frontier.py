"""How far the search goes and what it follows: k, max_hops, avoided nodes, relation filters,
undirected search, hubs, and no route at all (each traced by hand, see tests/paths/tiny.py)."""

from __future__ import annotations

from math import log

import pytest

from graph.paths import find_paths
from graph.stores.base import Store
from tests.paths.tiny import (
    ACYCLOVIR,
    BACLOFEN,
    COPD,
    DEHYDRATION,
    EI,
    HYDRATION,
    HYPOKALEMIA,
    RELAXANT,
    SPASM,
    WEAKNESS,
    M,
    routes,
    scores,
)


def test_k_limits_routes(store: Store) -> None:
    # k = 2: horizon 2 already holds 2 routes, so the search stops there and EI has
    # degree 2 (E5 E8): dehydration → spasm (1), dehydration → EI → spasm (2 + ln 2).
    two = find_paths(store, DEHYDRATION, SPASM, k=2)
    assert routes(two) == [
        ["dehydration", "causes", "muscle_spasm"],
        ["dehydration", "contributesTo", "electrolyte_imbalance", "causes", "muscle_spasm"],
    ]
    assert scores(two) == pytest.approx([1, 2 + log(2)])
    assert two.hops_searched == 2
    # k = 1: the direct link, found after one expansion.
    one = find_paths(store, DEHYDRATION, SPASM, k=1)
    assert routes(one) == [["dehydration", "causes", "muscle_spasm"]]
    assert one.hops_searched == 1


def test_k_limit_cuts_between_parallel_routes(store: Store) -> None:
    # k = 2 on hydration therapy → spasm: the direct link and the first of the two parallel
    # 2-hop routes (prevents < treats); dehydration has degree 3 (E7 E14 E15) at horizon 2.
    result = find_paths(store, HYDRATION, SPASM, k=2)
    assert routes(result) == [
        ["hydration_therapy", "prevents", "muscle_spasm"],
        ["hydration_therapy", "prevents", "dehydration", "causes", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([1, 2 + log(3)])


def test_max_hops_limits_routes(store: Store) -> None:
    # acyclovir → spasm needs 3 links: 0 routes within 2 hops, 1 route within 3 hops
    # (EI then has degree 2: E4, and E8 pulled from the target side).
    assert find_paths(store, ACYCLOVIR, SPASM, max_hops=2).paths == []
    three = find_paths(store, ACYCLOVIR, SPASM, max_hops=3)
    assert routes(three) == [
        ["acyclovir", "hasAdverseEffect", "acute_kidney_injury", "causes",
         "electrolyte_imbalance", "causes", "muscle_spasm"],
    ]
    assert scores(three) == pytest.approx([3 + log(2) + log(2)])


def test_avoid(store: Store) -> None:
    # Blocking electrolyte imbalance leaves 1 route from dehydration (the direct link) and
    # none from acyclovir (all its routes pass through it).
    result = find_paths(store, DEHYDRATION, SPASM, avoid=[EI])
    assert routes(result) == [["dehydration", "causes", "muscle_spasm"]]
    assert find_paths(store, ACYCLOVIR, SPASM, avoid=[EI]).paths == []


def test_relation_filter(store: Store) -> None:
    # Only causes: 1 route (E7). causes + contributesTo: 2 routes, E7 and E5 E8
    # (EI: degree 2, E5 E8; E9 associatedWith is not followed).
    only_causes = find_paths(store, DEHYDRATION, SPASM, relations=[M + "causes"])
    assert routes(only_causes) == [["dehydration", "causes", "muscle_spasm"]]
    two = find_paths(store, DEHYDRATION, SPASM, relations=[M + "causes", M + "contributesTo"])
    assert routes(two) == [
        ["dehydration", "causes", "muscle_spasm"],
        ["dehydration", "contributesTo", "electrolyte_imbalance", "causes", "muscle_spasm"],
    ]
    assert scores(two) == pytest.approx([1, 2 + log(2)])
    assert two.relations == [M + "causes", M + "contributesTo"]


def test_relations_any(store: Store) -> None:
    # mg:inClass (N1) is a class step, followed by default and with relations=["any"] alike,
    # signed + (the member does what its class does) and marked step="class";
    # rdf:type is never followed, so acyclovir → spasm keeps its 2 causal routes.
    for found in (find_paths(store, BACLOFEN, RELAXANT),
                  find_paths(store, BACLOFEN, RELAXANT, relations=["any"])):
        assert routes(found) == [["baclofen", "inClass", "muscle_relaxant"]]
        edge = found.paths[0].edges[0]
        assert (edge.predicate_label, edge.sign, edge.step, found.paths[0].sign) == (
            "in class", "+", "class", "+")
    assert find_paths(store, BACLOFEN, RELAXANT, relations=["any"]).relations == ["any"]
    assert len(find_paths(store, ACYCLOVIR, SPASM, relations=["any"]).paths) == 2
    # an explicit list of relations follows exactly those: no class step
    assert find_paths(store, BACLOFEN, RELAXANT, relations=[M + "treats"]).paths == []


def test_a_class_step_is_signed_through(store: Store) -> None:
    # relaxant has no links of its own in the fixture: baclofen's only way to spasm is E19.
    found = find_paths(store, BACLOFEN, SPASM)
    assert routes(found) == [["baclofen", "treats", "muscle_spasm"]]
    assert [e.step for e in found.paths[0].edges] == ["causal"]


def test_undirected(store: Store) -> None:
    # baclofen has links out only: 0 directed routes from COPD, 1 undirected route:
    #   E17 E18 E19  copd → hypoxemia → spasm ← baclofen     3 + ln 2 + ln 9
    # (hypoxemia: E17 E18; spasm: its 8 links in and E13 out, pulled from the target side).
    assert find_paths(store, COPD, BACLOFEN).paths == []
    result = find_paths(store, COPD, BACLOFEN, undirected=True)
    assert routes(result) == [["copd", "causes", "hypoxemia", "contributesTo", "muscle_spasm",
                               "treats", "baclofen"]]
    path = result.paths[0]
    assert [e.direction for e in path.edges] == ["forward", "forward", "backward"]
    # the backward link keeps its true subject and object
    assert (path.edges[2].subject, path.edges[2].object) == (BACLOFEN, SPASM)
    assert path.score == pytest.approx(3 + log(2) + log(9))
    # walked against a link, the route is no causal chain: not signed, its shape named
    assert (path.sign, path.pattern) == ("?", "common effect: both ends act on muscle spasm")
    assert path.sentence() == (
        "chronic obstructive pulmonary disease → causes → hypoxemia → contributes to → "
        "muscle spasm ← treats ← baclofen (not a causal chain: common effect: both ends act "
        "on muscle spasm; 3 links, 1 walked against its direction)")


def test_a_hop_with_links_both_ways_is_walked_forward(store: Store) -> None:
    # weakness ↔ spasm (E12 forward, E13 back): undirected, hypokalemia → weakness → spasm
    # is one route over E12, not a second one over E13 walked backwards.
    found = find_paths(store, HYPOKALEMIA, SPASM, undirected=True, k=10)
    via_weakness = [p for p in found.paths if WEAKNESS in [n.iri for n in p.nodes]
                    and len(p.edges) == 2]
    assert len(via_weakness) == 1
    assert [e.direction for e in via_weakness[0].edges] == ["forward", "forward"]
    assert via_weakness[0].sign == "+"


def test_a_route_with_a_backward_step_names_its_pattern(store: Store) -> None:
    # weakness ← hypokalemia → spasm: two effects of one cause, unsigned
    found = find_paths(store, WEAKNESS, HYPOKALEMIA, undirected=True, k=10)
    direct = [p for p in found.paths if len(p.edges) == 1]
    assert [(p.sign, p.pattern) for p in direct] == [("?", "reversed chain")]


def test_hub_is_not_expanded(store: Store) -> None:
    # hub_cap 5: spasm's 8 links in are counted, not pulled; the route still stands (E18 and
    # E19 were pulled from the other nodes) and spasm's penalty uses its 8 links:
    # 3 + ln 2 + ln 8.
    result = find_paths(store, COPD, BACLOFEN, undirected=True, hub_cap=5)
    assert len(result.paths) == 1
    assert result.paths[0].score == pytest.approx(3 + log(2) + log(8))
    assert result.notes == [
        "not followed, each with more links than the hub cap of 5: muscle spasm (8 incoming)"]


def test_no_path_is_an_empty_result(store: Store) -> None:
    # Nothing leads into acyclovir: 0 routes; the target side runs dry after one query.
    result = find_paths(store, COPD, ACYCLOVIR)
    assert result.paths == []
    assert result.sentences() == []
    assert result.as_text() == ("No route from chronic obstructive pulmonary disease to "
                                 "acyclovir within 4 hops.")


def test_the_last_step_pulls_only_links_among_the_nodes_reached(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Undirected, at most 3 hops: source (acyclovir: E1), target (spasm: its 8 links in and
    # E13 out), then the last step from AKI, whose links reach acyclovir (E1), EI (E4),
    # dehydration (E6) and interstitial nephritis (E3), which no side reached. Where the
    # store counts, E3 is counted and not pulled (forced here: the fixture is too small for
    # the pull toward the reached nodes to cost less). Either way AKI's degree is 4:
    #   E1 E6 E7  acyclovir → AKI ← dehydration → spasm         3 + ln 4 + ln 2
    #   E1 E4 E8  acyclovir → AKI → EI → spasm                  3 + ln 4 + ln 2
    # (dehydration: E6 E7, EI: E4 E8); the tie goes to dehydration < electrolyte_imbalance.
    from graph.paths.frontier import Search

    monkeypatch.setattr(Search, "_pulls_toward", staticmethod(lambda ends, links: True))
    result = find_paths(store, ACYCLOVIR, SPASM, undirected=True, max_hops=3)
    assert routes(result) == [
        ["acyclovir", "hasAdverseEffect", "acute_kidney_injury", "increases", "dehydration",
         "causes", "muscle_spasm"],
        ["acyclovir", "hasAdverseEffect", "acute_kidney_injury", "causes",
         "electrolyte_imbalance", "causes", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([3 + log(4) + log(2)] * 2)
    toward = [q for q in result.queries if "?other {" in q and "SELECT DISTINCT" in q]
    assert len(toward) == (2 if store.counts_cheaply else 0)  # AKI out and in
