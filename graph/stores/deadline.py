"""How a query's time limit is enforced in this process, in one place.

A query has one :class:`Deadline`, a point in time. Work past it is stopped in one of
three ways, from the gentlest:

- **polled**: code that collects rows calls :meth:`Deadline.check` between them, and it
  raises :class:`~graph.errors.QueryTimeout`;
- **a thread stopped**: :meth:`Deadline.call` runs a call in a thread and, past the
  deadline, raises an exception inside that thread (for work that may not poll: rdflib's
  engine evaluating before its first row, a slow regular expression);
- **a process killed**: users' queries on local stores run in worker processes that the
  pool kills at the deadline (:mod:`graph.stores.workers`, which polls the same
  :class:`Deadline` inside the worker).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from graph.errors import QueryTimeout

T = TypeVar("T")

__all__ = ["Deadline"]


class _Stopped(BaseException):
    """Raised inside a query thread whose deadline passed (never reaches callers)."""


class Deadline:
    """A point in time after which work must stop; checked between rows.

    >>> Deadline(5).call(lambda: 42)
    42
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        """Raise :class:`QueryTimeout` once the deadline has passed."""
        if time.monotonic() > self.at:
            raise QueryTimeout(f"the query ran longer than its {self.seconds:g} s time limit")

    def left(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.at - time.monotonic())

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in a worker thread; past the deadline, stop it and raise QueryTimeout.

        The thread is stopped by raising an exception inside it, which Python delivers as
        soon as the thread runs Python code again (rdflib's engine is pure Python; Oxigraph
        returns to Python at every row). An error ``fn`` raises is raised here.
        """
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = fn()
            except _Stopped:
                pass
            except BaseException as error:  # noqa: BLE001 - handed back to the caller below
                box["error"] = error

        worker = threading.Thread(target=target, name="myograph-query", daemon=True)
        worker.start()
        worker.join(self.left())
        if worker.is_alive():
            ident = worker.ident
            if ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                           ctypes.py_object(_Stopped))
            raise QueryTimeout(f"the query ran longer than its {self.seconds:g} s time limit "
                               "and was stopped")
        if "error" in box:
            raise box["error"]
        return box["value"]  # type: ignore[no-any-return]
