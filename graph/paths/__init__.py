"""Routes between two entities: a bidirectional search by SPARQL, then ranked simple paths.

The package holds one job a module: ``model`` (what an answer is), ``relations`` (the
causal relations a graph declares), ``frontier`` (the search), ``ranking`` (networkx),
``route_query`` (the SPARQL shown for a route) and ``find`` (:func:`find_paths`).

How a question "how could acyclovir lead to muscle spasm?" is answered:

1. Both ends are checked (``nodes_present.rq``), and the relations to follow are fixed:
   every causal relation (``causal_relations.rq``), an explicit list, or ``["any"]``.
2. The search grows two frontiers, one from each end, always expanding the smaller one
   (on a tie, the side that has gone fewer hops) with one query for the whole frontier
   (``path_out.rq`` from the source side, following links forward; ``path_in.rq`` from
   the target side, following them backward; both when ``undirected``). A node with more
   than ``hub_cap`` links in the direction searched is a hub: it may lie on a route, but
   its own links are not followed (the notes say so); where the engine counts cheaply
   (``Store.counts_cheaply``), links are counted first (``path_out_counts.rq``,
   ``path_in_counts.rq``), so a hub's links never leave the store.
3. The search stops at the smallest hop horizon that holds ``k`` routes, at ``max_hops``,
   or as soon as one side has nothing left to expand (then every route is known).
4. The small subgraph found, cut to the nodes a route within the horizon can use (hops
   from the source plus hops to the target at most the horizon), is ranked with
   :func:`networkx.shortest_simple_paths` (never all simple paths), each route scored::

       score = hops + sum(ln(degree(v)) for each intermediate node v)

   where ``degree(v)`` counts the links touching ``v`` in the explored subgraph (for a hub,
   the number of links it was found to have, if larger). Lower is better: a route of fewer
   links through quieter nodes ranks first. Ties are ordered by the IRIs along the route
   (its nodes, then its links), so every store returns the same order.
5. Labels (from the search index, so a foreign graph's own label predicates count) and the
   claims behind each link (``evidence.rq``) are fetched for the routes kept, and each route
   gets a standalone SPARQL query that shows it.

Because the degrees are read in the explored subgraph, the score of one route can change
with ``k`` or ``max_hops`` (they decide how far the search goes); the order of routes found
by the same search does not depend on the store.

No route is not an error: :func:`find_paths` then returns a result with no paths (and
:meth:`PathsResult.describe` says "No route … within N hops"); :class:`~graph.errors.NoPath`
is left to interfaces that want to treat it as one.
"""


from graph.paths.find import find_paths
from graph.paths.model import (
    ANY,
    CLASS_RELATIONS,
    DEFAULT_HUB_CAP,
    MAX_FRONTIER,
    MAX_HOPS,
    MAX_K,
    Direction,
    PathEdge,
    PathNode,
    PathsResult,
    Relation,
    Route,
    Sign,
    combine_signs,
    route_pattern,
)
from graph.paths.relations import causal_relations

__all__ = [
    "ANY",
    "CLASS_RELATIONS",
    "DEFAULT_HUB_CAP",
    "MAX_FRONTIER",
    "MAX_HOPS",
    "MAX_K",
    "Direction",
    "PathEdge",
    "PathNode",
    "PathsResult",
    "Relation",
    "Route",
    "Sign",
    "causal_relations",
    "combine_signs",
    "find_paths",
    "route_pattern",
]
