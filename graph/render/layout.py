"""Where each node goes: a small view by the spring layout, a bigger one with the leaves of
each hub (nodes linked to it alone) on rings around it and the rest (the skeleton) by a
force layout; then overlapping labels pushed apart.

Up to :data:`_SPRING_MAX` nodes, networkx's spring layout (:mod:`~graph.render.spring`)
spreads the view evenly around the focus: balanced and compact in its frame, and cheap at
that size. Above it, its cost (rounds x nodes²) grows and a hub's hundreds of leaves crowd
around it, so a view gathered around a hub has its leaves placed without forces
(:mod:`~graph.render.rings`), by class, and the force layout (:mod:`~graph.render.forces`)
runs on the few nodes left, the focus fixed in the middle; the focus's leaves wrap around
the skeleton, another hub's keep room beside it. Layout coordinates have x divided by how
much wider than tall the labels are (up to :data:`_STRETCH`), so rings are ellipses on the
canvas. The same input gives the same picture (seeded, sorted; physics is off in the
browser); a picture that grows, whichever layout drew it, keeps what it drew and places
the new nodes on rings around their neighbours (:func:`_grown`), and
:mod:`~graph.render.declutter` pushes apart any labels still overlapping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from graph.render.declutter import declutter
from graph.render.forces import spread
from graph.render.model import GraphEdge, GraphNode
from graph.render.rings import Array, Slot, Taken, around, reach_of
from graph.render.spring import spring
from graph.render.style import CLASS_STYLES, LABEL_INSIDE

__all__ = ["label_box", "positions"]

Links = dict[str, set[str]]
"""Each node's neighbours, links taken both ways."""

_CHAR_WIDTH = 7.6
"""Canvas width of a label character at the nodes' 15 px font, roughly."""
_NODE_ROOM = 44.0
"""A node's shape and the label line under it."""
_ROW_HEIGHT = 56.0
_LABEL_DROP = 14.0
"""How far below its centre a node with its label under it reaches, on the middle."""
_GAP = 8.0
"""Space kept between two nodes' rooms on a ring."""
_STRETCH = 1.3
"""Rings at most this much wider than tall (frames are about as tall as wide)."""
_LINK = 1.15
"""How far apart (rim to rim, in rooms' heights) the force layout sets two linked nodes."""
_SPRING_MAX = 120
"""Views of at most this many nodes get the spring layout (:mod:`~graph.render.spring`):
evenly spread around the focus, cheap at this size; bigger ones leaves on rings."""
_DECLUTTER_MAX = 2000
"""Views larger than this are not decluttered (the pushing would take too long)."""


def label_box(label: str, shape: str = "dot") -> tuple[float, float]:
    """The room a node and its label take on the canvas (width, height), roughly: a label
    under its shape, or inside a box or ellipse (wider, with the shape's padding)."""
    if shape in LABEL_INSIDE:
        return _CHAR_WIDTH * 1.1 * len(label) + 30, _ROW_HEIGHT
    return max(_NODE_ROOM, _CHAR_WIDTH * len(label)), _ROW_HEIGHT


def positions(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge],
              focus: str, keep: Mapping[str, tuple[float, float]] | None = None
              ) -> dict[str, tuple[float, float]]:
    """Where each node is drawn: laid out (or grown from ``keep``), then decluttered; the
    focus, or what was drawn before, stays put."""
    shapes = {t: s for t, (_c, s) in CLASS_STYLES.items()}
    shape_of = {n.iri: shapes.get(n.type, "dot") for n in nodes}
    boxes = {n.iri: label_box(n.label, shape_of[n.iri]) for n in nodes}
    g: Links = {n: set() for n in sorted(boxes)}
    for e in edges:
        if e.source != e.target and e.source in g and e.target in g:
            g[e.source].add(e.target)
            g[e.target].add(e.source)
    order = {n.iri: (n.type, n.label.casefold(), n.iri) for n in nodes}
    aspect = _aspect(boxes.values())
    if keep and any(n in keep for n in g):
        placed, fixed = _grown(g, keep, boxes, order, aspect), set(keep)
    elif len(g) <= _SPRING_MAX:
        placed, fixed = spring(g, focus), {focus}
    else:
        placed, fixed = _layout(g, focus, boxes, order, aspect), {focus}
    if len(placed) > _DECLUTTER_MAX:
        return placed
    drops = [(i, 0.0 if s in LABEL_INSIDE else _LABEL_DROP) for i, s in shape_of.items()]
    spaced = {i: (w + _GAP, h) for i, (w, h) in boxes.items()}  # labels on a line: a space
    return declutter(placed, spaced, set(placed) - fixed, drops)


def _aspect(boxes: Iterable[tuple[float, float]]) -> float:
    """How much the layout is stretched along x: as much wider than tall as a typical
    node's room (most labels fit that width), up to :data:`_STRETCH`."""
    widths = [w for w, _h in boxes]
    if not widths:
        return 1.0
    wide = (float(np.percentile(widths, 75)) + _GAP) / (_ROW_HEIGHT + _GAP)
    return min(_STRETCH, max(1.0, wide))


def _slot(boxes: Iterable[tuple[float, float]], aspect: float) -> Slot:
    """A room on a ring that most of these nodes fit (three in four; the declutter moves
    the rest), in layout coordinates (x divided by ``aspect``)."""
    widths = [w for w, _h in boxes] or [_NODE_ROOM]
    return ((float(np.percentile(widths, 75)) + _GAP) / aspect, _ROW_HEIGHT + _GAP)


def _ringed(anchor: tuple[float, float], group: Sequence[str],
            boxes: Mapping[str, tuple[float, float]],
            order: Mapping[str, tuple[str, str, str]], aspect: float, taken: Taken, *,
            toward: float, first: float | None = None) -> dict[str, tuple[float, float]]:
    """``group`` on rings around ``anchor`` (:func:`~graph.render.rings.around`), in class
    order around it from opposite ``toward``, so that each class takes one side."""
    members = sorted(group, key=lambda m: order[m])
    spots = around(anchor, len(members), _slot([boxes[m] for m in members], aspect), taken,
                   toward=toward, first=first)
    return {m: (float(x), float(y)) for m, (x, y) in zip(members, spots, strict=True)}


def _halves(ids: Sequence[str], boxes: Mapping[str, tuple[float, float]],
            aspect: float) -> Array:
    """Half extents of these nodes' rooms in layout coordinates."""
    return np.array([(boxes[i][0] / aspect / 2, boxes[i][1] / 2) for i in ids],
                    dtype=float).reshape(-1, 2)


def _split(g: Links, focus: str) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The skeleton, the leaves of each anchor (nodes but the focus linked to one node
    only, itself not such a leaf), and the nodes linked to none."""
    leaves: dict[str, list[str]] = {}
    alone: list[str] = []
    for n in sorted(g):
        if n == focus:
            continue
        if not g[n]:
            alone.append(n)
        elif len(g[n]) == 1:
            anchor = next(iter(g[n]))
            if len(g[anchor]) > 1 or anchor == focus:
                leaves.setdefault(anchor, []).append(n)
    taken = {m for group in leaves.values() for m in group} | set(alone)
    skeleton = [n for n in sorted(g) if n not in taken]
    if not skeleton and alone:
        skeleton, alone = alone[:1], alone[1:]
    return skeleton, leaves, alone


def _layout(g: Links, focus: str, boxes: Mapping[str, tuple[float, float]],
            order: Mapping[str, tuple[str, str, str]], aspect: float
            ) -> dict[str, tuple[float, float]]:
    """A fresh picture of a big view, in canvas pixels, the focus (or the middle) at the
    origin: the skeleton by forces, then each hub's leaves (most first) on rings around
    it, facing away from its links, then nodes linked to none on rings outside."""
    if len(g) == 0:
        return {}
    slot = _slot(boxes.values(), aspect)
    size = slot[1]
    skeleton, leaves, alone = _split(g, focus)
    index = {n: i for i, n in enumerate(skeleton)}
    halves = _halves(skeleton, boxes, aspect)
    # a hub keeps room for its leaves, but for the focus's: they wrap around the skeleton
    room = np.array([reach_of(len(leaves[n]), slot) if n in leaves and n != focus
                     else float(np.hypot(*halves[i])) for i, n in enumerate(skeleton)])
    links = np.array(sorted((index[a], index[b]) for a in skeleton for b in g[a]
                            if b in index and a < b), dtype=np.intp).reshape(-1, 2)
    fixed = np.array([n == focus for n in skeleton])
    xy = spread(room, links, fixed, gap=size * _LINK)
    if focus not in index:
        xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    placed = {n: (float(x), float(y)) for n, (x, y) in zip(skeleton, xy, strict=True)}
    taken = Taken(xy.copy(), halves)
    middle = (0.0, 0.0)
    for anchor in sorted(leaves, key=lambda a: (-len(leaves[a]), a)):
        ax, ay = placed[anchor]
        linked = [placed[m] for m in sorted(g[anchor]) if m in index]
        mx = sum(x for x, _ in linked) / len(linked) if linked else middle[0]
        my = sum(y for _, y in linked) / len(linked) if linked else middle[1]
        toward = math.atan2(ay - my, ax - mx) if (ax, ay) != (mx, my) else -math.pi / 2
        placed.update(_ringed((ax, ay), leaves[anchor], boxes, order, aspect, taken,
                                toward=toward))
    if alone:
        reach = max(math.hypot(x, y) for x, y in placed.values())
        placed.update(_ringed(middle, alone, boxes, order, aspect, taken, toward=0.0,
                                first=reach + size))
    return {n: (round(x * aspect, 1), round(y, 1)) for n, (x, y) in placed.items()}


def _grown(g: Links, keep: Mapping[str, tuple[float, float]],
           boxes: Mapping[str, tuple[float, float]],
           order: Mapping[str, tuple[str, str, str]], aspect: float
           ) -> dict[str, tuple[float, float]]:
    """Positions for a picture that grew: the nodes drawn before stay exactly where they
    were; the new ones of each neighbour drawn before go on rings around it, in the free
    places nearest to it, facing away from the picture's centre (new nodes with no such
    neighbour: on rings outside the picture)."""
    old = {n: keep[n] for n in sorted(g) if n in keep}
    new = [n for n in sorted(g) if n not in keep]
    placed: dict[str, tuple[float, float]] = dict(old)
    if not new:
        return placed
    size = _ROW_HEIGHT + _GAP
    square = {n: (x / aspect, y) for n, (x, y) in old.items()}
    cx = sum(x for x, _ in square.values()) / len(square)
    cy = sum(y for _, y in square.values()) / len(square)
    taken = Taken(np.array(list(square.values()), dtype=float),
                  _halves(list(square), boxes, aspect))
    around_parent: dict[str, list[str]] = {}
    for n in new:
        parent = next((m for m in sorted(g[n]) if m in old), "")
        around_parent.setdefault(parent, []).append(n)
    reach = max(math.hypot(x - cx, y - cy) for x, y in square.values())
    for parent, children in sorted(around_parent.items()):
        px, py = square.get(parent, (cx, cy))
        facing = math.atan2(py - cy, px - cx) if (px, py) != (cx, cy) else -math.pi / 2
        spots = _ringed((px, py), children, boxes, order, aspect, taken, toward=facing,
                          first=None if parent else reach + size)
        placed.update({n: (round(x * aspect, 1), round(y, 1)) for n, (x, y) in spots.items()})
    return placed
