"""Routes ranked by score on the tiny fixture (tests/paths/tiny.py tells how the scores and the
search were counted by hand): ties, parallel links, cycles."""

from __future__ import annotations

from math import log

import pytest

from graph.paths import find_paths
from graph.stores.base import Store
from tests.paths.tiny import ACYCLOVIR, DEHYDRATION, HYDRATION, HYPOKALEMIA, SPASM, routes, scores


def test_acyclovir_to_spasm(store: Store) -> None:
    # 2 routes of ≤ 4 hops (the next, via hypokalemia → weakness, has 5):
    #   E1 E4 E8      acyclovir → AKI → EI → spasm
    #   E1 E4 E9 E11  acyclovir → AKI → EI → hypokalemia → spasm
    # Search: source (acyclovir→AKI), target (8 links into spasm), source (AKI→EI),
    # source (EI→spasm, EI→hypokalemia): horizon 4 = max_hops.
    # Degrees: AKI 2 (E1 E4), EI 3 (E4 E8 E9), hypokalemia 2 (E9 E11; E10 never pulled).
    result = find_paths(store, ACYCLOVIR, SPASM)
    assert routes(result) == [
        ["acyclovir", "hasAdverseEffect", "acute_kidney_injury", "causes",
         "electrolyte_imbalance", "causes", "muscle_spasm"],
        ["acyclovir", "hasAdverseEffect", "acute_kidney_injury", "causes",
         "electrolyte_imbalance", "associatedWith", "hypokalemia", "causes", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([3 + log(2) + log(3), 4 + log(2) + log(3) + log(2)])
    assert [p.sign for p in result.paths] == ["+", "?"]
    assert result.hops_searched == 4
    assert result.notes == []


def test_dehydration_to_spasm_ranking_and_ties(store: Store) -> None:
    # 6 routes of ≤ 4 hops, k = 5 keeps the first five:
    #   E7            dehydration → spasm                                   1
    #   E5 E8         dehydration → EI → spasm                              2 + ln 4
    #   E6 E4 E8      dehydration → AKI → EI → spasm                        3 + ln 2 + ln 4
    #   E5 E9 E11     dehydration → EI → hypokalemia → spasm                3 + ln 4 + ln 3
    #   E6 E4 E9 E11  dehydration → AKI → EI → hypokalemia → spasm          4 + ln 2 + ln 4 + ln 3
    #   E5 E9 E10 E12 dehydration → EI → hypokalemia → weakness → spasm     4 + ln 4 + ln 3 + ln 2
    # The last two tie: acute_kidney_injury < electrolyte_imbalance by IRI, so the AKI route
    # is fifth and the weakness route is cut.
    # Pulled: E5 E6 E7 (source), 8 links into spasm (target), E4 E8 E9 (source), E10 E11.
    # Degrees: EI 4 (E4 E5 E8 E9), AKI 2 (E4 E6), hypokalemia 3 (E9 E10 E11).
    result = find_paths(store, DEHYDRATION, SPASM, k=5)
    assert routes(result) == [
        ["dehydration", "causes", "muscle_spasm"],
        ["dehydration", "contributesTo", "electrolyte_imbalance", "causes", "muscle_spasm"],
        ["dehydration", "increases", "acute_kidney_injury", "causes", "electrolyte_imbalance",
         "causes", "muscle_spasm"],
        ["dehydration", "contributesTo", "electrolyte_imbalance", "associatedWith",
         "hypokalemia", "causes", "muscle_spasm"],
        ["dehydration", "increases", "acute_kidney_injury", "causes", "electrolyte_imbalance",
         "associatedWith", "hypokalemia", "causes", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([
        1,
        2 + log(4),
        3 + log(2) + log(4),
        3 + log(4) + log(3),
        4 + log(2) + log(4) + log(3),
    ])
    assert [p.sign for p in result.paths] == ["+", "+", "+", "?", "?"]


def test_parallel_edges_are_separate_routes(store: Store) -> None:
    # 5 routes of ≤ 3 hops (hydration therapy treats AND prevents dehydration, E14 / E15):
    #   E16           hydration → spasm                                 1
    #   E15 E7        hydration -prevents→ dehydration → spasm          2 + ln 5
    #   E14 E7        hydration -treats→   dehydration → spasm          2 + ln 5
    #   E15 E5 E8     hydration -prevents→ dehydration → EI → spasm     3 + ln 5 + ln 2
    #   E14 E5 E8     hydration -treats→   dehydration → EI → spasm     3 + ln 5 + ln 2
    # Horizon 3 holds k = 5 routes, so the search stops there.
    # Degrees: dehydration 5 (E5 E6 E7 E14 E15), EI 2 (E5 E8). Ties: prevents < treats.
    result = find_paths(store, HYDRATION, SPASM)
    assert routes(result) == [
        ["hydration_therapy", "prevents", "muscle_spasm"],
        ["hydration_therapy", "prevents", "dehydration", "causes", "muscle_spasm"],
        ["hydration_therapy", "treats", "dehydration", "causes", "muscle_spasm"],
        ["hydration_therapy", "prevents", "dehydration", "contributesTo",
         "electrolyte_imbalance", "causes", "muscle_spasm"],
        ["hydration_therapy", "treats", "dehydration", "contributesTo",
         "electrolyte_imbalance", "causes", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([
        1, 2 + log(5), 2 + log(5), 3 + log(5) + log(2), 3 + log(5) + log(2)])
    assert [p.sign for p in result.paths] == ["-"] * 5
    assert result.hops_searched == 3


def test_cycle_is_not_looped(store: Store) -> None:
    # 2 routes (weakness ↔ spasm is a cycle, but routes are simple):
    #   E11       hypokalemia → spasm                  1
    #   E10 E12   hypokalemia → weakness → spasm       2 + ln 2   (weakness: E10 E12)
    result = find_paths(store, HYPOKALEMIA, SPASM)
    assert routes(result) == [
        ["hypokalemia", "causes", "muscle_spasm"],
        ["hypokalemia", "causes", "muscle_weakness", "contributesTo", "muscle_spasm"],
    ]
    assert scores(result) == pytest.approx([1, 2 + log(2)])
