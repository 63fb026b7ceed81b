"""Lookups: the one class of users' queries cheap and bounded enough to answer without a
query worker (:func:`lookup_form`).

A lookup is a SELECT or ASK over a single triple pattern whose variables are all different,
optionally after BASE and PREFIX declarations, with at most a LIMIT::

    SELECT ?p ?o WHERE { <https://w3id.org/myograph/entity/cramp> ?p ?o } LIMIT 100

Why it is bounded: Oxigraph answers one triple pattern by a range scan of one of its
indexes, and every entry the scan reads is a row of the answer (every quad matches: no two
positions must hold the same term, and nothing filters, sorts, joins, groups, skips or
removes duplicates). Reading ``n`` rows therefore costs one index seek and ``n`` steps, and
the caller reads at most :data:`LOOKUP_ROWS` of them before it gives the query to a worker
instead. Everything that breaks this is outside the class: a repeated variable (``?x ?p
?x`` scans every triple for a few rows), DISTINCT, ORDER BY, OFFSET, FILTER, several
patterns, property paths, blank nodes, GRAPH, FROM, SERVICE, VALUES, subqueries,
expressions.

How it is recognised: one regular expression over the whole text (:data:`_LOOKUP`), made of
tokens that read the same to Oxigraph's parser (IRIs, variables, prefixed names without
dots, strings with a language tag or datatype, unsigned integers, a few keywords and
``{ } . *``), the pattern's terms separated by whitespace. A text holding any other character
outside an IRI or a string (``#`` comments, ``\\`` escapes, brackets, parentheses,
``; , | / ^ ! + ?`` alone, long strings) is not a lookup, so no reading of the text can find
more in it than the one pattern. A lookup Oxigraph cannot parse after all (an undeclared
prefix) goes to a worker like any other query, for the full check's message.
"""

from __future__ import annotations

import re

from graph.results import QueryForm

__all__ = ["LOOKUP_ROWS", "MAX_LOOKUP_TEXT", "lookup_form"]

LOOKUP_ROWS = 1_000
"""Rows a lookup is read for in-process; a longer answer is run in a query worker instead."""
MAX_LOOKUP_TEXT = 4_096
"""Longer texts are not read as lookups."""

_WS = r"[ \t\r\n]"
_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*+>"
_VAR = r"[?$][A-Za-z_][A-Za-z0-9_]*+"
_PREFIX = r"(?:[A-Za-z][A-Za-z0-9_-]*+)?:"
_PNAME = rf"{_PREFIX}(?:[A-Za-z0-9_][A-Za-z0-9_-]*+)?"
_LITERAL = (r"(?:\"[^\"\\\r\n]*+\"|'[^'\\\r\n]*+')"
            rf"(?:@[A-Za-z]++(?:-[A-Za-z0-9]++)*+|\^\^(?:{_IRI}|{_PNAME}))?")
_TERM = rf"(?:{_IRI}|{_PNAME}|{_VAR}|{_LITERAL}|[0-9]++|a)"
_LOOKUP = re.compile(
    rf"{_WS}*+"
    rf"(?:(?i:BASE){_WS}*+{_IRI}{_WS}*+|(?i:PREFIX){_WS}++{_PREFIX}{_WS}*+{_IRI}{_WS}*+)*+"
    rf"(?:(?P<select>(?i:SELECT){_WS}++(?:\*|{_VAR}(?:{_WS}++{_VAR})*+))|(?P<ask>(?i:ASK)))"
    rf"{_WS}*+(?:(?i:WHERE){_WS}*+)?"
    rf"\{{{_WS}*+(?P<s>{_TERM}){_WS}++(?P<p>{_TERM}){_WS}++(?P<o>{_TERM}){_WS}*+(?:\.{_WS}*+)?\}}"
    rf"{_WS}*+(?P<limit>(?i:LIMIT){_WS}++[0-9]++{_WS}*+)?")
"""The whole text of a lookup: every quantifier possessive, so a text that is not one fails
in time linear in its length. Terms are whitespace-separated (``<p>?o`` or ``<p>+1`` could
read as a path to a parser that does not cut tokens first)."""


def lookup_form(text: str) -> QueryForm | None:
    """``"SELECT"`` or ``"ASK"`` when ``text`` is a lookup (see the module's docstring),
    None otherwise.

    >>> lookup_form("SELECT ?p ?o WHERE { <urn:x> ?p ?o } LIMIT 100")
    'SELECT'
    >>> lookup_form('PREFIX s: <http://schema.org/>\\nASK { ?x s:name "Ada"@en }')
    'ASK'
    >>> lookup_form("SELECT ?x WHERE { ?x ?p ?x }")  # a repeated variable scans everything
    >>> lookup_form("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
    >>> lookup_form("SELECT * WHERE { ?s <urn:p>+ ?o }")
    """
    if len(text) > MAX_LOOKUP_TEXT:
        return None
    found = _LOOKUP.fullmatch(text)
    if found is None or (found["ask"] and found["limit"]):
        return None
    names = [t[1:] for t in (found["s"], found["p"], found["o"]) if t[0] in "?$"]
    if len(names) != len(set(names)):  # ?x and $x are the same variable
        return None
    return "SELECT" if found["select"] else "ASK"
