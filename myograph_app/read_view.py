"""Read: the seed article beside the graph, mentions linked, evidence passages highlighted.

URL: ``?view=read[&passage=OFFSET]``. The article is a components-v2 element (no iframe)
built with ``textContent`` only: every passage an article claim quotes is highlighted and
clickable (or keyboard-focusable: Enter), and the one chosen (by a click, from the list, or
from "read in context" next to a piece of article evidence in Explore and Trace) stands out
with the links it supports listed under the text; every name of an entity is a link that
opens it in Explore. A click sends ``setTriggerValue("passage", offset)`` or
``setTriggerValue("open", curie)``. The browser side is ``myograph_app/assets/article.js``
(after ``dom.js``) and ``article.css``.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from typing import Any

import streamlit as st
from rdflib import URIRef

from graph.article import Mention, Passage, article_text, mentions, passages
from graph.results import short
from graph.search import label_of
from myograph_app import state
from myograph_app.components import asset, scripts
from myograph_app.store import active_store, memo

__all__ = ["render_page"]

_PASSAGE = "blue-background"
_CHOSEN = "orange-background"


@cache
def _component() -> Any:
    return st.components.v2.component("myograph_article", js=scripts("article.js"),
                                      css=asset("article.css"), isolate_styles=True)


def _segments(start: int, end: int, found: list[Passage], named: list[Mention],
              chosen: Passage | None, labels: dict[str, str]) -> list[dict[str, Any]]:
    """One paragraph as runs of text: each says its passage (by offset), whether it is the
    chosen one, and the entity it names (as a CURIE), if any."""
    text = article_text()
    cuts = {start, end}
    for p in found:
        cuts.update(c for c in (p.start, p.end) if start < c < end)
    for m in named:
        cuts.update(c for c in (m.start, m.end) if start < c < end)
    out: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        mention = next((m for m in named if m.start <= a and b <= m.end), None)
        covering = [p for p in found if p.start <= a and b <= p.end]
        passage = (chosen if chosen is not None and chosen in covering
                   else min(covering, key=lambda p: p.end - p.start) if covering else None)
        out.append({"t": text[a:b], "p": passage.start if passage else None,
                    "c": passage is not None and passage is chosen,
                    "m": short(URIRef(mention.iri)) if mention else None,
                    "l": labels.get(mention.iri, "") if mention else ""})
    return out


def _sent(name: str) -> Any:
    value = st.session_state.get("read_article")
    return value.get(name) if value is not None else None


def _on_passage() -> None:
    """A click on a passage: it becomes the chosen one (before the list is drawn)."""
    chosen = _sent("passage")
    if chosen is not None:
        st.session_state["read_passage"] = int(chosen)
        st.session_state["_read_scroll"] = False


def _on_open() -> None:
    """A click on an entity's name: Explore opens on it (after this run starts)."""
    st.session_state["_read_open"] = _sent("open")


def _label(p: Passage) -> str:
    paragraph = article_text().count("\n", 0, p.start) + 1
    words = p.text if len(p.text) <= 70 else p.text[:67] + "…"
    return f"¶{paragraph}: {words}"


def render_page() -> None:
    """The Read view."""
    st.title("Read the article")
    st.caption("The lay article the graph grew from, as written. "
               f":{_PASSAGE}[Highlighted] words are quoted as evidence for links of the graph: "
               f"click one (or choose it from the list) and it :{_CHOSEN}[stands out], with "
               "the links it supports listed under the text. Click an underlined name to "
               "open it in Explore. A lay article, not clinical evidence.")
    store = active_store()
    with state.guarded():
        found: list[Passage] = memo(store, "read_passages", lambda: passages(store))
        named: list[Mention] = memo(store, "read_mentions", lambda: mentions(store))
        by_start = {p.start: p for p in found}
        wanted = state.param("passage")
        if wanted.isdigit() and int(wanted) in by_start and \
                st.session_state.get("_read_passage_param") != wanted:
            st.session_state["read_passage"] = int(wanted)
        st.session_state["_read_passage_param"] = wanted
        chosen_start = st.selectbox(
            "Passages quoted as evidence", list(by_start), index=None, key="read_passage",
            format_func=lambda s: _label(by_start[s]),
            placeholder=f"Choose one of the {len(found)} passages to see what it supports…")
        chosen = by_start.get(chosen_start) if chosen_start is not None else None
        state.set_params("read", passage=chosen.start if chosen else None)
        opened = st.session_state.pop("_read_open", None)
        page = state.PAGES.get("explore")
        if opened and page is not None:
            st.switch_page(page, query_params={"view": "explore", "node": str(opened)})
        text = article_text()
        labels = {m.iri: label_of(store, m.iri) for m in named}
        paragraphs = []
        offset = 0
        for line in text.split("\n"):
            end = offset + len(line)
            if line.strip():
                paragraphs.append(_segments(offset, end, found, named, chosen, labels))
            offset = end + 1
        doc = {"paragraphs": paragraphs,
               "scroll": bool(st.session_state.pop("_read_scroll", True)) and chosen is not None}
        _component()(key="read_article", data={"json": json.dumps(doc)},
                     on_passage_change=_on_passage, on_open_change=_on_open)
        if chosen is not None:
            st.markdown(f"**This passage supports {len(chosen.links)} "
                        f"link{'s' if len(chosen.links) != 1 else ''} of the graph:**")
            st.markdown("\n".join(f"- {state.md(s)} — {state.md(p)} → {state.md(o)}"
                                  for s, p, o in chosen.links))
