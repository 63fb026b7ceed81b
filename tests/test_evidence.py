"""Claims behind links: one shape for every view, article and literature kept apart."""

from __future__ import annotations

from graph.evidence import claims_between, claims_touching
from graph.stores import Store

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"


def test_claims_touching_return_their_query(memory_store: Store) -> None:
    found, text = claims_touching(memory_store, [MGE + "copd"])
    link = (MGE + "copd", MG + "causes", MGE + "hypoxemia")
    assert [e.kind for e in found[link]] == ["literature"]
    hypoxia = (MGE + "copd", MG + "causes", MGE + "hypoxia")  # the article's own word
    assert [(e.kind, e.hedge) for e in found[hypoxia]] == [("article", "may")]
    assert "<https://w3id.org/myograph/entity/copd>" in text


def test_claims_between_keep_only_links_among_the_nodes(memory_store: Store) -> None:
    nodes = [MGE + "acyclovir", MGE + "acute_kidney_injury"]
    found, _text = claims_between(memory_store, nodes)
    assert set(found) == {(MGE + "acyclovir", MG + "hasAdverseEffect",
                           MGE + "acute_kidney_injury")}
    evidence = found[(MGE + "acyclovir", MG + "hasAdverseEffect", MGE + "acute_kidney_injury")]
    assert {e.kind for e in evidence} == {"literature"}
    assert any(e.url and "10.1155/2010/602783" in e.url for e in evidence)
    assert evidence[0].to_json().keys() == {
        "source", "kind", "url", "citation", "quote", "quote_url", "section", "summary",
        "knowledge_level", "agent_type", "hedge", "stance"}


def test_a_claim_carries_its_grade_hedge_and_where_it_was_read(memory_store: Store) -> None:
    found, _text = claims_between(memory_store, [MGE + "theophylline", MGE + "hypokalemia"])
    [claim] = found[(MGE + "theophylline", MG + "hasAdverseEffect", MGE + "hypokalemia")]
    assert claim.quote.startswith("Hypoklaemia is a frequent manifestation")  # sic, verbatim
    assert (claim.knowledge_level, claim.agent_type) == ("observation", "manual_agent")
    assert claim.hedge == "in acute theophylline poisoning"
    assert claim.quote_url
    assert claim.quote_url.startswith("https://")
    line = claim.one_line()
    assert "[observed in patients (a case report or series); hedged: in acute" in line
    assert "“Hypoklaemia is a frequent manifestation" in line


def test_counter_evidence_says_it_disputes_the_link(memory_store: Store) -> None:
    found, _text = claims_between(memory_store, [MGE + "dehydration", MGE + "muscle_spasm"])
    claims = found[(MGE + "dehydration", MG + "associatedWith", MGE + "muscle_spasm")]
    disputing = [c for c in claims if c.stance == "disputes"]
    assert len(disputing) == 1
    assert disputing[0].one_line().startswith("[DISPUTES this link]")


def test_claims_behind_links_read_from_either_end(memory_store: Store) -> None:
    from graph.evidence import claims_behind

    # claims with each end as subject / as object in data/triples.ttl: acyclovir 4 / 0,
    # acute kidney injury 4 / 5, electrolyte imbalance 1 / 3, muscle spasm 2 / 37
    links = [(MGE + "acyclovir", MG + "hasAdverseEffect", MGE + "acute_kidney_injury"),
             (MGE + "acute_kidney_injury", MG + "causes", MGE + "electrolyte_imbalance"),
             (MGE + "electrolyte_imbalance", MG + "contributesTo", MGE + "muscle_spasm")]
    found, sparql = claims_behind(memory_store, links)
    between, _ = claims_between(memory_store, [MGE + "acyclovir", MGE + "acute_kidney_injury",
                                               MGE + "electrolyte_imbalance", MGE + "muscle_spasm"])
    assert found == {link: between[link] for link in links}
    assert [len(found[link]) for link in links] == [2, 1, 1]
    # 4 <= 5 and 1 <= 37: read from the subject; 4 > 3: from the object
    assert len(sparql) == 2
    assert (sparql[0].count("(<"), "?linkObject" in sparql[0]) == (2, True)  # a row a link
    assert (sparql[1].count("(<"), "?linkSubject" in sparql[1]) == (1, True)
    assert claims_behind(memory_store, []) == ({}, [])
