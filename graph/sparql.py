"""The one SPARQL runner: every query from every interface goes through :func:`run`.

It parses the query (rdflib's parser, under a lock: it is not thread-safe), refuses what
the product never does (updates, SERVICE, FROM / FROM NAMED of graphs the store does not
hold), adds the project's prefixes the query does not declare, runs it on the store with a
time limit and a row cap (one row beyond the cap is fetched to learn ``truncated``), and
turns every failure into a :mod:`graph.errors` class with a readable message.

>>> from graph.stores import open_store
>>> result = run(open_store("memory"), "ASK { mge:muscle_spasm a mg:Symptom }")
>>> result.boolean
True
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from types import MethodType
from typing import Any, TypeVar

from pyparsing import ParseBaseException
from rdflib.paths import Path
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import URIRef, Variable

from graph import queries
from graph.errors import (
    MyographError,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    UpdateRefused,
)
from graph.guard import no_outside_access
from graph.namespaces import PREFIXES
from graph.queries import BoundQuery
from graph.results import QueryForm, QueryResult
from graph.stores.base import Deadline, QueryDataset, Store

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "MAX_TIMEOUT",
    "CheckedQuery",
    "check",
    "needs_check",
    "refuse_unknown_graphs",
    "run",
    "run_async",
    "with_prefixes",
]


DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run unless the caller asks for less (or more, up to MAX_TIMEOUT)."""
MAX_TIMEOUT = 300.0
DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) returned unless the caller asks otherwise."""

_PARSE_LOCK = threading.Lock()
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_REFUSED_PARTS = {"ServiceGraphPattern": "SERVICE (queries may not call other endpoints)"}
_SERVICE_WORD = re.compile(
    r"(?<![?$:\w/#.-])SERVICE\s*(?:SILENT\s*)?(?:<|\?|\$|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
"""SERVICE followed by an endpoint, anywhere in the text (comments and strings too), but not
a variable or a name that merely contains the word (``?service``, ``schema:service``)."""
_MAYBE_RELATIVE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\s\"{}|^`\\]*>")
"""An IRI in angle brackets with no scheme, anywhere in the text: then the parsed query is
searched for IRIs left relative (a BASE declaration resolves them)."""
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\s\"{}|^`\\]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w<#?$\"'])([A-Za-z][\w-]*):[A-Za-z_0-9]")

T = TypeVar("T")


@dataclass(frozen=True)
class CheckedQuery:
    """A query that parsed and passed the guard, ready for a store."""

    text: str
    form: QueryForm
    prepared: Query | None
    """rdflib's parsed query (None for trusted text the store does not need parsed)."""
    graphs: tuple[str, ...]
    """IRIs named in FROM / FROM NAMED."""


def with_prefixes(text: str) -> tuple[str, int]:
    """Prepend, on one line, the project prefixes the query uses but does not declare.

    Returns the new text and how many lines were added (0 or 1), so error positions can be
    given in the user's own lines.

    >>> with_prefixes("ASK { mge:cramp ?p ?o }")[0]
    'PREFIX mge: <https://w3id.org/myograph/entity/>\\nASK { mge:cramp ?p ?o }'
    >>> with_prefixes("ASK { ?s ?p ?o }")
    ('ASK { ?s ?p ?o }', 0)
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    body = re.sub(r"<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'|#[^\n]*", " ", text)
    used = {m.group(1) for m in _USED.finditer(body)}
    missing = [p for p in PREFIXES if p in used and p not in declared]
    if not missing:
        return text, 0
    line = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing)
    return f"{line}\n{text}", 1


def _walk(node: Any) -> Any:
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


_OX_POSITION = re.compile(r"error at (\d+):(\d+)")
_CLOSERS = {"(": ")", "{": "}", "[": "]"}
_SKIPPED = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s"{}|^`]*>|#[^\n]*')
"""Strings, IRIs and comments: brackets inside them are not brackets."""
_TOKEN = re.compile(r"[^\s(){}\[\],;]+")
_TOKEN_CHAR = re.compile(r"[^\s(){}\[\],;.]")


def _oxigraph_position(text: str) -> tuple[int, int] | None:
    """(line, column) where Oxigraph finds the first syntax error in ``text``, or None
    when it reads the whole text (rdflib's reading is then kept). Oxigraph reports the
    column just past the furthest token it read: this is the start of that token.

    Only text rdflib could not parse comes here, read against an empty store: a SELECT,
    CONSTRUCT or DESCRIBE is evaluated lazily (never, here), an ASK over no data at once.
    """
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        match = _OX_POSITION.search(str(error))
        if match is None:
            return None
        line, column = int(match.group(1)), int(match.group(2)) - 1
        lines = text.split("\n")
        if line > len(lines) or (line == len(lines) and column > len(lines[-1])):
            return len(lines), len(lines[-1]) + 1  # the error is the end: the text stops short
        row = lines[line - 1]
        while column > 1 and _TOKEN_CHAR.match(row[column - 2]) and _TOKEN_CHAR.match(
                row[column - 1]):
            column -= 1
        return line, max(column, 1)
    except Exception:  # noqa: BLE001 - any other failure: no better position to give
        return None
    return None


def _bracket_error(text: str) -> tuple[int, str, list[str]]:
    """Scan the brackets outside strings, IRIs and comments: (offset of the first closer
    that closes nothing open or the wrong bracket, or -1; why; brackets left open)."""
    opened: list[str] = []
    position = 0
    for match in [*_SKIPPED.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        for at in range(position, end):
            char = text[at]
            if char in _CLOSERS:
                opened.append(char)
            elif char in ")}]":
                if not opened:
                    return at, f"found '{char}' with no bracket open to close", opened
                if _CLOSERS[opened[-1]] != char:
                    return at, f"found '{char}' where a '{_CLOSERS[opened[-1]]}' is missing", opened
                opened.pop()
        if match is not None:
            position = match.end()
    return -1, "", opened


def _what_is_wrong(text: str) -> tuple[int, int, str] | None:
    """(line, column, reason) of a syntax error, in words a person can act on: a bracket
    that does not match, the end coming too early, or the token found where it was."""
    at, reason, opened = _bracket_error(text)
    if at < 0:
        located = _oxigraph_position(text)
        if located is None:
            return None
        line, column = located
        lines = text.split("\n")
        at = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        if at >= len(text.rstrip()):
            reason = (f"the query ends before its '{_CLOSERS[opened[-1]]}'" if opened
                      else "the query ends too early")
        else:
            word = _TOKEN.match(text, at)
            reason = f"unexpected '{word.group(0) if word else text[at]}'"
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    return line, column, reason


def _syntax_error(text: str, error: ParseBaseException, offset: int) -> QuerySyntaxError:
    """Where the text went wrong, in the user's own lines: the bracket scan and Oxigraph's
    parser find the place (rdflib's often points at the start of the clause), else
    rdflib's own position and message."""
    found = _what_is_wrong(text)
    line, column, reason = found if found is not None else (error.lineno, error.col,
                                                            str(error.msg))
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = f"\n  {source_line}\n  {' ' * (column - 1)}^" if source_line.strip() else ""
    shown = max(1, line - offset)
    message = f"syntax error at line {shown}, column {column}: {reason}{pointer}"
    return QuerySyntaxError(message, line=shown, column=column)


def check(text: str, *, offset: int = 0) -> CheckedQuery:
    """Parse and guard a query without running it.

    Parameters
    ----------
    text
        The query as it will be sent to the store.
    offset
        Lines added in front of the user's text (see :func:`with_prefixes`).

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
    """Whether :func:`check` must read ``text`` before an engine parses it with its own
    parser (Oxigraph's, in a query worker).

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
            return text
        try:
            expanded = expandUnicodeEscapes(text)
        except ValueError as error:
            raise QuerySyntaxError(f"the query is not valid SPARQL: {error}") from None
        if expanded == text:
            return text
        text = expanded.replace("\r\n", "\n").replace("\r", "\n")
    raise QuerySyntaxError("the query nests escape sequences too deeply to read")


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
            slot = next((str(v)[len(_SLOT):] for row in rows for v in row.values()
                         if isinstance(v, URIRef) and v.startswith(_SLOT)), None)
            if slot is not None:
                var = Variable(slot)
                rows_now: list[dict[Variable, object]] = [{var: t} for t in bound.terms[slot]]
                part["res"] = rows_now or [{var: "UNDEF"}]  # rdflib's own unbound marker
                filled.add(slot)
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


def _cap_bytes(result: QueryResult, max_bytes: int) -> None:
    """Cut rows or triples once their terms' values pass ``max_bytes`` characters, the
    measure query workers apply (a cheap early bound: the endpoint also measures what it
    sends)."""
    items: list[Any] = result.triples if result.is_graph else result.rows
    size = 0
    for n, item in enumerate(items):
        terms = item if result.is_graph else item.values()
        size += sum(len(term) for term in terms)
        if size > max_bytes:
            del items[n:]
            result.truncated = True
            return


def run(
    store: Store,
    text: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    dataset: QueryDataset | None = None,
    trusted: bool = False,
    max_bytes: int | None = None,
    base: str | None = None,
) -> QueryResult:
    """Run one query on a store: checked, prefixed, time-limited and capped.

    Parameters
    ----------
    store
        Any :class:`~graph.stores.Store`.
    text
        SPARQL 1.1 query text (SELECT, ASK, CONSTRUCT or DESCRIBE); the project prefixes
        (``mg:``, ``mge:``, ``skos:``…) may be used without declaring them.
    timeout
        Seconds before the query is stopped (default :data:`DEFAULT_TIMEOUT`, at most
        :data:`MAX_TIMEOUT`).
    max_rows
        Rows or triples returned at most (default :data:`DEFAULT_MAX_ROWS`); the answer says
        ``truncated`` when more were there.
    trusted
        True only for the project's own ``.rq`` files bound with validated terms: they skip
        rdflib's parser where the store does not need it, and run in-process rather than in
        a killable worker. Never set it for text a person typed.
    dataset
        The graphs to query instead of the store's own dataset (the SPARQL Protocol's
        ``default-graph-uri`` / ``named-graph-uri``); it overrides FROM / FROM NAMED. A
        graph the store does not hold is an empty graph (never fetched), as the W3C
        Protocol tests expect; FROM in the query text naming one is refused instead, since
        there it is most likely a typo.
    max_bytes
        Caps the text of the terms returned (about the size of an answer); the answer says
        ``truncated`` when the cap cut it. None: rows only.
    base
        The IRI relative IRIs in the query resolve against (an endpoint passes its own URL,
        as the SPARQL Protocol expects); a BASE in the query itself still wins. Without
        one, a relative IRI is a :class:`QuerySyntaxError` that says so.

    Returns
    -------
    QueryResult
        With ``sparql`` set to the text that ran, ready to copy into any SPARQL client.

    Raises
    ------
    QuerySyntaxError, QueryRefused, QueryTimeout, QueryError, StoreError

    >>> from graph.stores import open_store
    >>> r = run(open_store("memory"), "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }")
    >>> [str(v) for v in r.values("l")]
    ['muscle spasm']
    """
    plan = _plan(store, text, timeout=timeout, max_rows=max_rows, trusted=trusted, base=base)
    checked = plan.checked
    deadline = Deadline(plan.seconds)
    started = time.perf_counter()
    guard = nullcontext if store.needs_network else no_outside_access

    def execute() -> QueryResult:
        with guard():
            return store.execute(checked.text, checked.form, deadline=deadline,
                                 max_rows=plan.cap, prepared=checked.prepared, dataset=dataset)

    with _failures():
        result = None if trusted else store.execute_isolated(
            checked.text, None if plan.in_worker else checked.form, seconds=plan.seconds,
            max_rows=plan.cap, union=not checked.graphs, dataset=dataset, max_bytes=max_bytes,
            offset=plan.offset)
        if result is None:
            result = deadline.call(execute)
            if max_bytes is not None:
                _cap_bytes(result, max_bytes)
    return _finished(result, checked, started)


async def run_async(
    store: Store,
    text: str,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    dataset: QueryDataset | None = None,
    max_bytes: int | None = None,
    base: str | None = None,
) -> QueryResult:
    """:func:`run` for a user's query from an event loop (the endpoint): on a store with
    query workers the caller waits for its worker on the loop, without a thread; on other
    stores :func:`run` runs in a thread. The same checks, limits and errors as :func:`run`.
    """
    if not store.isolates:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(functools.partial(
            run, store, text, timeout=timeout, max_rows=max_rows, dataset=dataset,
            max_bytes=max_bytes, base=base))
    plan = _plan(store, text, timeout=timeout, max_rows=max_rows, trusted=False, base=base)
    started = time.perf_counter()
    with _failures():
        result = await store.execute_isolated_async(
            plan.checked.text, None, seconds=plan.seconds, max_rows=plan.cap, union=True,
            dataset=dataset, max_bytes=max_bytes, offset=plan.offset)
    if result is None:
        raise QueryError(f"the store {store.spec} has no query workers to run the query in")
    return _finished(result, plan.checked, started)


@dataclass(frozen=True)
class _Plan:
    """How :func:`run` will run one text: checked (or only guarded, for a worker to check),
    with its limits."""

    checked: CheckedQuery
    seconds: float
    cap: int
    offset: int
    in_worker: bool


def _plan(store: Store, text: str, *, timeout: float | None, max_rows: int | None,
          trusted: bool, base: str | None) -> _Plan:
    """The limits checked, the text as every engine is sent it (prefixes, BASE), and the
    query checked here unless a query worker will check it."""
    seconds = DEFAULT_TIMEOUT if timeout is None else timeout
    if not 0 < seconds <= MAX_TIMEOUT:
        raise QueryError(f"the time limit must be between 0 and {MAX_TIMEOUT:g} s, not {seconds}")
    cap = DEFAULT_MAX_ROWS if max_rows is None else max_rows
    if cap < 0:
        raise QueryError(f"the row limit cannot be negative ({cap})")
    bound = text if trusted and isinstance(text, BoundQuery) else None
    text = _as_rdflib_reads_it(text)
    full, offset = with_prefixes(text)
    if base is not None:
        if not _ABSOLUTE_IRI.fullmatch(base):
            raise QueryError(f"the base must be an absolute IRI, not {base[:80]!r}")
        full, offset = f"BASE <{base}>\n{full}", offset + 1
    prepared = _prepared(bound) if bound is not None and store.wants_parsed_query else None
    in_worker = not trusted and store.isolates
    if in_worker:  # parsed and checked in the worker, within the time limit
        _guard_text(full)
        checked = CheckedQuery(text=full, form="SELECT", prepared=None, graphs=())
    elif trusted and not store.wants_parsed_query:
        checked = CheckedQuery(text=full, form=_form_of(full), prepared=None, graphs=())
    elif prepared is not None:
        checked = CheckedQuery(text=full, form=_FORMS[prepared.algebra.name],
                               prepared=prepared, graphs=())
    else:
        checked = check(full, offset=offset)
    if checked.graphs:
        refuse_unknown_graphs(checked.graphs, store.graph_names())
    return _Plan(checked, seconds, cap, offset, in_worker)


@contextmanager
def _failures() -> Iterator[None]:
    """Every failure of a run as one of our errors."""
    try:
        yield
    except MyographError:
        raise
    except RecursionError as error:
        raise QueryError("the query is too deeply nested to run") from error
    except Exception as error:
        raise QueryError(f"the query failed: {error}") from error


def _finished(result: QueryResult, checked: CheckedQuery, started: float) -> QueryResult:
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    result.sparql = checked.text
    return result
