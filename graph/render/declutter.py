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
_IN_TURN = 40
"""Clashing pairs at most that a round parts one after the other (more: all at once)."""
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
    along the axis of least overlap, until none overlap or the rounds run out.

    Each round finds the clashing pairs at once. Many are moved all at once (each node by
    the mean of its pushes); a few are parted one after the other in the order they lie,
    each from where the pairs before left it, so a stack of labels squeezed together opens
    in one sweep, where moving every pair at once would only spread it from its ends.

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
        centre = xy + lower
        over = half[a] + half[b] - np.abs(centre[b] - centre[a])
        clash = (over > 0).all(axis=1)
        if not clash.any():
            break
        before = xy.copy()
        if int(clash.sum()) > _IN_TURN:
            _push_all(xy, free, a[clash], b[clash], over[clash], (centre[b] - centre[a])[clash])
        else:
            _part(xy, lower, half, free, a[clash], b[clash])
        travelled += float(np.abs(xy - before).max())
    return {i: (round(float(x), 1), round(float(y), 1)) for i, (x, y) in zip(ids, xy,
                                                                              strict=True)}


def _push_all(xy: npt.NDArray[np.float64], free: npt.NDArray[np.float64],
              first: npt.NDArray[np.intp], second: npt.NDArray[np.intp],
              over: npt.NDArray[np.float64], gap: npt.NDArray[np.float64]) -> None:
    """Part every clashing pair at once, in ``xy``: each node moves by the mean of its
    shares of the overlaps (on each pair's axis of least overlap), plus a pixel."""
    axis = (over[:, 1] < over[:, 0]).astype(np.intp)  # 0: along x, 1: along y
    rows = np.arange(len(first))
    amount = over[rows, axis] + 1
    side = gap[rows, axis]
    direction = np.where(side > 0, 1.0, np.where(side < 0, -1.0,
                                                 np.where(second > first, 1.0, -1.0)))
    both = np.maximum(free[first] + free[second], 1)
    move = np.zeros_like(xy)
    hits = np.zeros_like(xy)
    for node, sign in ((second, 1.0), (first, -1.0)):
        np.add.at(move, (node, axis), sign * direction * amount * free[node] / both)
        np.add.at(hits, (node, axis), 1.0)
    xy += move / np.maximum(hits, 1)


def _part(xy: npt.NDArray[np.float64], lower: npt.NDArray[np.float64],
          half: npt.NDArray[np.float64], free: npt.NDArray[np.float64],
          first: npt.NDArray[np.intp], second: npt.NDArray[np.intp]) -> None:
    """Part each pair (``first[k]``, ``second[k]``) still clashing, in ``xy``, one pair after
    the other in the order they lie (along y, then x): each node moves away by its share of
    the overlap on the axis of least overlap (half when both may move), plus a pixel."""
    centre = xy + lower
    for k in np.lexsort((np.minimum(centre[first, 0], centre[second, 0]),
                         np.minimum(centre[first, 1], centre[second, 1]))):
        i, j = int(first[k]), int(second[k])
        gap = (xy[j] + lower[j]) - (xy[i] + lower[i])
        over = half[i] + half[j] - np.abs(gap)
        if over[0] <= 0 or over[1] <= 0:
            continue  # an earlier move parted them
        ax = 1 if over[1] < over[0] else 0
        side = 1.0 if gap[ax] > 0 or (gap[ax] == 0 and j > i) else -1.0
        both = max(free[i] + free[j], 1.0)
        amount = over[ax] + 1
        xy[i, ax] -= side * amount * free[i] / both
        xy[j, ax] += side * amount * free[j] / both
