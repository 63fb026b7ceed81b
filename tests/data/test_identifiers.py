"""The curated graph's identifiers: only verified ones, each matched by its mapping IRIs."""

from __future__ import annotations

import re

import bioregistry
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from tests.data.curated import MGE

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
