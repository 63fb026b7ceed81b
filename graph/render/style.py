"""Colours, shapes and the legend: how a class and an effect sign look.

Colours are the Okabe–Ito palette, which stays distinct for colour-blind readers; our
classes get fixed colours and shapes, any other class gets the next (colour, shape) pair in
order, so colour is never the only cue. Edges are coloured and dashed by effect sign
(+ increases, − decreases, ? unsigned).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from graph.namespaces import MG
from graph.render.model import GraphEdge, GraphNode, LegendEntry, Rendered

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
LABEL_INSIDE = {"box", "ellipse"}
"""Shapes that carry their label inside rather than under them."""

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "+": {"label": "increases / causes (+)", "color": "#D55E00", "dashes": False},
    "-": {"label": "decreases / prevents / treats (−)", "color": "#0072B2",
          "dashes": [10, 6]},
    "?": {"label": "unsigned (?)", "color": "#6b6b6b", "dashes": [2, 5]},
    "": {"label": "other link (not causal)", "color": "#CC79A7", "dashes": False},
}
"""Edge colour and dash by effect sign ("" for a link that carries no sign)."""

_NAMED_RELATIONS = 6
"""Relations a legend names at most on its one row of unsigned links."""
FADED = 0.25
"""Opacity of what is off a highlighted route."""
_UNTYPED = ("#999999", "text")
_SIGN_ORDER = {"+": 0, "-": 1, "?": 2, "": 3}


def styles(types: Iterable[str], fixed: dict[str, tuple[str, str]]) -> dict[str, tuple[str,
                                                                                     str]]:
    """A (colour, shape) per class: fixed ones first, the others in sorted order."""
    chosen: dict[str, tuple[str, str]] = {}
    used = set(fixed.values())
    n = 0
    for t in sorted(set(types)):
        if not t:
            chosen[t] = _UNTYPED
        elif t in fixed:
            chosen[t] = fixed[t]
        else:
            while True:
                pair = (OKABE_ITO[n % len(OKABE_ITO)], _SHAPES[(n // len(OKABE_ITO) + n)
                                                              % len(_SHAPES)])
                n += 1
                if pair not in used or n > 200:
                    break
            used.add(pair)
            chosen[t] = pair
    return chosen


def node_font(colour: str, shape: str, strong: bool) -> dict[str, Any]:
    """A label below its shape is dark on a white halo; one inside a box or ellipse takes
    the colour that reads on the fill (white on black)."""
    if shape in LABEL_INSIDE:
        dark_fill = colour.lower() in ("#000000", "#0072b2")
        return {"color": ("#ffffff" if dark_fill else "#111111") if strong else "#9a9a9a",
                "size": 15}
    return {"color": "#111111" if strong else "#9a9a9a", "size": 15, "strokeWidth": 3,
            "strokeColor": "#ffffff"}


def class_legend(nodes: Sequence[GraphNode], chosen: dict[str, tuple[str, str]]
                 ) -> list[LegendEntry]:
    """A row per class drawn, with how many nodes it has, sorted by its label."""
    counts: dict[str, int] = {}
    type_labels: dict[str, str] = {}
    for n in sorted(nodes, key=lambda n: n.iri):
        counts[n.type] = counts.get(n.type, 0) + 1
        type_labels.setdefault(n.type, n.type_label or n.type or "no class")
    return [LegendEntry(key=t, label=type_labels[t], colour=chosen[t][0], shape=chosen[t][1],
                        count=c)
            for t, c in sorted(counts.items(), key=lambda kv: (type_labels[kv[0]].casefold(),
                                                               kv[0]))]


def edge_legend(edges: Sequence[GraphEdge]) -> list[LegendEntry]:
    """A row per effect sign drawn; a graph with no signed links calls them just "link"."""
    signs_used: dict[str, int] = {}
    for e in edges:
        s = e.sign if e.sign in EDGE_STYLES else ""
        signs_used[s] = signs_used.get(s, 0) + 1
    plain_only = set(signs_used) == {""}  # a foreign graph's relations: not "other" than any
    plain = _plain_label(edges) if plain_only else ""
    return [LegendEntry(key=s, label=plain or str(EDGE_STYLES[s]["label"]),
                        colour=str(EDGE_STYLES[s]["color"]), shape="line", count=c,
                        dashes=bool(EDGE_STYLES[s]["dashes"]))
            for s, c in sorted(signs_used.items(), key=lambda kv: _SIGN_ORDER.get(kv[0], 9))]


def _plain_label(edges: Sequence[GraphEdge]) -> str:
    """The one row of a graph with no signed links: the relations it draws, by name."""
    names = sorted({e.relation_label or e.relation for e in edges}, key=str.casefold)
    more = ", …" if len(names) > _NAMED_RELATIONS else ""
    return "links: " + ", ".join(names[:_NAMED_RELATIONS]) + more


def legend_rows(rendered: Rendered) -> list[dict[str, Any]]:
    """The legend as plain dicts (class rows, then edge-sign rows)."""
    return [asdict(e) for e in [*rendered.legend, *rendered.edge_legend]]
