"""The SPARQL 1.1 Protocol endpoint: ``/sparql`` over any store, served by uvicorn.

Every query goes through the one runner (:func:`graph.sparql.run_async`: a query worker's
reply is awaited on the event loop, a store without workers runs in a thread), so the guard,
the time limit and the row cap are the library's own; this module only speaks HTTP. What it
answers:

- ``GET /sparql?query=…``, ``POST`` form-encoded (``query=…``) and ``POST``
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` for graphs the
  store holds (400 otherwise; rdflib's ``urn:x-rdflib:default`` means the store's default
  graph); an optional ``timeout`` (seconds) may lower the server's limit, never raise it.
- Content negotiation over ``Accept`` (q-values, ``*/*``, ``type/*``): SPARQL results JSON
  (the default), XML, CSV, TSV for SELECT; JSON or XML for ASK; Turtle (the default),
  N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE; 406 listing what it can give.
- ``GET /sparql`` without a query: a SPARQL service description (Turtle by default).
- ``GET /health``: a small JSON status that never runs a query.

Errors become an HTTP status and one body shape in exactly one place,
:func:`error_response` (the table is :data:`STATUS`); no response carries a traceback.
A query that ran past its time limit is a **503** (as Apache Jena Fuseki answers): the
server gave up on it, and the body says so. When the row cap cut an answer, the response
carries ``X-Myograph-Truncated: true`` and, in SPARQL JSON, a top-level member
``"myograph": {"truncated": true, "max_rows": N}`` that SPARQL JSON parsers ignore. Answers
are also capped in bytes (:data:`MAX_RESPONSE_BYTES`): rows past the cap are cut the same
way, and the member then also gives ``"max_bytes"``.

>>> import json, urllib.error, urllib.parse, urllib.request
>>> from graph.stores import open_store
>>> with BackgroundServer(create_app(open_store("memory"))) as server:
...     ask = urllib.parse.urlencode({"query": "ASK { mge:muscle_spasm a mg:Symptom }"})
...     with urllib.request.urlopen(f"{server.url}?{ask}") as response:
...         print(response.headers["Content-Type"], json.load(response)["boolean"])
...     clear = urllib.parse.urlencode({"query": "CLEAR ALL"})
...     try:
...         urllib.request.urlopen(f"{server.url}?{clear}")
...     except urllib.error.HTTPError as error:
...         print(error.code, json.load(error)["error"])
application/sparql-results+json True
403 UpdateRefused
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph import __version__
from graph.errors import (
    AmbiguousEntity,
    DataError,
    MyographError,
    NodeNotFound,
    NoPath,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryTooLarge,
    StoreError,
    UnsupportedFormat,
    UnwritableAnswer,
    UpdateRefused,
)
from graph.results import GRAPH_FORMATS, MEDIA_TYPES, QueryResult
from graph.sparql import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, run_async
from graph.stores.base import QueryDataset, Store

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "MAX_BODY",
    "MAX_RESPONSE_BYTES",
    "STATUS",
    "TRUNCATED_HEADER",
    "BackgroundServer",
    "allowed_hosts_for",
    "create_app",
    "endpoint_url",
    "error_response",
    "negotiate",
    "serve",
    "service_description",
    "status_for",
]

DEFAULT_HOST = "127.0.0.1"
"""Loopback only: exposing the endpoint beyond this machine is an explicit choice."""
DEFAULT_PORT = 7878
MAX_BODY = 1024 * 1024
"""Largest POST body accepted (1 MiB); larger is a 413."""
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Largest answer sent (16 MiB, ``myograph serve --max-response-mb``): rows or triples past it
are cut, as by the row cap, and the response says ``truncated``."""
TRUNCATED_HEADER = "X-Myograph-Truncated"
"""``true`` when the row cap cut the answer, ``false`` otherwise (every query response)."""
LOG = logging.getLogger("myograph.server")
"""One access line per request to ``/sparql``: method, status, milliseconds, rows, truncated."""

STATUS: dict[type[BaseException], int] = {
    UpdateRefused: 403,
    QueryRefused: 400,
    QuerySyntaxError: 400,
    QueryTimeout: 503,
    QueryTooLarge: 503,
    UnwritableAnswer: 400,
    QueryError: 500,
    UnsupportedFormat: 406,
    DataError: 400,
    AmbiguousEntity: 400,
    NodeNotFound: 404,
    NoPath: 404,
    StoreError: 502,
    MyographError: 500,
}
"""Our error classes -> HTTP status; the most specific class in an error's MRO wins."""

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
}

Offer = tuple[str, str]
"""(our format name, media type), in the server's order of preference."""

_ALIASES: list[Offer] = [("json", "application/json"), ("xml", "application/xml")]
"""Older or looser names clients send; listed last so the standard type wins a tie."""
_ASK_OFFERS: list[Offer] = [("json", MEDIA_TYPES["json"]), ("xml", MEDIA_TYPES["xml"]),
                            *_ALIASES]
_SELECT_OFFERS: list[Offer] = [("json", MEDIA_TYPES["json"]), ("xml", MEDIA_TYPES["xml"]),
                               ("csv", MEDIA_TYPES["csv"]), ("tsv", MEDIA_TYPES["tsv"]),
                               *_ALIASES]
_GRAPH_OFFERS: list[Offer] = [
    ("turtle", MEDIA_TYPES["turtle"]),
    ("ntriples", MEDIA_TYPES["ntriples"]),
    ("jsonld", MEDIA_TYPES["jsonld"]),
    ("rdfxml", MEDIA_TYPES["rdfxml"]),
    ("turtle", "application/x-turtle"), ("turtle", "application/turtle"),
]
_ERROR_OFFERS: list[Offer] = [("json", "application/json"), ("text", "text/plain")]
_FORM = "application/x-www-form-urlencoded"
_PLAIN_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_INLINE_ANSWER = 200
"""Answers of up to this many rows or triples are written on the event loop; bigger ones in
a thread, so a big answer never holds up other requests."""
_RDFLIB_DEFAULT = "urn:x-rdflib:default"
"""How rdflib's SPARQLStore names the default graph in ``default-graph-uri``; read as the
store's own default graph (the union), so ``Graph(SPARQLStore(url), identifier=…)`` works."""


# --- content negotiation ---------------------------------------------------------------

def _parse_accept(header: str) -> list[tuple[str, str, float, int]]:
    """(type, subtype, q, position) for each media range of an Accept header."""
    ranges = []
    for position, item in enumerate(header.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        kind, _, sub = media.lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((kind, sub, q, position))
    return ranges


def negotiate(accept: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer the Accept header likes best, or None when it accepts none of them.

    For each offer the most specific matching range gives its q (``type/sub`` beats
    ``type/*`` beats ``*/*``); the highest q wins, then the more specific match, then the
    range the client listed first, then the server's order. No header means ``*/*``.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", _SELECT_OFFERS)[0]
    'json'
    >>> negotiate("text/*", _SELECT_OFFERS)
    ('csv', 'text/csv')
    >>> negotiate("image/png", _GRAPH_OFFERS) is None
    True
    """
    ranges = _parse_accept(accept or "*/*")
    best: tuple[float, int, int, int] | None = None
    chosen: Offer | None = None
    for order, offer in enumerate(offers):
        kind, _, sub = offer[1].partition("/")
        match: tuple[float, int, int] | None = None
        for r_kind, r_sub, q, position in ranges:
            if (r_kind, r_sub) == (kind, sub):
                specificity = 2
            elif (r_kind, r_sub) == (kind, "*"):
                specificity = 1
            elif (r_kind, r_sub) == ("*", "*"):
                specificity = 0
            else:
                continue
            if match is None or specificity > match[1]:
                match = (q, specificity, position)
        if match is None or match[0] <= 0:
            continue
        score = (match[0], match[1], -match[2], -order)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen


def _offers_for(result: QueryResult) -> tuple[Offer, ...]:
    if result.is_graph:
        return _GRAPH_TUPLE
    return _SELECT_TUPLE if result.form == "SELECT" else _ASK_TUPLE


_GRAPH_TUPLE, _SELECT_TUPLE, _ASK_TUPLE = (tuple(_GRAPH_OFFERS), tuple(_SELECT_OFFERS),
                                           tuple(_ASK_OFFERS))
_ANY_OFFERS = (*_SELECT_OFFERS, *_GRAPH_OFFERS)


@lru_cache(maxsize=256)
def _negotiated(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """:func:`negotiate`, kept per Accept header: clients send the same few."""
    return negotiate(accept, offers)


def _not_acceptable(offers: Iterable[Offer]) -> HTTPException:
    types = ", ".join(dict.fromkeys(media for _fmt, media in offers))
    return HTTPException(406, f"none of the media types in Accept can be given; "
                              f"available: {types}")


# --- errors: the one mapping -----------------------------------------------------------

def status_for(error: BaseException) -> int:
    """The HTTP status for an error: HTTP problems keep theirs, ours come from :data:`STATUS`.

    >>> status_for(UpdateRefused("no")), status_for(QueryRefused("no")), status_for(KeyError())
    (403, 400, 500)
    """
    if isinstance(error, HTTPException):
        return error.status_code
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_response(request: Request | None, error: BaseException) -> Response:
    """The one place an error becomes a response: a status and one body shape.

    JSON ``{"status", "error", "message"}`` (plus ``line`` / ``column`` for a syntax error),
    or the same as one line of text when the client prefers ``text/plain``. Errors that are
    not ours become a bare 500 whose details go to the server log, never to the client.
    """
    status = status_for(error)
    headers: dict[str, str] = {"X-Content-Type-Options": "nosniff"}
    if isinstance(error, HTTPException):
        kind = HTTPStatus(status).phrase.title().replace(" ", "").replace("-", "")
        message = str(error.detail)
        headers.update(error.headers or {})
    elif isinstance(error, MyographError):
        kind, message = type(error).__name__, str(error)
    else:
        LOG.error("internal error", exc_info=(type(error), error, error.__traceback__))
        kind, message = "InternalError", "internal error: the server logged the details"
    body: dict[str, Any] = {"status": status, "error": kind, "message": message}
    if isinstance(error, QuerySyntaxError):
        body.update(line=error.line, column=error.column)
    accept = request.headers.get("accept") if request is not None else None
    offer = negotiate(accept, _ERROR_OFFERS) or _ERROR_OFFERS[0]
    if offer[0] == "text":
        return Response(f"{status} {kind}: {message}\n", status_code=status,
                        media_type="text/plain", headers=headers)
    return Response(json.dumps(body, ensure_ascii=False), status_code=status,
                    media_type="application/json", headers=headers)


# --- the endpoint ----------------------------------------------------------------------

@dataclass
class _Answer:
    body: str | bytes
    media_type: str
    rows: int | None = None
    truncated: bool | None = None


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
            response = Response(answer.body, media_type=answer.media_type,
                                headers={"Vary": "Accept", "X-Content-Type-Options": "nosniff"})
            if answer.truncated is not None:
                response.headers[TRUNCATED_HEADER] = "true" if answer.truncated else "false"
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
            async with self.limiter:
                if not acceptable:  # a bad query is still a 400: checked as any query is
                    # (in a worker, within the limit), and stopped at its first row
                    await run_async(self.store, text, timeout=timeout, max_rows=0,
                                    dataset=dataset, base=base)
                    raise _not_acceptable([*_SELECT_OFFERS, *_GRAPH_OFFERS])
                result = await run_async(self.store, text, timeout=timeout,
                                         max_rows=self.max_rows, dataset=dataset,
                                         max_bytes=self.max_response, base=base)
        if len(result) <= _INLINE_ANSWER:
            return self._written(result, accept)
        return await anyio.to_thread.run_sync(self._written, result, accept,
                                              limiter=self.limiter)

    def _written(self, result: QueryResult, accept: str | None) -> _Answer:
        """``result`` in the format ``accept`` likes best, within the byte cap."""
        offer = _negotiated(accept, _offers_for(result))
        if offer is None:
            raise _not_acceptable(_offers_for(result))
        cut_rows = result.truncated
        body, cut_bytes = _serialize_within(result, offer[0], self.max_response)
        if offer[0] == "json" and result.truncated:
            data = json.loads(body)
            data["myograph"] = {"truncated": True, "max_rows": self.max_rows}
            if cut_bytes or (cut_rows and len(result) < self.max_rows):
                data["myograph"]["max_bytes"] = self.max_response
            body = json.dumps(data, ensure_ascii=False)
        return _Answer(body, offer[1], rows=len(result), truncated=result.truncated)

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


@lru_cache(maxsize=1024)
def _is_loopback(client: str) -> bool:
    """Whether a client address is this machine's (kept: a server sees few addresses)."""
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return False


def _own_url(request: Request) -> str:
    """The endpoint's URL as the client named it (the base of relative IRIs, the service
    description's subject); the socket's address when the Host header would break it."""
    scope = request.scope
    server = scope.get("server")
    return _url_of(scope["scheme"], request.headers.get("host"),
                   None if server is None else tuple(server),
                   scope.get("root_path", ""), scope["path"])


@lru_cache(maxsize=256)
def _url_of(scheme: str, host: str | None, server: tuple[Any, ...] | None, root_path: str,
            path: str) -> str:
    """:func:`_own_url` from the parts of a request it reads (the same few for every
    request a server gets: kept, since Starlette's URL is slow to build)."""
    scope = {"type": "http", "scheme": scheme, "server": server, "root_path": root_path,
             "path": path, "query_string": b"",
             "headers": [] if host is None else [(b"host", host.encode("latin-1"))]}
    endpoint = str(URL(scope=scope))
    if not _PLAIN_URL.fullmatch(endpoint):
        address, port = server or (DEFAULT_HOST, DEFAULT_PORT)
        endpoint = endpoint_url(address, port)
    return endpoint


def _size(body: str | bytes) -> int:
    return len(body.encode("utf-8")) if isinstance(body, str) else len(body)


def _serialize_within(result: QueryResult, fmt: str, max_bytes: int) -> tuple[str | bytes, bool]:
    """``result`` serialized in ``fmt``, cutting rows or triples until it fits ``max_bytes``.

    The runner already stopped collecting past about ``max_bytes`` of term text; this cuts
    what the format adds (escapes, markup). Returns the body and whether it cut anything.
    """
    body = result.serialize(fmt)
    size = _size(body)
    if size <= max_bytes or result.form == "ASK":
        return body, False
    items: list[Any] = result.triples if result.is_graph else result.rows
    while size > max_bytes and items:
        keep = min(len(items) - 1, int(len(items) * max_bytes / size * 0.9))
        del items[max(keep, 0):]
        result.truncated = True
        body = result.serialize(fmt)
        size = _size(body)
    return body, True


def service_description(store: Store, endpoint: str) -> Graph:
    """A SPARQL 1.1 service description of the endpoint at ``endpoint`` over ``store``.

    >>> from graph.stores import open_store
    >>> g = service_description(open_store("memory"), "http://127.0.0.1:7878/sparql")
    >>> (None, SD.endpoint, URIRef("http://127.0.0.1:7878/sparql")) in g
    True
    """
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("dcterms", DCTERMS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, DCTERMS.title, Literal("myograph SPARQL endpoint (read-only)")))
    for iri in _FORMAT_IRIS.values():
        g.add((service, SD.resultFormat, iri))
    if store.spec.partition(":")[0] in ("memory", "oxigraph"):
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in store.graph_names():
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g


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


# --- serving ---------------------------------------------------------------------------

_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_EVERY_ADDRESS = ("0.0.0.0", "::", "")  # noqa: S104 - names, compared, never bound here


def allowed_hosts_for(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The ``Host`` names an endpoint listening on ``host`` answers: its own address and the
    loopback names, plus ``extra``; on every address (0.0.0.0, ::) any name unless
    ``extra`` narrows it.

    >>> allowed_hosts_for("127.0.0.1")
    ['127.0.0.1', 'localhost', '[::1]']
    >>> allowed_hosts_for("::1", ["sparql.lab.example"])
    ['127.0.0.1', 'localhost', '[::1]', 'sparql.lab.example']
    >>> allowed_hosts_for("0.0.0.0")
    ['*']
    """
    if host in _EVERY_ADDRESS and not extra:
        return ["*"]
    own = [] if host in _EVERY_ADDRESS else [f"[{host}]" if ":" in host else host]
    return list(dict.fromkeys([*_LOOPBACK_NAMES, *own, *(e.lower() for e in extra)]))


def endpoint_url(host: str, port: int) -> str:
    """The ``/sparql`` URL for a host and port (IPv6 hosts bracketed).

    >>> endpoint_url("127.0.0.1", 7878), endpoint_url("::1", 80)
    ('http://127.0.0.1:7878/sparql', 'http://[::1]:80/sparql')
    """
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/sparql"


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0 picks a free one)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise MyographError(f"cannot listen on {host}:{port}: {error}") from error
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise MyographError(f"cannot listen on {host}:{port}: {error}") from error
    return sock


def _uvicorn_server(app: Starlette, log_level: str) -> Any:
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            server_header=False, timeout_graceful_shutdown=1)
    return uvicorn.Server(config)


def serve(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    cors_origins: Sequence[str] = (),
    max_body: int = MAX_BODY,
    max_response_bytes: int = MAX_RESPONSE_BYTES,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "info",
    allow_hosts: Sequence[str] = (),
) -> None:
    """Serve ``store`` with uvicorn until interrupted.

    The socket is bound and listening before ``on_ready`` is called with the endpoint's URL
    (so ``port=0`` reports the port it got). Requests must name the host it listens on, a
    loopback name, or one of ``allow_hosts`` (:func:`allowed_hosts_for`). Other parameters as
    in :func:`create_app`.

    Raises
    ------
    MyographError
        When the address cannot be bound (port in use, unknown host).
    """
    app = create_app(store, timeout=timeout, max_rows=max_rows, cors_origins=cors_origins,
                     max_body=max_body, max_response_bytes=max_response_bytes,
                     allowed_hosts=allowed_hosts_for(host, allow_hosts))
    sock = _bind(host, port)
    if on_ready is not None:
        on_ready(endpoint_url(host, sock.getsockname()[1]))
    try:
        _uvicorn_server(app, log_level).run(sockets=[sock])
    finally:
        sock.close()


class BackgroundServer:
    """The endpoint served from a background thread (tests, notebooks), as a context manager.

    >>> from graph.stores import open_store
    >>> with BackgroundServer(create_app(open_store("memory"))) as server:
    ...     server.url.startswith("http://127.0.0.1:")
    True
    """

    def __init__(self, app: Starlette, host: str = DEFAULT_HOST, port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.url = ""
        self._server: Any = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def start(self, wait: float = 10.0) -> str:
        """Start serving; return the endpoint URL once the server accepts requests."""
        sock = self._socket = _bind(self.host, self.port)
        self.url = endpoint_url(self.host, sock.getsockname()[1])
        self._server = _uvicorn_server(self.app, "warning")
        self._server.config.timeout_graceful_shutdown = 1
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="myograph-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + wait
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                self.stop()
                raise MyographError(f"the endpoint did not start within {wait:g} s")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> BackgroundServer:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
