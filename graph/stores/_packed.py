"""Answers as query workers send them: terms as tuples of plain strings.

A worker packs each term as ``("u", iri)``, ``("b", label)`` or ``("l", value, language,
datatype)`` (:mod:`graph.stores._terms`, which also makes the rdflib term back);
:class:`PackedSelect` is a SELECT answer that keeps its rows packed until someone reads
them, and writes SPARQL results JSON straight from the strings: making rdflib terms only to
write them out again was most of the endpoint's time for a short answer.
"""

from __future__ import annotations

from typing import Any

from graph.results import XSD_STRING, QueryForm, QueryResult, Term, Triple, json_term
from graph.stores._terms import Packed, unpack

__all__ = ["PackedSelect"]


def _json(packed: Packed) -> dict[str, str]:
    """A packed term as SPARQL results JSON writes it, as :func:`json_term` writes the
    rdflib term (a typed literal goes through rdflib, which may normalise its text)."""
    kind = packed[0]
    if kind == "u":
        return {"type": "uri", "value": packed[1]}
    if kind == "b":
        return {"type": "bnode", "value": packed[1]}
    _, value, lang, datatype = packed
    if lang:
        return {"type": "literal", "value": value, "xml:lang": lang}
    if datatype == XSD_STRING or not datatype:
        return {"type": "literal", "value": value}
    return json_term(unpack(packed))


class PackedSelect(QueryResult):
    """A SELECT answer whose rows stay packed until read (``rows`` unpacks them once).

    It takes :class:`QueryResult`'s own fields too, so ``dataclasses.replace`` works (the
    copy then holds rdflib rows, as any answer does).
    """

    def __init__(self, form: QueryForm = "SELECT", variables: list[str] | None = None,
                 rows: list[dict[str, Term]] | None = None, boolean: bool | None = None,
                 triples: list[Triple] | None = None, truncated: bool = False,
                 elapsed_ms: float = 0.0, sparql: str = "",
                 prefixes: dict[str, str] | None = None, *,
                 packed: list[tuple[Packed | None, ...]] | None = None) -> None:
        self._items = packed
        self._rows: list[dict[str, Term]] | None = None if packed is not None else rows or []
        super().__init__(form=form, variables=variables or [], boolean=boolean,
                         triples=triples or [], truncated=truncated, elapsed_ms=elapsed_ms,
                         sparql=sparql, prefixes=prefixes or {})

    @property
    def rows(self) -> list[dict[str, Term]]:
        if self._rows is None:
            names = self.variables
            self._rows = [{v: unpack(t) for v, t in zip(names, item, strict=True)
                           if t is not None} for item in self._items or []]
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Term]]) -> None:
        if value:  # the dataclass's own __init__ sets the empty default
            self._rows = value

    def __eq__(self, other: object) -> bool:
        """Equal to any answer with the same fields, packed or not."""
        if not isinstance(other, QueryResult):
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        if self._rows is None and self._items is not None:
            return len(self._items)
        return len(self.rows)

    def _bindings(self) -> list[dict[str, Any]]:
        if self._rows is not None or self._items is None:  # read (perhaps cut) as terms
            return super()._bindings()
        names = self.variables
        return [{v: _json(t) for v, t in zip(names, item, strict=True) if t is not None}
                for item in self._items]


def _fields(result: QueryResult) -> tuple[Any, ...]:
    return (result.form, result.variables, result.rows, result.boolean, result.triples,
            result.truncated, result.elapsed_ms, result.sparql, result.prefixes)
