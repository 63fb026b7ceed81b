"""A shared store plus one session's uploads: the overlay an interface keeps per user.

The shared store is never written. A session that uploads gets a private store of its own
(:data:`PRIVATE_STORE`) and each file goes into a named graph there, so no other session
sees it. A file is parsed completely before anything is added
(:func:`graph.loading.parse_bytes`): a bad one raises ``DataError`` naming the file, line
and column, and the session's graph stays as it was. The app keeps one
:class:`SessionGraph` per browser session (``myograph_app/store.py``); nothing here needs
Streamlit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from graph.errors import DataError
from graph.loading import graph_iri_for, parse_declared
from graph.results import Triple
from graph.stores import Store, open_store
from graph.validate import ValidationReport, validate_triples

__all__ = ["MAX_SESSION_TRIPLES", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_TRIPLES",
           "MAX_VALIDATED_TRIPLES", "PRIVATE_STORE", "SessionGraph", "Upload"]

MAX_UPLOAD_BYTES = 200 * 1024**2
"""Decompressed size cap of one upload (the app's server.maxUploadSize caps the compressed
size)."""
MAX_UPLOAD_TRIPLES = 50_000
"""The most triples one upload may hold: an upload is parsed whole into rdflib terms in the
process's own memory, then profiled, indexed and counted for its session; bigger graphs
belong in an Oxigraph store (``myograph load``), which the app then opens."""
MAX_SESSION_TRIPLES = 100_000
"""The most triples a session's uploads may hold together."""
MAX_VALIDATED_TRIPLES = 10_000
"""Uploads up to this size are checked against the SHACL shapes as they arrive (pyshacl with
RDFS inference is slow, and the page waits for it); a bigger one is loaded unchecked, and the
page says so and how to check it (``myograph validate FILE``)."""
PRIVATE_STORE = "oxigraph:"
"""A session's own store: Oxigraph in memory. After an upload the graph is profiled,
indexed and counted again, which rdflib's engine does far more slowly."""


@dataclass
class Upload:
    """One uploaded file, now a named graph of the session's private store."""

    name: str
    graph: str
    triples: int
    report: ValidationReport | None = None
    unchecked: bool = False
    """True when the upload was too big to check against the shapes here."""


@dataclass
class SessionGraph:
    """A session's uploads over the shared store, in a private store of its own.

    The private store (:data:`PRIVATE_STORE`) is made on the first upload, and each upload
    goes into a named graph of its own in it. Over an in-memory shared store (the default
    ``memory``, or ``memory:PATH``) it starts as a copy of every quad of the shared one, and
    the session explores, traces and queries the union. A large or remote shared store
    (``oxigraph:DIR``, ``http(s)://…``) is not copied: the private store holds the uploads
    only, and the session chooses which graph it explores (:attr:`use_uploads_only`).
    Removing the last upload puts the session back on the shared store.
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
                for graph, prefixes in self.shared.declared_prefixes().items():
                    private.declare_prefixes(graph, prefixes)
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
        parsed = parse_declared(data, name, max_bytes=max_bytes, max_triples=MAX_UPLOAD_TRIPLES)
        triples = parsed.triples
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
        private.declare_prefixes(graph, parsed.prefixes)
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
