"""The generated graph as the generator keeps it in memory, and what the benchmark takes
from it: a typical node and a hub, reachable and unreachable pairs, and the manifest
(``FILE.meta.json``) that records them.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

HUB_CAP = 500
"""Nodes with more links than this are not expanded when pairs are chosen (as in paths.py)."""


@dataclass
class Graph:
    """What the generator keeps in memory to choose benchmark pairs: nodes and links."""

    iris: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    out: list[list[int]] = field(default_factory=list)
    into: list[list[int]] = field(default_factory=list)

    def add(self, iri: str, label: str, cls: str) -> int:
        """A new node; its number."""
        self.iris.append(iri)
        self.labels.append(label)
        self.classes.append(cls)
        self.out.append([])
        self.into.append([])
        return len(self.iris) - 1

    def link(self, s: int, o: int) -> None:
        """A link from ``s`` to ``o``."""
        self.out[s].append(o)
        self.into[o].append(s)

    def degree(self, n: int) -> int:
        """Links into and out of ``n``."""
        return len(self.out[n]) + len(self.into[n])

    def distances(self, source: int, max_hops: int, undirected: bool) -> dict[int, int]:
        """Hops from ``source`` (hubs reached but not expanded, as the path search does)."""
        dist = {source: 0}
        queue = deque([source])
        while queue:
            n = queue.popleft()
            if dist[n] >= max_hops:
                continue
            nexts = self.out[n] + self.into[n] if undirected else self.out[n]
            if n != source and len(nexts) > HUB_CAP:
                continue
            for m in nexts:
                if m not in dist:
                    dist[m] = dist[n] + 1
                    queue.append(m)
        return dist


def reachable_pairs(g: Graph, sources: list[int], rng: random.Random, *, undirected: bool,
                    target_classes: set[str]) -> list[tuple[int, int]]:
    """For each source, a quiet target of the wanted classes, as far as possible (<= 4 hops)."""
    pairs: list[tuple[int, int]] = []
    for source in sources:
        dist = Graph.distances(g, source, 4, undirected)
        for hops in (4, 3, 2, 1):
            options = sorted(n for n, d in dist.items() if d == hops
                             and g.classes[n] in target_classes and g.degree(n) <= 50)
            if options:
                pairs.append((source, options[rng.randrange(len(options))]))
                break
    return pairs


def reachable_into(g: Graph, target: int, candidates: list[int],
                   *, undirected: bool) -> tuple[int, int] | None:
    """A candidate source from which ``target`` is 2 to 4 hops away, or None."""
    for source in candidates[:200]:
        d = g.distances(source, 4, undirected).get(target)
        if d is not None and d >= 2:
            return source, target
    return None


def manifest(g: Graph, shape: str, count: int, typical: int, hub: int,
             reachable: list[tuple[int, int]], unreachable: list[tuple[int, int]],
             extra: dict[str, Any]) -> dict[str, Any]:
    """The manifest: the shape, the count, the degrees, and the nodes and pairs the benchmark
    uses."""
    degrees = sorted(((g.degree(n), g.iris[n]) for n in range(len(g.iris))), reverse=True)
    nonzero = sorted(d for d, _ in degrees if d)

    def node(n: int) -> dict[str, Any]:
        return {"iri": g.iris[n], "label": g.labels[n], "class": g.classes[n],
                "degree": g.degree(n)}

    return {
        "shape": shape,
        "triples": count,
        "entities": len(g.iris),
        "typical": node(typical),
        "hub": node(hub),
        "top_degrees": [{"iri": iri, "degree": d} for d, iri in degrees[:10]],
        "median_degree": nonzero[len(nonzero) // 2] if nonzero else 0,
        "reachable": [[g.iris[s], g.iris[t]] for s, t in reachable],
        "unreachable": [[g.iris[s], g.iris[t]] for s, t in unreachable],
        **extra,
    }
