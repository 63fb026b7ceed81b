"""The browser side: the scripts that draw a :class:`~graph.render.model.Rendered` network,
and the standalone offline page.

Nothing from the data is ever parsed as HTML: labels are drawn on a canvas by
vis-network, tooltips are built in the browser with ``textContent``, and the JSON that
carries them escapes ``<``, ``>``, ``&`` and quotes (:func:`safe_json`). vis-network is
inlined from the pyvis wheel, so the page makes no request. The browser code is package
data under ``graph/assets/``: ``draw.js`` (shared with the app's network component) and the
page's ``page.html``, ``page.css`` and ``page.js``, read once with :mod:`importlib.resources`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from graph.render.model import Rendered


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


@cache
def vis_network_js() -> str:
    """The vis-network 9.1.2 script shipped inside the pyvis wheel (read once)."""
    root = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return Path(str(root)).read_text(encoding="utf-8")


@cache
def asset(name: str) -> str:
    """The text of ``graph/assets/<name>`` (package data), read once per process."""
    return (resources.files("graph") / "assets" / name).read_text(encoding="utf-8")


def draw_js() -> str:
    """Browser side: draws a :meth:`Rendered.payload` and exports a PNG (shared by the
    standalone page and the app's network component); ``graph/assets/draw.js``."""
    return asset("draw.js")


def to_html(rendered: Rendered, *, title: str = "myograph network") -> str:
    """A standalone, offline HTML page drawing the network (no CDN, no Bootstrap).

    ``graph/assets/page.html`` with its CSS and scripts inlined; the network travels as JSON
    data (:func:`safe_json`) that ``page.js`` reads, and the title is HTML-escaped.

    >>> from graph.render import GraphNode, build
    >>> page = to_html(build([GraphNode("urn:x", "<b>x</b>")], []))
    >>> "<b>x</b>" in page, page.startswith("<!DOCTYPE html>")
    (False, True)
    """
    import html

    parts = {"title": html.escape(title), "css": asset("page.css"), "vis": vis_network_js(),
             "draw": draw_js(), "start": asset("page.js"),
             "payload": safe_json(rendered.payload())}
    # one pass over the template: nothing filled in is read again for slots
    return re.sub(r"\{\{(\w+)\}\}", lambda slot: parts[slot[1]], asset("page.html"))
