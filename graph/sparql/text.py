"""The query text as every engine is sent it: the project prefixes added, escapes and
line ends as rdflib's parser (the guard) reads them, and the form read from a keyword."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib.plugins.sparql.parser import expandUnicodeEscapes

from graph.errors import QuerySyntaxError
from graph.namespaces import PREFIXES
from graph.results import QueryForm

__all__ = ["with_prefixes"]

_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w<#?$\"'])([A-Za-z][\w-]*):[A-Za-z_0-9]")


def with_prefixes(text: str, graph: Mapping[str, str] | None = None) -> tuple[str, int]:
    """Prepend, on one line, the project prefixes the query uses but does not declare, and
    the ``graph``'s own (:func:`graph.prefixes.graph_prefixes`: never one of our names).

    Returns the new text and how many lines were added (0 or 1), so error positions can be
    given in the user's own lines.

    >>> with_prefixes("ASK { mge:cramp ?p ?o }")[0]
    'PREFIX mge: <https://w3id.org/myograph/entity/>\\nASK { mge:cramp ?p ?o }'
    >>> with_prefixes("ASK { ?s ?p ?o }")
    ('ASK { ?s ?p ?o }', 0)
    >>> with_prefixes("ASK { ex:a ?p ?o }", {"ex": "urn:ex:"})[0]
    'PREFIX ex: <urn:ex:>\\nASK { ex:a ?p ?o }'
    """
    if not any(f"{prefix}:" in text for prefix in (*PREFIXES, *(graph or ()))):
        return text, 0  # no name of ours or the graph's is used: nothing to read
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    body = re.sub(r"<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", " ", text)
    used = {m.group(1) for m in _USED.finditer(body)}
    known = {**PREFIXES, **{p: ns for p, ns in (graph or {}).items() if p not in PREFIXES}}
    missing = [p for p in known if p in used and p not in declared]
    if not missing:
        return text, 0
    line = " ".join(f"PREFIX {p}: <{known[p]}>" for p in missing)
    return f"{line}\n{text}", 1


_FORM_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _form_of(text: str) -> QueryForm:
    """The form of one of our own queries, read from its first keyword (no full parse)."""
    body = re.sub(r"<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", " ", text)
    match = _FORM_WORD.search(body)
    if match is None:
        raise QuerySyntaxError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return match.group(1).upper()  # type: ignore[return-value]


def _as_rdflib_reads_it(text: str) -> str:
    """The text every engine is sent: what rdflib's parser (the guard) actually reads.

    rdflib expands ``\\u``/``\\U`` escapes everywhere before parsing and reads a lone
    ``\\r`` inside a comment as part of it; other engines do neither, so a query could mean
    one thing to the guard and another to the store (an escaped quote ending a string early,
    a comment ending early). Sending the expanded, line-end-normalised text removes the gap.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for _ in range(4):
        if "\\u" not in text and "\\U" not in text:
            return _without_surrogates(text)
        try:
            expanded = expandUnicodeEscapes(text)
        except ValueError as error:
            raise QuerySyntaxError(f"the query is not valid SPARQL: {error}") from None
        if expanded == text:
            return _without_surrogates(text)
        text = expanded.replace("\r\n", "\n").replace("\r", "\n")
    raise QuerySyntaxError("the query nests escape sequences too deeply to read")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str) -> str:
    """``text``, refused when it holds a surrogate code point (``\\uD800``, or half of a
    UTF-16 pair): not a character, so no engine can read it and no answer can carry it.

    >>> _without_surrogates("SELECT ?x WHERE { BIND('\\ud800' AS ?x) }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.QuerySyntaxError: the query is not valid SPARQL: \\uD800 is half of a UTF-16...
    """
    found = _SURROGATE.search(text)
    if found is None:
        return text
    raise QuerySyntaxError(
        f"the query is not valid SPARQL: \\u{ord(found.group()):04X} is half of a UTF-16 pair, "
        "not a character (write a character above U+FFFF as \\U0001F600, not as two \\u "
        "escapes)")
