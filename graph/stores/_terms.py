"""Every crossing of an RDF term between pyoxigraph, rdflib and the query workers' wire form.

Three shapes of one term meet in the stores: pyoxigraph's, rdflib's (what the library hands
out), and the *packed* form query workers send through their pipe, a tuple of plain strings:
``("u", iri)``, ``("b", label)`` or ``("l", value, language, datatype)``. Each conversion
between them lives here once, and so does the rule they share: a literal typed
``xsd:string`` is a plain literal.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from graph.errors import QueryError
from graph.results import XSD_STRING, Term

__all__ = ["Packed", "Tagged", "Unpackable", "from_ox", "pack_ox", "pack_rdflib", "plain_ox",
           "to_ox", "unpack", "unpack_ox"]

Packed = tuple[str, ...]
"""A term as a query worker sends it (see the module's docstring)."""


def _iri(value: str) -> URIRef:
    """An rdflib IRI made without rdflib's check that it looks valid (Oxigraph has parsed it):
    the check would run again on every IRI of a hub's thousands of rows."""
    return str.__new__(URIRef, value)


# --- pyoxigraph and rdflib -------------------------------------------------------------


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
        if datatype == XSD_STRING:
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


# --- the wire form ---------------------------------------------------------------------


class Unpackable(QueryError):
    """An answer holds a term the wire form cannot carry (an RDF 1.2 triple term)."""


def pack_ox(term: Any) -> Packed:
    """A pyoxigraph term as plain strings (by exact type: a worker packs every term it
    sends, so this is the hot loop of a big answer)."""
    kind = type(term)
    if kind is ox.Literal:
        language = term.language
        if language:
            return ("l", term.value, language, "")
        return ("l", term.value, "", term.datatype.value)
    if kind is ox.NamedNode:
        return ("u", term.value)
    if kind is ox.BlankNode:
        return ("b", term.value)
    raise Unpackable("the answer holds a triple term (RDF 1.2), which cannot be returned")


def pack_rdflib(term: Any) -> Packed:
    """An rdflib term as plain strings (the same shape as Oxigraph's)."""
    if isinstance(term, URIRef):
        return ("u", str(term))
    if isinstance(term, BNode):
        return ("b", str(term))
    if isinstance(term, Literal):
        return ("l", str(term), term.language or "",
                "" if term.datatype is None or term.language else str(term.datatype))
    raise QueryError(f"cannot pass this term between processes: {term!r}")


def unpack(packed: Packed) -> Term:
    """The rdflib term for a packed one (``xsd:string`` literals become plain ones).

    >>> unpack(("l", "spasm", "en", "")), unpack(("u", "urn:x"))
    (rdflib.term.Literal('spasm', lang='en'), rdflib.term.URIRef('urn:x'))
    """
    if packed[0] == "u":
        return URIRef(packed[1])
    if packed[0] == "b":
        return BNode(packed[1])
    _, value, lang, datatype = packed
    if lang:
        return Literal(value, lang=lang)
    if datatype == XSD_STRING or not datatype:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def unpack_ox(packed: Packed) -> Any:
    """The pyoxigraph term for a packed one."""
    if packed[0] == "u":
        return ox.NamedNode(packed[1])
    if packed[0] == "b":
        return ox.BlankNode(packed[1])
    _, value, lang, datatype = packed
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
