"""Which graph a browser session sees: the shared cached store plus that session's uploads.

The shared store is opened once per process per ``MYOGRAPH_STORE`` value
(:func:`shared_store`, ``st.cache_resource``) and never written by the app. A session that
uploads gets a :class:`graph.session.SessionGraph` (the upload overlay, library logic tested
in tests/test_session.py) in its own ``st.session_state``, so no other browser session ever
sees its uploads. :func:`memo` keeps small values derived from a store per data version.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from typing import Any

import streamlit as st

from graph.session import SessionGraph
from graph.stores import DEFAULT_STORE, ENV_VAR, Store, open_store

__all__ = ["active_store", "memo", "session_graph", "shared_store", "speaks_causally",
           "store_spec"]


def store_spec() -> str:
    """The store the app uses: ``$MYOGRAPH_STORE`` or ``memory``."""
    return os.environ.get(ENV_VAR) or DEFAULT_STORE


@st.cache_resource(show_spinner="Opening the graph…")
def shared_store(spec: str) -> Store:
    """One store per spec per process, shared by every session (read-only for the app)."""
    return open_store(spec)


def session_graph() -> SessionGraph:
    """This browser session's :class:`SessionGraph` (created on first use)."""
    shared = shared_store(store_spec())
    current = st.session_state.get("mg_session_graph")
    if not isinstance(current, SessionGraph) or current.shared is not shared:
        current = SessionGraph(shared=shared)
        st.session_state["mg_session_graph"] = current
    return current


def active_store() -> Store:
    """The store the current session explores (shared, or its private overlay)."""
    return session_graph().store()


_MEMO: weakref.WeakKeyDictionary[Store, dict[tuple[str, int], Any]] = (
    weakref.WeakKeyDictionary())
_MEMO_LOCK = threading.Lock()


def memo(store: Store, name: str, fn: Callable[[], Any]) -> Any:
    """``fn()`` computed once per store and data version (small, store-derived values)."""
    with _MEMO_LOCK:
        table = _MEMO.setdefault(store, {})
        key = (name, store.version)
        if key in table:
            return table[key]
    value = fn()
    with _MEMO_LOCK:
        _MEMO.setdefault(store, {})[key] = value
    return value


def speaks_causally(store: Store) -> bool:
    """Whether the graph declares causal relations (the curated vocabulary): if not, the
    app speaks of it neutrally, not as a graph about muscle spasm."""
    from graph.paths import causal_relations

    return bool(memo(store, "speaks_causally", lambda: bool(causal_relations(store))))
