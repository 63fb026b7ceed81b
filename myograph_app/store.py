"""Which graph a session sees: the shared cached store plus that session's own uploads.

The shared store is opened once per process per ``MYOGRAPH_STORE`` value
(:func:`shared_store`, ``st.cache_resource``) and never written by the app. A session that
uploads gets a :class:`SessionGraph` in its own ``st.session_state``, so no other browser
session ever sees its uploads. A file is parsed completely before anything is added
(``graph.loading.parse_bytes``): a bad one raises ``DataError`` naming the file, line and
column, and the session's graph stays as it was. :class:`SessionGraph` needs no Streamlit,
so it is tested directly (tests/test_app.py).
"""

from __future__ import annotations

import os
import threading
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from graph.errors import DataError
from graph.loading import graph_iri_for, parse_bytes
from graph.results import Triple
from graph.stores import DEFAULT_STORE, ENV_VAR, Store, open_store
from graph.validate import ValidationReport, validate_triples

__all__ = ["MAX_UPLOAD_BYTES", "SessionGraph", "Upload", "active_store", "memo",
           "session_graph", "shared_store", "store_spec"]

MAX_UPLOAD_BYTES = 200 * 1024**2
"""Decompressed size cap of one upload (server.maxUploadSize caps the compressed size)."""
MAX_UPLOAD_TRIPLES = 50_000
"""The most triples one upload may hold: an upload is parsed whole into rdflib terms in the
app's own memory, then profiled, indexed and counted for its session; bigger graphs belong in
an Oxigraph store (``myograph load``), which the app then opens."""
MAX_SESSION_TRIPLES = 100_000
"""The most triples a session's uploads may hold together."""
MAX_VALIDATED_TRIPLES = 10_000
"""Uploads up to this size are checked against the SHACL shapes as they arrive (pyshacl with
RDFS inference is slow, and the page waits for it); a bigger one is loaded unchecked, and the
page says so and how to check it (``myograph validate FILE``)."""


def store_spec() -> str:
    """The store the app uses: ``$MYOGRAPH_STORE`` or ``memory``."""
    return os.environ.get(ENV_VAR) or DEFAULT_STORE


@st.cache_resource(show_spinner="Opening the graph…")
def shared_store(spec: str) -> Store:
    """One store per spec per process, shared by every session (read-only for the app)."""
    return open_store(spec)


@dataclass
class Upload:
    """One uploaded file, now a named graph of the session's private store."""

    name: str
    graph: str
    triples: int
    report: ValidationReport | None = None
    unchecked: bool = False
    """True when the upload was too big to check against the shapes here."""


PRIVATE_STORE = "oxigraph:"
"""A session's own store: Oxigraph in memory. After an upload the graph is profiled,
indexed and counted again, which rdflib's engine does far more slowly."""


@dataclass
class SessionGraph:
    """A session's uploads over the shared store, in a private store of its own.

    The private store (:data:`PRIVATE_STORE`) is made on the first upload, and each upload
    goes into a named graph of its own in it. Over an in-memory shared store (the default
    ``memory``, or ``memory:PATH``) it starts as a copy of every quad of the shared one, and
    the session explores, traces and queries the union. A large or remote shared store
    (``oxigraph:DIR``, ``http(s)://…``) is not copied: the private store holds the uploads
    only, and the sidebar lets the session choose which graph it explores
    (:attr:`use_uploads_only`). Removing the last upload puts the session back on the shared
    store.
    """

    shared: Store
    uploads: dict[str, Upload] = field(default_factory=dict)
    private: Store | None = None
    use_uploads_only: bool = True
    """For a non-memory shared store: explore the uploads (True) or the shared graph."""
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def copies_shared(self) -> bool:
        """True when the private store holds a copy of the shared graph (memory stores)."""
        return self.shared.spec.partition(":")[0] == "memory"

    def _ensure_private(self) -> Store:
        if self.private is None:
            private = open_store(PRIVATE_STORE)
            if self.copies_shared:
                by_graph: dict[str, list[Triple]] = {}
                for s, p, o, g in self.shared.quads():
                    by_graph.setdefault(g or "urn:x-myograph:default", []).append((s, p, o))
                for graph, triples in sorted(by_graph.items()):
                    private.add_triples(triples, graph)
            self.private = private
        return self.private

    def add(self, name: str, data: bytes, *, validate: bool = True,
            max_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
        """Parse ``data`` completely, then put it in a named graph of its own.

        A file with the same name replaces the earlier upload.

        Raises
        ------
        DataError, UnsupportedFormat
            The file does not parse (the message names file, line, column) or is too big;
            nothing changes.
        """
        triples = parse_bytes(data, name, max_bytes=max_bytes, max_triples=MAX_UPLOAD_TRIPLES)
        held = sum(u.triples for n, u in self.uploads.items() if n != name)
        if held + len(triples) > MAX_SESSION_TRIPLES:
            raise DataError(
                f"{name}: {len(triples):,} more triples would take this session's uploads past "
                f"{MAX_SESSION_TRIPLES:,} (it holds {held:,}): remove an upload first, or load "
                "big graphs with `myograph load` into an Oxigraph store and run the app on "
                "it; nothing was loaded")
        report = (validate_triples(triples) if validate and len(triples) <= MAX_VALIDATED_TRIPLES
                  else None)
        graph = graph_iri_for(name)
        private = self._ensure_private()
        if name in self.uploads:
            private.remove_graph(graph)
        count = private.add_triples(triples, graph)
        upload = Upload(name=name, graph=graph, triples=count, report=report,
                        unchecked=validate and report is None)
        self.uploads[name] = upload
        return upload

    def remove(self, name: str) -> None:
        """Drop one upload (its named graph); unknown names are ignored."""
        upload = self.uploads.pop(name, None)
        if upload is not None and self.private is not None:
            self.private.remove_graph(upload.graph)
        if not self.uploads:
            self.private = None

    def store(self) -> Store:
        """The store this session explores."""
        if self.private is None or not self.uploads:
            return self.shared
        if self.copies_shared or self.use_uploads_only:
            return self.private
        return self.shared

    def sidebar_note(self) -> str:
        """A line for the sidebar about the session's uploads."""
        if not self.uploads:
            return ""
        n = len(self.uploads)
        files = f"{n} upload{'s' if n != 1 else ''} (yours only)"
        if self.copies_shared:
            return f"plus {files}"
        where = "exploring your uploads" if self.use_uploads_only else "exploring the shared graph"
        return f"{files}; {where}"


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
