"""What passes between a caller and its query workers: the data a worker starts on
(:class:`Source`), a request, a reply, and the errors a reply or a stopped worker stands for.

A request is a dict of plain values (:func:`new_request`, the time left added when it is sent);
a reply is ``("ok", answer, form)`` or ``("error", kind, message[, line, column])``, its
answer made of packed terms (:mod:`graph.stores._terms`). Both ends of each rule live here:
:func:`error_reply` writes an error into a reply in the worker, :func:`reply_result` reads
it back as the same exception in the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph import errors
from graph.errors import QueryError, QueryTimeout, QueryTooLarge
from graph.results import QueryForm, QueryResult
from graph.stores._packed import PackedSelect
from graph.stores._terms import Packed, unpack
from graph.stores.collecting import collect, text_size
from graph.stores.workers.sandbox import MEMORY_ENV

if TYPE_CHECKING:
    from graph.stores.base import QueryDataset

__all__ = [
    "Answerer",
    "Reply",
    "Request",
    "Source",
    "capped",
    "checked",
    "error_reply",
    "new_request",
    "no_worker",
    "ran_too_long",
    "reply_result",
    "rows_in",
    "too_large",
]

Request = dict[str, Any]
"""One query as a worker is sent it (see :func:`new_request`)."""
Reply = tuple[Any, ...]
"""A worker's reply to one request (see the module's docstring)."""
Answerer = Callable[[Request], tuple[Any, ...]]
"""A worker's engine over its data: a request's form and its answer as plain tuples."""
Item = tuple[Packed | None, ...]
"""A row or triple as a worker sends it (None: an unbound value)."""


@dataclass(frozen=True)
class Source:
    """Where a worker gets its data, at one data version.

    ``kind`` is ``"oxigraph-path"`` (``path`` opened read-only), ``"oxigraph-quads"``
    (``data``: pickled packed quads of an in-memory Oxigraph store) or ``"rdflib"``
    (``data``: a pickled rdflib Dataset). The payload is made by this process from its own
    store, never read from elsewhere.
    """

    kind: str
    version: int = 0
    path: str = ""
    data: bytes = b""


# --- requests ----------------------------------------------------------------------------


def new_request(query: str, form: QueryForm | None, *, offset: int, max_rows: int,
                union: bool, max_bytes: int | None, dataset: QueryDataset | None) -> Request:
    """What a worker is sent for one query (the time left is added when it is sent)."""
    return {
        "query": query, "form": form, "offset": offset, "max_rows": max_rows,
        "union": union, "max_bytes": max_bytes,
        "default": list(dataset.default) if dataset is not None else None,
        "named": list(dataset.named) if dataset is not None else None,
    }


def checked(asked: Request, held: Callable[[], list[str]]) -> tuple[Request, Any]:
    """A request whose ``form`` is None, parsed and checked in the worker by the runner's own
    guard (:func:`graph.sparql.check`): the request with its form and union filled in, and
    the checked query. ``held`` names the graphs the worker's data holds (FROM may name no
    other)."""
    from graph.sparql import check, refuse_unknown_graphs

    query = check(asked["query"], offset=asked["offset"])
    if query.graphs:
        refuse_unknown_graphs(query.graphs, held())
    return {**asked, "form": query.form, "union": not query.graphs}, query


def capped(answer: Iterable[Any], convert: Callable[[Any], Item],
           asked: Request) -> tuple[list[Item], bool]:
    """Rows or triples up to the request's ``max_rows``, and until their terms' text passes
    its ``max_bytes``: the measure ``graph.sparql`` applies to answers run in-process."""
    return collect(answer, convert, deadline=None, max_rows=asked["max_rows"],
                   max_bytes=asked.get("max_bytes"), measure=text_size)


# --- replies -----------------------------------------------------------------------------


def error_reply(error: Exception) -> Reply:
    """The reply for a request whose answer raised ``error`` (other than MemoryError, which
    the worker answers ``("error", "memory", "")`` without a call)."""
    if isinstance(error, RecursionError):
        return ("error", "QueryError", "the query is too deeply nested to run")
    if isinstance(error, errors.QuerySyntaxError):  # where it is, for the editor's marking
        return ("error", "QuerySyntaxError", str(error), error.line, error.column)
    if isinstance(error, errors.MyographError):
        return ("error", type(error).__name__, str(error))
    if isinstance(error, SyntaxError):
        return ("error", "syntax", str(error))
    return ("error", "query", f"{type(error).__name__}: {error}")


def rows_in(reply: Reply) -> int:
    """How many rows or triples an ``ok`` reply holds."""
    answer = reply[1]
    return 0 if answer[0] == "ask" else len(answer[1] if answer[0] == "graph" else answer[2])


def reply_result(reply: Reply, memory: int) -> QueryResult:
    """A worker's reply as a result, or its error raised (``memory``: the worker's cap)."""
    if reply[0] == "error":
        raise _error(reply, memory)
    return _result(reply[2], reply[1])


def _error(reply: Reply, memory: int) -> QueryError:
    kind, message = reply[1], reply[2]
    if kind == "memory":
        return too_large(memory)
    if kind == "syntax":
        return QueryError(f"Oxigraph could not parse the query: {message}")
    if kind == "QuerySyntaxError" and len(reply) == 5:
        return errors.QuerySyntaxError(message, line=reply[3], column=reply[4])
    cls = getattr(errors, kind, None) if kind in errors.__all__ else None
    if isinstance(cls, type) and issubclass(cls, QueryError):
        return cls(message)
    return QueryError(f"the query failed: {message}")


def _result(form: QueryForm, answer: tuple[Any, ...]) -> QueryResult:
    if answer[0] == "ask":
        return QueryResult(form="ASK", boolean=answer[1])
    if answer[0] == "graph":
        triples = [(unpack(s), unpack(p), unpack(o)) for s, p, o in answer[1]]
        return QueryResult(form=form, triples=triples, truncated=answer[2])
    return PackedSelect(variables=answer[1], truncated=answer[3], packed=answer[2])


# --- the caller's own errors -------------------------------------------------------------


def too_large(memory: int) -> QueryTooLarge:
    """A query that passed its worker's memory cap of ``memory`` bytes."""
    return QueryTooLarge(f"refused: the query needed more than the {memory / 1024**2:.0f} MiB "
                         f"a query may use, and was stopped ({MEMORY_ENV} sets the limit)")


def no_worker(seconds: float) -> QueryTimeout:
    """No worker came free within the query's limit."""
    return QueryTimeout(f"no query worker was free within {seconds:g} s; try again")


def ran_too_long(limit: float) -> QueryTimeout:
    """The worker was stopped at the query's limit."""
    return QueryTimeout(f"the query ran longer than its {limit:g} s time limit and was stopped")
