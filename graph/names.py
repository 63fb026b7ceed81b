"""What a name is: its normal form, one entity's name, and a search hit.

Shared by the label index (:mod:`graph.label_index`), the index builders
(:mod:`graph.index_build`) and the remote search (:mod:`graph.remote_search`), so each
reads labels, classes and names by the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Literal as TypingLiteral
from typing import NamedTuple

from graph.namespaces import PREFIXES
from graph.results import full_iri

__all__ = ["Kind", "Name", "SearchHit", "Tier", "keep_label", "normalise", "prefer_type"]

Tier = TypingLiteral["exact", "prefix", "word", "fuzzy"]
Kind = TypingLiteral["label", "synonym", "identifier"]

_SEPARATORS = re.compile(r"[\s\-‐-―_/,;.()\[\]'\"+]+")


def normalise(text: str) -> str:
    """Fold case, accents, hyphens and punctuation; collapse spaces.

    >>> normalise("  Hypokalæmia—LOW-potassium ")
    'hypokalaemia low potassium'
    >>> normalise("Ca2+")
    'ca2'
    """
    if text.isascii():  # most names: nothing to decompose
        return _SEPARATORS.sub(" ", text.lower()).strip()
    folded = unicodedata.normalize("NFKD", text.replace("æ", "ae").replace("Æ", "AE"))
    stripped = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", stripped).strip()


class Name(NamedTuple):
    """One name of one entity: the normalised form, the text as written, its kind."""

    norm: str
    text: str
    entity: str
    kind: Kind


@dataclass(frozen=True)
class SearchHit:
    """One entity found, with the name that matched and how well."""

    iri: str
    label: str
    type: str
    """The entity's class as a CURIE or IRI ("" when it has none)."""
    type_label: str
    matched: str
    """The name that matched (a label, a synonym or an identifier)."""
    kind: Kind
    tier: Tier
    score: float
    """Similarity in 0..1 (1 for exact); ranks hits within a tier."""

    def to_json(self) -> dict[str, object]:
        """A plain dict: iri, label, type (the class IRI), type_label, matched, kind, tier,
        score."""
        return {**asdict(self), "type": full_iri(self.type)}

    def why(self) -> str:
        """Why it matched, in words a student reads under its name: "synonym: cramp",
        "identifier: HP:0003394", "start of the name"…

        >>> from graph.search import search
        >>> from graph.stores import open_store
        >>> search(open_store("memory"), "cramp")[0].why()
        'synonym: cramp'
        """
        if self.kind == "synonym":
            text = f"synonym: {self.matched}"
        elif self.kind == "identifier":
            text = f"identifier: {self.matched}"
        elif self.matched != self.label:
            text = f"also named: {self.matched}"
        else:
            text = {"exact": "name", "prefix": "start of the name", "word": "word in the name",
                    "fuzzy": "name"}[self.tier]
        return f"{text} (similar spelling)" if self.tier == "fuzzy" else text


def keep_label(labels: dict[str, str], entity: str, value: object, foreign: set[str]) -> None:
    """Keep ``value`` as the label of ``entity`` if it comes before the label kept so far:
    English (or untagged) labels first, then by text, so the same label is kept whatever
    order they are read in. ``foreign`` holds the entities whose kept label is in another
    language (kept up to date here)."""
    text = str(value)
    foreign_value = getattr(value, "language", None) not in (None, "en")
    kept = labels.get(entity)
    if kept is None or (foreign_value, text) < (entity in foreign, kept):
        labels[entity] = text
        if foreign_value:
            foreign.add(entity)
        else:
            foreign.discard(entity)


def prefer_type(candidate: str, current: str) -> bool:
    """Prefer our own classes, then anything that is not an OWL/RDFS meta-class; then by IRI."""
    def key(iri: str) -> tuple[int, str]:
        if iri.startswith(PREFIXES["mg"]):
            return 0, iri
        if iri.startswith((PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["rdf"], PREFIXES["skos"])):
            return 2, iri
        return 1, iri
    return key(candidate) < key(current)
