"""find_paths: check the question, search both ways, rank, and tell each route with evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from rdflib import URIRef

from graph.errors import MyographError, NodeNotFound, QueryError
from graph.evidence import ByLink, claims_behind
from graph.namespaces import entity_name, local_name
from graph.paths.frontier import Budget, Search, grow
from graph.paths.model import (
    ANY,
    CLASS_RELATIONS,
    DEFAULT_HUB_CAP,
    MAX_HOPS,
    MAX_K,
    PathEdge,
    PathNode,
    PathsResult,
    Relation,
    Route,
    Sign,
    Triple,
    combine_signs,
    route_pattern,
)
from graph.paths.ranking import rank
from graph.paths.relations import relations_from
from graph.paths.route_query import route_query
from graph.prefixes import naming_for
from graph.results import short
from graph.search import names_of, types_of
from graph.sparql import MAX_TIMEOUT
from graph.stores.base import Store

__all__ = ["find_paths"]

_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')


def _is_iri(value: object) -> bool:
    return (isinstance(value, str) and bool(value) and ":" in value
            and not _BAD_IRI_CHARS.search(value))


def labels(store: Store, iris: Iterable[str], *,
           relations: Iterable[str] = ()) -> dict[str, tuple[str, str, str]]:
    """IRI -> (label, class IRI, class label) from the search index, which reads the graph's
    own profile; an unlabelled node named by :func:`entity_name`, an unlabelled relation by
    its IRI's tail."""
    wanted = set(iris)
    predicates = set(relations)
    index = names_of(store, wanted)
    types = types_of(store, index, wanted - predicates)
    naming = naming_for(store)
    return {iri: (index.labels.get(iri)
                  or (local_name(iri) if iri in predicates else entity_name(iri, naming)),
                  types.get(iri, ""), index.class_label(types.get(iri, "")))
            for iri in wanted}


def _node(iri: str, info: dict[str, tuple[str, str, str]]) -> PathNode:
    label, type_iri, type_label = info[iri]
    return PathNode(iri=iri, label=label, type=type_iri, type_label=type_label)


def _route(score: float, nodes: Sequence[str], links: Sequence[Triple],
           info: dict[str, tuple[str, str, str]], evidence: ByLink,
           by_iri: dict[str, Relation]) -> Route:
    """One ranked route told in full: labels, signs, claims, shape and its own query."""
    path_nodes = tuple(_node(n, info) for n in nodes)
    edges = []
    for u, (s, p, o) in zip(nodes, links, strict=False):
        relation = by_iri.get(p)
        is_class = p in CLASS_RELATIONS
        sign: Sign = relation.sign if relation else "+" if is_class else "?"
        label = relation.label if relation else info[p][0]
        if is_class and label == local_name(p):
            label = CLASS_RELATIONS[p]
        edges.append(PathEdge(
            subject=s, predicate=p, predicate_label=label, object=o, sign=sign,
            evidence=evidence.get((s, p, o), ()),
            direction="forward" if s == u else "backward",
            step="class" if is_class else "causal"))
    pattern = route_pattern([info[n][0] for n in nodes], [e.direction for e in edges])
    route = Route(nodes=path_nodes, edges=tuple(edges),
                  sign=combine_signs(e.sign for e in edges) if pattern == "chain" else "?",
                  score=score, sparql="", pattern=pattern)
    return replace(route, sparql=route_query(route.sentence(), links))


def _check_arguments(source: str, target: str, max_hops: int, k: int, hub_cap: int,
                     relations: Sequence[str] | None, avoid: Sequence[str]) -> None:
    _check_limits(max_hops, k, hub_cap)
    _check_ends(source, target)
    if relations is not None:
        _check_relations(relations)
    _check_avoid(avoid, source, target)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_limits(max_hops: int, k: int, hub_cap: int) -> None:
    if not _whole(max_hops) or not 1 <= max_hops <= MAX_HOPS:
        raise MyographError(f"max_hops must be a whole number from 1 to {MAX_HOPS}, "
                            f"not {max_hops!r}")
    if not _whole(k) or not 1 <= k <= MAX_K:
        raise MyographError(f"k (routes wanted) must be a whole number from 1 to {MAX_K}, "
                            f"not {k!r}")
    if not _whole(hub_cap) or hub_cap < 1:
        raise MyographError(f"hub_cap must be a positive whole number, not {hub_cap!r}")


def _check_ends(source: str, target: str) -> None:
    for role, iri in (("source", source), ("target", target)):
        if not _is_iri(iri):
            raise NodeNotFound(f"the {role} {iri!r} is not an IRI (look names up with "
                               "graph.search first)")
    if source == target:
        raise MyographError(f"source and target are the same node ({short(URIRef(source))}): "
                            "a route needs two different ends")


def _check_relations(relations: Sequence[str]) -> None:
    if isinstance(relations, str):
        raise MyographError("relations must be a list of IRIs, not one string")
    if not relations:
        raise MyographError("relations is empty: pass None for every causal relation, "
                            "or ['any'] for every link")
    if ANY in relations and len(relations) > 1:
        raise MyographError("'any' cannot be combined with other relations")
    for iri in relations:
        if iri != ANY and not _is_iri(iri):
            raise MyographError(f"relation {iri!r} is not an IRI")


def _check_avoid(avoid: Sequence[str], source: str, target: str) -> None:
    if isinstance(avoid, str):
        raise MyographError("avoid must be a list of IRIs, not one string")
    for iri in avoid:
        if not _is_iri(iri):
            raise MyographError(f"avoid: {iri!r} is not an IRI")
        if iri in (source, target):
            raise MyographError(f"cannot avoid {short(URIRef(iri))}: it is an end of the route")


def find_paths(
    store: Store,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    k: int = 5,
    relations: Sequence[str] | None = None,
    avoid: Sequence[str] = (),
    undirected: bool = False,
    timeout: float | None = None,
    hub_cap: int = DEFAULT_HUB_CAP,
) -> PathsResult:
    """The ``k`` best routes from ``source`` to ``target``, each with its evidence and sign.

    Parameters
    ----------
    store
        Any store.
    source, target
        Entity IRIs (resolve names with :mod:`graph.search` first).
    max_hops
        Longest route, in links (1 to 8).
    k
        Routes wanted (1 to 50); parallel links between the same two nodes make separate
        routes.
    relations
        None: every causal relation (sub-properties of ``mg:causalRelation``), or every
        relation as with ``["any"]`` when the graph declares none (a note says so); a list:
        exactly those predicate IRIs; ``["any"]``: every IRI-valued predicate except
        ``rdf:type``, ``rdf:subject``, ``rdf:predicate`` and ``rdf:object`` (for foreign
        graphs). Those four are never followed.
    avoid
        Entity IRIs no route may pass through ("what if this node were blocked?").
    undirected
        Let a route walk a link against its direction (each link keeps its true subject and
        object, and says ``direction="backward"``).
    timeout
        Seconds for the whole search, all queries together (each query gets the runner's
        default limit when None).
    hub_cap
        A node with more links than this, in the direction searched, is not expanded.

    Returns
    -------
    PathsResult
        Routes best first (lowest score; ties by the IRIs along them). No route is not an
        error: ``paths`` is then empty and ``as_text()`` says so.

    Raises
    ------
    NodeNotFound
        When ``source`` or ``target`` is not an IRI or is in no triple of the graph (source
        checked first).
    MyographError
        For ``max_hops`` outside 1..8, ``k`` outside 1..50, ``source == target``, an empty
        or mixed ``relations`` list, or an ``avoid`` that names an end.
    QueryError, QueryTimeout, StoreError
        When a query fails or the time is up.

    Examples
    --------
    >>> from graph.stores import open_store
    >>> store = open_store("memory:tests/fixtures/tiny.ttl")
    >>> found = find_paths(store, "https://w3id.org/myograph/entity/acyclovir",
    ...                    "https://w3id.org/myograph/entity/muscle_spasm")
    >>> for line in found.sentences():  # doctest: +NORMALIZE_WHITESPACE
    ...     print(line)
    acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance
      → causes → muscle spasm (overall: increases; 3 links)
    acyclovir → has adverse effect → acute kidney injury → causes → electrolyte imbalance
      → associated with → hypokalemia → causes → muscle spasm (overall: unclear; 4 links)
    >>> [e.source for e in found.paths[0].edges[0].evidence]
    ['Muscle Spasm: Causes, Relief & Management', 'Acyclovir Nephrotoxicity: A Case Report']
    """
    _check_arguments(source, target, max_hops, k, hub_cap, relations, avoid)
    if timeout is not None and not 0 < timeout <= MAX_TIMEOUT:
        raise QueryError(f"the time limit must be between 0 and {MAX_TIMEOUT:g} s, "
                         f"not {timeout}")
    budget = Budget(timeout)
    search = Search(store, budget, [], hub_cap, set(avoid), source, target)

    present = {str(v) for v in search.run("nodes_present", node=[source, target])
               .values("node")}
    for role, iri in (("source", source), ("target", target)):
        if iri not in present:
            raise NodeNotFound(f"the {role} {short(URIRef(iri))} is in no triple of this graph")

    known = relations_from(search.run("causal_relations"))
    if relations is None and known:
        followed = [r.iri for r in known]
        search.relations = [*followed, *CLASS_RELATIONS]
        search.curated_steps = True
    elif relations is None or list(relations) == [ANY]:
        followed = [ANY]
        if relations is None:
            search.note("this graph declares no causal relations, so routes follow any "
                        "relation")
    else:
        followed = sorted(set(relations))
        search.relations = followed

    limit = grow(search, source, target, max_hops, k, undirected)

    ranked = rank(search.graph(undirected, source, target, limit), search, source, target,
                   limit, k)

    route_nodes = {n for _, nodes, _ in ranked for n in nodes}
    predicates = {p for _, _, links in ranked for _, p, _ in links}
    hubs = {iri for iri, _way in search.hub_links}
    info = labels(store, route_nodes | predicates | {source, target} | hubs,
                  relations=predicates)
    search.hub_note(info)
    evidence: ByLink = {}
    if ranked:
        evidence, evidence_sparql = claims_behind(
            store, {link for _, _, links in ranked for link in links})
        search.ran.extend(evidence_sparql)
    by_iri = {r.iri: r for r in known}

    routes = [_route(score, nodes, links, info, evidence, by_iri)
              for score, nodes, links in ranked]

    return PathsResult(
        source=_node(source, info),
        target=_node(target, info),
        paths=routes, max_hops=max_hops, k=k, undirected=undirected, relations=followed,
        hops_searched=limit,
        queries=search.ran, notes=search.notes)
