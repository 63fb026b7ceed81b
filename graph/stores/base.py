"""The one interface every store backend implements."""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores import _derived as derived_files
from graph.stores.deadline import Deadline

if TYPE_CHECKING:
    from graph.declared import DeclaredPrefixes
    from graph.stores.carry import Carrier
    from graph.stores.workers import Source, WorkerPool

T = TypeVar("T")

__all__ = ["DEFAULT_GRAPH", "Deadline", "QueryDataset", "Store"]

DEFAULT_GRAPH = "urn:x-rdflib:default"
"""The name stores take, where a graph IRI goes, for the default graph (rdflib's own name
for it). Oxigraph keeps the default graph in three index orders instead of six, so a bulk
load into it is the fastest way in; it is part of every query's default graph like the rest."""


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset a caller picks for one query (SPARQL Protocol ``default-graph-uri`` /
    ``named-graph-uri``), replacing the store's own dataset and the query's FROM clauses.

    The default graph is the merge of ``default`` (empty when none is named); the named
    graphs are exactly ``named``.
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


class Store(ABC):
    """A place that holds RDF and answers SPARQL.

    Backends differ in where the triples live (memory, disk, a remote server) but give the
    same answers: terms come back as rdflib terms, literals typed ``xsd:string`` as plain
    literals, and the default graph is the union of every graph the store holds.
    """

    spec: str
    """The name or URL the store was opened with (``memory``, ``oxigraph:PATH``, ``http://…``)."""
    writable: bool = True
    needs_network: bool = False
    """True for stores that query a server; the runtime guard leaves their calls alone."""
    keeps_derived: bool = False
    """True when derived values (index, profile, counts) outlive the process (on disk)."""
    wants_parsed_query: bool = False
    """True when ``execute`` runs rdflib's parsed query (the runner parses even trusted text)."""
    isolates: bool = False
    """True when :meth:`execute_isolated` answers users' queries in a worker process, which
    then also parses and checks them (``form=None``), inside the query's time limit."""
    updates_in_place: bool = True
    """True when a write's derived values are better updated (a few selective queries, see
    :mod:`graph.stores.carry`) than computed again; False where every query is evaluated in
    Python (rdflib in memory), slower than the few bulk queries that compute them."""
    counts_cheaply: bool = True
    """True when counting links in the engine costs less than the rows it keeps back (the
    path search then counts a frontier's links before pulling them, so a hub's never leave
    the store); False where every query is evaluated in Python anyway (rdflib in memory)."""
    reopens_read_only: bool = False
    """True when another process can open the same data read-only beside this one, from
    :attr:`spec` and at little cost (an on-disk Oxigraph store): the endpoint is then served
    by several processes (:func:`graph.server.serving.default_processes`)."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.version = 0
        """Bumped on every change, so callers can key caches on it."""
        self._write_lock = threading.Lock()
        self._derived: dict[str, tuple[int, Any]] = {}
        self._derived_lock = threading.RLock()
        self._derived_locks: dict[str, threading.RLock] = {}
        self._carry_lock = threading.RLock()
        self._declared: dict[str, dict[str, str]] | None = None
        self._declared_lock = threading.RLock()
        self.prefixes_version = 0
        """Bumped whenever the prefixes the graphs declare change."""

    @abstractmethod
    def execute(
        self,
        query: str,
        form: QueryForm,
        *,
        deadline: Deadline,
        max_rows: int,
        prepared: object | None = None,
        dataset: QueryDataset | None = None,
    ) -> QueryResult:
        """Run checked query text; fetch at most ``max_rows + 1`` rows to learn ``truncated``.

        Called only by :func:`graph.sparql.run`, which has parsed and checked the query;
        ``prepared`` is rdflib's parsed form of it when the runner has one; ``dataset``, when
        given, replaces the store's dataset and the query's FROM clauses (the runner has
        checked that the store holds every graph it names).
        """

    @property
    def query_slots(self) -> int:
        """How many users' queries the store runs at once (its query workers); others wait."""
        pool = getattr(self, "_pool", None)
        size = getattr(pool, "size", None)
        return size if isinstance(size, int) else 4

    def execute_isolated(self, query: str, form: QueryForm | None, *, seconds: float,
                         max_rows: int, union: bool, dataset: QueryDataset | None = None,
                         max_bytes: int | None = None, offset: int = 0) -> QueryResult | None:
        """Run a query where it can be killed at its deadline; None if the backend cannot.

        Local backends answer users' queries here, in a worker process
        (:mod:`graph.stores.workers`), so a runaway query stops for real instead of burning a
        core or freezing the process, a query cannot grow the caller's memory, and the
        worker has no network. ``max_bytes`` caps the term text collected (``truncated``).
        With ``form`` None the worker parses and checks the text first
        (:func:`graph.sparql.check`, ``offset`` lines of prefixes ahead of the user's), so a
        slow parse is stopped at the deadline as a slow query is, and holds up no one else.
        """
        pooled = self.pooled()
        if pooled is None:
            return None
        pool, version, source = pooled
        return pool.run(query, form, seconds=seconds, max_rows=max_rows, union=union,
                        dataset=dataset, max_bytes=max_bytes, version=version, source=source,
                        offset=offset)

    async def execute_isolated_async(self, query: str, form: QueryForm | None, *,
                                     seconds: float, max_rows: int, union: bool,
                                     dataset: QueryDataset | None = None,
                                     max_bytes: int | None = None,
                                     offset: int = 0) -> QueryResult | None:
        """:meth:`execute_isolated` from an event loop: the caller waits for its worker on
        the loop (:meth:`WorkerPool.run_async`); None if the backend has no workers."""
        pooled = self.pooled()
        if pooled is None:
            return None
        pool, version, source = pooled
        return await pool.run_async(query, form, seconds=seconds, max_rows=max_rows,
                                    union=union, dataset=dataset, max_bytes=max_bytes,
                                    version=version, source=source, offset=offset)

    def lookup(self, query: str, form: QueryForm, *, max_rows: int, rows_in_process: int,
               max_bytes: int | None = None) -> QueryResult | None:
        """Answer a lookup in this process, without a query worker; None when the backend
        does not, or when the answer has more than ``rows_in_process`` rows (the caller then
        runs the query in a worker as any other).

        Only for a text :func:`graph.sparql.lookup.lookup_form` found to be a lookup (one
        triple pattern, every variable different): its answer costs one index seek and a
        step per row, so it needs no deadline to stop it.
        """
        return None

    def pooled(self) -> tuple[WorkerPool, int, Callable[[], Source]] | None:
        """The query workers of a backend that isolates users' queries: the pool, the data
        version its workers must hold, and what makes their data; None for the others."""
        return None

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs the store holds, sorted."""

    def plain_rows(self, query: str, *, deadline: Deadline,
                   max_rows: int) -> list[tuple[str | None, ...]] | None:
        """A trusted SELECT's rows as plain text (see ``_terms.plain_ox``), for reading every
        name of a big graph without making an rdflib term of each; None where the backend
        has no cheaper way than :meth:`execute`."""
        return None

    def names_in_place(self) -> str | None:
        """None when every name of the graph is read once into the local name index (every
        local store, a small remote graph); otherwise the graph is too large for that and
        this names the kind of server to look names up on ("virtuoso", "sparql" for any
        other), so :mod:`graph.remote_search` asks it with its own text search if it has
        one."""
        return None

    def known_size(self) -> int | None:
        """The number of triples when the store knows it without a query, else None."""
        return None

    @abstractmethod
    def add_triples(self, triples: Iterable[Triple], graph: str) -> int:
        """Add already-parsed triples to a named graph (or :data:`DEFAULT_GRAPH`) in one step;
        return how many."""

    def load_file_stream(self, stream: IO[bytes], fmt: Any, graph: str, *,
                         declared: DeclaredPrefixes | None = None) -> int | None:
        """Bulk-load a byte stream natively when the backend has a faster way; None if not.

        A backend that loads natively must leave the store as it was when the stream fails
        to parse (it raises ``SyntaxError``), and return the number of triples added; one
        that parses the stream in Python tells ``declared`` what its parser reported.
        """
        return None

    @abstractmethod
    def remove_graph(self, graph: str) -> None:
        """Drop one named graph and everything in it."""

    @abstractmethod
    def quads(self) -> Iterator[tuple[Term, Term, Term, str | None]]:
        """Every quad, for export (graph None for the default graph)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release files and connections."""

    def declared_prefixes(self) -> dict[str, dict[str, str]]:
        """The prefixes each graph's files declared (``@prefix``, ``xmlns:``, a JSON-LD
        context), by graph IRI (:data:`DEFAULT_GRAPH` for the default graph), as the loads
        recorded them (:meth:`declare_prefixes`): the store keeps no prefixes itself
        (Oxigraph drops them), so they are kept beside it (an Oxigraph store's directory; a
        memory store's process). {} where none are known (a remote endpoint)."""
        with self._declared_lock:
            if self._declared is None:
                self._declared = self._read_prefixes()
            return {graph: dict(names) for graph, names in self._declared.items()}

    def declare_prefixes(self, graph: str, prefixes: Mapping[str, str]) -> None:
        """Record what a file loaded into ``graph`` declared, after its load: a later file's
        declaration of a name replaces an earlier one's."""
        with self._declared_lock:
            declared = self.declared_prefixes()
            merged = {**declared.get(graph, {}), **prefixes}
            if merged != declared.get(graph, {}):
                declared[graph] = merged
                self._keep_prefixes(declared)

    def _forget_prefixes(self, graph: str) -> None:
        """A removed graph's declarations go with it."""
        with self._declared_lock:
            declared = self.declared_prefixes()
            if declared.pop(graph, None) is not None:
                self._keep_prefixes(declared)

    def _prefixes_file(self) -> Path | None:
        """Where later processes find the declared prefixes; None keeps them in this one."""
        return None

    def _read_prefixes(self) -> dict[str, dict[str, str]]:
        file = self._prefixes_file()
        try:
            kept = json.loads(file.read_text(encoding="utf-8")) if file is not None else {}
        except (OSError, ValueError):
            return {}  # none kept yet, or unreadable: names fall back to the known prefixes
        if not isinstance(kept, dict):
            return {}
        return {graph: {str(p): str(ns) for p, ns in names.items()}
                for graph, names in kept.items() if isinstance(names, dict)}

    def _keep_prefixes(self, declared: dict[str, dict[str, str]]) -> None:
        self._declared = declared
        self.prefixes_version += 1
        file = self._prefixes_file()
        if file is None:
            return
        partial = file.with_name(file.name + ".partial")
        try:  # atomically: another process never reads half a file
            partial.write_text(json.dumps(declared, indent=1, sort_keys=True), encoding="utf-8")
            partial.replace(file)
        except OSError:
            partial.unlink(missing_ok=True)  # a full or read-only disk: kept in this process

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed from the data (label index, profile, counts), kept until it changes.

        Computed once per data version and shared by every caller; backends that name a file
        for it (an Oxigraph store beside its data, a memory store loaded from a file in the
        user's cache) keep it there, so a new process does not recompute it. Each key has a
        lock of its own, so two values (the index and the counts) can be computed at once.
        """
        with self._derived_lock:
            kept = self._derived.get(key)
            if kept is not None and kept[0] == self.version:
                return kept[1]  # type: ignore[no-any-return]
            lock = self._derived_locks.setdefault(key, threading.RLock())
        with lock:
            kept = self._derived.get(key)
            if kept is not None and kept[0] == self.version:
                return kept[1]  # type: ignore[no-any-return]  # computed while we waited
            version = self.version
            loaded = self._load_derived(key)
            value: T = compute() if loaded is None else cast(T, loaded)
            if loaded is None:
                self._save_derived(key, value)
            self._derived[key] = (version, value)
            return value

    @contextmanager
    def _carrying(self, graph: str) -> Iterator[None]:
        """Around a write to one graph (its ``mark_changed`` inside): derived values with a
        carrier (:mod:`graph.stores.carry`) follow the write instead of being computed again.

        Writes that carry hold a lock of their own, so what one noted is not overtaken by
        another; a value is carried only from the data version just before the write to the
        one just after it (a write that changed nothing, or a change made meanwhile, leaves
        the values to be computed again), and is kept where the backend keeps derived values
        only once the write is done (a crash in between leaves none, so the next opening
        computes them from the store).
        """
        with self._carry_lock:
            before = self.version
            notes = self._notes(graph) if self.updates_in_place else {}
            yield
            for key, (carrier, value, noted) in notes.items():
                if self.version != before + 1:
                    return
                updated = carrier.update(self, value, graph, noted)
                if updated is None:
                    continue
                with self._derived_lock:
                    kept = self._derived.get(key)
                    if self.version != before + 1 or (kept is not None
                                                      and kept[0] == self.version):
                        continue  # changed again, or computed afresh meanwhile
                    self._derived[key] = (self.version, updated)
                self._save_derived(key, updated)

    def _notes(self, graph: str) -> dict[str, tuple[Carrier, object, object]]:
        """What each carrier notes before a write to ``graph``, with the value it carries
        (held in this process, or kept by an earlier one)."""
        from graph.stores.carry import carriers

        notes: dict[str, tuple[Carrier, object, object]] = {}
        for key, carrier in carriers().items():
            with self._derived_lock:
                kept = self._derived.get(key)
            value = (kept[1] if kept is not None and kept[0] == self.version
                     else self._load_derived(key))
            noted = None if value is None else carrier.note(self, value, graph)
            if noted is not None:
                notes[key] = (carrier, value, noted)
        return notes

    def _derived_file(self, key: str) -> Path | None:
        """Where later processes find a derived value; None keeps it in this one only."""
        return None

    def _load_derived(self, key: str) -> object | None:
        """A derived value kept by an earlier process (None: compute it)."""
        file = self._derived_file(key)
        return None if file is None else derived_files.read(file)

    def _save_derived(self, key: str, value: object) -> None:
        """Keep a derived value for later processes, where the backend says."""
        file = self._derived_file(key)
        if file is not None:
            derived_files.write(file, value)

    def mark_changed(self) -> None:
        """Mark the data as changed: derived values are recomputed on next use."""
        self.version += 1

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec}>"
