"""Single facts of the curated graph: the links, sources, hedges and signs read from the article
and the literature."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from tests.data.curated import MG, MGE, MGS, Link


def claims_for(graph: Graph, s: URIRef, p: URIRef, o: URIRef) -> list[Node]:
    return [
        c
        for c in graph.subjects(RDF.subject, s)
        if (c, RDF.type, MG.Claim) in graph
        and (c, RDF.predicate, p) in graph
        and (c, RDF.object, o) in graph
    ]


def source_kinds(graph: Graph, s: URIRef, p: URIRef, o: URIRef) -> set[str]:
    return {
        str(kind)
        for claim in claims_for(graph, s, p, o)
        for src in graph.objects(claim, MG.source)
        for kind in graph.objects(src, MG.sourceKind)
    }


def sources_of(graph: Graph, s: URIRef, p: URIRef, o: URIRef) -> set[Node]:
    return {src for claim in claims_for(graph, s, p, o) for src in graph.objects(claim, MG.source)}


# ----------------------------------------------------------------------------- facts


def test_acyclovir_kidney_injury_rests_on_literature(graph: Graph) -> None:
    link = (MGE.acyclovir, MG.hasAdverseEffect, MGE.acute_kidney_injury)
    # the article only says acyclovir "can influence kidney function": not this link
    assert source_kinds(graph, *link) == {"literature"}
    assert {MGS.acyclovir_tablets_label, MGS.fleischer_johnson_2010} <= sources_of(graph, *link)


def test_cefuroxime_interstitial_nephritis_cites_zinacef(graph: Graph) -> None:
    link = (MGE.cefuroxime, MG.hasAdverseEffect, MGE.interstitial_nephritis)
    assert MGS.zinacef_label in sources_of(graph, *link)
    assert "ZINACEF" in str(graph.value(MGS.zinacef_label, DCTERMS.title))


def test_thyroidectomy_hypoparathyroidism_cites_the_literature(graph: Graph) -> None:
    link = (MGE.thyroidectomy, MG.causes, MGE.hypoparathyroidism)
    assert MGS.lorente_poch_2015 in sources_of(graph, *link)
    assert source_kinds(graph, MGE.thyroidectomy, MG.causes, MGE.hypocalcemia) == {"literature"}


def test_copd_hypoxemia_cites_kent(graph: Graph) -> None:
    link = (MGE.copd, MG.causes, MGE.hypoxemia)
    assert MGS.kent_2011 in sources_of(graph, *link)
    assert "doi:10.2147/COPD.S10611" in {str(i) for i in graph.objects(MGS.kent_2011,
                                                                       DCTERMS.identifier)}


def test_the_article_s_hedges_and_tenses_are_kept(graph: Graph) -> None:
    # "notice ... after": an association with its hedge, not a cause
    for start in ("exercise", "dehydration", "prolonged_sitting"):
        assert (MGE[start], MG.causes, MGE.muscle_spasm) not in graph
        claims = claims_for(graph, MGE[start], MG.associatedWith, MGE.muscle_spasm)
        assert "after" in {str(graph.value(c, MG.hedge)) for c in claims}, start
    # "may cause hypoxia, which irritates nerves and sparks ... twitches"
    for link in ((MGE.copd, MG.causes, MGE.hypoxia), (MGE.hypoxia, MG.causes, MGE.nerve_irritation),
                 (MGE.nerve_irritation, MG.causes, MGE.muscle_twitch)):
        hedges = {str(graph.value(c, MG.hedge)) for c in claims_for(graph, *link)}
        assert any(h.startswith("may") for h in hedges), link
    # "improve muscle tone": not more tone; twitches are not said to lead to spasm
    assert (MGE.physical_therapy, MG.increases, MGE.muscle_tone) not in graph
    assert (MGE.physical_therapy, MG.improves, MGE.muscle_tone) in graph
    assert (MGE.muscle_twitch, MG.contributesTo, MGE.muscle_spasm) not in graph
    # "kidney strain" and "hypoxia" are their own concepts
    assert Literal("kidney strain", lang="en") not in set(
        graph.objects(MGE.acute_kidney_injury, SKOS.altLabel))
    assert Literal("hypoxia", lang="en") not in set(graph.objects(MGE.hypoxemia, SKOS.altLabel))
    # the relaxants: no "decreases nerve misfiring" (which read as "decreases weakness");
    # their labels' weakness is there
    assert (MGE.muscle_relaxant, MG.decreases, MGE.nerve_misfiring) not in graph
    assert (MGE.baclofen, MG.hasAdverseEffect, MGE.muscle_weakness) in graph
    # thyroid cancer, its treatments and thyroidectomy are distinct
    assert (MGE.thyroidectomy, MG.causes, MGE.muscle_weakness) not in graph
    assert (MGE.thyroid_cancer_treatment, MG.causes, MGE.muscle_weakness) in graph


def test_counter_evidence_is_kept_and_marked(graph: Graph) -> None:
    disputing = {graph.value(c, MG.source) for c in graph.subjects(MG.stance, Literal("disputes"))}
    assert {MGS.schwellnus_2008, MGS.davies_fraser_1993} <= disputing


def test_hypokalemia_spasm_has_both_kinds_of_source(graph: Graph) -> None:
    link = (MGE.hypokalemia, MG.causes, MGE.muscle_spasm)
    assert source_kinds(graph, *link) == {"article", "literature"}


def test_half_the_causal_links_rest_on_the_literature(
    graph: Graph, causal_links: set[Link]
) -> None:
    backed = {
        link for link in causal_links
        if any(graph.value(c, MG.stance) is None
               and str(graph.value(graph.value(c, MG.source), MG.sourceKind)) == "literature"
               for c in claims_for(graph, *link))
    }
    assert len(backed) * 2 >= len(causal_links), (len(backed), len(causal_links))


def test_muscle_spasm_identifiers(graph: Graph) -> None:
    hp = URIRef("http://purl.obolibrary.org/obo/HP_0003394")
    assert (MGE.muscle_spasm, SKOS.exactMatch, hp) in graph
    assert (MGE.muscle_spasm, DCTERMS.identifier, Literal("HP:0003394")) in graph
    assert str(graph.value(MGE.muscle_spasm, RDFS.label)) == "muscle spasm"


def test_acyclovir_drugbank(graph: Graph) -> None:
    assert (MGE.acyclovir, DCTERMS.identifier, Literal("drugbank:DB00787")) in graph
    assert (
        MGE.acyclovir,
        SKOS.exactMatch,
        URIRef("https://go.drugbank.com/drugs/DB00787"),
    ) in graph


def test_muscle_relaxants_are_in_their_class(graph: Graph) -> None:
    for drug in ("cyclobenzaprine", "baclofen", "tizanidine"):
        assert (MGE[drug], MG.inClass, MGE.muscle_relaxant) in graph
    assert (MGE.muscle_relaxant, MG.treats, MGE.muscle_spasm) in graph
    # spasticity is kept apart from spasm: baclofen and tizanidine are labelled for it
    for drug in ("baclofen", "tizanidine"):
        assert (MGE[drug], MG.treats, MGE.spasticity) in graph
    assert (MGE.baclofen, MG.treats, MGE.muscle_spasm) not in graph


def test_signs_of_key_links(graph: Graph) -> None:
    for link in [
        (MGE.hydration_therapy, MG.prevents, MGE.dehydration),
        (MGE.physical_therapy, MG.decreases, MGE.muscle_spasm),
        (MGE.muscle_relaxant, MG.treats, MGE.muscle_spasm),
        (MGE.thyroidectomy, MG.treats, MGE.thyroid_cancer),
    ]:
        assert link in graph
        assert str(graph.value(link[1], MG.effectSign)) == "-"
    for link in [
        (MGE.hypokalemia, MG.causes, MGE.muscle_spasm),
        (MGE.muscle_weakness, MG.contributesTo, MGE.muscle_spasm),
        (MGE.muscle_spasm, MG.contributesTo, MGE.muscle_weakness),
    ]:
        assert link in graph
        assert str(graph.value(link[1], MG.effectSign)) == "+"
