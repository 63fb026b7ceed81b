"""The ``hetionet`` shape: a graph with Hetionet v1.0's statistics, through a node sample.

The population (:mod:`.hetionet_data`) has Hetionet's size, kinds and degree skew, with
made-up names and identifiers. A share ``s`` of it is kept, stratified by degree so the hubs
are kept in proportion; each metaedge gets its real share of the links, drawn to the kept
nodes' degrees (:mod:`.hetionet_draw`). No claims.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from benchmarks.synthetic.common import (
    HET,
    LABEL,
    NAME,
    SCHEMA_ID,
    SEARCH_MISS,
    TYPE,
    Writer,
    lit,
)
from benchmarks.synthetic.hetionet_data import HetData, Metaedge, camel, het_data
from benchmarks.synthetic.hetionet_draw import apportion, het_capacity, het_links, het_scale
from benchmarks.synthetic.hetionet_names import HET_SEARCH_FUZZY, HET_SEARCH_HIT
from benchmarks.synthetic.pairs import Graph, manifest, reachable_pairs

__all__ = ["HET_SEARCH_FUZZY", "HET_SEARCH_HIT", "generate_hetionet", "het_keep", "het_sample"]


def het_sample(data: HetData, kind: str, scale: float, forced: list[int],
               rng: random.Random) -> list[tuple[int, int]]:
    """The kept nodes of a kind, as (row in the kind's table, copy number from 1).

    ``round(scale × nodes)`` of them: ``⌊scale⌋`` copies of every node, then a sample
    stratified by total degree (one node at random from each of equal slices of the degree
    ranking: hubs are kept in proportion, one of the top ``1 / scale`` always). ``forced``
    rows are kept in any case. Always keeping the very top node instead would give the kept
    nodes more than their share of links, so every degree would be scaled down to fit.
    """
    n = len(data.ids[kind])
    want = max(1, round(scale * n))
    copies = want // n
    chosen = [(row, c) for c in range(1, copies + 1) for row in range(n)]
    rest = want - copies * n
    copy = copies + 1
    if copy == 1:
        chosen += [(row, 1) for row in forced]
        rest = max(0, rest - len(forced))
    taken = {row for row, c in chosen if c == copy}
    total = data.total_degree(kind)
    order = [row for row in range(n) if row not in taken]
    rng.shuffle(order)  # ties in degree are broken at random
    order.sort(key=lambda row: -total[row])
    for i in range(rest):
        lo, hi = i * len(order) // rest, (i + 1) * len(order) // rest
        chosen.append((order[rng.randrange(lo, max(lo + 1, hi))], copy))
    return sorted(chosen)


def het_keep(data: HetData, scale: float,
             rng: random.Random) -> dict[str, list[tuple[int, int]]]:
    """The kept nodes of every kind (see :func:`het_sample`), plus, where a sample left an
    end of a metaedge without any node that has such links, one that has (drawn by degree):
    every relation is then present however small the graph."""
    fixed = [data.typical, *data.isolated]
    kept: dict[str, list[tuple[int, int]]] = {}
    for kind, _n in data.kinds:
        forced = [data.ids[kind].index(i) for k, i in fixed if k == kind and i in data.ids[kind]]
        kept[kind] = het_sample(data, kind, scale, forced, rng)
    for m in data.metaedges:
        for side, kind in enumerate((m.source, m.target)):
            values = data.degrees[kind][m.column(side)]
            need = 2 if m.source == m.target else 1  # a link needs two distinct nodes
            while sum(1 for row, _c in kept[kind] if values[row]) < need:
                taken = {row for row, c in kept[kind] if c == 1}
                rows = [row for row, v in enumerate(values) if v and row not in taken]
                kept[kind] = sorted([*kept[kind], (rng.choices(
                    rows, weights=[values[row] for row in rows])[0], 1)])
    return kept



class _Kept:
    """The kept nodes in the graph: by kind in table order, and first copies by identifier."""

    def __init__(self) -> None:
        self.index: dict[str, list[int]] = {}  # kind -> the graph node of each kept (row, copy)
        self.where: dict[tuple[str, str], int] = {}  # (kind, id) -> graph node, first copies


def _write_nodes(w: Writer, g: Graph, data: HetData,
                 kept: dict[str, list[tuple[int, int]]]) -> _Kept:
    """Each kept node: its kind, name and identifier (a copy's marked as such)."""
    nodes = _Kept()
    for kind, _n in data.kinds:
        cls = camel(kind)
        nodes.index[kind] = []
        for row, copy in kept[kind]:
            ident, name = data.ids[kind][row], data.names[kind][row]
            n = g.add(f"{HET}node/{cls}/{ident}" + (f"/copy{copy}" if copy > 1 else ""),
                      name if copy == 1 else f"{name} (copy {copy})", cls)
            nodes.index[kind].append(n)
            if copy == 1:
                nodes.where[(kind, ident)] = n
            iri = f"<{g.iris[n]}>"
            w.emit(iri, TYPE, f"<{HET}kind/{cls}>")
            w.emit(iri, NAME, lit(g.labels[n]))
            w.emit(iri, SCHEMA_ID, lit(f"{kind}::{ident}"
                                       + (f"::copy{copy}" if copy > 1 else "")))
    return nodes


def _write_links(w: Writer, g: Graph, data: HetData, kept: dict[str, list[tuple[int, int]]],
                 nodes: _Kept, predicates: list[str], budget: int, rng: random.Random
                 ) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Every metaedge's links, its share of ``budget``; (links, largest degrees) by metaedge."""
    def weights(kind: str, column: str) -> list[int]:
        values = data.degrees[kind][column]
        return [values[row] for row, _c in kept[kind]]

    sides = [(weights(m.source, m.column(0)), weights(m.target, m.column(1)))
             for m in data.metaedges]
    # at least one link of each relation, even if the count then exceeds what was asked
    quotas = apportion(max(len(data.metaedges), budget),
                       [m.edges for m in data.metaedges],
                       [het_capacity(m, *ws) for m, ws in zip(data.metaedges, sides,
                                                              strict=True)])
    counts: dict[str, int] = {}
    max_degrees: dict[str, list[int]] = {}
    for m, p, ws, quota in zip(data.metaedges, predicates, sides, quotas, strict=True):
        links = het_links(m, *ws, quota, rng)
        counts[m.abbreviation] = len(links)
        max_degrees[m.abbreviation] = _write_metaedge(w, g, m, p, links, nodes)
    return counts, max_degrees


def _write_metaedge(w: Writer, g: Graph, m: Metaedge, p: str, links: list[tuple[int, int]],
                    nodes: _Kept) -> list[int]:
    """One metaedge's links; its largest degree among sources and among targets."""
    ends: tuple[Counter[int], Counter[int]] = (Counter(), Counter())
    for a, b in links:
        s, o = nodes.index[m.source][a], nodes.index[m.target][b]
        g.link(s, o)
        ends[0][s] += 1
        ends[1][o] += 1
        w.emit(f"<{g.iris[s]}>", p, f"<{g.iris[o]}>")
    if m.symmetric:
        return [max((ends[0] + ends[1]).values(), default=0)] * 2
    return [max(e.values(), default=0) for e in ends]


def _typical_and_reachable(g: Graph, data: HetData, nodes: _Kept, rng: random.Random
                           ) -> tuple[int, list[tuple[int, int]]]:
    """The typical compound (named :data:`HET_SEARCH_HIT`) and a route from it, or, when a
    tiny sample left it without one, the compound nearest the median degree that has one."""
    typical = nodes.where[data.typical]
    targets = {"Disease", "SideEffect"}
    reachable = reachable_pairs(g, [typical], rng, undirected=True, target_classes=targets)
    if not reachable:
        compounds = [n for n in nodes.index["Compound"] if g.degree(n)]
        middle = sorted(g.degree(n) for n in compounds)[len(compounds) // 2] if compounds else 0
        for n in sorted(compounds, key=lambda n: (abs(g.degree(n) - middle), n))[:50]:
            reachable = reachable_pairs(g, [n], rng, undirected=True, target_classes=targets)
            if reachable:
                typical = n
                break
    return typical, reachable


def generate_hetionet(w: Writer, triples: int, rng: random.Random) -> dict[str, Any]:
    """A sample of ``scale`` of the population (:func:`het_scale`): Hetionet's kinds and
    relations, made-up names and identifiers, each metaedge's share of the edges, and links
    drawn to the kept nodes' degrees."""
    data = het_data()
    for kind, _n in data.kinds:
        w.emit(f"<{HET}kind/{camel(kind)}>", LABEL, lit(kind.lower(), "en"))
    predicates = [f"<{HET}rel/{m.local}>" for m in data.metaedges]
    for m, p in zip(data.metaedges, predicates, strict=True):
        w.emit(p, LABEL, lit(f"{m.relation} ({m.abbreviation})", "en"))
    scale = het_scale(sum(n for _k, n in data.kinds), sum(m.edges for m in data.metaedges),
                      triples - w.count)
    kept = het_keep(data, scale, rng)
    g = Graph()
    nodes = _write_nodes(w, g, data, kept)
    counts, max_degrees = _write_links(w, g, data, kept, nodes, predicates, triples - w.count,
                                       rng)
    typical, reachable = _typical_and_reachable(g, data, nodes, rng)
    hub = max(range(len(g.iris)), key=lambda n: (g.degree(n), -n))
    isolated_disease, isolated_compound = (nodes.where[k] for k in data.isolated)
    unreachable = [(typical, isolated_disease), (isolated_compound, hub)]
    return manifest(g, "hetionet", w.count, typical, hub, reachable, unreachable,
                    extra={"edges": sum(counts.values()), "relations": len(data.metaedges),
                           "classes": {camel(k): len(kept[k]) for k, _n in data.kinds},
                           "metaedges": counts, "max_degrees": max_degrees,
                           "scale": round(scale, 4),
                           "source": {"statistics": "https://github.com/hetio/hetionet",
                                      "commit": data.commit, "licence": "CC0 1.0",
                                      "nodes": "generated"},
                           "search": {"hit": HET_SEARCH_HIT, "miss": SEARCH_MISS,
                                      "fuzzy": HET_SEARCH_FUZZY},
                           "path": {"relations": ["any"], "undirected": True}})
