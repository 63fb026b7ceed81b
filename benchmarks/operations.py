"""The interactions the benchmark times, as :class:`~benchmarks.timing.Op` lists: search,
neighbours, paths, stats and rendering a 300-node view on a generated graph, and the Trace
view's ready-made questions on the curated one.

Both the benchmark's child processes and ``benchmarks.cpu_profile`` build them here, so a
CPU profile looks at exactly what the benchmark times.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.timing import BUDGETS, Op

__all__ = ["gather_view", "ops", "question_ops", "stats_call"]


def gather_view(store: Any, hub: str, want: int = 300) -> dict[str, Any]:
    """A 300-node view around the hub, as the app's Explore view gathers it."""
    from graph.neighbours import neighbours
    from graph.paths import causal_relations

    signs = {r.iri: r.sign for r in causal_relations(store, timeout=60)}
    hood = neighbours(store, hub, limit=want)
    nodes: dict[str, list[str]] = {hub: [hub, hood.label, "", ""]}
    edges: list[list[str]] = []

    def add(hood: Any, grow: bool) -> None:
        for group in hood.groups:
            for n in group.neighbours:
                if n.iri not in nodes:
                    if not grow or len(nodes) >= want:
                        continue
                    nodes[n.iri] = [n.iri, n.label, n.type, n.type]
                s, o = (hood.iri, n.iri) if group.direction == "out" else (n.iri, hood.iri)
                edges.append([s, o, group.relation, group.relation_label,
                              signs.get(group.relation, "")])

    add(hood, grow=True)
    for centre in list(nodes)[1:16]:  # a few neighbours opened too: edges among the nodes
        add(neighbours(store, centre, limit=40), grow=len(nodes) < want)
    return {"focus": hub, "nodes": list(nodes.values()), "edges": edges}


def _render_call(view: dict[str, Any]) -> Callable[[], str]:
    from graph.render import GraphEdge, GraphNode, build, to_html

    nodes = [GraphNode(*n) for n in view["nodes"]]
    edges = [GraphEdge(*e) for e in view["edges"]]

    def call() -> str:
        rendered = build(nodes, edges, focus=view["focus"], max_nodes=300, height=600)
        page = to_html(rendered)
        return f"{rendered.shown} nodes, {len(rendered.edges)} edges, {len(page) // 1024} KiB"

    return call


def stats_call(store: Any) -> str:
    """One ``stats`` call, as its detail."""
    from graph.stats import stats

    return f"{stats(store, timeout=BUDGETS['stats']).triples} triples"


def ops(store: Any, meta: dict[str, Any], repeats: dict[str, int],
        view: dict[str, Any] | None) -> list[Op]:
    """The interactions on a generated graph, from its manifest ``meta``: on the Hetionet
    shape, paths over every relation, undirected, and no stats or render."""
    from graph.neighbours import neighbours
    from graph.paths import find_paths
    from graph.search import search

    het = meta["shape"] == "hetionet"
    path_kw: dict[str, Any] = {"relations": ["any"], "undirected": True} if het else {}

    def searcher(text: str) -> Callable[[], str]:
        return lambda: ", ".join(h.label for h in search(store, text)[:3]) or "no hit"

    def neighbourer(iri: str) -> Callable[[], str]:
        def call() -> str:
            hood = neighbours(store, iri)
            return f"{sum(g.total for g in hood.groups)} links"
        return call

    def pather(pair: Sequence[str], budget: float) -> Callable[[], str]:
        def call() -> str:
            found = find_paths(store, pair[0], pair[1], k=5, max_hops=4,
                               timeout=min(budget, 300), **path_kw)
            return f"{len(found.paths)} routes"
        return call

    def stater() -> str:
        return stats_call(store)

    s = meta["search"]
    found = [
        Op("search (hit)", [searcher(s["hit"])], repeats["search"], BUDGETS["search"], True),
        Op("search (miss)", [searcher(s["miss"])], repeats["search"], BUDGETS["search"], True),
        Op("search (fuzzy)", [searcher(s["fuzzy"])], repeats["search"], BUDGETS["search"],
           True),
        Op("neighbours (typical)", [neighbourer(meta["typical"]["iri"])],
           repeats["neighbours"], BUDGETS["neighbours"], True,
           {"degree": meta["typical"]["degree"]}),
        Op("neighbours (hub)", [neighbourer(meta["hub"]["iri"])], repeats["neighbours"],
           BUDGETS["neighbours"], True, {"degree": meta["hub"]["degree"]}),
        Op("path (reachable)", [pather(p, BUDGETS["path"]) for p in meta["reachable"]],
           repeats["path"], BUDGETS["path"]),
        Op("path (unreachable)", [pather(p, BUDGETS["path"]) for p in meta["unreachable"]],
           repeats["path"], BUDGETS["path"]),
    ]
    if not het:
        found.append(Op("stats", [stater], repeats["stats"], BUDGETS["stats"]))
        if view is not None:
            found.append(Op("render (300-node view)", [_render_call(view)], repeats["render"],
                            BUDGETS["render"]))
    return found


def _question(store: Any, source: str, target: str, max_hops: int) -> str:
    """A ready-made question of the Trace view, as the view answers it (graph.trace)."""
    from graph.search import resolve
    from graph.trace import trace

    answer = trace(store, resolve(store, source), resolve(store, target), max_hops=max_hops)
    return f"{len(answer.paths.paths)} routes"


def _example(store: Any, name: str) -> str:
    from graph import queries
    from graph.sparql import run

    return f"{len(run(store, queries.get(name).text, trusted=True).rows)} rows"


def question_ops(store: Any) -> list[Op]:
    """Each of the Trace view's ready-made questions (issue 17: each under a second), timed
    on its own; the first call of each is its warm-up, as in every operation."""
    from myograph_app.trace import QUESTIONS

    found = []
    for q in QUESTIONS:
        call = (functools.partial(_example, store, q.example) if q.example else
                functools.partial(_question, store, q.source, q.target, q.max_hops))
        found.append(Op(f"trace (ready-made question: {q.text})", [call], 5, BUDGETS["path"]))
    return found
