"""graph/render/ layout: a small view by the spring layout, a bigger one's leaves on rings
around their hub and the skeleton by forces, labels that never overlap, the same picture
for the same input, a picture that grows in place."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pytest

from graph.namespaces import MG
from graph.render import GraphEdge, GraphNode, Rendered, build, label_box
from graph.render.declutter import declutter
from graph.render.rings import Taken, around

HUB = "urn:hub"


def _star(n: int, label: str = "n{i}") -> tuple[list[GraphNode], list[GraphEdge]]:
    nodes = [GraphNode(HUB, "hub", str(MG.Symptom), "symptom")]
    nodes += [GraphNode(f"urn:n{i}", label.format(i=i), str(MG.Drug), "drug")
              for i in range(n)]
    edges = [GraphEdge(f"urn:n{i}", HUB, str(MG.causes), "causes", "+") for i in range(n)]
    return nodes, edges


def _hub_view() -> tuple[list[GraphNode], list[GraphEdge]]:
    """A hub's view as the benchmark gathers one: 240 leaves with labels 3 to 32 characters
    long, in four classes, and 59 neighbours linked in a chain and to a second hub."""
    classes = [MG.Drug, MG.Disease, MG.Therapy, MG.Behaviour]  # a box carries its label inside
    nodes, edges = _star(0)
    for i in range(240):
        label = "x" * (3 + (i * 7) % 30)
        nodes.append(GraphNode(f"urn:leaf{i:03d}", label, str(classes[i % 4]), "c"))
        edges.append(GraphEdge(HUB, f"urn:leaf{i:03d}", "urn:p", "p"))
    for i in range(59):
        nodes.append(GraphNode(f"urn:s{i:02d}", f"linked {i}", str(MG.Symptom), "symptom"))
        edges.append(GraphEdge(HUB, f"urn:s{i:02d}", "urn:p", "p"))
        edges.append(GraphEdge(f"urn:s{i:02d}", "urn:s00" if i % 3 else f"urn:s{i + 1:02d}",
                               "urn:q", "q"))
    return nodes, edges


def _where(r: Rendered) -> dict[str, tuple[float, float]]:
    return {str(n["id"]): (float(n["x"]), float(n["y"])) for n in r.nodes}


def _overlapping(r: Rendered) -> list[tuple[str, str]]:
    """Pairs of drawn nodes whose rooms (shape and label, as ``label_box`` sizes them, a
    label under its shape reaching 14 px lower) overlap."""
    rooms = []
    for n in r.nodes:
        w, h = label_box(str(n["label"]), str(n["shape"]))
        drop = 0.0 if n["shape"] in ("box", "ellipse") else 14.0
        rooms.append((str(n["label"]), float(n["x"]), float(n["y"]) + drop, w, h))
    return [(a[0], b[0]) for a, b in combinations(rooms, 2)
            if abs(a[1] - b[1]) < (a[3] + b[3]) / 2 - 0.5
            and abs(a[2] - b[2]) < (a[4] + b[4]) / 2 - 0.5]


def test_a_small_view_is_spread_by_the_spring_layout() -> None:
    # up to 120 nodes: networkx's spring layout, scaled so the picture's longer side is
    # 2 x (110 + 38 x sqrt(nodes)) px; a hub and 6 leaves: 2 x (110 + 38 x sqrt(7)) = 421 px,
    # the leaves all on one circle around the hub (labels too short to need decluttering)
    r = build(*_star(6), focus=HUB)
    where = _where(r)
    assert where[HUB] == (0.0, 0.0)
    xs, ys = [x for x, _ in where.values()], [y for _, y in where.values()]
    assert round(max(max(xs) - min(xs), max(ys) - min(ys))) == 421
    radii = [math.hypot(*where[f"urn:n{i}"]) for i in range(6)]
    assert max(radii) - min(radii) < 1
    assert not _overlapping(r)


def test_a_view_over_120_nodes_puts_a_hub_s_leaves_on_rings() -> None:
    # labels "n0".."n120" are narrower than a node's least room (44 px): the layout is not
    # stretched, a ring's room is 56 + 8 px (gap) high, the first ring two rooms out (128)
    # and the next ones 1.1 rooms further each (70.4); 120 nodes are still the spring's
    def on_rings(leaves: int) -> bool:
        where = _where(build(*_star(leaves), focus=HUB, max_nodes=300))
        rings = [(math.hypot(*where[f"urn:n{i}"]) - 128) / 70.4 for i in range(leaves)]
        return all(abs(k - round(k)) < 0.01 for k in rings)
    assert not on_rings(119)  # 120 nodes
    assert on_rings(120)  # 121 nodes


def test_a_big_star_s_leaves_are_grouped_by_class_around_the_hub() -> None:
    # 65 drugs and 65 diseases on rings: each class takes one side, so going round the hub
    # the class changes exactly twice
    nodes, edges = _star(130)
    nodes = [nodes[0]] + [GraphNode(n.iri, n.label, str(MG.Disease if i % 2 else MG.Drug), "")
                          for i, n in enumerate(nodes[1:])]
    where = _where(build(nodes, edges, focus=HUB, max_nodes=300))
    kind = {n.iri: n.type for n in nodes}
    around_hub = sorted(where, key=lambda i: math.atan2(where[i][1], where[i][0]))
    ring = [kind[i] for i in around_hub if i != HUB]
    assert sum(a != b for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) == 2


def test_no_two_rooms_overlap_in_a_300_node_hub_view() -> None:
    r = build(*_hub_view(), focus=HUB, max_nodes=300)
    assert r.shown == 300
    assert _where(r)[HUB] == (0.0, 0.0)
    assert _overlapping(r) == []


@pytest.mark.parametrize("drawn", [60, 300])  # spring, rings
def test_the_same_view_gives_the_same_picture_whatever_the_order(drawn: int) -> None:
    nodes, edges = _hub_view()
    first = _where(build(nodes, edges, focus=HUB, max_nodes=drawn))
    again = _where(build(list(reversed(nodes)), list(reversed(edges)), focus=HUB,
                         max_nodes=drawn))
    assert first == again


def test_the_focus_sits_in_the_middle_of_its_view() -> None:
    where = _where(build(*_hub_view(), focus=HUB, max_nodes=300))
    xs = [x for x, _ in where.values()]
    ys = [y for _, y in where.values()]
    # the bounding box's middle is within a tenth of its size of the focus (at 0, 0)
    assert abs(max(xs) + min(xs)) / 2 < (max(xs) - min(xs)) / 10
    assert abs(max(ys) + min(ys)) / 2 < (max(ys) - min(ys)) / 10


def test_a_view_that_grows_keeps_every_node_drawn_and_places_the_new_clear() -> None:
    nodes, edges = _hub_view()
    small = build(nodes, edges, focus=HUB, max_nodes=60)  # by the spring layout
    grown = build(nodes, edges, focus=HUB, max_nodes=300, keep=small.positions())
    before, after = small.positions(), grown.positions()
    assert {k: after[k] for k in before} == before
    assert len(after) == 300
    assert _overlapping(grown) == []


def test_a_ring_skips_the_places_already_taken() -> None:
    # an obstacle 20 to the right of the anchor, 10 x 10 like the rooms placed: the four
    # places on the first ring (radius 2 x 10) avoid it
    taken = Taken()
    taken.add(np.array([[20.0, 0.0]]), np.array([[5.0, 5.0]]))
    places = around((0.0, 0.0), 4, (10.0, 10.0), taken)
    assert len(places) == 4
    assert all(abs(x - 20) >= 10 or abs(y) >= 10 for x, y in places)
    assert len(taken.centres) == 5  # the places are taken now


def test_declutter_moves_only_what_may_move() -> None:
    # two 40 x 20 rooms 10 apart: they overlap by 30 across, 20 down; "b" moves 21 down
    # (the smaller overlap, plus a pixel), "a" stays
    moved = declutter({"a": (0.0, 0.0), "b": (10.0, 0.0)},
                      {"a": (40.0, 20.0), "b": (40.0, 20.0)}, {"b"})
    assert moved == {"a": (0.0, 0.0), "b": (10.0, 21.0)}
