"""The embedded default: rdflib in memory over ``data/triples.ttl``."""

from __future__ import annotations

import pickle
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from graph.namespaces import PREFIXES
from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores import _derived as derived_files
from graph.stores.base import DEFAULT_GRAPH, Deadline, QueryDataset, Store
from graph.stores.rdflib_engine import RdflibEngine
from graph.stores.workers import Source, WorkerPool

__all__ = ["DEFAULT_DATA", "MemoryStore"]

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data" / "triples.ttl"
"""The curated graph shipped with the project."""

class MemoryStore(Store):
    """An rdflib :class:`~rdflib.Dataset` whose default graph is the union of its graphs.

    ``memory`` loads the curated graph; ``memory:PATH`` loads another Turtle file instead;
    ``memory:empty`` starts empty. Until its data changes, a store loaded from a file reads
    and keeps its derived values in the user's cache (:mod:`graph.stores._derived`).
    """

    wants_parsed_query = True
    isolates = True
    counts_cheaply = False  # one more query costs a parse and an evaluation in Python
    updates_in_place = False  # likewise: two bulk queries rebuild the index sooner

    def __init__(self, spec: str = "memory") -> None:
        super().__init__(spec)
        self.dataset = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)
        self._engine = RdflibEngine(self.dataset)
        self._lock = threading.RLock()
        self._kept: tuple[Path | None, int] = (None, 0)
        self._pool = WorkerPool(spec)
        weakref.finalize(self, self._pool.stop)

    def keep_derived_for(self, data: Path) -> None:
        """The store now holds ``data`` as loaded: keep its derived values across processes
        (in the user's cache, under the file's content) until the store changes."""
        self._kept = (derived_files.cache_dir_for(data), self.version)

    def pooled(self) -> tuple[WorkerPool, int, Callable[[], Source]]:
        """Users' queries run in a worker holding a copy of the dataset at this data version
        (rdflib's engine can hold the GIL for as long as a regular expression backtracks)."""
        return self._pool, self.version, self._snapshot

    def known_size(self) -> int:
        """rdflib keeps the count of its dataset."""
        return len(self.dataset)

    def _snapshot(self) -> Source:
        """The dataset, pickled at one data version, for the query workers."""
        with self._lock:
            return Source("rdflib", self.version,
                          data=pickle.dumps(self.dataset, protocol=pickle.HIGHEST_PROTOCOL))

    def _derived_file(self, key: str) -> Path | None:
        folder, version = self._kept
        return folder / f"{key}.pickle" if folder is not None and version == self.version else None

    def close(self) -> None:
        """Stop the query workers."""
        self._pool.stop()

    def execute(self, query: str, form: QueryForm, *, deadline: Deadline, max_rows: int,
                prepared: object | None = None,
                dataset: QueryDataset | None = None) -> QueryResult:
        return self._engine.execute(query, form, deadline=deadline, max_rows=max_rows,
                                    prepared=prepared, dataset=dataset)

    def graph_names(self) -> list[str]:
        return self._engine.graph_names()

    def add_triples(self, triples: Iterable[Triple], graph: str) -> int:
        # straight into the target (DEFAULT_GRAPH is rdflib's own name for the default
        # graph): staging in a Graph first and merging that would hold and add every triple
        # twice
        with self._carrying(graph), self._lock:
            target = self.dataset.graph(URIRef(graph))
            before = len(target)
            target.addN((s, p, o, target) for s, p, o in triples)
            added = len(target) - before
            self.mark_changed()
        return added

    def remove_graph(self, graph: str) -> None:
        with self._carrying(graph), self._lock:
            self.dataset.remove_graph(URIRef(graph))
            self.mark_changed()
        self._forget_prefixes(graph)

    def quads(self) -> Iterator[tuple[Term, Term, Term, str | None]]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            name = str(g.identifier) if isinstance(g, Graph) else (str(g) if g else None)
            yield s, p, o, None if name == DEFAULT_GRAPH else name  # type: ignore[misc]
