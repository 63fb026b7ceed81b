"""A query's answer written for the client: the format it negotiated, within the byte cap.

The cap here is one measure, the bytes of the serialized body (:func:`_serialize_within`):
it cuts what the format adds (escapes, markup) after the runner's own early bound on the
terms' text (:func:`graph.sparql.runner._cap_bytes`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.results import QueryResult
from graph.server.negotiation import _negotiated, _not_acceptable, _offers_for

__all__ = ["written"]


@dataclass
class _Answer:
    """What a request is answered with, and what its access log line reports."""

    body: str | bytes
    media_type: str
    rows: int | None = None
    truncated: bool | None = None


def written(result: QueryResult, accept: str | None, *, max_rows: int,
            max_bytes: int) -> _Answer:
    """``result`` in the format ``accept`` likes best, within ``max_bytes``; a cut answer in
    SPARQL JSON says so in a ``"myograph"`` member (``max_rows``, and ``max_bytes`` when the
    bytes cut it)."""
    offer = _negotiated(accept, _offers_for(result))
    if offer is None:
        raise _not_acceptable(_offers_for(result))
    cut_rows = result.truncated
    body, cut_bytes = _serialize_within(result, offer[0], max_bytes)
    if offer[0] == "json" and result.truncated:
        data = json.loads(body)
        data["myograph"] = {"truncated": True, "max_rows": max_rows}
        if cut_bytes or (cut_rows and len(result) < max_rows):
            data["myograph"]["max_bytes"] = max_bytes
        body = json.dumps(data, ensure_ascii=False)
    return _Answer(body, offer[1], rows=len(result), truncated=result.truncated)


def _size(body: str | bytes) -> int:
    """The measure of the byte cap: the body's bytes as sent (UTF-8)."""
    return len(body.encode("utf-8")) if isinstance(body, str) else len(body)


def _serialize_within(result: QueryResult, fmt: str, max_bytes: int) -> tuple[str | bytes, bool]:
    """``result`` serialized in ``fmt``, cutting rows or triples until it fits ``max_bytes``.

    The runner already stopped collecting past about ``max_bytes`` of term text; this cuts
    what the format adds (escapes, markup). Returns the body (as UTF-8 bytes when nothing
    was cut: it is measured so, and sent so) and whether it cut anything.
    """
    whole = result.serialize(fmt).encode("utf-8")
    if len(whole) <= max_bytes or result.form == "ASK":
        return whole, False
    body: str | bytes = whole
    size = len(whole)
    items: list[Any] = result.triples if result.is_graph else result.rows
    while size > max_bytes and items:
        keep = min(len(items) - 1, int(len(items) * max_bytes / size * 0.9))
        del items[max(keep, 0):]
        result.truncated = True
        body = result.serialize(fmt)
        size = _size(body)
    return body, True
