"""Collecting an engine's answer: up to a row cap and a byte cap, the deadline checked as
rows arrive.

Every local backend and every query worker reads its engine's answer through
:func:`collect`, so the caps, the ``truncated`` flag and the deadline mean the same on each;
:func:`text_size` is the one measure of an answer's bytes, in a worker or in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from graph.stores.base import Deadline

if TYPE_CHECKING:
    from graph.stores._terms import Packed

__all__ = ["CHECK_EVERY", "collect", "text_size"]

CHECK_EVERY = 256
"""Rows read between two looks at the deadline."""

In = TypeVar("In")
Out = TypeVar("Out")


def text_size(terms: Iterable[str | Packed | None]) -> int:
    """The characters of some terms' text, the measure of a byte cap: an rdflib term's own
    (an IRI, a blank node's label, a literal's value, without its tag or datatype), a
    packed term's value; an unbound value (None) counts nothing.

    >>> from rdflib import Literal, URIRef
    >>> text_size([URIRef("urn:x"), Literal("abc", lang="en"), None])
    8
    >>> text_size([("u", "urn:x"), ("l", "abc", "en", ""), None])
    8
    """
    return sum(len(term[1]) if type(term) is tuple else 0 if term is None else len(term)
               for term in terms)


def collect(answer: Iterable[In], convert: Callable[[In], Out], *, deadline: Deadline | None,
            max_rows: int, max_bytes: int | None = None,
            measure: Callable[[Out], int] | None = None) -> tuple[list[Out], bool]:
    """At most ``max_rows`` items of ``answer``, converted; True when there were more (one
    more is read to learn it).

    With ``max_bytes``, the items also stop before the one whose ``measure`` (for items of
    terms: :func:`text_size`) brings their total past it, and True says so too. With
    ``deadline`` None nothing checks the time (a query worker is killed at its deadline).

    >>> collect(iter("abc"), str.upper, deadline=Deadline(5), max_rows=2)
    (['A', 'B'], True)
    >>> collect("ab", str.upper, deadline=Deadline(5), max_rows=2)
    (['A', 'B'], False)
    >>> collect(["ab", "cd", "e"], str.upper, deadline=None, max_rows=5, max_bytes=3,
    ...         measure=len)
    (['AB'], True)

    Raises
    ------
    ValueError
        When ``max_bytes`` comes without a ``measure``.
    """
    if max_bytes is not None and measure is None:
        raise ValueError("a byte cap needs a measure of each item")
    kept: list[Out] = []
    size = 0
    for n, item in enumerate(answer):
        if deadline is not None and n % CHECK_EVERY == 0:
            deadline.check()
        if n >= max_rows:
            return kept, True
        converted = convert(item)
        if max_bytes is not None and measure is not None:
            size += measure(converted)
            if size > max_bytes:
                return kept, True
        kept.append(converted)
    return kept, False
