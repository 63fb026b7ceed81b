"""A small view's layout: networkx's seeded spring layout over every node, scaled to canvas
pixels around the focus.

Its cost is rounds x nodes², small for the views it is used on: the nodes spread evenly
around the focus, a picture balanced in its frame with short links (hubs with a few dozen
neighbours read best that way; a hub's hundreds of leaves go on rings instead).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx

__all__ = ["spring"]


def spring(links: Mapping[str, set[str]], focus: str) -> dict[str, tuple[float, float]]:
    """Positions in canvas pixels: the focus (or the picture's middle) at the origin, the
    picture ``2 x (110 + 38 sqrt(nodes))`` px across its longer side. Seeded: the same
    input gives the same picture.

    >>> spring({"a": {"b"}, "b": {"a"}}, "a")["a"]
    (0.0, 0.0)
    """
    g = nx.Graph()
    g.add_nodes_from(sorted(links))
    g.add_edges_from(sorted((a, b) for a in links for b in links[a] if a < b))
    if len(g) == 0:
        return {}
    if len(g) == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    fixed = [focus] if focus in g else None
    start = {focus: (0.0, 0.0)} if fixed else None
    # a round costs nodes²: bigger views take fewer rounds (they look the same)
    rounds = max(20, min(120, 6000 // len(g)))
    raw = nx.spring_layout(g, seed=7, k=1.6 / math.sqrt(len(g)), iterations=rounds,
                           pos=start, fixed=fixed)
    scale = 110 + 38 * math.sqrt(len(g))
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    if fixed:
        cx, cy = float(raw[focus][0]), float(raw[focus][1])
    return {iri: (round((float(p[0]) - cx) / span * 2 * scale, 1),
                  round((float(p[1]) - cy) / span * 2 * scale, 1)) for iri, p in raw.items()}
