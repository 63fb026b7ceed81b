"""The Explore view, headless (AppTest): share links, the search box, the card and the
network's expansions and filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.neighbours import Neighbourhood
from graph.stores import Store
from tests.apptest import SPASM, component_data, page_text, run_app, send


def test_share_link_opens_explore_on_a_node() -> None:
    at = run_app(view="explore", node="HP:0003394")
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"
    assert at.query_params["node"] in ("mge:muscle_spasm", ["mge:muscle_spasm"])


def test_explore_asks_for_the_selected_nodes_links_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The card's links (50 per relation) serve the network's centre (25 per relation).
    import graph.describe
    import graph.neighbours
    import graph.subgraph

    asked: list[str] = []

    def counting(store: Store, iri: str, **kwargs: Any) -> Neighbourhood:
        asked.append(iri)
        return graph.neighbours.neighbours(store, iri, **kwargs)

    monkeypatch.setattr(graph.describe, "neighbours", counting)
    monkeypatch.setattr(graph.subgraph, "neighbours", counting)
    at = run_app(view="explore", node="muscle spasm")
    assert asked == [SPASM]
    assert "Neighbourhood" in page_text(at)


def test_unknown_node_is_a_message_not_a_crash() -> None:
    at = run_app(view="explore", node="no such thing at all")
    assert "no entity matches" in page_text(at)


def test_search_cramp_selects_muscle_spasm() -> None:
    # Enter with no suggestion highlighted: the best match is selected.
    at = run_app(view="explore", node="acyclovir")
    send(at, "explore_search", trigger=("submit", "cramp"))
    assert at.session_state["explore_node"] == SPASM
    assert at.subheader[0].value == "muscle spasm"
    assert at.query_params["node"] in ("mge:muscle_spasm", ["mge:muscle_spasm"])


def test_search_suggests_as_you_type() -> None:
    at = run_app(view="explore", node="acyclovir")
    send(at, "explore_search", state={"query": "cram"})
    data = component_data(at, "explore_search")
    assert data["query"] == "cram"
    first = data["suggestions"][0]
    assert (first["label"], first["why"], first["cls"]) == ("muscle spasm", "synonym: cramp",
                                                            "symptom")
    assert len(data["suggestions"]) <= 10
    # typing alone selects nothing
    assert at.session_state["explore_node"].endswith("/acyclovir")
    send(at, "explore_search", state={"query": "low potass"})
    labels = [s["label"] for s in component_data(at, "explore_search")["suggestions"]]
    assert labels[0] == "hypokalemia"


def test_picking_a_suggestion_selects_it() -> None:
    at = run_app(view="explore", node="acyclovir")
    send(at, "explore_search", state={"query": "low potass"})
    iri = component_data(at, "explore_search")["suggestions"][0]["iri"]
    send(at, "explore_search", state={"query": "low potass"}, trigger=("pick", iri))
    assert at.session_state["explore_node"] == iri
    assert at.subheader[0].value == "hypokalemia"
    assert at.query_params["node"] in ("mge:hypokalemia", ["mge:hypokalemia"])


def test_search_without_a_match_or_with_rivals_says_so() -> None:
    at = run_app(view="explore", node="acyclovir")
    send(at, "explore_search", state={"query": "qqqzzzxx"})
    assert component_data(at, "explore_search")["suggestions"] == []
    send(at, "explore_search", trigger=("submit", "qqqzzzxx"))
    assert "Nothing matches 'qqqzzzxx'" in page_text(at)
    assert at.session_state["explore_node"].endswith("/acyclovir")
    # several equally good matches: the best is shown and the others named
    send(at, "explore_search", trigger=("submit", "kidney"))
    assert at.subheader[0].value == "kidney strain"
    assert "'kidney' matches several entities" in "\n".join(i.value for i in at.info)
    assert "kidney failure" in "\n".join(i.value for i in at.info)


def test_explore_card_shows_evidence_and_identifiers() -> None:
    at = run_app(view="explore", node="muscle spasm")
    text = page_text(at)
    assert "[HP\\:0003394](http://purl.obolibrary.org/obo/HP_0003394)" in text
    assert ":blue-badge[article]" in text
    assert any("SPARQL" in e.label for e in at.expander)


def test_article_evidence_offers_read_in_context() -> None:
    at = run_app(view="explore", node="hypoxia")
    assert "[read in context](?view=read&passage=" in page_text(at)


def test_an_explore_share_link_keeps_expansions_and_filters() -> None:
    at = run_app(view="explore", node="hypokalemia", expand="mge:furosemide",
                 **{"class": "mg:Drug", "relation": "mg:hasAdverseEffect"})
    assert not at.exception
    assert at.session_state["explore_expanded"] == [
        "https://w3id.org/myograph/entity/furosemide"]
    assert at.session_state["explore_classes"] == ["https://w3id.org/myograph/vocab#Drug"]
    assert at.query_params["expand"] in ("mge:furosemide", ["mge:furosemide"])
    assert at.query_params["class"] in ("mg:Drug", ["mg:Drug"])
    # what the student changes goes back into the address
    at.session_state["explore_classes"] = []
    at.run()
    assert "class" not in at.query_params
    # a class the picture does not hold is dropped, not an error
    odd = run_app(view="explore", node="hypokalemia", **{"class": "mg:NoSuchClass"})
    assert not odd.exception
    assert odd.session_state["explore_classes"] == []



def test_a_neighbour_with_no_class_is_said_to_have_none(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Two labelled nodes, one link, no rdf:type anywhere: the link list says "no class"
    # instead of ending on a bare separator.
    ttl = tmp_path / "plain.ttl"
    ttl.write_text('@prefix ex: <https://example.org/> .\n'
                   '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                   'ex:a rdfs:label "Alpha" ; ex:near ex:b .\n'
                   'ex:b rdfs:label "Beta" .\n', encoding="utf-8")
    monkeypatch.setenv("MYOGRAPH_STORE", f"memory:{ttl}")
    at = run_app(view="explore", node="Alpha")
    lines = [m.value for m in at.markdown if "**Beta**" in m.value]
    assert lines == ["→ **Beta** · no class"]


def test_a_class_opens_with_its_instances() -> None:
    at = run_app(view="explore", node="mg:Drug")
    assert at.subheader[0].value == "drug"
    links = [str(m.value) for m in at.markdown if str(m.value).startswith("← ")]
    # the eleven drugs of data/triples.ttl, each an instance (`a mg:Drug`), by label
    assert len(links) == 11
    assert links[0] == "← **acyclovir** · drug"
    net = component_data(at, "explore_net")
    assert "acyclovir" in json.dumps(net)


def test_a_big_relation_is_read_page_by_page(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # A hub with 60 links out (listed by name, 50 a page) and 120 links in (more than the
    # 100 a relation is sorted by name for: paged in the store's order).
    lines = ['@prefix ex: <https://example.org/> .',
             '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .',
             '@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .',
             '@prefix mg: <https://w3id.org/myograph/vocab#> .',
             '@prefix dcterms: <http://purl.org/dc/terms/> .',
             'ex:hub rdfs:label "Hub" .',
             # a claim behind one link of the second page: its evidence shows there
             'ex:c a mg:Claim ; rdf:subject ex:hub ; rdf:predicate ex:has ; rdf:object ex:a55 ;',
             '  mg:source ex:s ; mg:quote "the hub has alpha 55" .',
             'ex:s dcterms:title "A made-up source" ; mg:sourceKind "literature" .']
    lines += [f'ex:hub ex:has ex:a{i:02} . ex:a{i:02} rdfs:label "alpha {i:02}" .'
              for i in range(1, 61)]
    lines += [f'ex:b{i:03} ex:near ex:hub ; rdfs:label "beta {i:03}" .' for i in range(1, 121)]
    ttl = tmp_path / "hub.ttl"
    ttl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("MYOGRAPH_STORE", f"memory:{ttl}")

    def listed(at: Any, word: str) -> list[str]:
        return [m.value.split("**")[1] for m in at.markdown
                if m.value.startswith(("→ **", "← **")) and word in m.value]

    at = run_app(view="explore", node="Hub")
    assert [e.label for e in at.expander][:2] == ["→ has \\(60\\)", "← near \\(120\\)"]
    text = page_text(at)
    assert "Showing 1–50 of 60 by name." in text
    assert "Showing 1–50 of 120 in the store's order (too many links to sort by name)." in text
    assert listed(at, "alpha") == [f"alpha {i:02}" for i in range(1, 51)]
    assert "the hub has alpha 55" not in page_text(at)
    at.button(key="explore_more_0").click().run()
    assert not at.exception
    assert listed(at, "alpha") == [f"alpha {i:02}" for i in range(51, 61)]
    assert "Showing 51–60 of 60 by name." in page_text(at)
    assert "the hub has alpha 55" in page_text(at)
    at.button(key="explore_back_0").click().run()
    assert listed(at, "alpha") == [f"alpha {i:02}" for i in range(1, 51)]
    seen = listed(at, "beta")
    for _ in range(2):  # 120 links: pages of 50, 50 and 20
        at.button(key="explore_more_1").click().run()
        assert not at.exception
        page = listed(at, "beta")
        assert page == sorted(page)  # each page by name
        seen += page
    assert "Showing 101–120 of 120 in the store's order" in page_text(at)
    assert sorted(seen) == [f"beta {i:03}" for i in range(1, 121)]  # each link once
