"""Collecting an engine's answer: up to a row cap, the deadline checked as rows arrive.

Every local backend reads its engine's answer through :func:`collect`, so the cap, the
``truncated`` flag and the deadline mean the same on each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from graph.stores.base import Deadline

__all__ = ["CHECK_EVERY", "collect"]

CHECK_EVERY = 256
"""Rows read between two looks at the deadline."""

In = TypeVar("In")
Out = TypeVar("Out")


def collect(answer: Iterable[In], convert: Callable[[In], Out], *, deadline: Deadline,
            max_rows: int) -> tuple[list[Out], bool]:
    """At most ``max_rows`` items of ``answer``, converted; True when there were more (one
    more is read to learn it).

    >>> collect(iter("abc"), str.upper, deadline=Deadline(5), max_rows=2)
    (['A', 'B'], True)
    >>> collect("ab", str.upper, deadline=Deadline(5), max_rows=2)
    (['A', 'B'], False)
    """
    kept: list[Out] = []
    for n, item in enumerate(answer):
        if n % CHECK_EVERY == 0:
            deadline.check()
        if n >= max_rows:
            return kept, True
        kept.append(convert(item))
    return kept, False
