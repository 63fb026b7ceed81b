"""The curated graph's form: it parses alike in rdflib and pyoxigraph, conforms to its SHACL
shapes (which catch the broken fixture's faults), and holds enough entities, links and claims."""

from __future__ import annotations

import pyoxigraph
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from tests.data.curated import BROKEN, DATA, ENTITY_CLASSES, MG, MGC, MGE, MGS, PREFIXES, SH, Link


def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="rdfs", abort_on_first=False
    )
    return bool(conforms), results, str(text)


def focus_nodes(results: Graph) -> set[URIRef]:
    return {node for node in results.objects(None, SH.focusNode) if isinstance(node, URIRef)}


# ----------------------------------------------------------------------------- parsing


def test_parses_with_rdflib_and_pyoxigraph_alike(graph: Graph) -> None:
    assert len(graph) > 1000
    with DATA.open("rb") as f:
        ox = {
            (str(q.subject), str(q.predicate), str(q.object))
            for q in pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE)
        }
    assert len(ox) == len(graph)


def test_broken_fixture_is_valid_turtle() -> None:
    assert len(Graph().parse(BROKEN, format="turtle")) > 0


# ----------------------------------------------------------------------------- SHACL


def test_data_conforms_to_shapes(graph: Graph, shapes: Graph) -> None:
    conforms, _, text = validate(graph, shapes)
    if not conforms:
        print(text)
    assert conforms, text


def test_broken_fixture_fails_on_the_expected_nodes(graph: Graph, shapes: Graph) -> None:
    data = Graph()
    data += graph
    data.parse(BROKEN, format="turtle")
    conforms, results, text = validate(data, shapes)
    assert not conforms
    found = focus_nodes(results)
    expected = {
        MGE.broken_unlabelled,  # no label
        MGE.broken_drug,  # causal link without a claim
        MGE.broken_identifier,  # identifier "HP:12"
        MGC.broken_dangling,  # dangling claim, wrong sign
        MGE.broken_untyped,  # untyped subject of a causal link without a claim
        MGC.broken_ungraded,  # literature claim with no grade and no quote URL
        MGS.broken_source,  # literature source not cited in full
    }
    assert expected <= found, text
    # The curated data itself stays clean: only the fixture's nodes are reported.
    assert found <= expected, found - expected

    def paths_for(node: URIRef) -> set[Node]:
        return {
            p
            for r in results.subjects(SH.focusNode, node)
            for p in results.objects(r, SH.resultPath)
        }

    assert RDFS.label in paths_for(MGE.broken_unlabelled)
    assert DCTERMS.identifier in paths_for(MGE.broken_identifier)
    messages = " ".join(str(m) for m in results.objects(None, SH.resultMessage))
    assert "has no claim" in messages
    assert "dangling" in messages
    assert "effect sign" in messages
    assert "mg:knowledgeLevel" in messages
    assert "mg:agentType" in messages
    assert "has no mg:quoteUrl" in messages
    assert "is not cited in full" in messages


def test_shapes_catch_a_relation_without_a_sign(graph: Graph, shapes: Graph) -> None:
    data = Graph()
    data += graph
    data.remove((MG.causes, MG.effectSign, None))
    conforms, results, text = validate(data, shapes)
    assert not conforms
    assert MG.causalRelation in focus_nodes(results), text
    assert MG.causes in set(results.objects(None, SH.value))


def test_shapes_catch_an_entity_with_two_classes(graph: Graph, shapes: Graph) -> None:
    data = Graph()
    data += graph
    data.add((MGE.acyclovir, RDF.type, MG.Disease))
    conforms, results, _ = validate(data, shapes)
    assert not conforms
    assert focus_nodes(results) == {MGE.acyclovir}


# ----------------------------------------------------------------------------- counts


def test_enough_entities(graph: Graph, entities: set[URIRef]) -> None:
    assert len(entities) >= 50
    for e in entities:
        classes = set(graph.objects(e, RDF.type)) & ENTITY_CLASSES
        assert len(classes) == 1, (e, classes)
    # nothing is typed only as the root class
    assert set(graph.subjects(RDF.type, MG.Entity)) <= entities


def test_enough_causal_links(causal_links: set[Link]) -> None:
    assert len(causal_links) >= 60


def test_every_causal_link_has_a_sourced_claim(graph: Graph) -> None:
    unsourced = list(
        graph.query(
            PREFIXES
            + """
            SELECT ?s ?p ?o WHERE {
                ?s ?p ?o . ?p rdfs:subPropertyOf mg:causalRelation .
                FILTER NOT EXISTS {
                    ?c a mg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                       mg:source ?src .
                    ?src a mg:Source ; mg:sourceKind ?kind .
                }
            }
            """
        )
    )
    assert unsourced == []


def test_every_claim_is_about_a_link_in_the_graph(graph: Graph) -> None:
    for claim in graph.subjects(RDF.type, MG.Claim):
        s = graph.value(claim, RDF.subject)
        p = graph.value(claim, RDF.predicate)
        o = graph.value(claim, RDF.object)
        assert (s, p, o) in graph, claim
        assert (p, RDFS.subPropertyOf, MG.causalRelation) in graph or p == MG.inClass, claim


def test_article_and_literature_claims_both_present(graph: Graph) -> None:
    kinds = [
        str(kind)
        for claim in graph.subjects(RDF.type, MG.Claim)
        for src in graph.objects(claim, MG.source)
        for kind in graph.objects(src, MG.sourceKind)
    ]
    assert kinds.count("article") >= 40
    assert kinds.count("literature") >= 15
    assert set(kinds) == {"article", "literature"}
