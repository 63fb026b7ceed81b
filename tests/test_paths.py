"""Tests of graph.paths on the hand-checked fixture tests/fixtures/tiny.ttl.

Every expected route is written out below, with the hand count in a comment and each score
as the hand arithmetic: score = hops + sum(ln(degree)) over the intermediate nodes, where a
degree counts the links the search pulled (E-numbers as in the fixture's header comment).
How far the search goes is traced by hand too: it expands the smaller frontier (on a tie,
the side that has gone fewer hops, then the source side) and stops at the smallest horizon
holding k routes, at max_hops, or when one side has nothing left to expand.
"""

from __future__ import annotations

import json
from math import log
from pathlib import Path

import pytest

from graph.errors import MyographError, NodeNotFound, QueryError
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.paths import (
    PathsResult,
    Relation,
    causal_relations,
    combine_signs,
    find_paths,
)
from graph.sparql import run
from graph.stores import open_store
from graph.stores.base import Store

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny.ttl"
E = "https://w3id.org/myograph/entity/"
M = "https://w3id.org/myograph/vocab#"

ACYCLOVIR, AKI, EI = E + "acyclovir", E + "acute_kidney_injury", E + "electrolyte_imbalance"
HYPOKALEMIA, SPASM, WEAKNESS = E + "hypokalemia", E + "muscle_spasm", E + "muscle_weakness"
DEHYDRATION, HYDRATION = E + "dehydration", E + "hydration_therapy"
COPD, HYPOXEMIA, BACLOFEN = E + "copd", E + "hypoxemia", E + "baclofen"
RELAXANT = E + "muscle_relaxant"


@pytest.fixture(params=["memory", "oxigraph"], scope="module")
def store(request: pytest.FixtureRequest) -> Store:
    """The fixture in rdflib (memory:PATH) and in an in-memory Oxigraph store."""
    if request.param == "memory":
        return open_store(f"memory:{TINY}")
    ox = open_store("oxigraph:")
    load_file(ox, TINY, graph=DATA_GRAPH)
    return ox


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


# --------------------------------------------------------------------------- relations


def test_causal_relations(store: Store) -> None:
    assert causal_relations(store) == [
        Relation(M + "associatedWith", "associated with", "?"),
        Relation(M + "causes", "causes", "+"),
        Relation(M + "contributesTo", "contributes to", "+"),
        Relation(M + "decreases", "decreases", "-"),
        Relation(M + "hasAdverseEffect", "has adverse effect", "+"),
        Relation(M + "increases", "increases", "+"),
        Relation(M + "prevents", "prevents", "-"),
        Relation(M + "treats", "treats", "-"),
    ]


@pytest.mark.parametrize(("signs", "expected"), [
    (["+", "+"], "+"), (["+", "-"], "-"), (["-", "-"], "+"), (["-", "?", "-"], "?"), ([], "+"),
])
def test_combine_signs(signs: list[str], expected: str) -> None:
    assert combine_signs(signs) == expected


# --------------------------------------------------------------------------- ranking


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


# --------------------------------------------------------------------------- limits


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


# --------------------------------------------------------------------------- output


def test_json_shape(store: Store) -> None:
    data = find_paths(store, ACYCLOVIR, SPASM).to_json()
    json.dumps(data)  # serialisable as it is
    assert data["source"] == {"iri": ACYCLOVIR, "label": "acyclovir"}
    assert data["target"] == {"iri": SPASM, "label": "muscle spasm"}
    assert {"paths", "queries", "notes", "hops_searched", "max_hops", "k"} <= set(data)
    paths = data["paths"]
    assert isinstance(paths, list)
    first = paths[0]
    assert {"nodes", "edges", "sign", "score", "sparql"} <= set(first)
    assert first["nodes"][0] == {"iri": ACYCLOVIR, "label": "acyclovir", "type": M + "Drug"}
    edge = first["edges"][0]
    assert {"subject", "predicate", "predicate_label", "object", "sign", "evidence"} <= set(edge)
    assert (edge["predicate_label"], edge["sign"]) == ("has adverse effect", "+")
    # two claims behind E1, article before literature
    ungraded = dict.fromkeys(("citation", "quote_url", "section", "summary", "knowledge_level",
                              "agent_type", "hedge", "stance"))
    assert edge["evidence"] == [
        {"source": "Muscle Spasm: Causes, Relief & Management", "kind": "article", "url": None,
         "quote": "antivirals like acyclovir … can influence kidney function", **ungraded},
        {"source": "Acyclovir Nephrotoxicity: A Case Report", "kind": "literature",
         "url": "https://doi.org/10.1155/2010/602783",
         "quote": "Acyclovir can cause crystal nephropathy and acute kidney injury.",
         **ungraded},
    ]
    # E9 (associatedWith) has no claim
    assert first["edges"][2]["evidence"] == [{
        "source": "Muscle Spasm: Causes, Relief & Management", "kind": "article", "url": None,
        "quote": "low potassium or magnesium is the most frequent trigger", **ungraded}]
    assert paths[1]["edges"][2]["evidence"] == []
    assert isinstance(first["score"], float)
    queries = data["queries"]
    assert isinstance(queries, list)
    assert any("VALUES ?node { <" + ACYCLOVIR + "> }" in q for q in queries)


def test_sentences_and_describe(store: Store) -> None:
    result = find_paths(store, ACYCLOVIR, SPASM)
    assert result.sentences() == [
        "acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance"
        " → causes → muscle spasm (overall: increases; 3 links)",
        "acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance"
        " → associated with → hypokalemia → causes → muscle spasm (overall: unclear; 4 links)",
    ]
    text = result.as_text()
    assert text.splitlines()[0] == ("Routes from acyclovir to muscle spasm (following each "
                                    "link's direction, at most 4 links):")
    assert text.splitlines()[1].startswith("1. acyclovir → has adverse effect")
    single = find_paths(store, DEHYDRATION, SPASM, k=1)
    assert single.sentences() == [
        "dehydration → causes → muscle spasm (overall: increases; 1 link)"]


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


def test_graph_without_causal_relations(tmp_path: Path) -> None:
    # A foreign graph: one link, its predicate not declared causal. By default every
    # relation is followed (a note says so), as with relations=["any"]: 1 route either way.
    data = tmp_path / "foreign.ttl"
    data.write_text("<urn:x:a> <urn:x:leadsTo> <urn:x:b> .\n", encoding="utf-8")
    foreign = open_store(f"memory:{data}")
    result = find_paths(foreign, "urn:x:a", "urn:x:b")
    assert result.relations == ["any"]
    assert result.notes == ["this graph declares no causal relations, so routes follow any "
                            "relation"]
    anything = find_paths(foreign, "urn:x:a", "urn:x:b", relations=["any"])
    assert anything.notes == []
    for found in (result, anything):
        assert [p.sentence() for p in found.paths] == [
            "urn:x:a → urn:x:leadsTo → urn:x:b (overall: unclear; 1 link)"]
    assert run(foreign, anything.paths[0].sparql).rows
