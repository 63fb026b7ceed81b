"""The Streamlit side of the network view: a bidirectional components-v2 element.

Mechanism: ``st.components.v2.component`` (Streamlit ≥ 1.67) mounts our JavaScript in the
app page itself (no iframe). The module is vis-network (inlined from the pyvis wheel, so
no request leaves the app) + :func:`graph.render.draw_js` + ``assets/dom.js`` +
``assets/network.js``, whose default export draws :meth:`graph.render.Rendered.payload`
(sent as one JSON string). A click on a node calls ``setTriggerValue("select", iri)``, a
double-click ``setTriggerValue("expand", iri)``; trigger values reach Python once, on the
rerun they cause, so :func:`show_network` returns ``(selected, expanded)`` for that run
only. "Download PNG" is done in the browser (``canvas.toDataURL`` → a download link), and
the legend is built with ``textContent``.
For tests, each drawn network is reachable as ``window.__myograph[<key>]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import streamlit as st

from graph import render
from graph.namespaces import entity_name
from graph.paths import causal_relations
from graph.render import GraphEdge, GraphNode, Rendered
from graph.search import names_of, types_of
from graph.stores import Store
from myograph_app.components import asset, scripts, trigger_only
from myograph_app.store import memo

__all__ = ["graph_node", "graph_nodes", "legend_text", "relation_signs", "show_network"]


@cache
def _component() -> Any:
    js = "\n".join([render.vis_network_js(), render.draw_js(), scripts("network.js")])
    return st.components.v2.component("myograph_network", js=js, css=asset("network.css"),
                                      isolate_styles=True)


def show_network(rendered: Rendered, *, key: str, filename: str = "myograph-network.png",
                 height: int | None = None, title: str = "", keep_view: bool = False
                 ) -> tuple[str | None, str | None]:
    """Draw a network; return (node clicked, node double-clicked) for this run, if any.

    ``title`` heads the downloaded PNG (with the legend under the picture); ``keep_view``
    keeps the zoom and pan of the picture drawn before (one that grew from it)."""
    payload = rendered.payload()
    if height is not None:
        payload["height"] = height
    payload["legend"] = render.legend_rows(rendered)
    payload["filename"] = filename
    payload["title"] = title
    payload["keepView"] = keep_view
    payload["testId"] = key
    # one JSON string, not the dict: Streamlit scans a dict's values for data frames, and
    # that check imports pandas and pyarrow, which slows the app's first page
    result = _component()(key=key, data={"json": json.dumps(payload, separators=(",", ":"))},
                          on_select_change=trigger_only, on_expand_change=trigger_only)
    selected = result.get("select") if result is not None else None
    expanded = result.get("expand") if result is not None else None
    if rendered.hidden:
        st.caption(f"{rendered.hidden} more not shown (raise the node limit or filter)")
    return (str(selected) if selected else None, str(expanded) if expanded else None)


def legend_text(rendered: Rendered) -> str:
    """The legend as one line of text (for screen readers and tests)."""
    parts = [f"{e.label} ({e.shape}) ×{e.count}" for e in rendered.legend]
    parts += [e.label for e in rendered.edge_legend]
    return " · ".join(parts)


def nodes_edges_from_triples(triples: Iterable[tuple[str, str, str, str, str]],
                             labels: dict[str, str], types: dict[str, str],
                             type_labels: dict[str, str], signs: dict[str, str]
                             ) -> tuple[list[GraphNode], list[GraphEdge]]:
    """(s, p, o, p_label, _) rows to nodes and edges, with labels/classes where known."""
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for s, p, o, p_label, _extra in triples:
        for iri in (s, o):
            if iri not in nodes:
                t = types.get(iri, "")
                nodes[iri] = GraphNode(iri, labels.get(iri, iri), t, type_labels.get(t, t))
        edges.append(GraphEdge(s, o, p, p_label, signs.get(p, "")))
    return list(nodes.values()), edges


def relation_signs(store: Store) -> dict[str, str]:
    """Effect sign ("+", "-", "?") of each relation that declares one (mg:effectSign)."""
    def load() -> dict[str, str]:
        return {r.iri: r.sign for r in causal_relations(store)}
    return memo(store, "relation_signs", load)  # type: ignore[no-any-return]


def graph_node(store: Store, iri: str) -> GraphNode:
    """A node with its label and class as the graph names them (the name index, or on a
    large remote graph a lookup of this IRI, kept)."""
    return graph_nodes(store, [iri])[iri]


def graph_nodes(store: Store, iris: Iterable[str]) -> dict[str, GraphNode]:
    """Nodes named as :func:`graph_node` names them, the classes of unlabelled ones looked
    up together (one query, not one per node)."""
    wanted = set(iris)
    names = names_of(store, wanted)
    types = types_of(store, names, wanted)
    return {iri: GraphNode(iri, names.labels.get(iri) or entity_name(iri), types.get(iri, ""),
                           names.class_label(types.get(iri, ""))) for iri in wanted}
