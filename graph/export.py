"""Routes, neighbourhoods and subgraphs written out for other tools: CSV rows, RDF graphs.

``myograph path`` / ``neighbours [--expand OTHER] --format csv|turtle|ntriples|jsonld`` and
the app's downloads use these, so a researcher takes a route, a neighbourhood or the merged
neighbourhoods Explore draws (:class:`graph.subgraph.Subgraph`) into a spreadsheet,
pandas or another triple store. The RDF keeps each link as a triple, each node's label, and
each claim behind a link in the graph's own vocabulary (``mg:Claim`` with ``rdf:subject``,
``rdf:predicate``, ``rdf:object``, the source's words and grade), so nothing a view showed
is lost on the way out. Writing is the standard library's ``csv`` and rdflib's serializers;
a whole store streams out as N-Quads (:func:`write_nquads`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.errors import UnsupportedFormat
from graph.evidence import Evidence
from graph.namespaces import MG, PREFIXES, SCHEMA, derived_prefixes
from graph.neighbours import Neighbourhood
from graph.paths import PathsResult
from graph.results import GRAPH_FORMATS, full_iri, nt_term
from graph.stores.base import Store

if TYPE_CHECKING:  # the picture's model (pyvis, networkx) is loaded only to write a subgraph
    from graph.subgraph import Subgraph

__all__ = ["EXPORT_FORMATS", "export", "neighbourhood_graph", "neighbourhood_rows",
           "route_rows", "routes_graph", "subgraph_graph", "subgraph_rows", "write_nquads"]

EXPORT_FORMATS = ("csv", "turtle", "ntriples", "jsonld", "rdfxml")
"""What a route, a neighbourhood or a subgraph can be written as (besides the CLI's table
and JSON)."""

ROUTE_COLUMNS = ("route", "step", "subject", "subject_label", "predicate", "predicate_label",
                 "object", "object_label", "direction", "sign", "step_kind", "route_sign",
                 "route_pattern", "sources", "from_literature")
NEIGHBOUR_COLUMNS = ("entity", "entity_label", "direction", "relation", "relation_label",
                     "neighbour", "neighbour_label", "neighbour_type", "neighbour_type_label")
SUBGRAPH_COLUMNS = ("source", "source_label", "source_type", "source_type_label", "relation",
                    "relation_label", "sign", "target", "target_label", "target_type",
                    "target_type_label")


def route_rows(result: PathsResult) -> list[dict[str, str]]:
    """One row per step of every route, best route first (the CSV's rows)."""
    rows = []
    for n, route in enumerate(result.paths, 1):
        labels = {node.iri: node.label for node in route.nodes}
        for step, edge in enumerate(route.edges, 1):
            rows.append({
                "route": str(n), "step": str(step),
                "subject": edge.subject, "subject_label": labels.get(edge.subject, ""),
                "predicate": edge.predicate, "predicate_label": edge.predicate_label,
                "object": edge.object, "object_label": labels.get(edge.object, ""),
                "direction": edge.direction, "sign": edge.sign, "step_kind": edge.step,
                "route_sign": route.sign, "route_pattern": route.pattern,
                "sources": " | ".join(dict.fromkeys(e.source for e in edge.evidence)),
                "from_literature": str(any(e.from_literature for e in edge.evidence)).lower(),
            })
    return rows


def neighbourhood_rows(hood: Neighbourhood) -> list[dict[str, str]]:
    """One row per link shown (the CSV's rows)."""
    return [{"entity": hood.iri, "entity_label": hood.label, "direction": group.direction,
             "relation": group.relation, "relation_label": group.relation_label,
             "neighbour": n.iri, "neighbour_label": n.label, "neighbour_type": full_iri(n.type),
             "neighbour_type_label": n.type_label}
            for group in hood.groups for n in group.neighbours]


def routes_graph(result: PathsResult, own: Mapping[str, str] | None = None) -> Graph:
    """Every route's links as triples, the nodes' labels, and the claims behind each link."""
    g = _graph()
    seen: set[tuple[URIRef, URIRef, URIRef]] = set()
    for route in result.paths:
        for node in route.nodes:
            g.add((URIRef(node.iri), RDFS.label, Literal(node.label)))
        for edge in route.edges:
            link = (URIRef(edge.subject), URIRef(edge.predicate), URIRef(edge.object))
            if link in seen:  # a link on two routes: its claims once
                continue
            seen.add(link)
            g.add(link)
            g.add((link[1], RDFS.label, Literal(edge.predicate_label)))
            for evidence in edge.evidence:
                _add_claim(g, link, evidence)
    return _bound(g, own or {})


def neighbourhood_graph(hood: Neighbourhood, own: Mapping[str, str] | None = None) -> Graph:
    """The links shown, as triples, with every node's label and class."""
    g = _graph()
    centre = URIRef(hood.iri)
    g.add((centre, RDFS.label, Literal(hood.label)))
    for group in hood.groups:
        relation = URIRef(group.relation)
        g.add((relation, RDFS.label, Literal(group.relation_label)))
        for n in group.neighbours:
            other = URIRef(n.iri)
            g.add((centre, relation, other) if group.direction == "out"
                  else (other, relation, centre))
            g.add((other, RDFS.label, Literal(n.label)))
            if n.type:
                g.add((other, RDF.type, URIRef(full_iri(n.type))))
    return _bound(g, own or {})


def subgraph_rows(sub: Subgraph) -> list[dict[str, str]]:
    """One row per link, each once (the CSV's rows), with both ends' labels and classes."""
    nodes = {n.iri: n for n in sub.nodes}
    rows = []
    for e in sub.links():
        row = {"relation": e.relation, "relation_label": e.relation_label, "sign": e.sign}
        for end, iri in (("source", e.source), ("target", e.target)):
            node = nodes.get(iri)
            row |= {end: iri, f"{end}_label": node.label if node else "",
                    f"{end}_type": full_iri(node.type) if node and node.type else "",
                    f"{end}_type_label": node.type_label if node else ""}
        rows.append(row)
    return rows


def subgraph_graph(sub: Subgraph, own: Mapping[str, str] | None = None) -> Graph:
    """The links as triples, with every node's label and class and every relation's label."""
    g = _graph()
    for n in sub.nodes:
        g.add((URIRef(n.iri), RDFS.label, Literal(n.label)))
        if n.type:
            g.add((URIRef(n.iri), RDF.type, URIRef(full_iri(n.type))))
    for e in sub.links():
        g.add((URIRef(e.source), URIRef(e.relation), URIRef(e.target)))
        g.add((URIRef(e.relation), RDFS.label, Literal(e.relation_label)))
    return _bound(g, own or {})


def export(what: PathsResult | Neighbourhood | Subgraph, fmt: str,
           prefixes: Mapping[str, str] | None = None) -> str:
    """A route answer, a neighbourhood or a subgraph in one of :data:`EXPORT_FORMATS`; RDF
    names IRIs by the project's prefixes, then ``prefixes`` (the graph's own,
    :func:`graph.prefixes.graph_prefixes`), then names for the other namespaces.

    Raises
    ------
    UnsupportedFormat
        For any other format name.
    """
    if fmt == "csv":
        if isinstance(what, PathsResult):
            return _csv(ROUTE_COLUMNS, route_rows(what))
        if isinstance(what, Neighbourhood):
            return _csv(NEIGHBOUR_COLUMNS, neighbourhood_rows(what))
        return _csv(SUBGRAPH_COLUMNS, subgraph_rows(what))
    if fmt not in GRAPH_FORMATS:
        raise UnsupportedFormat(f"cannot write {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if isinstance(what, PathsResult):
        g = routes_graph(what, prefixes)
    elif isinstance(what, Neighbourhood):
        g = neighbourhood_graph(what, prefixes)
    else:
        g = subgraph_graph(what, prefixes)
    return g.serialize(format=GRAPH_FORMATS[fmt])


class Writable(Protocol):
    """Anything bytes can be written to (a file, a ``BytesIO``, a ``GzipFile``)."""

    def write(self, data: bytes, /) -> object:
        """Write ``data``."""


def write_nquads(store: Store, out: Writable, *,
                 progress: Callable[[int], None] | None = None, every: int = 50_000) -> int:
    """Every quad of the store as N-Quads (UTF-8), written as it is read: memory stays flat
    however big the graph (rdflib's serializer holds the whole graph first). ``progress``
    hears the count every ``every`` quads. Returns the number written."""
    written = 0
    for s, p, o, g in store.quads():
        line = f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
        out.write(f"{line} <{g}> .\n".encode() if g else f"{line} .\n".encode())
        written += 1
        if progress is not None and written % every == 0:
            progress(written)
    if progress is not None:
        progress(written)
    return written


def _csv(columns: Iterable[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _bound(g: Graph, own: Mapping[str, str]) -> Graph:
    """The graph with the prefixes its graph declared (``own``) and names for its other
    namespaces (never ``ns1:``)."""
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    known = {**PREFIXES, **own}
    for prefix, ns in {**own, **derived_prefixes(sorted(iris), known=known)}.items():
        g.bind(prefix, ns)
    return g


def _add_claim(g: Graph, link: tuple[URIRef, URIRef, URIRef], evidence: Evidence) -> None:
    """A claim in the curated graph's own vocabulary (a blank node: the export names no
    claim IRIs of its own)."""
    claim, source = BNode(), BNode()
    g.add((claim, RDF.type, MG.Claim))
    for prop, term in zip((RDF.subject, RDF.predicate, RDF.object), link, strict=True):
        g.add((claim, prop, term))
    g.add((claim, MG.source, source))
    g.add((source, DCTERMS.title, Literal(evidence.source)))
    if evidence.url:
        g.add((source, SCHEMA.url, URIRef(evidence.url)))
    if evidence.citation:
        g.add((source, DCTERMS.bibliographicCitation, Literal(evidence.citation)))
    texts = {MG.quote: evidence.quote, MG.summary: evidence.summary, MG.hedge: evidence.hedge,
             MG.section: evidence.section, MG.knowledgeLevel: evidence.knowledge_level,
             MG.agentType: evidence.agent_type, MG.stance: evidence.stance}
    for prop, text in texts.items():
        if text:
            g.add((claim, prop, Literal(text)))
    if evidence.quote_url:
        g.add((claim, MG.quoteUrl, URIRef(evidence.quote_url)))
