"""Degrees like Hetionet's, redrawn from its summary statistics (``metagraph.json``).

Each metaedge side is summarised by how many nodes have such links, their degree sum, the
smallest degree, a dozen percentiles and the 20 largest degrees. :func:`degree_sequence`
rebuilds a degree sequence through those points; :func:`assign` hands each kind's columns
to its nodes, hubs of one metaedge tending to be hubs of another as much as in Hetionet
(one rank correlation per kind), nodes without links in Hetionet's count keeping none.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["assign", "degree_sequence"]


def _knots(summary: dict[str, Any], body: int, k: int) -> list[tuple[float, float]]:
    """(position in the ranking from 0 to 1, degree) through which the body is drawn."""
    last = body / (k - 1)  # the position of the smallest of the top degrees
    knots = [(0.0, float(summary["min"]))]
    for key, value in summary["quantiles"].items():
        at = round(float(key[1:]) / 100 * (k - 1)) / (k - 1)  # the rank it was taken at
        if knots[-1][0] < at < last:
            knots.append((at, float(value)))
    return [*knots, (last, float(summary["top"][-1]))]


Segment = list[tuple[float, float, float]]
"""The body's positions between two knots: (lower knot's degree, upper's, where between)."""


def _segments(knots: list[tuple[float, float]], body: int, k: int) -> list[Segment]:
    """The body's positions, ascending, cut into the segments between knots."""
    out: list[Segment] = [[] for _ in knots[1:]]
    j = 0
    for i in range(body):
        f = i / (k - 1)
        while j + 2 < len(knots) and knots[j + 1][0] <= f:
            j += 1
        (fa, va), (fb, vb) = knots[j], knots[j + 1]
        out[j].append((va, vb, (f - fa) / (fb - fa) if fb > fa else 0.0))
    return out


def _value(va: float, vb: float, t: float, power: float) -> float:
    """A power mean of two knots' degrees (``power`` 1: a straight line between them; 0:
    geometric; below 0, more bent toward the lower)."""
    if va == vb:
        return va
    if power == 0:
        return float(va * (vb / va) ** t)
    return float(((1 - t) * va ** power + t * vb ** power) ** (1 / power))


def _sum(segments: list[Segment], power: float) -> float:
    """About the body's sum for ``power``: each segment from up to 64 of its positions."""
    total = 0.0
    for segment in segments:
        step = max(1, len(segment) // 64)
        sample = segment[::step]
        if sample:
            total += (sum(_value(va, vb, t, power) for va, vb, t in sample)
                      * len(segment) / len(sample))
    return total


def degree_sequence(summary: dict[str, Any]) -> list[int]:
    """A side's nonzero degrees, ascending: the top ones as they are, the others through the
    percentiles, bent (one power for the side) so that the sum is the real sum, rounded
    keeping the sum."""
    k, top = summary["nodes"], sorted(summary["top"])
    body = k - len(top)
    if body <= 0:
        return top
    segments = _segments(_knots(summary, body, k), body, k)
    want = summary["sum"] - sum(top)
    lo, hi = -16.0, 1.0
    for _ in range(24):  # the sum grows with the power (the power mean inequality)
        mid = (lo + hi) / 2
        if _sum(segments, mid) < want:
            lo = mid
        else:
            hi = mid
    power = (lo + hi) / 2
    out: list[int] = []
    acc = 0.0
    for segment in segments:  # systematic rounding: integers stay, the running sum is kept
        for va, vb, t in segment:
            v = _value(va, vb, t, power)
            out.append(math.floor(acc + v + 0.5) - math.floor(acc + 0.5))
            acc += v
    return sorted(out) + top


def _spread_to_leftovers(columns: dict[str, list[int]], linked: list[int],
                         rng: random.Random) -> None:
    """Give each linked node left without any link the smallest degree of a column, taken
    from a node that keeps links in another column (the sequences are unchanged)."""
    count = {i: sum(1 for c in columns.values() if c[i]) for i in linked}
    leftovers = [i for i in linked if not count[i]]
    if not leftovers:
        return
    names = list(columns)
    ascending = {c: sorted((i for i in linked if columns[c][i]), key=lambda i: columns[c][i])
                 for c in names}
    at = dict.fromkeys(names, 0)
    for x in leftovers:
        for c in rng.sample(names, len(names)):
            order = ascending[c]
            while at[c] < len(order) and count[order[at[c]]] < 2:
                at[c] += 1
            if at[c] < len(order):
                y = order[at[c]]
                at[c] += 1
                columns[c][x], columns[c][y] = columns[c][y], 0
                count[x], count[y] = 1, count[y] - 1
                break


def assign(n: int, unconnected: int, correlation: float,
           sequences: Mapping[str, Sequence[int]], rng: random.Random) -> dict[str, list[int]]:
    """Each degree column of a kind of ``n`` nodes: ``unconnected`` nodes get no link; on
    the others, a column's degrees go in descending order to the nodes ranked by a score
    that shares ``correlation`` of its variance with the node's activity in every column
    (a Gaussian copula)."""
    rows = list(range(n))
    cut = set(rng.sample(rows, unconnected))
    linked = [i for i in rows if i not in cut]
    activity = [rng.gauss(0.0, 1.0) for _ in rows]
    share = min(1.0, max(0.0, correlation))
    columns: dict[str, list[int]] = {}
    for column, sequence in sequences.items():
        score = {i: math.sqrt(share) * activity[i] + math.sqrt(1 - share) * rng.gauss(0.0, 1.0)
                 for i in linked}
        ranked = sorted(linked, key=lambda i: -score[i])
        values = [0] * n
        for i, d in zip(ranked, sorted(sequence, reverse=True), strict=False):
            values[i] = d
        columns[column] = values
    _spread_to_leftovers(columns, linked, rng)
    return columns
