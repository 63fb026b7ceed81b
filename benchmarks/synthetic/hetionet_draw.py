"""Drawing a Hetionet-shaped graph to its real statistics: how many nodes a triple count
allows, each metaedge's share of the links, and links drawn to the kept nodes' real
degrees (without repeats, hubs included).
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Container, Sequence

from benchmarks.synthetic.common import cumulative
from benchmarks.synthetic.hetionet_data import Metaedge

HET_LINE_COST = 3
"""Triples per node: type, name, identifier."""


def het_scale(nodes: int, edges: int, budget: int) -> float:
    """The share ``s`` of Hetionet's nodes that makes ``budget`` triples.

    A node sample keeps each edge whose two ends it keeps, so ``s`` of the nodes bring about
    ``s²`` of the edges: ``3·s·nodes + s²·edges = budget``. Past the real size (``s > 1``)
    every node is copied ``⌊s⌋`` times and a share ``s - ⌊s⌋`` once more.
    """
    a, b = edges, HET_LINE_COST * nodes
    return (-b + math.sqrt(b * b + 4 * a * budget)) / (2 * a) if budget > 0 else 0.0


def apportion(total: int, weights: Sequence[int], caps: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), at least 1 where the
    cap allows, never over a cap: each metaedge's share of the edges."""
    scale = total / sum(weights)
    out = [min(cap, max(1, math.floor(w * scale))) if cap else 0
           for w, cap in zip(weights, caps, strict=True)]
    left = total - sum(out)
    while left > 0:
        open_ = sorted((i for i, cap in enumerate(caps) if out[i] < cap),
                       key=lambda i: (out[i] - weights[i] * scale, i))
        if not open_:
            break
        for i in open_[:left]:
            out[i] += 1
        left = total - sum(out)
    while left < 0:  # the minimum of 1 overshot: take back from the biggest
        i = max(range(len(out)), key=lambda i: (out[i], -i))
        out[i] -= 1
        left += 1
    return out


def spread(total: int, weights: Sequence[int], caps: Sequence[int],
           rng: random.Random) -> list[int]:
    """``total`` links over nodes in proportion to their Hetionet degrees, each rounded
    up or down at random (systematic rounding keeps the sum), none over its cap."""
    scale = total / sum(weights)
    shift = rng.random()
    out: list[int] = []
    acc = 0.0
    previous = 0
    for w in weights:
        acc += w * scale
        now = math.floor(acc + shift)
        out.append(now - previous)
        previous = now
    out = [min(k, cap) for k, cap in zip(out, caps, strict=True)]
    short = total - sum(out)
    while short > 0:
        open_ = [i for i, (k, cap) in enumerate(zip(out, caps, strict=True))
                 if k < cap and weights[i]]
        if not open_:
            break
        for i in rng.choices(open_, weights=[weights[i] for i in open_], k=short):
            if out[i] < caps[i] and short > 0:
                out[i] += 1
                short -= 1
    while short < 0:
        i = max(range(len(out)), key=lambda i: (out[i], -i))
        out[i] -= 1
        short += 1
    return out


def choose(rng: random.Random, k: int, weights: Sequence[int], cum: list[float],
           exclude: Container[int]) -> list[int]:
    """``k`` distinct indices of ``weights`` (none in ``exclude``), drawn in proportion to
    their weights without replacement.

    Repeated draws while ``k`` is a small part of the choice; otherwise (a hub linked to
    most of the other side) exponential clocks: the ``k`` smallest ``Exp(1) / weight``.
    """
    n = len(weights)
    chosen: set[int] = set()
    if 3 * k <= n:
        population = range(n)
        for _round in range(20):
            for i in rng.choices(population, cum_weights=cum, k=k - len(chosen)):
                if i not in exclude:
                    chosen.add(i)
            if len(chosen) >= k:
                return sorted(chosen)
    clocks = {i: -math.log(1.0 - rng.random()) / w for i, w in enumerate(weights)
              if w and i not in exclude and i not in chosen}
    chosen.update(heapq.nsmallest(k - len(chosen), clocks, key=clocks.__getitem__))
    return sorted(chosen)


def symmetric_pairs(rng: random.Random, count: int,
                    weights: Sequence[int]) -> list[tuple[int, int]]:
    """``count`` distinct unordered pairs of distinct indices, each index in about its share
    of them by weight (a symmetric metaedge: interacts, covaries, resembles).

    Nodes above the structural cut-off (``√(2·count)`` links, past which independent draws of
    both ends would pair a hub with the same heavy partners again and again) get their links
    first, as distinct partners drawn by weight; the rest are drawn as pairs of ends in
    proportion to the links each node still lacks, repeats rejected.
    """
    n = len(weights)
    wanted = spread(2 * count, weights, [n - 1] * n, rng)
    remaining = list(wanted)
    cum = cumulative(weights)
    seen: set[tuple[int, int]] = set()
    partners: dict[int, set[int]] = {}
    out: list[tuple[int, int]] = []

    def add(u: int, v: int) -> None:
        seen.add((u, v) if u < v else (v, u))
        partners.setdefault(u, set()).add(v)
        partners.setdefault(v, set()).add(u)
        remaining[u] -= 1
        remaining[v] -= 1
        out.append((u, v))

    cutoff = math.sqrt(2 * count)
    for x in sorted((i for i in range(n) if wanted[i] > cutoff), key=lambda i: (-wanted[i], i)):
        k = min(remaining[x], count - len(out), n - 1 - len(partners.get(x, ())))
        if k > 0:
            for y in choose(rng, k, weights, cum, partners.get(x, set()) | {x}):
                add(x, y)
    rest = [max(0, r) for r in remaining]
    cum = cumulative(rest if sum(rest) else weights)
    population = range(n)
    attempts = 0
    while len(out) < count and attempts < 20 * count + 1_000:
        need = count - len(out)
        ends = rng.choices(population, cum_weights=cum, k=2 * need)
        attempts += need
        for u, v in zip(ends[:need], ends[need:], strict=True):
            if u != v and ((u, v) if u < v else (v, u)) not in seen:
                add(u, v)
    if len(out) < count:  # nearly every pair taken: only in tiny graphs, so list them
        free = [(u, v) for u in range(n) for v in range(u + 1, n) if (u, v) not in seen]
        out += rng.sample(free, min(count - len(out), len(free)))
    return out


def het_capacity(m: Metaedge, sources: Sequence[int], targets: Sequence[int]) -> int:
    """How many links of ``m`` the kept nodes allow (pairs of nodes that have such links)."""
    ns, nt = sum(1 for x in sources if x), sum(1 for x in targets if x)
    if m.symmetric:
        return ns * (ns - 1) // 2
    return ns * nt - (min(ns, nt) if m.source == m.target else 0)


def het_links(m: Metaedge, sources: Sequence[int], targets: Sequence[int], count: int,
              rng: random.Random) -> list[tuple[int, int]]:
    """``count`` distinct links of ``m`` as (source, target) positions in the kept lists.

    ``sources`` and ``targets`` are the kept nodes' Hetionet degrees in ``m``. On the exact
    side (:meth:`Metaedge.exact_side`) the degrees are those weights scaled to ``count``;
    each such node draws its partners by weight, without repeats. Symmetric metaedges
    draw pairs (:func:`symmetric_pairs`).
    """
    if m.symmetric:
        live = [i for i, x in enumerate(sources) if x]
        drawn = symmetric_pairs(rng, count, [sources[i] for i in live])
        return [(live[a], live[b]) for a, b in drawn]
    side = m.exact_side()
    mine, theirs = (sources, targets) if side == 0 else (targets, sources)
    live = [i for i, x in enumerate(theirs) if x]
    same = m.source == m.target  # Gr>G: no node regulates itself
    position = {i: j for j, i in enumerate(live)} if same else {}
    caps = [(len(live) - (1 if i in position else 0)) if x else 0 for i, x in enumerate(mine)]
    live_weights = [theirs[i] for i in live]
    cum = cumulative(live_weights)
    links: list[tuple[int, int]] = []
    for i, k in enumerate(spread(count, mine, caps, rng)):
        if k:
            exclude = {position[i]} if i in position else ()
            for j in choose(rng, k, live_weights, cum, exclude):
                links.append((i, live[j]) if side == 0 else (live[j], i))
    return links


