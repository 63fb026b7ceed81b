"""What is refused or sent for the full check on the text alone, before any parse.

Cheap enough for any caller: an empty text, a SERVICE call anywhere in the text (a wall
that does not trust any parser's reading), and the screen that tells a query worker whether
the text must go through :func:`graph.sparql.check` before its engine parses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.errors import QueryRefused, QuerySyntaxError

__all__ = ["needs_check", "refuse_unknown_graphs"]

_SERVICE_WORD = re.compile(
    r"(?<![?$:\w/#.-])SERVICE\s*(?:SILENT\s*)?(?:<|\?|\$|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
"""SERVICE followed by an endpoint, anywhere in the text (comments and strings too), but not
a variable or a name that merely contains the word (``?service``, ``schema:service``)."""


def _guard_text(text: str) -> None:
    """What is refused on the text alone, before any parse (cheap enough for any caller)."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty", line=1, column=1)
    if _SERVICE_WORD.search(text):
        # a second wall that does not trust rdflib's reading of the text: Oxigraph's own
        # SERVICE client is Rust, out of the runtime guard's sight
        raise QueryRefused("refused: SERVICE (queries may not call other endpoints)")


_FOLDED = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})
"""The letters Python reads as another ASCII letter when it compares without case (long s,
dotless i, capital I with dot, Kelvin sign): rdflib's parser matches keywords with
``str.upper()``, so ``ſERVICE`` is SERVICE to it. The screen folds them first
(``tests/test_sparql.py`` proves no other code point maps to an ASCII letter)."""
_SCREENED_WORDS = ("service", "from", "\\u")
"""What sends a text through the full check: SERVICE (refused), FROM (its graphs must be
held) and escape sequences (which parsers expand differently)."""
_SCREENED_BRACKETS = 64
"""More brackets than this and the full check reads the text first (deep nesting)."""


def needs_check(text: str) -> bool:
    """Whether :func:`~graph.sparql.check` must read ``text`` before an engine parses it
    with its own parser (Oxigraph's, in a query worker).

    False only when the text holds, in no letter case and no look-alike letters, the words
    SERVICE and FROM or a ``\\u`` escape, and few brackets: then no parser can find a SERVICE
    clause or a FROM clause in it, which are what the check refuses or must read. What the
    engine's parser refuses besides (an update, bad syntax, a relative IRI without BASE)
    still goes through the check, for its status and message.

    >>> needs_check('SELECT ?s WHERE { ?s rdfs:label "cramp"@en }')
    False
    >>> needs_check("SELECT * WHERE { \u017fERVICE <http://x/> { ?s ?p ?o } }")
    True
    >>> needs_check("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    """
    folded = text.translate(_FOLDED).lower()
    if any(word in folded for word in _SCREENED_WORDS):
        return True
    return text.count("{") + text.count("(") + text.count("[") > _SCREENED_BRACKETS


def refuse_unknown_graphs(graphs: Sequence[str], held: Sequence[str]) -> None:
    """Refuse a query whose FROM / FROM NAMED names a graph the store does not hold (most
    likely a typo: it would read an empty graph)."""
    unknown = [g for g in graphs if g not in set(held)]
    if unknown:
        raise QueryRefused(f"refused: FROM names a graph this store does not hold: <{unknown[0]}>")
