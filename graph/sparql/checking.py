"""Parse and guard a query without running it: :func:`check`.

rdflib's parser (under a lock: it is not thread-safe) reads the text; updates are told
apart from bad syntax, SERVICE and LOAD are refused, relative IRIs left unresolved are named,
and FROM / FROM NAMED graphs are listed for the runner to compare with the store's. Short
texts keep their parse (clients repeat the same queries).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException
from rdflib.paths import Path
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import URIRef

from graph.errors import MyographError, QueryRefused, QuerySyntaxError, UpdateRefused
from graph.results import QueryForm
from graph.sparql.screen import _guard_text
from graph.sparql.syntax import _syntax_error

__all__ = ["CheckedQuery", "check"]

_PARSE_LOCK = threading.Lock()
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_REFUSED_PARTS = {"ServiceGraphPattern": "SERVICE (queries may not call other endpoints)"}

_MAYBE_RELATIVE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\s\"{}|^`\\]*>")
"""An IRI in angle brackets with no scheme, anywhere in the text: then the parsed query is
searched for IRIs left relative (a BASE declaration resolves them)."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class CheckedQuery:
    """A query that parsed and passed the guard, ready for a store."""

    text: str
    form: QueryForm
    prepared: Query | None
    """rdflib's parsed query (None for trusted text the store does not need parsed)."""
    graphs: tuple[str, ...]
    """IRIs named in FROM / FROM NAMED."""


def _walk(node: Any) -> Any:
    """Every node of rdflib's parsed tree or algebra (its ``CompValue`` parts), depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _relative_iri(node: Any, depth: int = 0) -> str | None:
    """The first IRI in a parsed query that has no scheme (nothing resolved it), if any."""
    if depth > 200:
        return None
    if isinstance(node, URIRef):
        return None if _SCHEME.match(node) else str(node)
    if isinstance(node, dict):
        children: Any = node.values()
    elif isinstance(node, list | tuple | set | frozenset):
        children = node
    elif isinstance(node, Path):
        children = [getattr(node, name) for name in ("arg", "args", "path") if hasattr(node, name)]
    else:
        return None
    for child in children:
        found = _relative_iri(child, depth + 1)
        if found is not None:
            return found
    return None


def check(text: str, *, offset: int = 0) -> CheckedQuery:
    """Parse and guard a query without running it.

    Parameters
    ----------
    text
        The query as it will be sent to the store.
    offset
        Lines added in front of the user's text (see :func:`graph.sparql.with_prefixes`).

    Raises
    ------
    QuerySyntaxError
        The text is not SPARQL; the message gives the user's line and column.
    QueryRefused
        A query calling SERVICE, or LOAD.
    UpdateRefused
        An update (a :class:`QueryRefused` too).

    >>> check("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> check("DELETE WHERE { ?s ?p ?o }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.errors.UpdateRefused: updates are refused: ...
    """
    if len(text) <= _CACHED_TEXT:
        return _checked(text, offset)
    return _check(text, offset)


_CACHED_TEXT = 16_384
"""Queries up to this many characters keep their parse: clients repeat the same queries (an
app's views, a dashboard's panels), and rdflib's parser is most of what an endpoint spends on
a short one. rdflib documents a prepared query as reusable."""


@lru_cache(maxsize=512)
def _checked(text: str, offset: int) -> CheckedQuery:
    return _check(text, offset)


def _check(text: str, offset: int) -> CheckedQuery:
    _guard_text(text)
    with _PARSE_LOCK:
        try:
            prepared = _parse(text, offset)
        except RecursionError:
            raise QuerySyntaxError("the query is too deeply nested to read") from None
        except ValueError as error:  # rdflib's unicode-escape expansion, among others
            if isinstance(error, MyographError):
                raise
            raise QuerySyntaxError(f"the query is not valid SPARQL: {error}") from None
    algebra = prepared.algebra
    for part in _walk(algebra):
        if part.name in _REFUSED_PARTS:
            raise QueryRefused(f"refused: {_REFUSED_PARTS[part.name]}")
    if _MAYBE_RELATIVE.search(text):
        relative = _relative_iri(algebra)
        if relative is not None:
            at = text.find(f"<{relative}>")
            line = text.count("\n", 0, max(at, 0)) + 1
            column = max(at, 0) - text.rfind("\n", 0, max(at, 0))
            raise QuerySyntaxError(
                f"<{relative}> is a relative IRI and the query gives no BASE to resolve it "
                "against: write the full IRI, or declare BASE <http://…/> first",
                line=max(1, line - offset), column=column)
    graphs: list[str] = []
    for clause in algebra.get("datasetClause") or []:
        # CompValue.get returns the key itself for a missing key: test membership instead
        iri = clause["default"] if "default" in clause else clause["named"]
        graphs.append(str(iri))
    return CheckedQuery(text=text, form=_FORMS[algebra.name], prepared=prepared,
                        graphs=tuple(graphs))


def _parse(text: str, offset: int) -> Query:
    """rdflib's parse and translation, with updates told apart from bad syntax."""
    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        try:
            update = parseUpdate(text)
        except ParseBaseException:
            raise _syntax_error(text, error, offset) from None
        if any(part.name == "Load" for part in _walk(update)):
            raise QueryRefused("refused: LOAD (queries may not fetch data from elsewhere)"
                               ) from None
        raise UpdateRefused(
            "updates are refused: myograph only reads (the query would change data)"
        ) from None
    try:
        return translateQuery(parsed)
    except (RecursionError, MyographError):
        raise
    except Exception as error:
        raise QuerySyntaxError(f"the query is not valid SPARQL: {error}") from error
