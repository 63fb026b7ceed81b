"""The project's own queries parsed once per file, each call's terms put into a copy.

A ``.rq`` file whose parameters are all IRIs is parsed once with placeholder IRIs in
their place; a call then copies the parsed tree and puts its terms where the placeholders
were (a VALUES block's rows, an IN list's members), skipping rdflib's parser, which is most
of the time a trace takes on the memory store.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from types import MethodType
from typing import Any

from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import URIRef

from graph import queries
from graph.queries import BoundQuery, value_rows
from graph.sparql.checking import _walk, check
from graph.sparql.text import with_prefixes

_SLOT = "urn:x-myograph:slot:"
"""Placeholder IRIs a query file is parsed with once, replaced by each call's terms."""


@lru_cache(maxsize=128)
def _template(name: str) -> Query | None:
    """A query file parsed once, each IRI parameter bound to a placeholder (None when a
    parameter is not an IRI: such files are parsed call by call)."""
    query = queries.get(name)
    if any(ptype not in ("iri", "iris") for ptype in query.params.values()):
        return None
    slots = {p: [URIRef(_SLOT + p)] if t == "iris" else URIRef(_SLOT + p)
             for p, t in query.params.items()}
    full, offset = with_prefixes(query.bind(**slots))
    return check(full, offset=offset).prepared


def _clone(node: Any) -> Any:
    """A copy of a parsed query's tree, deep where it can change (rdflib's ``CompValue``
    keeps attributes such as ``_vars`` beside its items; terms are immutable and shared)."""
    if isinstance(node, CompValue):  # an Expr too: its class and evalfn are kept
        twin = type(node).__new__(type(node))
        OrderedDict.__init__(twin, ((k, _clone(v)) for k, v in node.items()))
        for name, value in node.__dict__.items():  # an Expr's evalfn is bound to its node
            twin.__dict__[name] = (MethodType(value.__func__, twin)
                                   if isinstance(value, MethodType) else value)
        return twin
    if isinstance(node, list):
        return [_clone(item) for item in node]
    if isinstance(node, dict):
        return {k: _clone(v) for k, v in node.items()}
    return node


def _prepared(bound: BoundQuery) -> Query | None:
    """The project's own query, parsed from its file's template with this call's terms put
    in place (a VALUES block's rows, an IN list's members): rdflib's parser is most of the
    time a trace takes on the memory store. None when the text must be parsed as it is."""
    template = _template(bound.query.name)
    if template is None or set(bound.terms) != set(bound.query.params):
        return None
    algebra = _clone(template.algebra)
    filled: set[str] = set()
    for part in _walk(algebra):
        if part.name == "values":
            rows = part.get("res") or []
            slots = {var: str(v)[len(_SLOT):] for row in rows[:1] for var, v in row.items()
                     if isinstance(v, URIRef) and v.startswith(_SLOT)}
            if slots:
                # the rows as the text's block is bound (one variable: a row per term);
                # "UNDEF" is rdflib's own unbound marker
                names = list(slots)
                rows_now = value_rows([bound.terms[slots[v]] for v in names], "UNDEF")
                part["res"] = [dict(zip(names, row, strict=True)) for row in rows_now]
                filled.update(slots.values())
        elif part.name == "RelationalExpression" and part.get("op") in ("IN", "NOT IN"):
            members = part.get("other") or []
            slot = next((str(m)[len(_SLOT):] for m in members
                         if isinstance(m, URIRef) and m.startswith(_SLOT)), None)
            if slot is not None:
                if not bound.terms[slot]:
                    return None  # an empty list reads "true" in the text: parse that
                part["other"] = list(bound.terms[slot])
                filled.add(slot)
    return Query(template.prologue, algebra) if filled == set(bound.terms) else None
