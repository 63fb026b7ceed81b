"""A persistent on-disk Oxigraph store (pyoxigraph): the fast backend for research-size graphs.

Query text goes straight to Oxigraph's own engine (never rdflib's), files go through its
bulk loader, and the default graph is the union of all graphs.
"""

from __future__ import annotations

import json
import os
import shutil
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.namespaces import UPLOAD_BASE_IRI
from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores._parallel_load import LINE_FORMATS, load_lines
from graph.stores._terms import Unpackable, from_ox, plain_ox, to_ox
from graph.stores.base import DEFAULT_GRAPH, Deadline, QueryDataset, Store
from graph.stores.collecting import collect
from graph.stores.oxigraph_engine import collected, oxigraph_snapshot
from graph.stores.workers import Source, WorkerPool
from graph.stores.workers.protocol import reply_result

if TYPE_CHECKING:
    from graph.declared import DeclaredPrefixes

__all__ = ["LOAD_JOURNAL", "OxigraphStore"]

DERIVED_DIR = "myograph-derived"
"""Folder beside the data keeping values computed from it (label index, profile, counts)."""
LOAD_JOURNAL = "myograph-loading.json"
"""File beside the data naming a graph whose bulk load has not finished."""
PREFIXES_FILE = "myograph-prefixes.json"
"""File beside the data keeping the prefixes each graph's files declared (Oxigraph keeps
none): not a derived value, since the data cannot give them again."""


def _triple(found: Any) -> Triple:
    return from_ox(found.subject), from_ox(found.predicate), from_ox(found.object)


class OxigraphStore(Store):
    """``oxigraph:PATH``: a directory created on first use; ``oxigraph:`` alone is in memory."""

    isolates = True

    def __init__(self, spec: str, path: Path | None) -> None:
        super().__init__(spec)
        self.store: Any
        self.held_by = ""
        """Who holds the directory when this opening could only read it ("" otherwise)."""
        try:
            if path is None:
                self.store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as error:
            if path is None or "lock" not in str(error).lower():
                raise StoreError(f"cannot open the Oxigraph store at {path}: {error}") from error
            # another process (``myograph serve``, the app) holds it: read beside it
            self.store = _read_only(path, error)
            self.writable = False
            self.held_by = lock_holder(path)
        self.path = path
        self.keeps_derived = self.reopens_read_only = path is not None
        if self.writable:
            self._recover()
        self._pool = WorkerPool(spec)
        weakref.finalize(self, self._pool.stop)

    def pooled(self) -> tuple[WorkerPool, int, Callable[[], Source]]:
        """Users' queries run in a worker: on disk it opens the store read-only; in memory it
        holds a copy of the quads taken at the store's current data version."""
        if self.path is not None:
            on_disk = Source("oxigraph-path", path=str(self.path))
            return self._pool, 0, lambda: on_disk
        return self._pool, self.version, self._snapshot

    def _snapshot(self) -> Source:
        """Every quad of the in-memory store, at one data version, for its query workers."""
        with self._write_lock:
            return oxigraph_snapshot(self.store, self.version)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold queries off, stop the read-only workers and drop derived values while writing."""
        with self._pool.exclusive() if self.path is not None else nullcontext():
            self._drop_derived()
            yield

    def _derived_file(self, key: str) -> Path | None:
        return self.path / DERIVED_DIR / f"{key}.pickle" if self.path is not None else None

    def _prefixes_file(self) -> Path | None:
        return self.path / PREFIXES_FILE if self.path is not None else None

    def _save_derived(self, key: str, value: object) -> None:
        if self.writable:  # a read-only opening uses the holder's values, never writes its own
            super()._save_derived(key, value)

    def _refuse_writes(self) -> None:
        if not self.writable:
            raise StoreError(
                f"the Oxigraph store at {self.path} is held by {self.held_by}, so it was "
                "opened read-only: stop that process to change the store, or send the data "
                "through it")

    def _drop_derived(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path / DERIVED_DIR, ignore_errors=True)

    def mark_changed(self) -> None:
        self._drop_derived()
        super().mark_changed()

    def execute(self, query: str, form: QueryForm, *, deadline: Deadline, max_rows: int,
                prepared: object | None = None,
                dataset: QueryDataset | None = None) -> QueryResult:
        try:
            answer: Any
            if dataset is not None:  # overrides FROM / FROM NAMED, as the Protocol says
                answer = self.store.query(
                    query, default_graph=[ox.NamedNode(g) for g in dataset.default],
                    named_graphs=[ox.NamedNode(g) for g in dataset.named])
            else:
                # FROM / FROM NAMED define the dataset themselves; otherwise query the union
                dataset_clause = getattr(prepared, "algebra", {}).get("datasetClause")
                answer = self.store.query(query, use_default_graph_as_union=not dataset_clause)
            if form == "ASK":
                return QueryResult(form="ASK", boolean=bool(answer))
            if form in ("CONSTRUCT", "DESCRIBE"):
                triples, truncated = collect(answer, _triple, deadline=deadline,
                                             max_rows=max_rows)
                return QueryResult(form=form, triples=triples, truncated=truncated)
            variables = [v.value for v in answer.variables]

            def row(solution: Any) -> dict[str, Term]:
                # a solution iterates its values in ``variables`` order (None when unbound):
                # cheaper than looking each up by name, on a hub's thousands of rows
                return {v: from_ox(value) for v, value in zip(variables, solution, strict=True)
                        if value is not None}

            rows, truncated = collect(answer, row, deadline=deadline, max_rows=max_rows)
            return QueryResult(form="SELECT", variables=variables, rows=rows, truncated=truncated)
        except SyntaxError as error:
            raise QueryError(f"Oxigraph could not parse the query: {error}") from error
        except OSError as error:
            raise QueryError(f"the query failed: {error}") from error

    def plain_rows(self, query: str, *, deadline: Deadline,
                   max_rows: int) -> list[tuple[str | None, ...]]:
        try:
            answer = self.store.query(query, use_default_graph_as_union=True)
            rows, _ = collect(answer, lambda solution: tuple(plain_ox(v) for v in solution),
                              deadline=deadline, max_rows=max_rows)
        except (SyntaxError, OSError) as error:
            raise QueryError(f"the query failed: {error}") from error
        return rows

    def lookup(self, query: str, form: QueryForm, *, max_rows: int, rows_in_process: int,
               max_bytes: int | None = None) -> QueryResult | None:
        cap = min(max_rows, rows_in_process)
        try:
            answer = collected(self.store.query(query, use_default_graph_as_union=True), form,
                               {"max_rows": cap, "max_bytes": max_bytes})
        except (SyntaxError, Unpackable):
            return None  # a worker's full check says why; a triple term (RDF 1.2) is its error
        except OSError as error:
            raise QueryError(f"the query failed: {error}") from error
        if answer[0] == "select" and answer[3] and cap < max_rows:
            return None  # more rows than a lookup reads here
        return reply_result(("ok", answer, form), 0)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def add_triples(self, triples: Iterable[Triple], graph: str) -> int:
        self._refuse_writes()
        g = _graph_name(graph)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]
        with self._carrying(graph), self._write_lock, self._writing():
            self.store.extend(quads)
            self.store.flush()
            self.mark_changed()
        return len(quads)

    def load_file_stream(self, stream: IO[bytes], fmt: Any, graph: str, *,
                         declared: DeclaredPrefixes | None = None) -> int | None:
        self._refuse_writes()
        g = _graph_name(graph)
        with self._carrying(graph), self._write_lock, self._writing():
            if next(iter(self.store.quads_for_pattern(None, None, None, g)), None) is not None:
                return None  # adding to a graph that has data: parse first, then add
            # a store's size is cheaper to count than a graph's (a fresh store's first load)
            counted_whole = next(iter(self.store), None) is None and not fmt.supports_datasets
            self._journal(graph)
            try:
                if fmt in LINE_FORMATS:
                    load_lines(self.store, stream, fmt, to_graph=g, base_iri=UPLOAD_BASE_IRI)
                elif fmt.supports_datasets:
                    # the bulk loader keeps a quad's own graph (``to_graph`` only places the
                    # file's default graph): every quad goes into the graph the load names,
                    # so the load changes that graph alone, and a crash undoes it whole
                    parser = ox.parse(stream, fmt, base_iri=UPLOAD_BASE_IRI)
                    self.store.bulk_extend(
                        ox.Quad(q.subject, q.predicate, q.object, g) for q in parser)
                    if declared is not None:
                        declared.reported(parser.prefixes)
                else:
                    self.store.bulk_load(stream, fmt, to_graph=g, base_iri=UPLOAD_BASE_IRI)
            except BaseException:
                self.store.remove_graph(g)
                raise
            finally:
                self.store.flush()
            self._journal(None)
            self.mark_changed()
            return len(self.store) if counted_whole else self._graph_size(g)

    def _journal(self, graph: str | None) -> None:
        """Record the graph a bulk load is filling, durably, or clear the record.

        The bulk loader is not transactional: if the process dies half way (``kill -9``),
        the next opening finds the record and removes the half-loaded graph (clears it, for
        the default graph), so the store holds its old content, never a mix: a bulk load
        only ever fills a graph that was empty.
        """
        if self.path is None:
            return
        journal = self.path / LOAD_JOURNAL
        if graph is None:
            journal.unlink(missing_ok=True)
            return
        with journal.open("w", encoding="utf-8") as out:
            json.dump({"loading": graph}, out)
            out.flush()
            os.fsync(out.fileno())

    def _recover(self) -> None:
        """Undo a bulk load that a crash interrupted (see :meth:`_journal`), and remove the
        sorted files its bulk loader had written and not yet handed to RocksDB (named
        ``bulk-*.sst``; RocksDB renames what it takes in, and this process holds the store)."""
        for stray in self.path.glob("bulk-*.sst") if self.path is not None else ():
            stray.unlink(missing_ok=True)
        journal = self.path / LOAD_JOURNAL if self.path is not None else None
        if journal is None or not journal.exists():
            return
        try:
            graph = json.loads(journal.read_text(encoding="utf-8"))["loading"]
        except (ValueError, KeyError, OSError) as error:
            raise StoreError(f"{journal} is unreadable ({error}); remove it after checking "
                             "the store") from error
        self.store.remove_graph(_graph_name(graph))  # the default graph: cleared
        self.store.flush()
        journal.unlink()

    def _graph_size(self, g: Any) -> int:
        # str() of a NamedNode is its validated N-Triples form, e.g. <https://…>; without
        # the union flag, a query's default graph is the store's default graph
        text = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" if isinstance(g, ox.DefaultGraph)
                else f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        answer: Any = self.store.query(text)
        for solution in answer:
            return int(solution["n"].value)
        return 0

    def remove_graph(self, graph: str) -> None:
        self._refuse_writes()
        with self._carrying(graph), self._write_lock, self._writing():
            self.store.remove_graph(_graph_name(graph))
            self.mark_changed()
        self._forget_prefixes(graph)

    def quads(self) -> Iterator[tuple[Term, Term, Term, str | None]]:
        for q in self.store:
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), name

    def close(self) -> None:
        """Flush and release the directory (RocksDB allows one opener per process)."""
        self._pool.stop()
        if self.store is not None:
            if self.writable:
                self.store.flush()
            self.store = None


def _read_only(path: Path, error: OSError) -> Any:
    try:
        return ox.Store.read_only(str(path))
    except OSError as again:
        raise StoreError(f"cannot open the Oxigraph store at {path}: {error} (and not "
                         f"read-only either: {again})") from again


def lock_holder(path: Path) -> str:
    """The process holding an Oxigraph directory's lock, in words ("process 123
    (myograph serve …)"), found among the open files in /proc; "another process" when it
    cannot be seen (another user's, or no /proc)."""
    lock = str((path / "LOCK").resolve())
    proc = Path("/proc")
    for entry in proc.iterdir() if proc.is_dir() else ():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if not any(os.readlink(fd) == lock for fd in (entry / "fd").iterdir()):
                continue
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        command = " ".join(w.decode(errors="replace") for w in words if w)[:80]
        return f"process {entry.name} ({command})"
    return "another process"


def _graph_name(graph: str) -> Any:
    """Oxigraph's name for a graph the stores' interface names (see :data:`DEFAULT_GRAPH`)."""
    return ox.DefaultGraph() if graph == DEFAULT_GRAPH else ox.NamedNode(graph)
