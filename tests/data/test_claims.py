"""The curated graph's claims and sources: verbatim quotes, where each was read, grades,
citations, signs, topics, and the dataset's licence and disclaimer."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from tests.data.curated import ARTICLE, MG, MGS


def test_article_quotes_are_verbatim(graph: Graph) -> None:
    # exactly the article's characters: its non-breaking hyphens (U+2011) and curly
    # apostrophes (U+2019) included; only line breaks may become spaces
    article = ARTICLE.read_text(encoding="utf-8").replace("\n", " ")
    assert article.startswith("Muscle Spasm: Causes, Relief & Management")
    checked = 0
    for claim in graph.subjects(MG.source, MGS.seed_article):
        for quote in graph.objects(claim, MG.quote):
            assert str(quote) in article, (claim, str(quote))
            checked += 1
    assert checked >= 40
    assert str(graph.value(MGS.seed_article, MG.sourceKind)) == "article"


def test_literature_claims_say_where_their_words_were_read(graph: Graph) -> None:
    literature = set(graph.subjects(MG.sourceKind, Literal("literature")))
    checked = 0
    for claim in graph.subjects(RDF.type, MG.Claim):
        if graph.value(claim, MG.source) in literature:
            url = graph.value(claim, MG.quoteUrl)
            assert isinstance(url, URIRef), claim
            assert str(url).startswith("http"), claim
            assert graph.value(claim, MG.quote) is not None, claim
            checked += 1
    assert checked >= 60


def test_every_claim_is_graded(graph: Graph) -> None:
    for claim in graph.subjects(RDF.type, MG.Claim):
        assert str(graph.value(claim, MG.knowledgeLevel)) in {
            "knowledge_assertion", "statistical_association", "observation", "not_provided"}, claim
        assert str(graph.value(claim, MG.agentType)) == "manual_agent", claim


def test_literature_sources_have_citations(graph: Graph) -> None:
    literature = set(graph.subjects(MG.sourceKind, Literal("literature")))
    assert len(literature) >= 8
    for src in literature:
        assert graph.value(src, DCTERMS.bibliographicCitation) is not None, src
        assert graph.value(src, DCTERMS.title) is not None, src
        assert (graph.value(src, DCTERMS.creator) or graph.value(src, DCTERMS.publisher)), src
        assert (graph.value(src, DCTERMS.issued) or graph.value(src, MG.dateNotShown)), src
        assert graph.value(src, DCTERMS.isPartOf) is not None, src
        url = graph.value(src, URIRef("https://schema.org/url"))
        assert str(url).startswith(("https://", "http://")), src


def test_every_relation_has_a_sign(graph: Graph) -> None:
    relations = set(graph.subjects(RDFS.subPropertyOf, MG.causalRelation))
    assert len(relations) == 10
    for rel in relations:
        signs = [str(s) for s in graph.objects(rel, MG.effectSign)]
        assert len(signs) == 1, rel
        assert signs[0] in {"+", "-", "?"}, rel
        assert graph.value(rel, RDFS.label) is not None, rel


def test_claim_signs_equal_relation_signs(graph: Graph) -> None:
    claims = set(graph.subjects(RDF.type, MG.Claim))
    assert claims
    for claim in claims:
        relation = graph.value(claim, RDF.predicate)
        signs = [str(s) for s in graph.objects(claim, MG.effectSign)]
        # a class step (mg:inClass) has no sign of its own; routes take it as +
        expected = "+" if relation == MG.inClass else str(graph.value(relation, MG.effectSign))
        assert signs == [expected], claim


def test_topics(graph: Graph) -> None:
    topics = set(graph.subjects(SKOS.inScheme, MG.topics))
    labels = {str(graph.value(t, SKOS.prefLabel)) for t in topics}
    assert labels == {"drug interactions", "dosing tips", "lifestyle tweaks", "therapy techniques"}
    for t in topics:
        assert (t, SKOS.topConceptOf, MG.topics) in graph
        assert any(graph.subjects(DCTERMS.subject, t)), t


def test_dataset_carries_licence_and_disclaimer(graph: Graph) -> None:
    ds = URIRef("https://w3id.org/myograph/dataset")
    assert (ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    comments = " ".join(str(c) for c in graph.objects(ds, RDFS.comment))
    assert "not medical advice" in comments
