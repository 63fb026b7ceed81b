"""Derived values that follow a write to one graph instead of being computed again.

When data changes, a store's derived values (:meth:`~graph.stores.base.Store.derived`) are
dropped and computed again on next use. A value whose key has a :class:`Carrier` registered
here is carried over instead: before the write the carrier notes what the write may touch
(it reads the store as it still is: a graph about to be removed still holds its triples),
after it the carrier updates the value from those notes, or gives up (None) where only a
rebuild would be right. The carriers are registered by the modules that own the values
(:mod:`graph.index_build` registers the label index's); the stores know those modules only
by name (:data:`OWNERS`) and import them before a write asks for the carriers, so a value is
carried whatever the writing process imported (a script that only loads a file keeps the
index up to date too).
"""

from __future__ import annotations

import importlib
import threading
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.stores.base import Store

__all__ = ["OWNERS", "Carrier", "carriers", "register"]

OWNERS = ("graph.index_build",)
"""Modules that register carriers when imported: :func:`carriers` imports them first."""


class Carrier(ABC):
    """How one derived value follows a write to one graph (added to, or removed)."""

    @abstractmethod
    def note(self, store: Store, value: Any, graph: str) -> object | None:
        """Before the write: what the update will need (read from the store before it
        changes); None when the value cannot be carried over this write."""

    @abstractmethod
    def update(self, store: Store, value: Any, graph: str, noted: object) -> Any | None:
        """After the write: the value for the data as it now is, made from ``value`` (never
        changed in place: readers may hold it) and what :meth:`note` returned; None when only
        computing it again would be right."""


_CARRIERS: dict[str, Carrier] = {}
_LOCK = threading.Lock()


def register(key: str, carrier: Carrier) -> None:
    """Carry the derived value kept under ``key`` over writes to one graph."""
    with _LOCK:
        _CARRIERS[key] = carrier


def carriers() -> dict[str, Carrier]:
    """The registered carriers by key (a copy), those of :data:`OWNERS` included."""
    for module in OWNERS:
        importlib.import_module(module)
    with _LOCK:
        return dict(_CARRIERS)
