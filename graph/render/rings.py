"""Nodes placed around their anchor on rings, without forces: the leaves of a hub (the
nodes linked to it alone) and the nodes a growing picture adds around a node drawn before.

Coordinates here are the layout's own: x divided by a stretch, so that rings are circles
here and ellipses on the canvas, wider as labels are. A node's room is a ``slot`` (width,
height). Slots on a ring are spaced so that neighbours' rooms do not overlap (as near as
the rooms allow along the ring's direction there); a slot whose room would overlap a node
already placed is skipped; each ring is turned to lose the fewest slots, and a slot right
behind a node nearer the anchor is skipped too (its link would seem to run through it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
Slot = tuple[float, float]

_TURNS = 4
"""Angles tried for each ring (fractions of a slot)."""
_GOLDEN = (math.sqrt(5) - 1) / 2
_SHAPE = 18.0
"""How near a link may pass a node's centre without seeming to run through it."""
_CLEAR = 0.2
"""Slots behind nearer nodes are left while at least this share of a ring's free slots
is clear of them; a ring more crowded than that is packed."""
_SPACING = 1.1
"""Rings a little more than a room apart, so a ring can sit staggered on the one inside."""


@dataclass
class Taken:
    """The rooms already placed: centres and half extents."""

    centres: Array = field(default_factory=lambda: np.zeros((0, 2)))
    halves: Array = field(default_factory=lambda: np.zeros((0, 2)))

    def add(self, centres: Array, halves: Array) -> None:
        """Mark more rooms as taken."""
        self.centres = np.vstack([self.centres, centres])
        self.halves = np.vstack([self.halves, halves])


def _step(radius: float, slot: Slot, at: float) -> float:
    """The angle from a slot at ``at`` to the next whose rooms just touch: their chord must
    clear the room's width or its height, whichever is nearer along the chord (found at
    the chord's middle, then checked at its ends and widened if short)."""
    mid = at
    step = 0.0
    for _ in range(2):  # the chord's direction is the one at its middle
        s, c = abs(math.sin(mid)), abs(math.cos(mid))
        chord = min(slot[0] / s if s > 1e-9 else math.inf, slot[1] / c if c > 1e-9 else math.inf)
        step = 2 * math.asin(min(1.0, chord * 1.01 / (2 * radius)))
        mid = at + step / 2
    dx = abs(math.cos(at + step) - math.cos(at)) * radius / slot[0]
    dy = abs(math.sin(at + step) - math.sin(at)) * radius / slot[1]
    cleared = max(dx, dy)
    return step / cleared if 0 < cleared < 1 else step


def _ring(radius: float, slot: Slot, start: float) -> Array:
    """Angles of the slots on one ring from ``start``, as many as fit, each step measured
    where it is taken; the slack left after the last one is shared out so they are even."""
    offsets: list[float] = []
    total = 0.0
    while True:  # a slot is kept when the step after it still fits before the first
        step = _step(radius, slot, start + total)
        if offsets and total + step > 2 * math.pi:
            break
        offsets.append(total)
        total += step
    return start + np.array(offsets) * (2 * math.pi / total)


def _free(points: Array, halves: Array, near: Taken) -> npt.NDArray[np.bool_]:
    """Which slots' rooms (``halves``, half extents) overlap none of the ``near`` ones."""
    if len(near.centres) == 0:
        return np.ones(len(points), dtype=bool)
    gap = np.abs(points[:, None, :] - near.centres[None, :, :])
    room = halves[:, None, :] + near.halves[None, :, :]
    clash: npt.NDArray[np.bool_] = np.any(np.all(gap < room - 0.5, axis=2), axis=1)
    return ~clash


def _behind(points: Array, anchor: Array, inner: Array) -> npt.NDArray[np.bool_]:
    """Which slots lie right behind a node nearer the anchor: the link from the anchor would
    run through that node's shape and read as a chain through it."""
    if len(inner) == 0:
        return np.zeros(len(points), dtype=bool)
    v = points - anchor  # the link
    u = inner - anchor
    length2 = np.einsum("ij,ij->i", v, v)[:, None]
    along = (v @ u.T) / length2  # where each node falls along each link, 0 to 1
    across = np.abs(v[:, :1] * u[None, :, 1] - v[:, 1:] * u[None, :, 0]) / np.sqrt(length2)
    hit: npt.NDArray[np.bool_] = np.any((along > 0) & (along < 1) & (across < _SHAPE), axis=1)
    return hit


def reach_of(count: int, slot: Slot) -> float:
    """How far from its anchor the rooms of ``count`` nodes reach, on rings with nothing in
    the way, roughly (by area: rings of wide rooms lose slots on their sides): the room a
    force layout keeps around a hub for its leaves.

    >>> round(reach_of(227, (64.0, 64.0)))
    630
    """
    if count <= 0:
        return 0.0
    density = 0.95 * (slot[1] / slot[0]) ** 0.85
    hole = 1.5 * slot[1]  # inside the first ring
    return math.sqrt(count * slot[0] * slot[1] / (math.pi * density) + hole * hole) + slot[1]


def around(anchor: tuple[float, float], count: int, slot: Slot, taken: Taken, *,
           toward: float = 0.0, first: float | None = None) -> Array:
    """Places for ``count`` rooms of size ``slot`` around ``anchor``, on rings a room's
    height apart from ``first`` (two rooms' height away by default, so links meet the
    anchor in the clear): nearest rings first and, on a ring not filled, nearest ``toward``
    (an angle); the places are marked taken. Returned in the order of a sweep around the
    anchor starting opposite ``toward``, so nodes in order sit side by side.

    >>> places = around((0.0, 0.0), 4, (10.0, 10.0), Taken())
    >>> sorted({round(float(np.hypot(*p)), 6) for p in places})
    [20.0]
    """
    if count <= 0:
        return np.zeros((0, 2))
    ax, ay = anchor
    half = (slot[0] / 2, slot[1] / 2)
    radius = first if first is not None else 2 * slot[1]
    corner = math.hypot(*half)
    # how far each node placed is from the anchor, and how far its room reaches
    far = np.hypot(taken.centres[:, 0] - ax, taken.centres[:, 1] - ay)
    reach = np.hypot(taken.halves[:, 0], taken.halves[:, 1]) + corner
    chosen: list[tuple[float, float, float]] = []  # (sweep angle, x, y)
    ring, packed = 0, False
    while len(chosen) < count:  # a ring beyond everything placed is free: this ends
        near = Taken(*(x[np.abs(far - radius) < reach] for x in (taken.centres, taken.halves)))
        # every turn at once: the one whose slots lose least to what is there; the first
        # tried steps on by the golden ratio ring after ring, so rings with nothing in the
        # way do not line up behind one another (a link would look like a chain)
        pattern = _ring(radius, slot, toward)
        shift = (ring * _GOLDEN + np.arange(_TURNS)[:, None] / _TURNS) % 1
        turns = pattern[None, :] + shift * (2 * math.pi / len(pattern))
        flat = np.stack([ax + radius * np.cos(turns), ay + radius * np.sin(turns)],
                        axis=2).reshape(-1, 2)
        free = _free(flat, np.full_like(flat, half), near).reshape(_TURNS, -1)
        # slots behind nearer nodes are left while enough are clear (a light picture); a
        # crowded ring cannot keep clear of them and is packed, and so are the rings
        # outside it, which have more nodes in front of them
        clear = free & ~_behind(flat, np.array(anchor), taken.centres[
            (far > 1e-6) & (far < radius)]).reshape(_TURNS, -1) if not packed else free
        best = int(np.argmax(clear.sum(axis=1) * (len(pattern) + 1) + free.sum(axis=1)))
        angles, free, clear = turns[best], free[best], clear[best]
        if clear.any() and clear.sum() >= _CLEAR * free.sum():
            free = clear
        else:
            packed = True
        # on a ring not filled, the slots nearest ``toward`` first
        off = np.angle(np.exp(1j * (angles - toward)))
        added: list[tuple[float, float]] = []
        for i in np.lexsort((off, np.abs(off))):
            if len(chosen) >= count:
                break
            x, y = ax + radius * math.cos(angles[i]), ay + radius * math.sin(angles[i])
            # the turn moved the slots a little off their steps: a neighbour may now touch
            if not free[i] or any(abs(x - ox) < slot[0] - 0.5 and abs(y - oy) < slot[1] - 0.5
                                  for ox, oy in added):
                continue
            chosen.append((float(np.mod(off[i] + math.pi, 2 * math.pi)), x, y))
            added.append((x, y))
        if added:
            taken.add(np.array(added), np.full((len(added), 2), half))
            far = np.concatenate([far, np.full(len(added), radius)])
            reach = np.concatenate([reach, np.full(len(added), 2 * corner)])
        radius += slot[1] * _SPACING
        ring += 1
    chosen.sort()
    return np.array([(x, y) for _s, x, y in chosen], dtype=float).reshape(-1, 2)
