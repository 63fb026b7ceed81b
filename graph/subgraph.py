"""The neighbourhoods of several entities merged into one subgraph, and that subgraph filtered.

The app's Explore view draws it (the selected entity and the nodes the student expanded)
and ``myograph neighbours ENTITY --expand OTHER`` writes the same subgraph out
(:mod:`graph.export`). Each centre's links come from :func:`graph.neighbours.neighbours`;
nodes carry the label and class the graph gives them, edges the sign their relation
declares (``mg:effectSign``).

>>> from graph.stores import open_store
>>> store = open_store("memory:tests/fixtures/tiny.ttl")
>>> sub = merge_neighbourhoods(store, ["https://w3id.org/myograph/entity/hypokalemia"])
>>> sorted(n.label for n in sub.nodes)
['electrolyte imbalance', 'hypokalemia', 'muscle spasm', 'muscle weakness']
>>> sorted(e.relation_label + e.sign for e in sub.edges)
['associated with?', 'causes+', 'causes+']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.errors import MyographError
from graph.namespaces import entity_name
from graph.neighbours import Direction, Neighbourhood, neighbours
from graph.paths import causal_relations
from graph.prefixes import naming_for
from graph.render.model import GraphEdge, GraphNode
from graph.results import full_iri
from graph.search import names_of, types_of
from graph.stores.base import Store

__all__ = ["Subgraph", "graph_node", "graph_nodes", "merge_neighbourhoods", "relation_signs"]


@dataclass(frozen=True)
class Subgraph:
    """Nodes and links around one or more centres, as drawn.

    ``edges`` holds each centre's links as its neighbourhood lists them, so a link between
    two centres is there twice (once from each end; :meth:`links` gives each once).
    ``hidden`` counts the links the per-relation limit left out, ``sparql`` the query that
    lists each centre's links in full.
    """

    centres: tuple[str, ...]
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    sparql: tuple[str, ...] = ()
    hidden: int = 0

    def class_names(self) -> dict[str, str]:
        """The classes of the nodes (IRI, or "" for none) with the name a person reads."""
        return {n.type: n.type_label or n.type or "no class" for n in self.nodes}

    def relation_names(self) -> dict[str, str]:
        """The relations of the edges with their labels."""
        return {e.relation: e.relation_label for e in self.edges}

    def filtered(self, classes: Collection[str] = (), relations: Collection[str] = ()
                 ) -> Subgraph:
        """Only nodes of ``classes`` and links of ``relations`` (empty: all); the centres
        stay. Choosing relations also drops the nodes that no kept link touches.

        >>> a, b, c = (GraphNode(f"urn:{x}", x, "urn:T" if x != "c" else "urn:U")
        ...            for x in "abc")
        >>> sub = Subgraph(("urn:a",), (a, b, c), (GraphEdge("urn:a", "urn:b", "urn:p", "p"),
        ...                                        GraphEdge("urn:a", "urn:c", "urn:q", "q")))
        >>> [n.label for n in sub.filtered(classes={"urn:U"}).nodes]
        ['a', 'c']
        >>> [n.label for n in sub.filtered(relations={"urn:p"}).nodes]
        ['a', 'b']
        """
        centres = set(self.centres)
        keep = {n.iri for n in self.nodes if not classes or n.type in classes or n.iri in centres}
        edges = tuple(e for e in self.edges if e.source in keep and e.target in keep
                      and (not relations or e.relation in relations))
        if relations:
            touched = {x for e in edges for x in (e.source, e.target)}
            keep = {k for k in keep if k in touched or k in centres}
        return Subgraph(self.centres, tuple(n for n in self.nodes if n.iri in keep), edges,
                        self.sparql, self.hidden)

    def links(self) -> list[GraphEdge]:
        """Each (source, relation, target) once, in the order first found."""
        unique: dict[tuple[str, str, str], GraphEdge] = {}
        for e in self.edges:
            unique.setdefault((e.source, e.relation, e.target), e)
        return list(unique.values())

    def to_json(self) -> dict[str, object]:
        """A plain dict: centres, nodes (class as a full IRI), each link once, ``hidden`` and
        the SPARQL of each centre's links."""
        return {
            "centres": list(self.centres),
            "nodes": [{"iri": n.iri, "label": n.label, "type": full_iri(n.type) if n.type
                       else "", "type_label": n.type_label} for n in self.nodes],
            "links": [{"source": e.source, "relation": e.relation,
                       "relation_label": e.relation_label, "target": e.target, "sign": e.sign}
                      for e in self.links()],
            "hidden": self.hidden,
            "sparql": list(self.sparql),
        }


def relation_signs(store: Store) -> dict[str, str]:
    """Effect sign ("+", "-", "?") of each relation that declares one (``mg:effectSign``)."""
    return {r.iri: r.sign for r in causal_relations(store)}


def graph_nodes(store: Store, iris: Iterable[str]) -> dict[str, GraphNode]:
    """Nodes with the label and class the graph names them by (the name index, or on a
    large remote graph one lookup of just these IRIs, kept), in the order given; an
    unlabelled node by :func:`~graph.namespaces.entity_name`, the classes of unlabelled
    nodes looked up together (one query, not one per node)."""
    wanted = list(dict.fromkeys(iris))
    names = names_of(store, wanted)
    naming = naming_for(store)
    types = types_of(store, names, wanted)
    nodes = {}
    for iri in wanted:
        t = types.get(iri, "")
        nodes[iri] = GraphNode(iri, names.labels.get(iri) or entity_name(iri, naming), t,
                               names.class_label(t))
    return nodes


def graph_node(store: Store, iri: str) -> GraphNode:
    """One node with its label and class (see :func:`graph_nodes`)."""
    return graph_nodes(store, [iri])[iri]


def merge_neighbourhoods(
    store: Store,
    centres: Sequence[str],
    *,
    limit: int = 25,
    direction: Direction = "both",
    relations: Sequence[str] = (),
    reuse: Neighbourhood | None = None,
    signs: Mapping[str, str] | None = None,
    on_error: Callable[[MyographError], None] | None = None,
) -> Subgraph:
    """The links of every centre (at most ``limit`` per relation each) as one subgraph.

    Parameters
    ----------
    centres
        Entity IRIs, each a node; the first (the focus) even when its links cannot be read.
    limit, direction, relations
        As :func:`graph.neighbours.neighbours` takes them, for each centre.
    reuse
        A neighbourhood already at hand (both directions, every relation, such as an
        entity card's links): it serves its own centre when it shows enough links per
        relation, saving a query.
    signs
        Relation signs (:func:`relation_signs`), when the caller keeps them.
    on_error
        Hears the error of a centre whose links cannot be read, and the others are merged;
        None raises it.

    Raises
    ------
    NodeNotFound, MyographError
        From :func:`graph.neighbours.neighbours`, unless ``on_error`` takes them.
    """
    order = list(dict.fromkeys(centres))
    signs = relation_signs(store) if signs is None else signs
    reusable = reuse is not None and direction == "both" and not relations
    seen = order[:1]
    edges: list[GraphEdge] = []
    sparql: list[str] = []
    hidden = 0
    for centre in order:
        try:
            hood = (reuse.limited(limit) if reusable and reuse is not None
                    and centre == reuse.iri else None)
            if hood is None:
                hood = neighbours(store, centre, direction=direction, relations=relations,
                                  limit=limit)
        except MyographError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        sparql.append(hood.sparql)
        seen.append(centre)
        for group in hood.groups:
            hidden += group.hidden
            for n in group.neighbours:
                seen.append(n.iri)
                s, o = (centre, n.iri) if group.direction == "out" else (n.iri, centre)
                edges.append(GraphEdge(s, o, group.relation, group.relation_label,
                                       signs.get(group.relation, "")))
    nodes = graph_nodes(store, seen)
    return Subgraph(tuple(order), tuple(nodes.values()), tuple(edges), tuple(sparql), hidden)
