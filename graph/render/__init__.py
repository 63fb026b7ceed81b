"""The network picture: vis-network records, our own positions, our own offline page.

Pure (no Streamlit): interfaces call :func:`build` with nodes and edges and get back a
:class:`Rendered` network whose :meth:`Rendered.payload` feeds the app's component and
whose :func:`to_html` is a standalone page. One job a module: :mod:`~graph.render.model`
(what a picture is made of), :mod:`~graph.render.style` (colours, shapes, the legend),
:mod:`~graph.render.layout` (positions: a small view by :mod:`~graph.render.spring`, a big
one's hub leaves on :mod:`~graph.render.rings` and the rest by :mod:`~graph.render.forces`,
labels kept apart by :mod:`~graph.render.declutter`),
:mod:`~graph.render.network` (:func:`build`: the vis-network records) and
:mod:`~graph.render.page` (the browser code and the standalone page, where nothing from the
data is ever parsed as HTML).

>>> r = build([GraphNode("urn:a", "a", "urn:T", "T"), GraphNode("urn:b", "b", "urn:T", "T")],
...           [GraphEdge("urn:a", "urn:b", "urn:p", "p", "+")])
>>> r.shown, r.hidden, [e.label for e in r.legend]
(2, 0, ['T'])
"""

from __future__ import annotations

from graph.render.layout import label_box
from graph.render.model import GraphEdge, GraphNode, LegendEntry, Rendered
from graph.render.network import build
from graph.render.page import asset, draw_js, safe_json, to_html, vis_network_js
from graph.render.style import CLASS_STYLES, EDGE_STYLES, OKABE_ITO, legend_rows

__all__ = [
    "CLASS_STYLES",
    "EDGE_STYLES",
    "OKABE_ITO",
    "GraphEdge",
    "GraphNode",
    "LegendEntry",
    "Rendered",
    "asset",
    "build",
    "draw_js",
    "label_box",
    "legend_rows",
    "safe_json",
    "to_html",
    "vis_network_js",
]
