"""What the network picture is made of: the nodes and edges asked for, the legend rows,
and :class:`Rendered`, the drawn network the app and the page take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
        """The JSON-ready data the browser side draws (see :func:`graph.render.draw_js`)."""
        return {"nodes": self.nodes, "edges": self.edges, "options": self.options,
                "height": self.height, "selected": self.selected, "note": self.note()}
