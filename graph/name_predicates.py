"""The predicates that name things in the vocabularies myograph knows (labels, synonyms,
identifiers), and the rule for a graph's own naming predicates: read by the profile's
detection (:mod:`graph.profile`) and by the load's harvest (:mod:`graph.harvest`), which the
profile itself may read, so neither imports the other for them.
"""

from __future__ import annotations

from graph.namespaces import PREFIXES, WELL_KNOWN

__all__ = ["KNOWN_IDENTIFIERS", "KNOWN_LABELS", "KNOWN_SYNONYMS", "name_like"]

_RDFS, _SKOS, _SCHEMA = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["schema"]
_DCT, _OBO = PREFIXES["dcterms"], WELL_KNOWN["oboInOwl"]
_FOAF, _DC = WELL_KNOWN["foaf"], WELL_KNOWN["dc"]

KNOWN_LABELS = [_RDFS + "label", _SKOS + "prefLabel", _SCHEMA + "name", _DCT + "title",
                _FOAF + "name", _DC + "title"]
KNOWN_SYNONYMS = [_SKOS + "altLabel", _SCHEMA + "alternateName", _OBO + "hasExactSynonym",
                  _OBO + "hasRelatedSynonym"]
KNOWN_IDENTIFIERS = [_DCT + "identifier", _SKOS + "notation", _SKOS + "exactMatch",
                     _SKOS + "closeMatch", _SCHEMA + "identifier", _OBO + "hasDbXref"]


def name_like(iri: str) -> bool:
    """Whether a predicate's own name says it names things ("label", "name" or "title" in
    the last part of its IRI).

    >>> name_like("https://example.org/vocab#preferredName"), name_like(_DCT + "creator")
    (True, False)
    """
    return any(w in iri.rpartition("/")[2].lower() for w in ("label", "name", "title"))
