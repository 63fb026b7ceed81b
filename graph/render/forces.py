"""A force layout of a view's skeleton (the nodes left once the leaves of hubs are taken
out), where every node is a disc of its own size: a hub's disc can hold the rings its
leaves will take, so the rest of the picture keeps clear of them.

Fruchterman–Reingold forces between the discs' rims (attraction along links, repulsion
between every pair, a little gravity so parts not linked stay near), a seeded start and a
cooling step. A round costs nodes², on the skeleton only: a hub's view keeps few nodes
here, and a big skeleton gets fewer rounds.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

_WORK = 300_000
"""Pairs of nodes looked at over all rounds (rounds shrink as nodes grow), within
:data:`_ROUNDS`."""
_ROUNDS = (20, 80)
_GRAVITY = 0.05
_PUSH = 2.0
"""Repulsion against attraction: twice the textbook's, so linked clusters do not crowd."""


def rounds_for(n: int) -> int:
    """Rounds for a skeleton of ``n`` nodes: many for a few nodes, fewer for many."""
    return max(_ROUNDS[0], min(_ROUNDS[1], _WORK // max(n * n, 1)))


def spread(room: Array, links: npt.NDArray[np.intp], fixed: npt.NDArray[np.bool_],
           gap: float, seed: int = 7) -> Array:
    """Positions (n x 2) of ``n`` discs of radius ``room``, linked by ``links`` (index
    pairs), the ``fixed`` ones held at the origin; ``gap`` is the rim-to-rim distance a link
    settles at. The same input gives the same positions.

    >>> xy = spread(np.array([10.0, 10.0]), np.array([[0, 1]]), np.array([True, False]), 30.0)
    >>> xy[0].tolist(), 40 < float(np.hypot(*xy[1])) < 80
    ([0.0, 0.0], True)
    """
    n = len(room)
    rng = np.random.default_rng(seed)
    reach = math.sqrt(float(np.sum((2 * room + gap) ** 2)))
    angle = rng.uniform(0, 2 * math.pi, n)
    radius = reach * np.sqrt(rng.uniform(0.05, 1.0, n)) / 2
    z = radius * np.exp(1j * angle)  # a position as a complex number: x + iy
    z[fixed] = 0.0
    if n >= 2:
        z = _cool(z, room, links, ~fixed, gap, reach)
    return np.stack([z.real, z.imag], axis=1)


def _cool(z: npt.NDArray[np.complex128], room: Array, links: npt.NDArray[np.intp],
          free: npt.NDArray[np.bool_], gap: float, reach: float
          ) -> npt.NDArray[np.complex128]:
    """The rounds of forces, each moving a node at most as far as the cooling heat allows."""
    n = len(z)
    rims = room[:, None] + room[None, :]
    a, b = links[:, 0], links[:, 1]
    link_rims = room[a] + room[b]
    total = rounds_for(n)
    heat = reach / 4
    for step in range(total):
        delta = z[:, None] - z[None, :]  # [i, j] = i - j
        dist = np.abs(delta) + 1e-9
        push = (_PUSH * gap * gap) / (np.maximum(dist - rims, gap * 0.05) * dist)
        np.fill_diagonal(push, 0.0)
        force = (push * delta).sum(axis=1) - z * (_GRAVITY * gap / reach)
        if len(a):
            along = z[a] - z[b]
            length = np.abs(along) + 1e-9
            stretch = np.maximum(length - link_rims, 0.0)
            pull = along * (stretch * stretch / (gap * length))
            force += (np.bincount(b, pull.real, n) - np.bincount(a, pull.real, n)) + 1j * (
                np.bincount(b, pull.imag, n) - np.bincount(a, pull.imag, n))
        size = np.abs(force) + 1e-9
        limit = heat * (1 - step / total)
        z = np.where(free, z + force * (np.minimum(size, limit) / size), z)
    return z
