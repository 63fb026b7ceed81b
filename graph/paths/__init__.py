"""Routes between two entities: a bidirectional search by SPARQL, then ranked simple paths.

The package holds one job a module: ``model`` (what an answer is), ``relations`` (the
causal relations a graph declares), ``frontier`` (the search), ``ranking`` (networkx),
``route_query`` (the SPARQL shown for a route) and ``find`` (:func:`find_paths`, which
checks the question, searches, ranks and tells each route with its evidence).

The search grows two frontiers, one from each end, with one query per frontier; a node with
more than ``hub_cap`` links in the direction searched is a hub: a route may pass through it,
but its own links are not followed (the notes say so). Its last step pulls only the links
among the nodes already reached (where the store counts links, and those are fewer): a
route of at most ``max_hops`` links uses no other, and the counts keep each node's degree.
The small subgraph found is ranked with Yen's algorithm, each route scored
``hops + sum(ln(degree))`` over its intermediate nodes, lower first; ties are ordered by the
IRIs along the route, so every store agrees; the claims behind each route's links are read
from whichever end of a link has fewer.

No route is not an error: :func:`find_paths` then returns a result with no paths;
:class:`~graph.errors.NoPath` is left to interfaces that want to treat it as one.
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
