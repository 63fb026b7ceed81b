"""Errors become an HTTP status and one body shape here, in exactly one place.

The table is :data:`STATUS`; :func:`error_response` writes the body (JSON, or one line of
text when the client prefers it) and never a traceback: details of an error that is not
ours go to the server log.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

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
from graph.server.negotiation import _ERROR_OFFERS, negotiate

__all__ = ["STATUS", "error_response", "status_for"]

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
_LOG = logging.getLogger("myograph.server")
"""Where the details of an internal error go (the access log's logger)."""


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
        _LOG.error("internal error", exc_info=(type(error), error, error.__traceback__))
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
