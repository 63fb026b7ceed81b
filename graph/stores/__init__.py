"""Stores by name: ``memory``, ``oxigraph:PATH``, ``http(s)://…/sparql``.

A small registry from scheme to factory; each factory imports its backend inside, so an
unused backend costs nothing at import.

>>> store = open_store("memory")
>>> store.spec
'memory'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from graph.errors import StoreError
from graph.stores.base import Deadline, Store

__all__ = ["DEFAULT_STORE", "ENV_VAR", "Deadline", "Store", "kinds", "names",
           "open_store", "store_from_env", "summary"]

ENV_VAR = "MYOGRAPH_STORE"
DEFAULT_STORE = "memory"


def _memory(spec: str, rest: str) -> Store:
    """rdflib in memory, holding the curated graph, another file, or nothing (``empty``)."""
    from graph.loading import load_file
    from graph.namespaces import DATA_GRAPH
    from graph.stores.memory import DEFAULT_DATA, MemoryStore

    store = MemoryStore(spec)
    if rest == "empty":
        return store
    data = Path(rest) if rest else DEFAULT_DATA
    if not data.is_file():
        raise StoreError(f"memory store: no data file at {data}")
    load_file(store, data, graph=DATA_GRAPH)
    store.keep_derived_for(data)
    return store


def _oxigraph(spec: str, rest: str) -> Store:
    from graph.stores.oxigraph import OxigraphStore

    return OxigraphStore(spec, Path(rest) if rest else None)


def _remote(spec: str, rest: str) -> Store:
    from graph.stores.remote import RemoteStore

    return RemoteStore(spec)


_FACTORIES: dict[str, Callable[[str, str], Store]] = {
    "memory": _memory,
    "oxigraph": _oxigraph,
    "http": _remote,
    "https": _remote,
}


def names() -> list[str]:
    """The registered store schemes.

    >>> names()
    ['http', 'https', 'memory', 'oxigraph']
    """
    return sorted(_FACTORIES)


def kinds() -> list[list[str]]:
    """The registered schemes, grouped by the kind of store they open.

    >>> kinds()
    [['http', 'https'], ['memory'], ['oxigraph']]
    """
    grouped: dict[Callable[[str, str], Store], list[str]] = {}
    for scheme in names():
        grouped.setdefault(_FACTORIES[scheme], []).append(scheme)
    return sorted(grouped.values())


def open_store(spec: str) -> Store:
    """Open the store a name or URL names.

    Raises
    ------
    StoreError
        For an unknown scheme, a path that cannot be opened, or a bad URL.
    """
    spec = spec.strip()
    scheme, _, rest = spec.partition(":")
    if scheme in ("http", "https"):
        return _remote(spec, spec)
    if scheme not in _FACTORIES:
        raise StoreError(f"unknown store {spec!r}: use memory, oxigraph:PATH or an "
                         "http(s):// SPARQL endpoint URL")
    return _FACTORIES[scheme](spec, rest)


def store_from_env() -> Store:
    """The store named by ``$MYOGRAPH_STORE`` (default ``memory``)."""
    return open_store(os.environ.get(ENV_VAR) or DEFAULT_STORE)


def summary(store: Store) -> str:
    """One line for people: which store is in use.

    >>> summary(open_store("memory"))
    'memory (rdflib, in memory, data/triples.ttl)'
    """
    scheme = store.spec.partition(":")[0]
    if scheme == "memory":
        rest = store.spec.partition(":")[2]
        return f"memory (rdflib, in memory, {rest or 'data/triples.ttl'})"
    if scheme == "oxigraph":
        rest = store.spec.partition(":")[2]
        return f"oxigraph (on disk at {rest})" if rest else "oxigraph (in memory)"
    return f"remote SPARQL endpoint {store.spec}"
