"""One entity in full: label, class, definition, identifiers, and its links with evidence.

>>> from graph.stores import open_store
>>> card = describe(open_store("memory"), "https://w3id.org/myograph/entity/muscle_spasm")
>>> card.label, "HP:0003394" in [i.curie for i in card.identifiers]
('muscle spasm', True)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph import queries
from graph.errors import NodeNotFound
from graph.evidence import ByLink, Evidence, claims_behind
from graph.namespaces import entity_name
from graph.neighbours import Neighbourhood, neighbours
from graph.prefixes import naming_for
from graph.results import full_iri, short
from graph.search import names_of
from graph.sparql import run
from graph.stores.base import Store

__all__ = ["EntityCard", "Identifier", "describe", "hood_links"]

_CARD_PROPERTIES = [str(RDF.type), str(SKOS.definition), str(RDFS.comment), str(SKOS.altLabel),
                    str(SKOS.exactMatch), str(SKOS.closeMatch), str(DCTERMS.identifier),
                    str(DCTERMS.subject)]
"""The properties of the entity itself a card shows (``entity_card.rq``)."""


@dataclass(frozen=True)
class Identifier:
    """An identifier in another vocabulary, with the IRI of its registry page."""

    curie: str
    iri: str | None
    """None when the graph maps the identifier to no IRI."""
    match: str
    """``exact`` or ``close`` (from skos:exactMatch / skos:closeMatch)."""


@dataclass
class EntityCard:
    """What the details panel and ``myograph describe`` show."""

    iri: str
    label: str
    type: str
    type_label: str
    definition: str
    synonyms: list[str]
    identifiers: list[Identifier]
    topics: list[str]
    links: Neighbourhood
    evidence: ByLink = field(default_factory=dict)
    sparql: list[str] = field(default_factory=list)

    def evidence_of(self, subject: str, predicate: str, obj: str) -> tuple[Evidence, ...]:
        """The claims behind one link (empty when it has none)."""
        return self.evidence.get((subject, predicate, obj), ())

    def to_json(self) -> dict[str, object]:
        """A plain dict; links carry their evidence."""
        links = self.links.to_json()
        for group in links["groups"]:  # type: ignore[attr-defined]
            for n in group["neighbours"]:
                s, o = (self.iri, n["iri"]) if group["direction"] == "out" else (n["iri"], self.iri)
                n["evidence"] = [e.to_json() for e in self.evidence_of(s, group["relation"], o)]
        return {
            "iri": self.iri, "label": self.label, "type": full_iri(self.type),
            "type_label": self.type_label,
            "definition": self.definition, "synonyms": self.synonyms,
            "identifiers": [asdict(i) for i in self.identifiers], "topics": self.topics,
            "links": links, "sparql": self.sparql,
        }


def describe(store: Store, iri: str, *, limit: int = 50) -> EntityCard:
    """Everything the graph says about one entity.

    Raises
    ------
    NodeNotFound
        When the store holds no link, label or card property of ``iri``.
    """
    index = names_of(store, [iri])
    text = queries.get("entity_card").bind(node=URIRef(iri), property=_CARD_PROPERTIES)
    result = run(store, text, max_rows=5_000, trusted=True)
    try:
        hood = neighbours(store, iri, limit=limit)
    except NodeNotFound:  # no link and no label: still an entity if it has a card property
        if not result.rows:
            raise
        hood = Neighbourhood(iri, entity_name(iri, naming_for(store)), [],
                             queries.get("neighbours").bind(node=URIRef(iri), relation=[]))
    definition, synonyms, topics = "", [], []
    mapped: list[str] = []
    matches: list[str] = []
    type_iri = index.types.get(iri, "")
    for row in result.rows:
        prop, value = str(row["property"]), row["value"]
        if prop == str(SKOS.definition) and not definition:
            definition = str(value)
        elif prop == str(SKOS.altLabel):
            synonyms.append(str(value))
        elif prop in (str(SKOS.exactMatch), str(SKOS.closeMatch)):
            match = "exact" if prop == str(SKOS.exactMatch) else "close"
            mapped.append(str(value))
            matches.append(match)
        elif prop == str(DCTERMS.subject):
            topics.append(str(row.get("valueLabel") or short(value)))
        elif prop == str(RDF.type) and not type_iri:
            type_iri = str(value)
        elif prop == str(RDFS.comment) and not definition:
            definition = str(value)
    curies = sorted(str(r["value"]) for r in result.rows
                    if str(r["property"]) == str(DCTERMS.identifier))
    identifiers = _pair_identifiers(mapped, matches, curies)
    evidence, evidence_sparql = claims_behind(store, hood_links(hood))
    return EntityCard(
        iri=iri, label=index.labels.get(iri) or entity_name(iri, naming_for(store)),
        type=short(URIRef(type_iri)) if type_iri else "",
        type_label=index.class_label(type_iri),
        definition=definition, synonyms=sorted(set(synonyms), key=str.casefold),
        identifiers=identifiers, topics=sorted(set(topics)), links=hood, evidence=evidence,
        sparql=[result.sparql, hood.sparql, *evidence_sparql],
    )


def hood_links(hood: Neighbourhood) -> list[tuple[str, str, str]]:
    """The links a neighbourhood shows, as (subject, predicate, object)."""
    return [(hood.iri, g.relation, n.iri) if g.direction == "out" else (n.iri, g.relation, hood.iri)
            for g in hood.groups for n in g.neighbours]


def _pair_identifiers(mapped: list[str], matches: list[str],
                      curies: list[str]) -> list[Identifier]:
    """Join each mapped IRI (with its match kind) with the CURIE that names it (by its
    local id); a CURIE no IRI maps keeps ``iri`` None."""
    paired: list[Identifier] = []
    unused = list(curies)
    for iri, match in sorted(zip(mapped, matches, strict=True)):
        curie = next((c for c in unused
                      if iri.endswith(c.partition(":")[2])
                      and c.partition(":")[2]), "")
        if curie:
            unused.remove(curie)
        paired.append(Identifier(curie=curie or iri, iri=iri, match=match))
    paired += [Identifier(curie=c, iri=None, match="exact") for c in unused]
    return sorted(paired, key=lambda i: i.curie)
