"""The embedded default: rdflib in memory over ``data/triples.ttl``."""

from __future__ import annotations

import pickle
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from graph.errors import QueryError, StoreError
from graph.namespaces import DATA_GRAPH, PREFIXES
from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores import _derived as derived_files
from graph.stores._worker import Source, WorkerPool
from graph.stores.base import DEFAULT_GRAPH, Deadline, QueryDataset, Store

__all__ = ["DEFAULT_DATA", "MemoryStore"]

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
"""Never let rdflib fetch a graph a query names (FROM, FROM NAMED, the Protocol's dataset):
set where rdflib's engine is used, so the query workers, which import this module and not
the runner, have it too."""

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data" / "triples.ttl"
"""The curated graph shipped with the project."""

_CHECK_EVERY = 256


def _with_construct_template(query: Query) -> Query:
    """``CONSTRUCT WHERE { … }`` with a solution modifier, made answerable by rdflib.

    rdflib reads a short-form CONSTRUCT's template from the pattern right under the
    projection, which LIMIT, OFFSET or ORDER BY move further down ("'NoneType' object is
    not iterable"); the template is the query's basic graph pattern, found where it is.
    """
    algebra = query.algebra
    if algebra.name != "ConstructQuery" or algebra.template:
        return query
    part = algebra.p
    while isinstance(part, CompValue) and part.name != "BGP":
        part = part.get("p") if "p" in part else None
    if isinstance(part, CompValue):
        algebra.template = part.triples
    return query


class MemoryStore(Store):
    """An rdflib :class:`~rdflib.Dataset` whose default graph is the union of its graphs.

    ``memory`` loads the curated graph; ``memory:PATH`` loads another Turtle file instead;
    ``memory:empty`` starts empty. Until its data changes, a store loaded from a file reads
    and keeps its derived values in the user's cache (:mod:`graph.stores._derived`).
    """

    wants_parsed_query = True
    isolates = True
    counts_cheaply = False  # one more query costs a parse and an evaluation in Python

    def __init__(self, spec: str = "memory", data: Path | None = DEFAULT_DATA) -> None:
        super().__init__(spec)
        self.dataset = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)
        self._lock = threading.RLock()
        self._kept: tuple[Path | None, int] = (None, 0)
        if data is not None:
            if not data.is_file():
                raise StoreError(f"memory store: no data file at {data}")
            from graph.loading import load_file

            load_file(self, data, graph=DATA_GRAPH)
            # derived values of the file as loaded, kept across processes until it changes
            self._kept = (derived_files.cache_dir_for(data), self.version)
        self._pool = WorkerPool(spec)
        weakref.finalize(self, self._pool.stop)

    def pooled(self) -> tuple[WorkerPool, int, Callable[[], Source]]:
        """Users' queries run in a worker holding a copy of the dataset at this data version
        (rdflib's engine can hold the GIL for as long as a regular expression backtracks)."""
        return self._pool, self.version, self._snapshot

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
        try:
            source = _with_construct_template(prepared) if isinstance(prepared, Query) else query
            if dataset is None:
                result: Result = self.dataset.query(source)
            elif not isinstance(source, Query):
                raise QueryError("a query dataset needs the runner's parsed query")
            elif not dataset.default and not dataset.named:
                result = Dataset().query(source)
            else:
                result = self.dataset.query(_with_dataset(source, dataset))
        except (ValueError, TypeError, KeyError, AttributeError, NotImplementedError) as error:
            raise QueryError(f"the query failed: {error}") from error
        if form == "ASK":
            return QueryResult(form="ASK", boolean=bool(result.askAnswer))
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples: list[Triple] = []
            truncated = False
            for n, triple in enumerate(result):
                if n % _CHECK_EVERY == 0:
                    deadline.check()
                if len(triples) >= max_rows:
                    truncated = True
                    break
                triples.append(triple)  # type: ignore[arg-type]
            return QueryResult(form=form, triples=triples, truncated=truncated)
        variables = [str(v) for v in (result.vars or [])]
        rows: list[dict[str, Term]] = []
        truncated = False
        for n, solution in enumerate(result):
            if n % _CHECK_EVERY == 0:
                deadline.check()
            if len(rows) >= max_rows:
                truncated = True
                break
            values = tuple(solution)  # type: ignore[arg-type]
            rows.append({v: t for v, t in zip(variables, values, strict=True)  # type: ignore[misc]
                         if t is not None})
        return QueryResult(form="SELECT", variables=variables, rows=rows, truncated=truncated)

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and len(g) > 0
                      and str(g.identifier) != DEFAULT_GRAPH)

    def add_triples(self, triples: Iterable[Triple], graph: str) -> int:
        # straight into the target (DEFAULT_GRAPH is rdflib's own name for the default
        # graph): staging in a Graph first and merging that cost twice the time and memory
        with self._lock:
            target = self.dataset.graph(URIRef(graph))
            before = len(target)
            target.addN((s, p, o, target) for s, p, o in triples)
            added = len(target) - before
            self.mark_changed()
        return added

    def remove_graph(self, graph: str) -> None:
        with self._lock:
            self.dataset.remove_graph(URIRef(graph))
            self.mark_changed()

    def quads(self) -> Iterator[tuple[Term, Term, Term, str | None]]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            name = str(g.identifier) if isinstance(g, Graph) else (str(g) if g else None)
            yield s, p, o, None if name == DEFAULT_GRAPH else name  # type: ignore[misc]


def _with_dataset(query: Query, dataset: QueryDataset) -> Query:
    """A copy of a parsed query whose FROM / FROM NAMED are the caller's dataset.

    rdflib then builds the query's dataset from exactly those graphs of the store, as it does
    for FROM (graph loading is off, so nothing is fetched).
    """
    clauses = [CompValue("DatasetClause", default=URIRef(g)) for g in dataset.default]
    clauses += [CompValue("DatasetClause", named=URIRef(g)) for g in dataset.named]
    algebra = query.algebra.clone()
    algebra["datasetClause"] = clauses
    return Query(query.prologue, algebra)
