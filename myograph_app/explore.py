"""Explore: find an entity by everyday words, read its card, walk its neighbourhood.

URL: ``?view=explore&node=<label|CURIE|IRI>``.
"""

from __future__ import annotations

import streamlit as st
from rdflib import URIRef

from graph import render
from graph.describe import EntityCard, describe, hood_links
from graph.errors import MyographError, NodeNotFound
from graph.evidence import ByLink, claims_behind
from graph.namespaces import curie
from graph.neighbours import RelationGroup, neighbours
from graph.prefixes import graph_prefixes, naming_for, query_prefixes
from graph.results import full_iri, short
from graph.search import resolve
from graph.stores import Store
from graph.subgraph import merge_neighbourhoods
from myograph_app import state
from myograph_app.network import legend_text, relation_signs, show_network
from myograph_app.search_box import OWN_NAMES_HINT, search_box
from myograph_app.store import active_store, speaks_causally

__all__ = ["CARD_PAGE", "render_page", "select"]

_DEFAULT_NODE = "muscle spasm"
CARD_PAGE = 50
"""Links of one relation the card lists at a time; a bigger relation is read page by page."""


def select(iri: str, *, recentre: bool = True) -> None:
    """Make ``iri`` the selected entity (and, by default, the centre of the network)."""
    st.session_state["explore_node"] = iri
    if recentre:
        st.session_state["explore_focus"] = iri
        st.session_state["explore_expanded"] = []


def _on_net_pick() -> None:
    iri = st.session_state.get("explore_net_pick")
    if iri:
        select(iri, recentre=False)
    st.session_state["explore_net_pick"] = None


def _honour_url(store: Store) -> None:
    """Apply ``?node=`` when it is new to this session (share links, links from other views)."""
    wanted = state.param("node")
    if wanted and wanted != st.session_state.get("_explore_node_param"):
        st.session_state["_explore_node_param"] = wanted
        try:
            select(resolve(store, wanted))
            _honour_view(store)
        except MyographError as error:
            st.session_state["explore_node"] = None
            state.report_error(error)
            if isinstance(error, NodeNotFound):
                st.caption(state.PRIVATE_UPLOAD_HINT)
    if "explore_node" not in st.session_state:
        try:
            select(resolve(store, _DEFAULT_NODE))
        except MyographError:
            st.session_state["explore_node"] = None


def _iri(store: Store, name: str) -> str:
    """A share link's CURIE (``mg:Drug``, or of a prefix the graph declared) or IRI as a
    full IRI."""
    prefix, _, local = name.partition(":")
    known = query_prefixes(store)
    return known[prefix] + local if prefix in known and not local.startswith("//") else name


def _honour_view(store: Store) -> None:
    """A share link's network: its centre, expanded nodes and class and relation filters."""
    if state.param("focus"):
        st.session_state["explore_focus"] = resolve(store, state.param("focus"))
    st.session_state["explore_expanded"] = [resolve(store, e)
                                            for e in st.query_params.get_all("expand")]
    st.session_state["explore_classes"] = [_iri(store, c)
                                           for c in st.query_params.get_all("class")]
    st.session_state["explore_relations"] = [_iri(store, r)
                                             for r in st.query_params.get_all("relation")]


def _view_params(store: Store, card_iri: str) -> dict[str, str | list[str] | None]:
    """The network's state for the URL, so a share link opens the same picture."""
    def written(iri: str) -> str:  # as queries write it, so the link reads back exactly
        return _written(store, iri)
    focus = st.session_state.get("explore_focus") or card_iri
    return {
        "focus": written(focus) if focus != card_iri else None,
        "expand": [written(e) for e in st.session_state.get("explore_expanded", [])],
        "class": [written(c) for c in st.session_state.get("explore_classes") or []],
        "relation": [written(r) for r in st.session_state.get("explore_relations") or []],
    }


@st.fragment
def _search_box() -> None:
    """Suggestions as you type; typing reruns only this fragment, a choice the whole page."""
    chosen = False
    with state.guarded():
        chosen = search_box(
            active_store(), key="explore_search",
            label="Search by name, synonym or identifier",
            placeholder=("e.g. cramp, low potassium, HP:0003394" if speaks_causally(active_store())
                         else "a label, a synonym or an identifier"),
            hint=("Everyday words and synonyms work: 'cramp' finds muscle spasm. "
                  if speaks_causally(active_store()) else
                  OWN_NAMES_HINT) + "Arrow keys choose, Enter opens.",
            on_select=select, store_of=active_store)
    if chosen:
        st.rerun()


def _card(card: EntityCard, store: Store) -> None:
    st.subheader(state.md(card.label), anchor=False)
    st.caption(f"Class: {state.md(card.type_label or 'none')}"
               + (f" ({state.md(_compact(store, full_iri(card.type)))})" if card.type else "")
               + f" · {state.md(_compact(store, card.iri))}")
    if card.definition:
        st.markdown(state.md(card.definition))
    if card.synonyms:
        st.markdown("**Also called:** " + ", ".join(state.md(s) for s in card.synonyms))
    if card.identifiers:
        parts = [state.link(i.curie, i.iri) if i.iri else state.md(i.curie)
                 for i in card.identifiers]
        st.markdown("**Identifiers:** " + " · ".join(parts))
    if card.topics:
        st.markdown("**Topics:** " + ", ".join(state.md(t) for t in card.topics))
    st.markdown("**Links**")
    if not card.links.groups:
        st.caption("No links.")
    for g_index, shown in enumerate(card.links.groups):
        group, evidence = _page(store, card, shown)
        with st.expander(state.md(group.heading()), expanded=g_index < 2):
            for n_index, n in enumerate(group.neighbours):
                subject, obj = ((card.iri, n.iri) if group.direction == "out"
                                else (n.iri, card.iri))
                cols = st.columns([5, 2])
                kind_label = n.type_label or n.type or "no class"
                arrow = "→" if group.direction == "out" else "←"
                cols[0].markdown(f"{arrow} **{state.md(n.label)}** · {state.md(kind_label)}")
                if cols[1].button("Select", key=f"explore_go_{g_index}_{n_index}",
                                  help=f"Show {n.label}"):
                    select(n.iri)
                    st.rerun()
                for ev in evidence.get((subject, group.relation, obj), ()):
                    st.markdown(state.evidence_markdown(ev))
            if group.hidden:
                _pager(card, group, g_index)


def _page_key(card: EntityCard, group: RelationGroup) -> str:
    return f"{card.iri} {group.direction} {group.relation}"


def _page(store: Store, card: EntityCard, group: RelationGroup) -> tuple[RelationGroup, ByLink]:
    """The page of a group the student turned to (the card holds the first), with the
    claims behind its links."""
    start = st.session_state.get("explore_pages", {}).get(_page_key(card, group), 0)
    if not start:
        return group, card.evidence
    hood = neighbours(store, card.iri, direction=group.direction, relations=[group.relation],
                      limit=CARD_PAGE, offset=start)
    if not hood.groups:
        return group, card.evidence
    return hood.groups[0], claims_behind(store, hood_links(hood))[0]


def _pager(card: EntityCard, group: RelationGroup, g_index: int) -> None:
    """Which links of a big group are shown, in what order, and buttons to turn the page."""
    size = CARD_PAGE
    order = ("by name" if group.order == "label"
             else "in the store's order (too many links to sort by name)")
    st.caption(f"Showing {group.showing()} {order}.")
    pages: dict[str, int] = st.session_state.setdefault("explore_pages", {})
    back, more = st.columns(2)
    if group.start and back.button("← Previous", key=f"explore_back_{g_index}"):
        pages[_page_key(card, group)] = max(0, group.start - size)
        st.rerun()
    if group.remaining and more.button(f"Next {min(size, group.remaining):,} →",
                                       key=f"explore_more_{g_index}"):
        pages[_page_key(card, group)] = group.start + size
        st.rerun()


def _compact(store: Store, iri: str) -> str:
    """An IRI as a reader reads it: a CURIE by the prefixes entities are named by (those the
    graph declared too), else the whole IRI."""
    return curie(iri, naming_for(store)) or iri


def _written(store: Store, iri: str) -> str:
    """An IRI as a query on this graph writes it (the project's prefixes and the graph's)."""
    return short(URIRef(iri), query_prefixes(store).items())


def _network(store: Store, card: EntityCard) -> list[str]:
    focus = st.session_state.get("explore_focus") or card.iri
    expanded: list[str] = st.session_state.setdefault("explore_expanded", [])
    with st.expander("Limits", expanded=False):
        cols = st.columns(2)
        per_group = cols[0].slider("Links per relation", 3, 100, 25, key="explore_per_group")
        max_nodes = cols[1].slider("Nodes drawn at most", 10, 200, 60, key="explore_max_nodes")
    # the card holds the selected node's links already: they serve its centre when they suffice
    merged = merge_neighbourhoods(store, [focus, *[e for e in expanded if e != focus]],
                                  limit=per_group, reuse=card.links,
                                  signs=relation_signs(store), on_error=state.report_error)
    class_names, relation_names = merged.class_names(), merged.relation_names()
    # a share link may name a class or relation this picture does not hold: drop it
    for key, known in (("explore_classes", class_names), ("explore_relations", relation_names)):
        chosen = st.session_state.get(key)
        if chosen and any(c not in known for c in chosen):
            st.session_state[key] = [c for c in chosen if c in known]
    with st.container():
        cols = st.columns(2)
        classes = cols[0].multiselect(
            "Show classes", sorted(class_names, key=lambda t: class_names[t].casefold()),
            key="explore_classes", format_func=lambda t: class_names.get(t, t),
            placeholder="All classes")
        relations = cols[1].multiselect(
            "Show relations", sorted(relation_names, key=lambda r: relation_names[r].casefold()),
            key="explore_relations", format_func=lambda r: relation_names.get(r, r),
            placeholder="All relations")
    shown = merged.filtered(classes, relations)
    # the same centre as last time: the picture grows around what was drawn, which stays put
    before = st.session_state.get("_explore_layout")
    held = before[1] if before and before[0] == focus else None
    rendered = render.build(shown.nodes, shown.edges, focus=focus, selected=card.iri,
                            max_nodes=max_nodes, height=480, keep=held)
    st.session_state["_explore_layout"] = (focus, rendered.positions())
    clicked, double = show_network(rendered, key="explore_net",
                                   filename=f"myograph-{card.label[:40]}.png",
                                   title=f"{card.label}: its links (myograph)",
                                   keep_view=held is not None)
    st.caption("Legend: " + state.md(legend_text(rendered)))
    if merged.hidden:
        st.caption(f"{merged.hidden} more links not shown (raise 'Links per relation').")
    if clicked and clicked != st.session_state.get("explore_node"):
        select(clicked, recentre=False)
        st.rerun()
    if double and double not in expanded:
        expanded.append(double)
        select(double, recentre=False)
        st.rerun()
    # A keyboard-friendly way to do the same as clicking in the canvas.
    drawn = {n["id"]: n["label"] for n in rendered.nodes}
    pick, expand, centre = st.columns([3, 1, 1])
    pick.selectbox("Select a node in the network", list(drawn), key="explore_net_pick",
                   index=None, format_func=lambda i: drawn.get(i, i),
                   on_change=_on_net_pick, placeholder=f"Selected: {card.label}")
    if expand.button("Expand", key="explore_expand", help="Add this node's neighbours"):
        if card.iri not in expanded and card.iri != focus:
            expanded.append(card.iri)
        st.rerun()
    if centre.button("Centre", key="explore_centre", help="Centre the network on this node"):
        select(card.iri)
        st.rerun()
    return list(merged.sparql)


WELCOME_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("How can acyclovir lead to cramps?", "acyclovir", "muscle spasm"),
    ("Can water pills cause cramps?", "water pills", "muscle spasm"),
    ("How can thyroid cancer lead to cramps?", "thyroid cancer", "muscle spasm"),
)
"""Three questions to start from, shown on a first visit (each opens Trace)."""


def _welcome() -> None:
    """One line on what this is and three questions to start from, on a session's first
    page without a share link (a link names what its sender wants shown instead)."""
    if st.session_state.get("_welcomed") or state.param("node"):
        st.session_state["_welcomed"] = True
        return
    st.session_state["_welcomed"] = True
    if not speaks_causally(active_store()):
        st.markdown("Explore this graph: search a name below, open a node's neighbours, or "
                    "ask in **Trace** how one thing links to another.")
        return
    st.markdown("Explore what causes, triggers and relieves **muscle spasm**, and what each "
                "link rests on: search a word below, or ask in **Trace** how one thing can "
                "lead to another.")
    page = state.PAGES.get("trace")
    if page is None:
        return
    cols = st.columns(len(WELCOME_QUESTIONS))
    for col, (question, source, target) in zip(cols, WELCOME_QUESTIONS, strict=True):
        col.page_link(page, label=question, icon=":material/route:",
                      query_params={"view": "trace", "source": source, "target": target})


def render_page() -> None:
    """The Explore view."""
    st.title("Explore")
    store = active_store()
    _welcome()
    with state.guarded():
        _honour_url(store)
    _search_box()
    iri = st.session_state.get("explore_node")
    if not iri:
        st.info("Search for a symptom, a cause or a treatment to begin."
                if speaks_causally(store) else "Search for a name to begin.")
        state.set_params("explore", node=state.param("node"))
        return
    with state.guarded():
        card = describe(store, iri, limit=CARD_PAGE)
        curie = _written(store, iri)
        st.session_state["_explore_node_param"] = curie
        state.set_params("explore", node=curie)
        left, right = st.columns([2, 3], gap="medium")
        with right:
            st.markdown("**Neighbourhood**")
            sparql = _network(store, card)
        state.set_params("explore", node=curie, **_view_params(store, card.iri))
        with left:
            _card(card, store)
        state.export_buttons(card.links, key="explore_export",
                             name=f"myograph-{card.label[:40]}-links",
                             label=f"Download the links of {card.label}",
                             prefixes=graph_prefixes(store))
        state.show_sparql([*card.sparql, *sparql[1:]], key="explore_sparql")
