"""A store's prefixes: the project's, and those its graphs' files declared.

A load records what each file declares (:meth:`~graph.stores.base.Store.declare_prefixes`);
here those declarations become the names myograph uses beside its own
(:func:`~graph.namespaces.own_prefixes` says how a clash is settled: ours are never
shadowed), for naming IRIs in every view and command (:func:`naming_for`, the one rule of
:func:`~graph.namespaces.entity_name`) and in queries (:func:`query_prefixes`: the PREFIX
lines added to what people type, the prefixes of a CONSTRUCT or DESCRIBE answer).

>>> from graph.stores import open_store
>>> store = open_store("memory")
>>> graph_prefixes(store)["HP"]
'http://purl.obolibrary.org/obo/HP_'
>>> from graph.namespaces import entity_name
>>> entity_name("http://purl.obolibrary.org/obo/HP_0003394", naming_for(store))
'HP:0003394'
"""

from __future__ import annotations

import threading
import weakref

from graph.namespaces import PREFIXES, Naming, naming, own_prefixes
from graph.stores.base import Store

__all__ = ["graph_prefixes", "naming_for", "query_prefixes"]

_KEPT: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, str], Naming]] = (
    weakref.WeakKeyDictionary())
_LOCK = threading.Lock()


def _kept(store: Store) -> tuple[dict[str, str], Naming]:
    """The graph's own prefixes and the naming they give, worked out once per change."""
    with _LOCK:
        kept = _KEPT.get(store)
        if kept is not None and kept[0] == store.prefixes_version:
            return kept[1], kept[2]
    version = store.prefixes_version
    own = own_prefixes(store.declared_prefixes())
    with _LOCK:
        _KEPT[store] = (version, own, naming(own))
        return own, _KEPT[store][2]


def graph_prefixes(store: Store) -> dict[str, str]:
    """The prefixes the store's graphs declared, as myograph uses them (a copy)."""
    return dict(_kept(store)[0])


def naming_for(store: Store) -> Naming:
    """The (prefix, namespace) pairs IRIs of this store are named by."""
    return _kept(store)[1]


def query_prefixes(store: Store) -> dict[str, str]:
    """The prefixes a query on this store may use undeclared: the project's, then the
    graph's own."""
    return {**PREFIXES, **_kept(store)[0]}
