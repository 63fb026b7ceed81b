"""rdflib's SPARQL engine over a Dataset: what the memory store and its query workers run.

Kept apart from :mod:`graph.stores.memory` so a worker answers with the engine alone (no
store, no worker pool): the store holds an engine, and so does each of its workers
(:func:`open_source` makes a worker's, :func:`answer_request` answers its requests).
"""

from __future__ import annotations

import pickle
from typing import Any

import rdflib.plugins.sparql
from rdflib import Dataset, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from graph.errors import QueryError
from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores._terms import Packed, pack_rdflib
from graph.stores.base import DEFAULT_GRAPH, Deadline, QueryDataset
from graph.stores.collecting import collect
from graph.stores.workers.protocol import Answerer, Request, Source, capped, checked

__all__ = ["RdflibEngine", "answer_request", "open_source"]

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
"""Never let rdflib fetch a graph a query names (FROM, FROM NAMED, the Protocol's dataset):
set where rdflib's engine is used, so the store and its workers both have it."""


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


def _as_triple(found: Any) -> Triple:
    subject, predicate, obj = found
    return subject, predicate, obj


class RdflibEngine:
    """Answers checked queries on one :class:`~rdflib.Dataset` (its default graph the union)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def execute(self, query: str, form: QueryForm, *, deadline: Deadline, max_rows: int,
                prepared: object | None = None,
                dataset: QueryDataset | None = None) -> QueryResult:
        """Run a checked query; fetch at most ``max_rows + 1`` rows to learn ``truncated``."""
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
            triples, truncated = collect(result, _as_triple, deadline=deadline,
                                         max_rows=max_rows)
            return QueryResult(form=form, triples=triples, truncated=truncated)
        variables = [str(v) for v in (result.vars or [])]

        def row(solution: Any) -> dict[str, Term]:
            return {v: t for v, t in zip(variables, tuple(solution), strict=True)
                    if t is not None}

        rows, truncated = collect(result, row, deadline=deadline, max_rows=max_rows)
        return QueryResult(form="SELECT", variables=variables, rows=rows, truncated=truncated)

    def graph_names(self) -> list[str]:
        """IRIs of the non-empty named graphs, sorted."""
        return sorted(str(g.identifier) for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and len(g) > 0
                      and str(g.identifier) != DEFAULT_GRAPH)


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


# --- in a query worker -------------------------------------------------------------------


def open_source(source: Source) -> Answerer:
    """A worker's engine over an rdflib snapshot (a pickled Dataset)."""
    engine = RdflibEngine(pickle.loads(source.data))  # noqa: S301 - made by our parent
    return lambda request: answer_request(engine, request)


def answer_request(engine: RdflibEngine, request: Request) -> tuple[Any, ...]:
    """Run a request on a worker's copy of a memory store, as the store itself would; its
    form and the answer as plain tuples."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if request["form"] is None:
        request, query = checked(request, engine.graph_names)
        prepared = query.prepared
    else:  # parsed again here (the caller checked it): only text crosses the pipe
        prepared = translateQuery(parseQuery(request["query"]))
    return request["form"], _answer_prepared(engine, request, prepared)


def _answer_prepared(engine: RdflibEngine, request: Request, prepared: Any) -> tuple[Any, ...]:
    dataset = None if request["default"] is None else QueryDataset(
        tuple(request["default"]), tuple(request["named"]))
    result = engine.execute(request["query"], request["form"],
                            deadline=Deadline(request["seconds"]),
                            max_rows=request["max_rows"], prepared=prepared, dataset=dataset)
    if result.form == "ASK":
        return ("ask", bool(result.boolean))
    request = {**request, "max_rows": len(result)}  # the engine applied the row cap
    if result.is_graph:
        triples, truncated = capped(result.triples, _packed_triple, request)
        return ("graph", triples, truncated or result.truncated)
    variables = result.variables

    def packed_row(row: dict[str, Any]) -> tuple[Packed | None, ...]:
        return tuple(pack_rdflib(row[v]) if v in row else None for v in variables)

    rows, truncated = capped(result.rows, packed_row, request)
    return ("select", variables, rows, truncated or result.truncated)


def _packed_triple(found: Triple) -> tuple[Packed, ...]:
    return pack_rdflib(found[0]), pack_rdflib(found[1]), pack_rdflib(found[2])
