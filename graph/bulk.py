"""Bulk work in Python: the cyclic garbage collector paused while it runs.

Reading a million triples, or building an index of their names, makes millions of small
containers (lists, tuples, sets of them) that form no reference cycles. Each of them counts
towards the collector's next pass, and a pass walks every container still alive, so the
collector ends up walking the same large, growing sets again and again (a fifth of a load's
Python time at 1 M triples). Reference counting frees what these steps drop either way; the
collector runs again once they end.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_LOCK = threading.Lock()
_PAUSED = [0]
"""How many callers are inside :func:`collector_paused` (threads may nest them)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the duration of the block.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    with _LOCK:
        if _PAUSED[0] == 0:
            _PAUSED.append(int(gc.isenabled()))
            gc.disable()
        _PAUSED[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _PAUSED[0] -= 1
            if _PAUSED[0] == 0 and _PAUSED.pop():
                gc.enable()
