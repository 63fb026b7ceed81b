"""The endpoint app: ``/sparql`` and ``/health`` over one store (:func:`create_app`).

Its handlers read the protocol's parameters (URL, form-encoded or
``application/sparql-query`` body, at most :data:`MAX_BODY` bytes), refuse updates, lower
the time limit when a request asks, count a client's queries against its share of the query
workers, run the query through :func:`graph.sparql.run_async` and write the answer
(:mod:`graph.server.answer`); every error goes through :func:`graph.server.status.error_response`.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph import __version__
from graph.errors import UpdateRefused
from graph.results import GRAPH_FORMATS, QueryResult
from graph.server.answer import _Answer, written
from graph.server.description import service_description
from graph.server.hosts import _is_loopback, _own_url
from graph.server.negotiation import (
    _ANY_OFFERS,
    _GRAPH_OFFERS,
    _SELECT_OFFERS,
    _negotiated,
    _not_acceptable,
    negotiate,
)
from graph.server.status import error_response
from graph.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, run_async
from graph.stores.base import QueryDataset, Store

__all__ = ["LOG", "MAX_BODY", "MAX_RESPONSE_BYTES", "TRUNCATED_HEADER", "create_app",
           "log_requests"]

MAX_BODY = 1024 * 1024
"""Largest POST body accepted (1 MiB); larger is a 413."""
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Largest answer sent (16 MiB, ``myograph serve --max-response-mb``): rows or triples past it
are cut, as by the row cap, and the response says ``truncated``."""
TRUNCATED_HEADER = "X-Myograph-Truncated"
"""``true`` when the row cap cut the answer, ``false`` otherwise (every query response)."""
LOG = logging.getLogger("myograph.server")
"""One access line per request to ``/sparql``: method, status, milliseconds, rows, truncated."""


def log_requests() -> None:
    """Write :data:`LOG`'s access lines to stderr, as ``myograph serve`` does.

    Process-wide: a record per request needs neither its caller's line nor its thread or
    process (the logging HOWTO's switches, which save a third of each record's cost).
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False


_FORM = "application/x-www-form-urlencoded"
_INLINE_ANSWER = 200
"""Answers of up to this many rows or triples are written on the event loop; bigger ones in
a thread, so a big answer never holds up other requests."""
_RDFLIB_DEFAULT = "urn:x-rdflib:default"
"""How rdflib's SPARQLStore names the default graph in ``default-graph-uri``; read as the
store's own default graph (the union), so ``Graph(SPARQLStore(url), identifier=…)`` works."""


class _Endpoint:
    """The request handlers, holding the store and the limits."""

    def __init__(self, store: Store, *, timeout: float, max_rows: int, max_body: int,
                 workers: int, max_response: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_body = max_body
        self.max_response = max_response
        self.workers = workers
        self.per_client = max(1, store.query_slots - 1)
        """Queries one client outside this machine may run at once: one slot stays free."""
        self._running: dict[str, int] = {}
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        """Threads that run queries at once (created inside the event loop)."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.workers)
        return self._limiter

    async def sparql(self, request: Request) -> Response:
        """``/sparql``: a query, or the service description; one access log line."""
        started = time.perf_counter()
        answer: _Answer | None = None
        try:
            answer = await self._answer(request)
            headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
            if answer.truncated is not None:
                headers[TRUNCATED_HEADER] = "true" if answer.truncated else "false"
            response = Response(answer.body, media_type=answer.media_type, headers=headers)
        except Exception as error:  # noqa: BLE001 - the endpoint's one boundary
            response = error_response(request, error)
        elapsed = (time.perf_counter() - started) * 1000
        rows = answer.rows if answer is not None else None
        truncated = answer.truncated if answer is not None else None
        LOG.info("%s %s %d %.0fms rows=%s truncated=%s", request.method, request.scope["path"],
                 response.status_code, elapsed, "-" if rows is None else rows,
                 "-" if truncated is None else str(truncated).lower(),
                 extra={"method": request.method, "status": response.status_code,
                        "ms": elapsed, "rows": rows, "truncated": truncated})
        return response

    async def health(self, request: Request) -> Response:
        """``/health``: status, store kind, version, and the triple count when it is free."""
        status: dict[str, Any] = {"status": "ok", "store": self.store.spec.partition(":")[0],
                                  "version": __version__, "read_only": True}
        triples = self.store.known_size()
        if triples is not None:
            status["triples"] = triples
        return Response(json.dumps(status), media_type="application/json",
                        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    async def _answer(self, request: Request) -> _Answer:
        params = await self._params(request)
        if params.get("update"):
            raise UpdateRefused("updates are refused: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            if request.method == "POST":
                raise HTTPException(400, "no query: send query=… (form-encoded) or a body "
                                         "of type application/sparql-query")
            return await self._service_description(request)
        if len(queries) > 1:
            raise HTTPException(400, "send exactly one query parameter")
        accept = request.headers.get("accept")
        acceptable = _negotiated(accept, _ANY_OFFERS) is not None
        default = [g for g in params.get("default-graph-uri", []) if g != _RDFLIB_DEFAULT]
        named = params.get("named-graph-uri", [])
        dataset = QueryDataset(tuple(default), tuple(named)) if default or named else None
        timeout = self._timeout(params.get("timeout", []))
        text = queries[0]

        base = _own_url(request)
        with self._client_slot(request.client.host if request.client else ""):
            result = await self._run(text, acceptable=acceptable, timeout=timeout,
                                     dataset=dataset, base=base)
        write = functools.partial(written, result, accept, max_rows=self.max_rows,
                                  max_bytes=self.max_response)
        if len(result) <= _INLINE_ANSWER:
            return write()
        return await anyio.to_thread.run_sync(write, limiter=self.limiter)

    async def _run(self, text: str, *, acceptable: bool, timeout: float,
                   dataset: QueryDataset | None, base: str) -> QueryResult:
        """Run the query within one of the limiter's slots, taken without a pass through
        the event loop when one is free (``async with`` the limiter makes two)."""
        limiter = self.limiter
        try:
            limiter.acquire_nowait()
        except anyio.WouldBlock:
            await limiter.acquire()
        try:
            if not acceptable:  # a bad query is still a 400: checked as any query is (in a
                # worker, within the limit), and stopped at its first row
                await run_async(self.store, text, timeout=timeout, max_rows=0,
                                dataset=dataset, base=base)
                raise _not_acceptable([*_SELECT_OFFERS, *_GRAPH_OFFERS])
            return await run_async(self.store, text, timeout=timeout, max_rows=self.max_rows,
                                   dataset=dataset, max_bytes=self.max_response, base=base)
        finally:
            limiter.release()

    @contextmanager
    def _client_slot(self, client: str) -> Iterator[None]:
        """Count a query against its client: one client elsewhere cannot hold every query
        worker (429 past :attr:`per_client`). This machine's own clients (loopback) are its
        users and are not counted; the Host check keeps rebound web pages out."""
        if _is_loopback(client):
            yield
            return
        running = self._running.get(client, 0)  # the event loop's thread only: no lock
        if running >= self.per_client:
            raise HTTPException(429, f"this client already runs {running} queries at once, "
                                     "the most one client may: wait for one to finish")
        self._running[client] = running + 1
        try:
            yield
        finally:
            left = self._running.pop(client, 1) - 1
            if left:
                self._running[client] = left

    def _timeout(self, values: list[str]) -> float:
        """The server's limit, lowered by a ``timeout`` parameter (never raised)."""
        if not values:
            return self.timeout
        try:
            asked = float(values[-1])
        except ValueError:
            raise HTTPException(400, f"timeout must be a number of seconds, not "
                                     f"{values[-1][:40]!r}") from None
        if not asked > 0:
            raise HTTPException(400, "timeout must be more than 0 seconds")
        return min(asked, self.timeout)

    async def _params(self, request: Request) -> dict[str, list[str]]:
        """Protocol parameters from the URL and, for POST, the body."""
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method != "POST":
            return params
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise UpdateRefused("updates are refused: this endpoint is read-only")
        if media not in (_FORM, "application/sparql-query"):
            raise HTTPException(415, f"POST a body of type {_FORM} or application/sparql-query, "
                                     f"not {media or 'none'!r}")
        raw = await self._body(request)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "the request body is not UTF-8") from None
        if media == "application/sparql-query":
            params.setdefault("query", []).append(text)
            return params
        for key, value in parse_qsl(text, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        return params

    async def _body(self, request: Request) -> bytes:
        """The POST body, refused with 413 past :attr:`max_body` bytes (before reading it all)."""
        too_large = HTTPException(413, f"the request body is larger than {self.max_body:,} bytes")
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise HTTPException(400, "Content-Length is not a number")
            if int(declared) > self.max_body:
                raise too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def _service_description(self, request: Request) -> _Answer:
        offer = negotiate(request.headers.get("accept"), _GRAPH_OFFERS)
        if offer is None:
            raise _not_acceptable(_GRAPH_OFFERS)
        endpoint = _own_url(request)
        graph = await anyio.to_thread.run_sync(
            lambda: service_description(self.store, endpoint), limiter=self.limiter)
        return _Answer(graph.serialize(format=GRAPH_FORMATS[offer[0]]), offer[1])


async def _handle_exception(request: Request, error: Exception) -> Response:
    return error_response(request, error)


def create_app(
    store: Store,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    cors_origins: Sequence[str] = (),
    max_body: int = MAX_BODY,
    workers: int = 16,
    max_response_bytes: int = MAX_RESPONSE_BYTES,
    allowed_hosts: Sequence[str] | None = None,
) -> Starlette:
    """The ASGI app serving ``store`` at ``/sparql`` and a status at ``/health``.

    Parameters
    ----------
    store
        Any store; the endpoint only reads it.
    timeout
        Seconds a query may run (default :data:`graph.sparql.DEFAULT_TIMEOUT`); a request's
        ``timeout`` parameter may only lower it.
    max_rows
        Rows or triples per answer (default :data:`graph.sparql.DEFAULT_MAX_ROWS`).
    cors_origins
        Origins allowed to call the endpoint from a browser; none (the default) means CORS
        stays off.
    max_body
        Largest POST body in bytes (413 beyond).
    workers
        Queries run at once in worker threads; more wait their turn.
    max_response_bytes
        Largest answer in bytes; rows or triples past it are cut and the response says
        ``truncated`` (as for ``max_rows``).
    allowed_hosts
        Host names a request's ``Host`` header may give (400 otherwise), so a web page whose
        name an attacker points at 127.0.0.1 (DNS rebinding) cannot read the endpoint;
        ``*.example.org`` allows subdomains; None allows any (:func:`serve` passes
        :func:`allowed_hosts_for` its address).

    Returns
    -------
    Starlette
        Serve it with :func:`serve`, or any ASGI server.
    """
    endpoint = _Endpoint(store, timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
                         max_rows=DEFAULT_MAX_ROWS if max_rows is None else max_rows,
                         max_body=max_body, workers=workers,
                         max_response=max_response_bytes)
    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts),
                                     www_redirect=False))
    if cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"], expose_headers=[TRUNCATED_HEADER],
            max_age=600))
    return Starlette(
        routes=[Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
                Route("/sparql/", endpoint.sparql, methods=["GET", "POST"]),
                Route("/health", endpoint.health, methods=["GET"])],
        middleware=middleware,
        exception_handlers={HTTPException: _handle_exception, Exception: _handle_exception},
    )
