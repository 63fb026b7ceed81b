"""What the SPARQL view shows of an answer, worked out without widgets: one page of it,
its cells as text, its network, its chart's columns and its downloads.

Kept apart from :mod:`myograph_app.sparql_view` so the view only wires widgets and these
rules can be read (and tested) on a :class:`~graph.results.QueryResult` alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph import render
from graph.errors import MyographError
from graph.namespaces import PREFIXES
from graph.results import MEDIA_TYPES, QueryResult, short
from graph.search import names_of
from graph.stores import Store
from graph.subgraph import graph_node
from myograph_app.network import relation_signs

__all__ = ["Download", "cells", "chart_columns", "downloads", "network_of", "page_of",
           "pager_note", "spo_columns", "table"]

_DOWNLOAD_LABELS = {"csv": "CSV", "csv-spreadsheet": "CSV for spreadsheets", "tsv": "TSV",
                    "tsv-spreadsheet": "TSV for spreadsheets",
                    "json": "JSON", "xml": "XML", "turtle": "Turtle", "ntriples": "N-Triples",
                    "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
_DOWNLOADS_TABLE = ("csv", "csv-spreadsheet", "tsv", "tsv-spreadsheet", "json", "xml")
_DOWNLOADS_GRAPH = ("turtle", "ntriples", "jsonld", "rdfxml")
_EXTENSIONS = {"csv": ".csv", "csv-spreadsheet": ".spreadsheet.csv", "tsv": ".tsv",
               "tsv-spreadsheet": ".spreadsheet.tsv",
               "json": ".srj", "xml": ".srx", "turtle": ".ttl", "ntriples": ".nt",
               "jsonld": ".jsonld", "rdfxml": ".rdf"}
_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short",
            "nonNegativeInteger", "positiveInteger"}


def _is_number(term: Any) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and (
        str(term.datatype).rpartition("#")[2] in _NUMERIC)


def chart_columns(result: QueryResult) -> tuple[str, str] | None:
    """(label column, numeric column) when a SELECT answer is counts, else None."""
    if result.form != "SELECT" or not result.rows:
        return None
    numeric = [v for v in result.variables
               if all(_is_number(r.get(v)) for r in result.rows if v in r)
               and any(v in r for r in result.rows)]
    labels = [v for v in result.variables if v not in numeric]
    if not numeric or not labels:
        return None
    return labels[0], numeric[0]


def spo_columns(result: QueryResult) -> tuple[str, str, str] | None:
    """The subject/predicate/object columns of a SELECT answer, if it has them."""
    for names in (("s", "p", "o"), ("subject", "predicate", "object")):
        if all(n in result.variables for n in names):
            return names
    return None


def cells(result: QueryResult) -> list[dict[str, Any]]:
    """The answer's terms by column name (a CONSTRUCT's as subject, predicate, object)."""
    if result.is_graph:
        return [{"subject": s, "predicate": p, "object": o} for s, p, o in result.triples]
    return [{v: r.get(v) for v in result.variables} for r in result.rows]


def table(rows: list[dict[str, Any]], labels: Mapping[str, str] | None,
          prefixes: Iterable[tuple[str, str]] = PREFIXES.items()) -> list[dict[str, str]]:
    """Cells as text, IRIs as CURIEs of ``prefixes`` (the project's, and the graph's own
    that :attr:`QueryResult.prefixes` gives); with ``labels``, an IRI the graph names reads
    "label (CURIE)"."""
    names = list(prefixes)

    def text(term: Any) -> str:
        if labels is not None and isinstance(term, URIRef) and str(term) in labels:
            return f"{labels[str(term)]} ({short(term, names)})"
        return short(term, names)
    return [{k: text(v) for k, v in row.items()} for row in rows]


def network_of(store: Store, result: QueryResult) -> render.Rendered | None:
    """The answer drawn as a network: a CONSTRUCT's triples, or a SELECT's s/p/o columns
    (None when it has neither or no link between two resources)."""
    if result.is_graph:
        triples = list(result.triples)
    else:
        cols = spo_columns(result)
        if cols is None:
            return None
        triples = [(r[cols[0]], r[cols[1]], r[cols[2]]) for r in result.rows
                   if all(c in r for c in cols)]
    labels = {str(s): str(o) for s, p, o in triples
              if p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal)}
    names = names_of(store, {str(t) for triple in triples for t in triple
                             if isinstance(t, URIRef)})
    signs = relation_signs(store)
    nodes: dict[str, render.GraphNode] = {}
    edges: list[render.GraphEdge] = []
    for s, p, o in triples:
        if not isinstance(o, URIRef | BNode) or not isinstance(s, URIRef | BNode):
            continue
        for term in (s, o):
            iri = str(term)
            if iri not in nodes:
                base = graph_node(store, iri)
                label = labels.get(iri) or base.label
                nodes[iri] = render.GraphNode(iri, label, base.type, base.type_label)
        edges.append(render.GraphEdge(str(s), str(o), str(p),
                                      names.labels.get(str(p), short(URIRef(str(p)))),
                                      signs.get(str(p), "")))
    if not edges:
        return None
    return render.build(list(nodes.values()), edges, max_nodes=120, height=480)


def page_of(result: QueryResult, page: int, per_page: int) -> QueryResult:
    """The rows (or triples) of one page of an answer."""
    first = page * per_page
    if result.is_graph:
        return replace(result, triples=result.triples[first:first + per_page])
    return replace(result, rows=result.rows[first:first + per_page])


def pager_note(result: QueryResult, page: int, per_page: int) -> str:
    """Which rows a page shows ("rows 6–10 — more follow · 12 ms"), or, for an answer of
    one page, how many there are."""
    shown = page_of(result, page, per_page)
    unit = "triple" if result.is_graph else "row"
    first = page * per_page + 1
    last = page * per_page + len(shown)
    note = (f"{unit}s {first:,}–{last:,}" if len(shown) else f"no {unit}s on this page")
    note += " — more follow" if result.truncated else ""
    note += f" · {result.elapsed_ms:.0f} ms"
    if page == 0 and not result.truncated:
        plural = "s" if len(shown) != 1 else ""
        note = f"{len(shown):,} {unit}{plural} in {result.elapsed_ms:.0f} ms"
    return note


@dataclass(frozen=True)
class Download:
    """One download button: the answer in one format, or why it cannot be had in it."""

    fmt: str
    label: str
    body: str
    file_name: str
    mime: str
    error: str | None = None


def downloads(result: QueryResult) -> list[Download]:
    """The answer in each format that suits it (RDF for a graph, tables for a SELECT)."""
    found: list[Download] = []
    for fmt in _DOWNLOADS_GRAPH if result.is_graph else _DOWNLOADS_TABLE:
        try:
            body, error = result.serialize(fmt), None
        except MyographError as problem:
            body, error = "", str(problem)
        found.append(Download(fmt, _DOWNLOAD_LABELS[fmt], body,
                              f"myograph-result{_EXTENSIONS[fmt]}", MEDIA_TYPES[fmt], error))
    return found
