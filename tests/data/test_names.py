"""Every concept of the seed article is found by its names, and no two entities share a label."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from tests.data.curated import MGE

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
