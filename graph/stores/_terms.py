"""Crossing between pyoxigraph terms and rdflib terms; every crossing goes through here."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from graph.results import Term

_XSD_STRING = str(XSD.string)


def _iri(value: str) -> URIRef:
    """An rdflib IRI made without rdflib's check that it looks valid (Oxigraph has parsed it):
    the check would run again on every IRI of a hub's thousands of rows."""
    return str.__new__(URIRef, value)


def from_ox(term: Any) -> Term:
    """An rdflib term for a pyoxigraph term (``xsd:string`` literals become plain)."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_iri(datatype))
    raise ValueError(f"unexpected pyoxigraph term {term!r}")


class Tagged(str):
    """A literal's text with its language tag (``language``), for bulk reads of names."""

    __slots__ = ("language",)
    language: str


def plain_ox(term: Any) -> str | None:
    """A pyoxigraph term as its text (an IRI, a literal's value, a blank node's id); a
    literal with a language tag as :class:`Tagged`. Unbound stays None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.language:
        tagged = Tagged(term.value)
        tagged.language = term.language
        return tagged
    return str(term.value)


def to_ox(term: Term) -> Any:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unexpected rdflib term {term!r}")
