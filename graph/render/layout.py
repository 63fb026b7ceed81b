"""Where each node goes: a seeded networkx spring layout, steady as a picture grows, with
overlapping labels pushed apart.

The same input gives the same picture (no jumping): the layout is seeded and physics is
off in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from graph.render.model import GraphEdge, GraphNode
from graph.render.style import CLASS_STYLES, LABEL_INSIDE

_RING = 90.0
"""Distance from its neighbour at which a node added to a drawn picture starts."""
_CHAR_WIDTH = 7.6
"""Canvas width of a label character at the nodes' 15 px font, roughly."""
_NODE_ROOM = 44.0
"""A node's shape and the label line under it."""
_ROW_HEIGHT = 56.0
_LABEL_DROP = 14.0
"""How far below its centre a node with its label under it reaches, on the middle."""
_DECLUTTER_MAX = 120
_DECLUTTER_ROUNDS = 60


def _grown(g: nx.Graph, keep: Mapping[str, tuple[float, float]]
           ) -> dict[str, tuple[float, float]]:
    """Positions for a picture that grew: the nodes drawn before stay exactly where they
    were; the new ones of each neighbour drawn before fan out on an arc beyond it, facing
    away from the picture's centre (new nodes with no such neighbour: on a ring outside)."""
    old = {n: keep[n] for n in sorted(g) if n in keep}
    new = [n for n in sorted(g) if n not in keep]
    placed: dict[str, tuple[float, float]] = dict(old)
    if not new:
        return placed
    cx = sum(x for x, _ in old.values()) / len(old)
    cy = sum(y for _, y in old.values()) / len(old)
    around: dict[str, list[str]] = {}
    for n in new:
        parent = next((m for m in sorted(g.neighbors(n)) if m in old), "")
        around.setdefault(parent, []).append(n)
    reach = max((math.hypot(x - cx, y - cy) for x, y in old.values()), default=0.0)
    for parent, children in sorted(around.items()):
        px, py = old.get(parent, (cx, cy))
        facing = math.atan2(py - cy, px - cx) if parent else 0.0
        radius = _RING * (1 + len(children) / 8) if parent else reach + 2 * _RING
        arc = min(math.pi, 0.5 * len(children)) if parent else 2 * math.pi
        for i, n in enumerate(children):
            share = (i + 0.5) / len(children) - 0.5
            angle = facing + arc * share
            placed[n] = (round(px + radius * math.cos(angle), 1),
                         round(py + radius * math.sin(angle), 1))
    return placed


def label_box(label: str, shape: str = "dot") -> tuple[float, float]:
    """The room a node and its label take on the canvas (width, height), roughly: a label
    under its shape, or inside a box or ellipse (wider, with the shape's padding)."""
    if shape in LABEL_INSIDE:
        return _CHAR_WIDTH * 1.1 * len(label) + 30, _ROW_HEIGHT
    return max(_NODE_ROOM, _CHAR_WIDTH * len(label)), _ROW_HEIGHT


def _declutter(positions: dict[str, tuple[float, float]],
               boxes: Mapping[str, tuple[float, float]],
               movable: set[str], inside: Iterable[str] = ()
               ) -> dict[str, tuple[float, float]]:
    """Push apart the ``movable`` nodes whose room (shape and label) overlaps another's,
    along the axis of least overlap, all pairs at once each round, until none overlap or the
    rounds run out, so labels do not collide at the default zoom. Views over
    :data:`_DECLUTTER_MAX` nodes are left as they are."""
    if len(positions) > _DECLUTTER_MAX or not movable:
        return positions
    ids = sorted(positions)
    labelled_inside = set(inside)
    xy = np.array([positions[i] for i in ids], dtype=float)
    size = np.array([boxes.get(i, (_NODE_ROOM, _ROW_HEIGHT)) for i in ids], dtype=float)
    # a label under its shape makes the node's room reach lower than its centre
    drop = np.array([0.0 if i in labelled_inside else _LABEL_DROP for i in ids])
    free = np.array([i in movable for i in ids], dtype=float)
    half = (size[:, None, :] + size[None, :, :]) / 2
    for _ in range(_DECLUTTER_ROUNDS):
        centre = xy + np.stack([np.zeros_like(drop), drop], axis=1)
        delta = centre[None, :, :] - centre[:, None, :]  # [a, b] = b - a
        over = half - np.abs(delta)
        clash = (over[:, :, 0] > 0) & (over[:, :, 1] > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        axis = (over[:, :, 1] < over[:, :, 0]).astype(int)  # 0: push along x, 1: along y
        amount = np.take_along_axis(over, axis[:, :, None], axis=2)[:, :, 0] + 1
        side = np.take_along_axis(delta, axis[:, :, None], axis=2)[:, :, 0]
        tie = np.arange(len(ids))[None, :] > np.arange(len(ids))[:, None]
        direction = np.where(side > 0, 1.0, np.where(side < 0, -1.0, np.where(tie, 1.0, -1.0)))
        # each node of a clashing pair moves away by its share: half when both may move
        share = free[None, :] / np.maximum(free[None, :] + free[:, None], 1)
        push = np.where(clash, amount * direction * share, 0.0)  # [a, b]: b's move from a
        move = np.zeros_like(xy)
        for ax in (0, 1):
            on_axis = push * (axis == ax)
            move[:, ax] = on_axis.sum(axis=0) / np.maximum((clash & (axis == ax)).sum(axis=0), 1)
        xy += move
    return {i: (round(float(x), 1), round(float(y), 1)) for i, (x, y) in zip(ids, xy,
                                                                              strict=True)}


def positions(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge],
              focus: str, keep: Mapping[str, tuple[float, float]] | None = None
              ) -> dict[str, tuple[float, float]]:
    """Where each node is drawn: laid out (or grown from ``keep``), then decluttered; the
    focus, or what was drawn before, stays put."""
    shapes = {t: s for t, (_c, s) in CLASS_STYLES.items()}
    boxes = {n.iri: label_box(n.label, shapes.get(n.type, "dot")) for n in nodes}
    placed = _layout(nodes, edges, focus, keep)
    fixed = set(keep or ()) if keep and any(n in keep for n in placed) else {focus}
    inside = {n.iri for n in nodes if shapes.get(n.type, "dot") in LABEL_INSIDE}
    return _declutter(placed, boxes, set(placed) - fixed, inside)


def _layout(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge],
            focus: str, keep: Mapping[str, tuple[float, float]] | None = None
            ) -> dict[str, tuple[float, float]]:
    """The spring layout, scaled to canvas pixels around the focus (or the middle)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(n.iri for n in nodes))
    g.add_edges_from(sorted((e.source, e.target) for e in edges
                            if e.source != e.target))
    if len(g) == 0:
        return {}
    if keep and any(n in keep for n in g):
        return _grown(g, keep)
    if len(g) == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    k = 1.6 / math.sqrt(len(g))
    fixed = [focus] if focus in g else None
    start = {focus: (0.0, 0.0)} if fixed else None
    # the layout costs iterations x nodes^2: big views take fewer rounds (they look the
    # same), and a seed keeps positions stable between reruns
    rounds = max(20, min(120, 6000 // len(g)))
    raw = nx.spring_layout(g, seed=7, k=k, iterations=rounds, pos=start, fixed=fixed)
    scale = 110 + 38 * math.sqrt(len(g))
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    if fixed:
        cx, cy = float(raw[focus][0]), float(raw[focus][1])
    return {iri: (round((float(p[0]) - cx) / span * 2 * scale, 1),
                  round((float(p[1]) - cy) / span * 2 * scale, 1)) for iri, p in raw.items()}
