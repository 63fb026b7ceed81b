"""Tests of the curated graph (data/triples.ttl) and its SHACL shapes (data/shapes.ttl).

These use rdflib, pyshacl, pyoxigraph and bioregistry directly, not the graph/ package,
so that the data can be checked on its own.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from pathlib import Path

import bioregistry
import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.query import ResultRow
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "triples.ttl"
SHAPES = ROOT / "data" / "shapes.ttl"
ARTICLE = ROOT / "data" / "seed-article.txt"
BROKEN = ROOT / "tests" / "fixtures" / "broken.ttl"

MG = Namespace("https://w3id.org/myograph/vocab#")
MGE = Namespace("https://w3id.org/myograph/entity/")
MGC = Namespace("https://w3id.org/myograph/claim/")
MGS = Namespace("https://w3id.org/myograph/source/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ENTITY_CLASSES = {
    MG[name]
    for name in (
        "Symptom",
        "Disease",
        "Drug",
        "DrugClass",
        "Procedure",
        "Therapy",
        "ChemicalEntity",
        "Behaviour",
        "BiologicalProcess",
    )
}

# Copied from shared/domain/REFERENCE.md ("Verified identifiers"), written as the
# CURIEs used in dcterms:identifier. The data may use no other identifier.
ALLOWED_IDENTIFIERS = {
    "HP:0003394",
    "umls:C0037763",
    "umls:C0026821",
    "mesh:D013035",
    "mesh:D009120",
    "HP:0001324",
    "umls:C0151786",
    "mesh:D018908",
    "HP:0001944",
    "HP:0002900",
    "DOID:4500",
    "HP:0002917",
    "HP:0002901",
    "HP:0003111",
    "DOID:3083",
    "mesh:D029424",
    "HP:0012418",
    "DOID:1781",
    "MAXO:0001080",
    "HP:0000829",
    "DOID:11199",
    "HP:0001919",
    "DOID:3021",
    "DOID:1074",
    "DOID:1063",
    "drugbank:DB00787",
    "drugbank:DB01112",
    "CHEBI:3515",
    "drugbank:DB00924",
    "drugbank:DB00181",
    "drugbank:DB00697",
    "CHEBI:51371",
    "MAXO:0000324",
    "MAXO:0000011",
    "MAXO:0000952",
    "CHEBI:29103",
    "CHEBI:29108",
}

PREFIXES = """
PREFIX mg: <https://w3id.org/myograph/vocab#>
PREFIX mge: <https://w3id.org/myograph/entity/>
PREFIX mgs: <https://w3id.org/myograph/source/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

CAUSAL_LINKS = (
    PREFIXES
    + """
SELECT ?s ?p ?o WHERE {
    ?s ?p ?o .
    ?p rdfs:subPropertyOf mg:causalRelation .
}
"""
)


Link = tuple[URIRef, URIRef, URIRef]


def _uri(node: object) -> URIRef:
    """``node``, which the query or the data make an IRI (narrowed for the type checker)."""
    assert isinstance(node, URIRef), node
    return node


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(DATA, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def causal_links(graph: Graph) -> set[Link]:
    links: set[Link] = set()
    for row in graph.query(CAUSAL_LINKS):
        assert isinstance(row, ResultRow)
        links.add((_uri(row.s), _uri(row.p), _uri(row.o)))
    return links


@pytest.fixture(scope="module")
def entities(graph: Graph) -> set[URIRef]:
    return {_uri(s) for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, cls)}


def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes, inference="rdfs", abort_on_first=False
    )
    return bool(conforms), results, str(text)


def focus_nodes(results: Graph) -> set[URIRef]:
    return {node for node in results.objects(None, SH.focusNode) if isinstance(node, URIRef)}


def normalise(text: str) -> str:
    text = text.replace("\u2011", "-").replace("\u2019", "'")
    return " ".join(text.split())


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


# ----------------------------------------------------------------------------- search

SEARCH_TERMS = {
    "cramp": "muscle_spasm",
    "muscle cramp": "muscle_spasm",
    "charley horse": "muscle_spasm",
    "spasm": "muscle_spasm",
    "involuntary contraction": "muscle_spasm",
    "muscle weakness": "muscle_weakness",
    "weakness": "muscle_weakness",
    "exercise": "exercise",
    "dehydration": "dehydration",
    "low fluid intake": "dehydration",
    "prolonged sitting": "prolonged_sitting",
    "fatigue": "fatigue",
    "muscle fatigue": "muscle_fatigue",
    "fiber fatigue": "muscle_fatigue",
    "nerve misfiring": "nerve_misfiring",
    "low potassium": "hypokalemia",
    "low magnesium": "hypomagnesemia",
    "low calcium": "hypocalcemia",
    "potassium": "potassium_ion",
    "magnesium": "magnesium_ion",
    "calcium": "calcium_ion",
    "electrolyte imbalance": "electrolyte_imbalance",
    "electrolyte balance": "electrolyte_balance",
    "electrolyte handling": "electrolyte_handling",
    "electrolyte drink": "electrolyte_drink",
    "hydration": "hydration_therapy",
    "stay hydrated": "hydration_therapy",
    "anti-spasmodic": "muscle_relaxant",
    "muscle relaxant": "muscle_relaxant",
    "cyclobenzaprine": "cyclobenzaprine",
    "Flexeril": "cyclobenzaprine",
    "baclofen": "baclofen",
    "Lioresal": "baclofen",
    "tizanidine": "tizanidine",
    "Zanaflex": "tizanidine",
    "over-the-counter pain reliever": "otc_pain_reliever",
    "over-the-counter": "otc_pain_reliever",
    "pain relief": "pain_relief",
    "pain": "muscle_pain",
    "discomfort": "muscle_pain",
    "physical therapy": "physical_therapy",
    "physiotherapy": "physical_therapy",
    "stretching": "stretching",
    "strengthening": "strengthening",
    "heat": "heat_therapy",
    "ultrasound": "ultrasound_therapy",
    "guided exercises": "guided_exercise",
    "manual techniques": "manual_therapy",
    "muscle tone": "muscle_tone",
    "flexibility": "flexibility",
    "posture": "good_posture",
    "circulation": "circulation",
    "motor patterns": "normal_motor_patterns",
    "thyroid cancer": "thyroid_cancer",
    "thyroidectomy": "thyroidectomy",
    "thyroid removal surgery": "thyroidectomy",
    "hypoparathyroidism": "hypoparathyroidism",
    "hypocalcemia": "hypocalcemia",
    "COPD": "copd",
    "chronic obstructive pulmonary disease": "copd",
    "respiratory disorders": "respiratory_disorder",
    "hypoxia": "hypoxia",
    "hypoxemia": "hypoxemia",
    "low blood oxygen": "hypoxemia",
    "twitch": "muscle_twitch",
    "muscle twitches": "muscle_twitch",
    "acyclovir": "acyclovir",
    "Zovirax": "acyclovir",
    "antivirals": "antiviral",
    "cefuroxime": "cefuroxime",
    "Zinacef": "cefuroxime",
    "antibiotics": "antibiotic",
    "kidney strain": "kidney_strain",
    "acute kidney injury": "acute_kidney_injury",
    "kidney function": "kidney_function",
    "interstitial nephritis": "interstitial_nephritis",
    "drug interactions": "drug_interaction",
    "adverse reactions": "adverse_drug_reaction",
    "medication review": "medication_review",
    "over-working the same muscles": "muscle_overuse",
    "thyroid cancer treatments": "thyroid_cancer_treatment",
    "combining therapy with medication": "therapy_with_medication",
    "water pills": "diuretic",
    "spasticity": "spasticity",
    "magnesium supplement": "magnesium_supplement",
}


@pytest.fixture(scope="module")
def names(graph: Graph, entities: set[URIRef]) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = {}
    for e in entities:
        for prop in (RDFS.label, SKOS.altLabel):
            for name in graph.objects(e, prop):
                index.setdefault(str(name).casefold(), set()).add(e)
    return index


@pytest.mark.parametrize(("term", "expected"), sorted(SEARCH_TERMS.items()))
def test_article_concept_found_by_name(
    names: dict[str, set[URIRef]], term: str, expected: str
) -> None:
    assert names.get(term.casefold(), set()) == {MGE[expected]}


def test_labels_are_unique(graph: Graph, entities: set[URIRef]) -> None:
    labels = [str(graph.value(e, RDFS.label)).casefold() for e in entities]
    assert len(labels) == len(set(labels))


# ----------------------------------------------------------------------------- routes


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


# ----------------------------------------------------------------------------- identifiers

CURIE = re.compile(r"^(HP|DOID|MAXO|CHEBI|drugbank|mesh|umls):[A-Za-z0-9]+$")


def test_identifiers_are_verified_ones(graph: Graph, entities: set[URIRef]) -> None:
    used = set()
    for e, ident in graph.subject_objects(DCTERMS.identifier):
        if e in entities:
            assert CURIE.match(str(ident)), ident
            assert str(ident) in ALLOWED_IDENTIFIERS, ident
            used.add(str(ident))
    assert used == ALLOWED_IDENTIFIERS, ALLOWED_IDENTIFIERS - used


def test_mappings_match_identifiers(graph: Graph, entities: set[URIRef]) -> None:
    converter = bioregistry.get_converter()
    for e in entities:
        expanded = {converter.expand(str(i)) for i in graph.objects(e, DCTERMS.identifier)}
        assert None not in expanded, e
        mapped = {
            str(iri)
            for prop in (SKOS.exactMatch, SKOS.closeMatch)
            for iri in graph.objects(e, prop)
        }
        assert mapped == expanded, (e, mapped ^ expanded)


def test_muscle_spasm_close_matches(graph: Graph) -> None:
    converter = bioregistry.get_converter()
    close = {str(i) for i in graph.objects(MGE.muscle_spasm, SKOS.closeMatch)}
    assert close == {converter.expand("umls:C0037763"), converter.expand("mesh:D013035")}
    relaxant_close = {str(i) for i in graph.objects(MGE.muscle_relaxant, SKOS.closeMatch)}
    assert relaxant_close == {converter.expand("MAXO:0000324")}


# ----------------------------------------------------------------------------- quotes, signs


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
