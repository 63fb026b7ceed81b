"""Content negotiation: which of the formats the endpoint can write the client's ``Accept``
header likes best (q-values, ``*/*``, ``type/*``), and the 406 when it likes none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from starlette.exceptions import HTTPException

from graph.results import MEDIA_TYPES, QueryResult

__all__ = ["Offer", "negotiate"]

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
