"""The network picture: pyvis data, networkx positions, our own offline page.

Pure (no Streamlit): interfaces call :func:`build` with nodes and edges and get back a
:class:`Rendered` network whose :meth:`Rendered.payload` feeds the app's component and
whose :func:`to_html` is a standalone page. Design points:

- pyvis builds the node and edge records (directed); positions come from a seeded
  networkx spring layout, so the same input gives the same picture (no jumping), and
  physics is off.
- Nothing from the data is ever parsed as HTML. Labels are drawn on a canvas by
  vis-network; tooltips are built in the browser with ``textContent``; and the JSON that
  carries them escapes ``<``, ``>``, ``&`` and quotes, so a label such as
  ``<img src=x onerror=alert(1)>`` shows as text and never appears raw in the page.
  (pyvis's own template turns a title containing "href" into live HTML: we never use it.)
- Colours are the Okabe–Ito palette, which stays distinct for colour-blind readers; our
  classes get fixed colours and shapes, any other class gets the next (colour, shape)
  pair in order, so colour is never the only cue. Edges are coloured and dashed by
  effect sign (+ increases, − decreases, ? unsigned).
- vis-network is inlined from the pyvis wheel: the page makes no request.
- The browser code is in files, package data under ``graph/assets/``: ``draw.js`` (shared
  with the app's network component) and the standalone page's ``page.html``,
  ``page.css`` and ``page.js``, read once with :mod:`importlib.resources`.

>>> r = build([GraphNode("urn:a", "a", "urn:T", "T"), GraphNode("urn:b", "b", "urn:T", "T")],
...           [GraphEdge("urn:a", "urn:b", "urn:p", "p", "+")])
>>> r.shown, r.hidden, [e.label for e in r.legend]
(2, 0, ['T'])
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyvis.network import Network

from graph.namespaces import MG

__all__ = [
    "CLASS_STYLES",
    "EDGE_STYLES",
    "OKABE_ITO",
    "GraphEdge",
    "GraphNode",
    "LegendEntry",
    "Rendered",
    "build",
    "draw_js",
    "legend_rows",
    "safe_json",
    "to_html",
    "vis_network_js",
]

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#999999",  # grey
)
"""Okabe & Ito (2008), a palette that colour-blind readers can tell apart."""

_SHAPES: tuple[str, ...] = ("dot", "diamond", "square", "triangle", "triangleDown", "star",
                            "hexagon")
"""vis-network shapes that draw the label below the shape (always readable)."""

CLASS_STYLES: dict[str, tuple[str, str]] = {
    str(MG.Symptom): ("#D55E00", "dot"),
    str(MG.Disease): ("#CC79A7", "diamond"),
    str(MG.Drug): ("#0072B2", "square"),
    str(MG.DrugClass): ("#56B4E9", "triangle"),
    str(MG.Procedure): ("#F0E442", "triangleDown"),
    str(MG.Therapy): ("#009E73", "star"),
    str(MG.ChemicalEntity): ("#E69F00", "hexagon"),
    str(MG.Behaviour): ("#999999", "box"),
    str(MG.BiologicalProcess): ("#000000", "ellipse"),
}
"""Fixed (colour, shape) for the curated classes, every one its own shape (a box and an
ellipse carry their label inside); other classes get the palette in order."""
_LABEL_INSIDE = {"box", "ellipse"}

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "+": {"label": "increases / causes (+)", "color": "#D55E00", "dashes": False},
    "-": {"label": "decreases / prevents / treats (−)", "color": "#0072B2",
          "dashes": [10, 6]},
    "?": {"label": "unsigned (?)", "color": "#6b6b6b", "dashes": [2, 5]},
    "": {"label": "other link (not causal)", "color": "#CC79A7", "dashes": False},
}
"""Edge colour and dash by effect sign ("" for a link that carries no sign)."""

_UNTYPED = ("#999999", "text")
_SIGN_ORDER = {"+": 0, "-": 1, "?": 2, "": 3}
_FADED = 0.25
_RING = 90.0
_CHAR_WIDTH = 7.6
"""Canvas width of a label character at the nodes' 15 px font, roughly."""
_NODE_ROOM = 44.0
_ROW_HEIGHT = 56.0
_LABEL_DROP = 14.0
"""How far below its centre a node with its label under it reaches, on the middle."""
"""A node's shape and the label line under it."""
_DECLUTTER_MAX = 120
_DECLUTTER_ROUNDS = 60
"""Distance from its neighbour at which a node added to a drawn picture starts."""


@dataclass(frozen=True)
class GraphNode:
    """A node to draw: its IRI, label and class (IRI or CURIE; "" for none)."""

    iri: str
    label: str
    type: str = ""
    type_label: str = ""


@dataclass(frozen=True)
class GraphEdge:
    """A directed link to draw; ``sign`` is "+", "-", "?" or "" (not causal)."""

    source: str
    target: str
    relation: str
    relation_label: str
    sign: str = ""


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend: a class (or an edge sign) and how it is drawn."""

    key: str
    label: str
    colour: str
    shape: str
    count: int = 0
    dashes: bool = False


@dataclass
class Rendered:
    """A network ready to draw, with its legend and what the cap left out."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[LegendEntry]
    edge_legend: list[LegendEntry]
    hidden: int
    options: dict[str, Any]
    height: int
    selected: str = ""

    @property
    def shown(self) -> int:
        """Nodes drawn."""
        return len(self.nodes)

    def note(self) -> str:
        """"12 more not shown" (empty when nothing was left out)."""
        return f"{self.hidden} more not shown" if self.hidden else ""

    def positions(self) -> dict[str, tuple[float, float]]:
        """Where each drawn node is (to keep a picture steady as it grows)."""
        return {str(n["id"]): (float(n["x"]), float(n["y"])) for n in self.nodes}

    def payload(self) -> dict[str, Any]:
        """The JSON-ready data the browser side draws (see :func:`draw_js`)."""
        return {"nodes": self.nodes, "edges": self.edges, "options": self.options,
                "height": self.height, "selected": self.selected, "note": self.note()}


def safe_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` or attribute: no raw ``<``, ``>``, ``&``.

    >>> safe_json({"label": "<img src=x onerror=alert(1)>"})
    '{"label": "\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("'", "\\u0027"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _styles(types: Iterable[str], fixed: dict[str, tuple[str, str]]) -> dict[str, tuple[str,
                                                                                      str]]:
    """A (colour, shape) per class: fixed ones first, the others in sorted order."""
    styles: dict[str, tuple[str, str]] = {}
    used = set(fixed.values())
    n = 0
    for t in sorted(set(types)):
        if not t:
            styles[t] = _UNTYPED
        elif t in fixed:
            styles[t] = fixed[t]
        else:
            while True:
                pair = (OKABE_ITO[n % len(OKABE_ITO)], _SHAPES[(n // len(OKABE_ITO) + n)
                                                              % len(_SHAPES)])
                n += 1
                if pair not in used or n > 200:
                    break
            used.add(pair)
            styles[t] = pair
    return styles


def _keep(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge], first: Sequence[str],
          max_nodes: int) -> list[GraphNode]:
    """The nodes to draw under the cap: ``first`` ones, then by degree, then label."""
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    rank = {iri: i for i, iri in enumerate(first)}
    ordered = sorted(nodes, key=lambda n: (rank.get(n.iri, len(rank)), -degree.get(n.iri, 0),
                                           n.label.casefold(), n.iri))
    return ordered[:max_nodes]


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
    if shape in _LABEL_INSIDE:
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


def _positions(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge],
               focus: str, keep: Mapping[str, tuple[float, float]] | None = None
               ) -> dict[str, tuple[float, float]]:
    shapes = {t: s for t, (_c, s) in CLASS_STYLES.items()}
    boxes = {n.iri: label_box(n.label, shapes.get(n.type, "dot")) for n in nodes}
    placed = _layout(nodes, edges, focus, keep)
    fixed = set(keep or ()) if keep and any(n in keep for n in placed) else {focus}
    inside = {n.iri for n in nodes if shapes.get(n.type, "dot") in _LABEL_INSIDE}
    return _declutter(placed, boxes, set(placed) - fixed, inside)


def _layout(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge],
            focus: str, keep: Mapping[str, tuple[float, float]] | None = None
            ) -> dict[str, tuple[float, float]]:
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
    # the layout costs iterations x nodes^2: fewer rounds for big views keep a 300-node view
    # near 70 ms (20 rounds; 30 took 100 ms and looked the same), and a seed keeps positions
    # stable between reruns
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


def _node_font(colour: str, shape: str, strong: bool) -> dict[str, Any]:
    """A label below its shape is dark on a white halo; one inside a box or ellipse takes
    the colour that reads on the fill (white on black)."""
    if shape in _LABEL_INSIDE:
        dark_fill = colour.lower() in ("#000000", "#0072b2")
        return {"color": ("#ffffff" if dark_fill else "#111111") if strong else "#9a9a9a",
                "size": 15}
    return {"color": "#111111" if strong else "#9a9a9a", "size": 15, "strokeWidth": 3,
            "strokeColor": "#ffffff"}


def build(
    nodes: Sequence[GraphNode],
    edges: Sequence[GraphEdge],
    *,
    focus: str = "",
    selected: str = "",
    highlight_nodes: Iterable[str] = (),
    highlight_edges: Iterable[tuple[str, str, str]] = (),
    max_nodes: int = 60,
    height: int = 520,
    class_styles: dict[str, tuple[str, str]] | None = None,
    keep: Mapping[str, tuple[float, float]] | None = None,
) -> Rendered:
    """Lay out and style a network.

    Parameters
    ----------
    nodes, edges
        What to draw; edges whose ends are not both drawn are dropped.
    focus
        The node placed at the centre (kept under the cap).
    selected
        The node shown as selected.
    highlight_nodes, highlight_edges
        When given (a route), these are drawn strong and everything else faded; edges as
        (source, relation, target).
    max_nodes
        Cap on drawn nodes; the rest are counted in ``hidden``.
    height
        Pixel height of the drawing area.
    class_styles
        (colour, shape) by class, overriding :data:`CLASS_STYLES`.
    keep
        Positions of a picture drawn before (``Rendered.positions()``): its nodes stay where
        they were and new ones are placed around their neighbours (expanding a node).

    Returns
    -------
    Rendered

    >>> nodes = [GraphNode(f"urn:n{i}", f"n{i}") for i in range(5)]
    >>> build(nodes, [], max_nodes=3).note()
    '2 more not shown'
    """
    unique: dict[str, GraphNode] = {}
    for n in nodes:
        unique.setdefault(n.iri, n)
    hl_nodes = set(highlight_nodes)
    hl_edges = set(highlight_edges)
    first = [x for x in (focus, selected) if x] + sorted(hl_nodes)
    kept = _keep(list(unique.values()), edges, first, max(1, max_nodes))
    kept_ids = {n.iri for n in kept}
    drawn_edges: list[GraphEdge] = []
    seen_edges: set[tuple[str, str, str]] = set()
    for e in sorted(edges, key=lambda e: (e.source, e.relation, e.target)):
        key = (e.source, e.relation, e.target)
        if e.source in kept_ids and e.target in kept_ids and key not in seen_edges:
            seen_edges.add(key)
            drawn_edges.append(e)
    positions = _positions(kept, drawn_edges, focus, keep)
    styles = _styles((n.type for n in kept), {**CLASS_STYLES, **(class_styles or {})})
    dim = bool(hl_nodes or hl_edges)

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="local")
    counts: dict[str, int] = {}
    type_labels: dict[str, str] = {}
    for n in sorted(kept, key=lambda n: n.iri):
        colour, shape = styles[n.type]
        counts[n.type] = counts.get(n.type, 0) + 1
        type_labels.setdefault(n.type, n.type_label or n.type or "no class")
        x, y = positions.get(n.iri, (0.0, 0.0))
        strong = not dim or n.iri in hl_nodes
        tip = f"{n.label}\n{n.type_label or n.type or 'no class'}\n{n.iri}"
        net.add_node(
            n.iri, label=n.label, shape=shape, x=x, y=y, physics=False,
            color={"background": colour, "border": "#222222",
                   "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=3 if n.iri in (focus, selected) else 1,
            size=22 if n.iri == focus else 16,
            opacity=1.0 if strong else _FADED,
            font=_node_font(colour, shape, strong),
            tip=tip, typeLabel=n.type_label or n.type,
        )
    for i, e in enumerate(drawn_edges):
        style = EDGE_STYLES.get(e.sign, EDGE_STYLES[""])
        on_route = (e.source, e.relation, e.target) in hl_edges
        strong = not dim or on_route
        sign = f" ({e.sign})" if e.sign else ""
        net.add_edge(
            e.source, e.target, id=f"e{i}", label=e.relation_label,
            color={"color": style["color"], "opacity": 1.0 if strong else _FADED,
                   "highlight": style["color"]},
            dashes=style["dashes"], width=4 if on_route else 2, arrows="to",
            font={"size": 11, "color": "#333333" if strong else "#b0b0b0",
                  "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            tip=f"{e.relation_label}{sign}", smooth={"enabled": True, "type": "curvedCW",
                                                   "roundness": 0.12},
        )
    legend = [LegendEntry(key=t, label=type_labels[t], colour=styles[t][0], shape=styles[t][1],
                          count=c)
              for t, c in sorted(counts.items(), key=lambda kv: (type_labels[kv[0]].casefold(),
                                                                 kv[0]))]
    signs_used: dict[str, int] = {}
    for e in drawn_edges:
        s = e.sign if e.sign in EDGE_STYLES else ""
        signs_used[s] = signs_used.get(s, 0) + 1
    plain_only = set(signs_used) == {""}  # a foreign graph's relations: not "other" than any
    edge_legend = [LegendEntry(key=s, label="link" if plain_only else str(EDGE_STYLES[s]["label"]),
                               colour=str(EDGE_STYLES[s]["color"]), shape="line", count=c,
                               dashes=bool(EDGE_STYLES[s]["dashes"]))
                   for s, c in sorted(signs_used.items(), key=lambda kv: _SIGN_ORDER.get(kv[0], 9))]
    options: dict[str, Any] = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False,
                                     "autoFocus": False},
                        "navigationButtons": False, "zoomView": True},
        "nodes": {"widthConstraint": {"maximum": 150}},
        "edges": {"arrowStrikethrough": False, "selectionWidth": 2},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    return Rendered(nodes=list(net.nodes), edges=list(net.edges), legend=legend,
                    edge_legend=edge_legend, hidden=len(unique) - len(kept), options=options,
                    height=height, selected=selected or focus)


@cache
def vis_network_js() -> str:
    """The vis-network 9.1.2 script shipped inside the pyvis wheel (read once)."""
    root = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return Path(str(root)).read_text(encoding="utf-8")


@cache
def _asset(name: str) -> str:
    """The text of ``graph/assets/<name>`` (package data), read once per process."""
    return (resources.files("graph") / "assets" / name).read_text(encoding="utf-8")


def draw_js() -> str:
    """Browser side: draws a :meth:`Rendered.payload` and exports a PNG (shared by the
    standalone page and the app's network component); ``graph/assets/draw.js``."""
    return _asset("draw.js")


def to_html(rendered: Rendered, *, title: str = "myograph network") -> str:
    """A standalone, offline HTML page drawing the network (no CDN, no Bootstrap).

    ``graph/assets/page.html`` with its CSS and scripts inlined; the network travels as JSON
    data (:func:`safe_json`) that ``page.js`` reads, and the title is HTML-escaped.

    >>> page = to_html(build([GraphNode("urn:x", "<b>x</b>")], []))
    >>> "<b>x</b>" in page, page.startswith("<!DOCTYPE html>")
    (False, True)
    """
    import html

    parts = {"title": html.escape(title), "css": _asset("page.css"), "vis": vis_network_js(),
             "draw": draw_js(), "start": _asset("page.js"),
             "payload": safe_json(rendered.payload())}
    # one pass over the template: nothing filled in is read again for slots
    return re.sub(r"\{\{(\w+)\}\}", lambda slot: parts[slot[1]], _asset("page.html"))


def legend_rows(rendered: Rendered) -> list[dict[str, Any]]:
    """The legend as plain dicts (class rows, then edge-sign rows)."""
    return [asdict(e) for e in [*rendered.legend, *rendered.edge_legend]]
