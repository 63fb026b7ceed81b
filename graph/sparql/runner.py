"""Run one query on a store: :func:`run` (and :func:`run_async` for the endpoint).

The text is made what every engine is sent (prefixes, escapes, BASE) and checked here, or
by the query worker that will run it; it then runs within its time limit (a
:class:`~graph.stores.deadline.Deadline`: a killable worker, or a thread stopped at the
deadline) and its row cap, and every failure becomes a :mod:`graph.errors` class.

>>> from graph.stores import open_store
>>> run(open_store("memory"), "ASK { mge:muscle_spasm a mg:Symptom }").boolean
True
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from graph.errors import MyographError, QueryError
from graph.guard import no_outside_access
from graph.prefixes import graph_prefixes
from graph.queries import BoundQuery
from graph.results import QueryResult
from graph.sparql.checking import _FORMS, CheckedQuery, check
from graph.sparql.lookup import LOOKUP_ROWS, lookup_form
from graph.sparql.prepared import _prepared
from graph.sparql.screen import _guard_text, refuse_unknown_graphs
from graph.sparql.text import _as_rdflib_reads_it, _form_of, with_prefixes
from graph.stores.base import Deadline, QueryDataset, Store
from graph.stores.collecting import collect, text_size

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "MAX_TIMEOUT", "run", "run_async"]

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run unless the caller asks for less (or more, up to MAX_TIMEOUT)."""
MAX_TIMEOUT = 300.0
DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) returned unless the caller asks otherwise."""

_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\s\"{}|^`\\]*")


@functools.lru_cache(maxsize=64)
def _absolute(iri: str) -> bool:
    """Whether ``iri`` is absolute (kept per IRI: an endpoint passes its own URL each time)."""
    return _ABSOLUTE_IRI.fullmatch(iri) is not None


def _cap_bytes(result: QueryResult, max_bytes: int) -> None:
    """Cut rows or triples once their terms' text passes ``max_bytes`` characters, with the
    collect loop and measure query workers apply (a cheap early bound: the endpoint then
    measures the bytes it sends, :func:`graph.server.answer._serialize_within`)."""
    if result.is_graph:
        result.triples, cut = collect(result.triples, _same, deadline=None,
                                      max_rows=len(result.triples), max_bytes=max_bytes,
                                      measure=text_size)
    else:
        result.rows, cut = collect(result.rows, _same, deadline=None, max_rows=len(result.rows),
                                   max_bytes=max_bytes, measure=_row_size)
    result.truncated = result.truncated or cut


def _same(item: Any) -> Any:
    return item


def _row_size(row: dict[str, Any]) -> int:
    return text_size(row.values())


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
        (``mg:``, ``mge:``, ``skos:``…) and those the store's graphs declared
        (:func:`graph.prefixes.graph_prefixes`) may be used without declaring them.
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
        With ``sparql`` set to the text that ran, ready to copy into any SPARQL client, and
        ``prefixes`` to the graph's own (its tables and RDF are written with them).

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
        result = _looked_up(store, plan, dataset, max_bytes)
        if result is None and not trusted:
            result = store.execute_isolated(
                checked.text, None if plan.in_worker else checked.form, seconds=plan.seconds,
                max_rows=plan.cap, union=not checked.graphs, dataset=dataset,
                max_bytes=max_bytes, offset=plan.offset)
        if result is None:
            result = deadline.call(execute)
            if max_bytes is not None:
                _cap_bytes(result, max_bytes)
    return _finished(result, plan, started)


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
        result = _looked_up(store, plan, dataset, max_bytes)
        if result is None:
            result = await store.execute_isolated_async(
                plan.checked.text, None, seconds=plan.seconds, max_rows=plan.cap, union=True,
                dataset=dataset, max_bytes=max_bytes, offset=plan.offset)
    if result is None:
        raise QueryError(f"the store {store.spec} has no query workers to run the query in")
    return _finished(result, plan, started)


@dataclass(frozen=True)
class _Plan:
    """How :func:`run` will run one text: checked (or only guarded, for a worker to check),
    with its limits."""

    checked: CheckedQuery
    seconds: float
    cap: int
    offset: int
    in_worker: bool
    prefixes: dict[str, str]
    """The graph's own prefixes (none for the project's trusted queries)."""


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
    own = {} if trusted else graph_prefixes(store)
    full, offset = with_prefixes(text, own)
    if base is not None:
        if not _absolute(base):
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
    return _Plan(checked, seconds, cap, offset, in_worker, own)


def _looked_up(store: Store, plan: _Plan, dataset: QueryDataset | None,
               max_bytes: int | None) -> QueryResult | None:
    """A user's lookup (:mod:`graph.sparql.lookup`: one triple pattern, bounded) answered
    in this process, without waiting for a query worker; None for any other query, for a
    store that has no such answer, or an answer longer than :data:`LOOKUP_ROWS`."""
    if not plan.in_worker or dataset is not None:
        return None
    form = lookup_form(plan.checked.text)
    if form is None:
        return None
    return store.lookup(plan.checked.text, form, max_rows=plan.cap,
                        rows_in_process=LOOKUP_ROWS, max_bytes=max_bytes)


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


def _finished(result: QueryResult, plan: _Plan, started: float) -> QueryResult:
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    result.sparql = plan.checked.text
    result.prefixes = plan.prefixes
    return result
