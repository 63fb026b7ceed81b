"""Building the network: which nodes and edges are drawn under the cap, and their
vis-network records with position, style, tooltip and highlight.

The records are the ones pyvis builds (its ``Node`` and ``Edge`` options: ``id``,
``label``, ``shape``; ``from``, ``to``), written here as plain dicts: pyvis's ``add_node``
and ``add_edge`` look each node up in a list, quadratic in the nodes drawn. We never use
pyvis's HTML template, which turns a title containing "href" into live HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.render.layout import positions as place
from graph.render.model import GraphEdge, GraphNode, Rendered
from graph.render.style import (
    CLASS_STYLES,
    EDGE_STYLES,
    FADED,
    class_legend,
    edge_legend,
    node_font,
    styles,
)


def _options() -> dict[str, Any]:
    """vis-network options, new for each picture: no physics (positions are ours),
    keyboard and hover on."""
    return {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False,
                                     "autoFocus": False},
                        "navigationButtons": False, "zoomView": True},
        "nodes": {"widthConstraint": {"maximum": 150}},
        "edges": {"arrowStrikethrough": False, "selectionWidth": 2},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


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


def _drawn_edges(edges: Sequence[GraphEdge], kept_ids: set[str]) -> list[GraphEdge]:
    """The edges between drawn nodes, each (source, relation, target) once, in order."""
    drawn: list[GraphEdge] = []
    seen: set[tuple[str, str, str]] = set()
    for e in sorted(edges, key=lambda e: (e.source, e.relation, e.target)):
        key = (e.source, e.relation, e.target)
        if e.source in kept_ids and e.target in kept_ids and key not in seen:
            seen.add(key)
            drawn.append(e)
    return drawn


def _node_records(kept: Sequence[GraphNode], where: Mapping[str, tuple[float, float]],
                  chosen: dict[str, tuple[str, str]], *, focus: str, selected: str,
                  strong_nodes: set[str] | None) -> list[dict[str, Any]]:
    """A node record per kept node; ``strong_nodes`` None draws every node strong."""
    records = []
    for n in sorted(kept, key=lambda n: n.iri):
        colour, shape = chosen[n.type]
        x, y = where.get(n.iri, (0.0, 0.0))
        strong = strong_nodes is None or n.iri in strong_nodes
        tip = f"{n.label}\n{n.type_label or n.type or 'no class'}\n{n.iri}"
        records.append(dict(
            id=n.iri, label=n.label, shape=shape, x=x, y=y, physics=False,
            color={"background": colour, "border": "#222222",
                   "highlight": {"background": colour, "border": "#000000"}},
            borderWidth=3 if n.iri in (focus, selected) else 1,
            size=22 if n.iri == focus else 16,
            opacity=1.0 if strong else FADED,
            font=node_font(colour, shape, strong),
            tip=tip, typeLabel=n.type_label or n.type,
        ))
    return records


def _edge_records(drawn: Sequence[GraphEdge], *, dim: bool,
                  route: set[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """An edge record per drawn edge, styled by sign; off-route edges faded when ``dim``."""
    records = []
    for i, e in enumerate(drawn):
        style = EDGE_STYLES.get(e.sign, EDGE_STYLES[""])
        on_route = (e.source, e.relation, e.target) in route
        strong = not dim or on_route
        sign = f" ({e.sign})" if e.sign else ""
        records.append({
            "from": e.source, "to": e.target, "id": f"e{i}", "label": e.relation_label,
            "color": {"color": style["color"], "opacity": 1.0 if strong else FADED,
                      "highlight": style["color"]},
            "dashes": style["dashes"], "width": 4 if on_route else 2, "arrows": "to",
            "font": {"size": 11, "color": "#333333" if strong else "#b0b0b0",
                     "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "tip": f"{e.relation_label}{sign}",
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.12},
        })
    return records


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
    drawn = _drawn_edges(edges, {n.iri for n in kept})
    where = place(kept, drawn, focus, keep)
    chosen = styles((n.type for n in kept), {**CLASS_STYLES, **(class_styles or {})})
    dim = bool(hl_nodes or hl_edges)

    return Rendered(nodes=_node_records(kept, where, chosen, focus=focus, selected=selected,
                                        strong_nodes=hl_nodes if dim else None),
                    edges=_edge_records(drawn, dim=dim, route=hl_edges),
                    legend=class_legend(kept, chosen), edge_legend=edge_legend(drawn),
                    hidden=len(unique) - len(kept), options=_options(), height=height,
                    selected=selected or focus)
