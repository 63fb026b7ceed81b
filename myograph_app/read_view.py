"""Read: the seed article beside the graph, mentions linked, evidence passages highlighted.

URL: ``?view=read[&passage=OFFSET]``. Every passage an article claim quotes is highlighted;
the one chosen (from the list, or from "read in context" next to a piece of article
evidence in Explore and Trace) stands out and the links it supports are listed under the
text. Every name of an entity in the text links to it in Explore. The article's words and
the graph's labels reach the page only through :func:`myograph_app.state.md`.
"""

from __future__ import annotations

import itertools

import streamlit as st
from rdflib import URIRef

from graph.article import Mention, Passage, article_text, mentions, passages
from graph.results import short
from myograph_app import state
from myograph_app.store import active_store, memo

__all__ = ["render_page"]

_PASSAGE = "blue-background"
_CHOSEN = "orange-background"


def _paragraph(start: int, end: int, found: list[Passage], named: list[Mention],
               chosen: Passage | None) -> str:
    """One paragraph as Markdown: highlighted runs, mentions as links to Explore."""
    text = article_text()
    cuts = {start, end}
    for p in found:
        cuts.update(c for c in (p.start, p.end) if start < c < end)
    for m in named:
        cuts.update(c for c in (m.start, m.end) if start < c < end)
    points = sorted(cuts)
    runs: list[tuple[str, str]] = []  # (style, markdown)
    for a, b in itertools.pairwise(points):
        words = state.md(text[a:b])
        mention = next((m for m in named if m.start <= a and b <= m.end), None)
        if mention is not None:
            words = f"[{words}](?view=explore&node={short(URIRef(mention.iri))})"
        style = ""
        if chosen is not None and chosen.start <= a and b <= chosen.end:
            style = _CHOSEN
        elif any(p.start <= a and b <= p.end for p in found):
            style = _PASSAGE
        if runs and runs[-1][0] == style:
            runs[-1] = (style, runs[-1][1] + words)
        else:
            runs.append((style, words))
    return "".join(f":{style}[{words}]" if style else words for style, words in runs)


def _label(p: Passage) -> str:
    paragraph = article_text().count("\n", 0, p.start) + 1
    words = p.text if len(p.text) <= 70 else p.text[:67] + "…"
    return f"¶{paragraph}: {words}"


def render_page() -> None:
    """The Read view."""
    st.title("Read the article")
    st.caption("The lay article the graph grew from, as written. "
               f":{_PASSAGE}[Highlighted] words are quoted as evidence for links of the graph; "
               f"the :{_CHOSEN}[passage you choose] below stands out and its links are listed; "
               "names of entities link to them in Explore. A lay article, not clinical "
               "evidence.")
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
        text = article_text()
        offset = 0
        for number, line in enumerate(text.split("\n")):
            end = offset + len(line)
            if line.strip():
                md = _paragraph(offset, end, found, named, chosen)
                st.markdown(f"#### {md}" if number == 0 else md)
            offset = end + 1
        if chosen is not None:
            st.markdown(f"**This passage supports {len(chosen.links)} "
                        f"link{'s' if len(chosen.links) != 1 else ''} of the graph:**")
            st.markdown("\n".join(f"- {state.md(s)} — {state.md(p)} → {state.md(o)}"
                                  for s, p, o in chosen.links))
