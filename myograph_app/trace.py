"""Trace: the routes from one entity to another, each told as a sentence with its evidence.

URL: ``?view=trace&source=…&target=…[&max_hops=…&avoid=…&avoid=…&relation=…&undirected=1]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from rdflib import URIRef

from graph import queries, render
from graph.errors import NodeNotFound
from graph.explain import explain
from graph.paths import ANY, PathsResult, Route, causal_relations
from graph.prefixes import graph_prefixes
from graph.profile import profile_for
from graph.results import local_name, short
from graph.search import label_of, resolve
from graph.sparql import run
from graph.stores import Store
from graph.subgraph import graph_node
from graph.trace import Suggestion, Trace, trace
from myograph_app import state
from myograph_app.network import relation_signs, show_network
from myograph_app.search_box import OWN_NAMES_HINT, search_box, set_text
from myograph_app.store import active_store, memo, speaks_causally

__all__ = ["QUESTIONS", "Question", "render_page", "routes_of"]

SIGN_WORDS = {"+": "increases", "-": "decreases", "?": "unsigned", "": "unsigned"}


@dataclass(frozen=True)
class Question:
    """A ready-made student question: a trace, or (``example``) a query from graph/queries."""

    text: str
    source: str = ""
    target: str = ""
    max_hops: int = 4
    example: str = ""


QUESTIONS: tuple[Question, ...] = (
    Question("How can acyclovir lead to cramps?", "acyclovir", "muscle spasm"),
    Question("Why can people with COPD get cramps?", "COPD", "muscle cramp"),
    Question("Why do people with COPD get muscle twitches?", "COPD", "muscle twitch"),
    Question("How can thyroid cancer lead to cramps?", "thyroid cancer", "muscle spasm"),
    Question("How can thyroid surgery lead to cramps?", "thyroidectomy", "muscle spasm"),
    Question("Is dehydration behind spasms?", "dehydration", "muscle spasm"),
    Question("How can cefuroxime affect the muscles?", "cefuroxime", "muscle spasm"),
    Question("Can water pills cause cramps?", "water pills", "muscle spasm"),
    Question("How does baclofen act on spasm?", "baclofen", "muscle spasm"),
    Question("What has magnesium to do with spasm?", "magnesium", "muscle spasm"),
    Question("What reduces spasm frequency?", example="what_reduces_spasm"),
)
_ANY = ANY


def routes_of(result: PathsResult) -> list[dict[str, Any]]:
    """Routes as plain dicts (the JSON of ``myograph path``): nodes, edges, sign, score, sparql."""
    paths = result.to_json()["paths"]
    assert isinstance(paths, list)
    return list(paths)


def _relation_options(store: Store) -> dict[str, str]:
    def load() -> dict[str, str]:
        found = {r.iri: r.label for r in causal_relations(store)}
        # a foreign graph has no causal relations of ours: offer its own link predicates
        return found or {iri: local_name(iri) for iri in profile_for(store).relations[:200]}
    return memo(store, "trace_relations", load)  # type: ignore[no-any-return]


def _url_state() -> dict[str, str]:
    return {
        "source": state.param("source"), "target": state.param("target"),
        "max_hops": state.param("max_hops"), "avoid": "|".join(st.query_params.get_all("avoid")),
        "relation": "|".join(st.query_params.get_all("relation")),
        "undirected": state.param("undirected"), "route": state.param("route"),
    }


def _honour_url() -> None:
    """Copy share-link parameters into the widgets when they are new to this session."""
    wanted = _url_state()
    if not (wanted["source"] or wanted["target"]):
        return
    if wanted == st.session_state.get("_trace_url_seen"):
        return
    st.session_state["_trace_url_seen"] = wanted
    _ask(wanted["source"], wanted["target"])
    if wanted["max_hops"].isdigit():
        st.session_state["trace_hops"] = max(1, min(6, int(wanted["max_hops"])))
    st.session_state["trace_avoid"] = ", ".join(a for a in wanted["avoid"].split("|") if a)
    st.session_state["_trace_relations_wanted"] = [r for r in wanted["relation"].split("|") if r]
    st.session_state["trace_undirected"] = wanted["undirected"] in ("1", "true", "yes")
    st.session_state["trace_question"] = None
    # the highlighted route ("route=2"); checked against the routes once they are found
    st.session_state["trace_highlight"] = (f"Route {int(wanted['route'])}"
                                           if wanted["route"].isdigit() else "all")


def _ask(source: str, target: str) -> None:
    """Make (source, target) the question traced, and show it in the From and To boxes."""
    st.session_state["trace_source"] = source
    st.session_state["trace_target"] = target
    set_text("trace_from", source)
    set_text("trace_to", target)


def _chosen(end: str) -> Callable[[str], None]:
    """A pick or Enter in the From (``end="from"``) or To box: that end becomes the entity
    chosen and the other end what its box holds, so what was typed is what is traced."""
    def choose(iri: str) -> None:
        label = label_of(active_store(), iri)
        other = "to" if end == "from" else "from"
        typed = str(st.session_state.get(f"trace_{other}_text", ""))
        _ask(*((label, typed) if end == "from" else (typed, label)))
        st.session_state["trace_question"] = None
    return choose


def _on_trace_button() -> None:
    _ask(str(st.session_state.get("trace_from_text", "")),
         str(st.session_state.get("trace_to_text", "")))
    st.session_state["trace_question"] = None


@st.fragment
def _ends() -> None:
    """From and To with Explore's suggestions as you type (typing reruns only this part);
    the question is traced on Enter, a pick, or the Trace button, never on a keystroke."""
    store = active_store()
    curated = speaks_causally(store)
    chose = False
    hint = (("Everyday words work. " if curated else OWN_NAMES_HINT)
            + "Arrow keys choose, Enter traces.")
    cols = st.columns(2)
    with cols[0], state.guarded():
        chose |= search_box(store, key="trace_from", label="From (cause)" if curated else "From",
                            placeholder="e.g. acyclovir, water pills" if curated else "a name",
                            hint=hint,
                            on_select=_chosen("from"), store_of=active_store)
    with cols[1], state.guarded():
        chose |= search_box(store, key="trace_to", label="To (effect)" if curated else "To",
                            placeholder="e.g. cramp" if curated else "a name",
                            hint=hint,
                            on_select=_chosen("to"), store_of=active_store)
    if st.button("Trace", key="trace_go", type="primary", on_click=_on_trace_button) or chose:
        st.rerun()


def _on_question() -> None:
    text = st.session_state.get("trace_question")
    for q in QUESTIONS:
        if q.text == text and not q.example:
            _ask(q.source, q.target)
            st.session_state["trace_hops"] = q.max_hops
            st.session_state["trace_avoid"] = ""


def _reducers(store: Store) -> None:
    """"What reduces spasm frequency?": the entities with a negative-sign link in."""
    query = queries.get("what_reduces_spasm")
    st.markdown(f"**{state.md(query.question)}**")
    st.caption(query.summary)
    result = run(store, query.text, trusted=True)  # our own query: no sandbox to start
    if not result.rows:
        st.info("Nothing in this graph lowers muscle spasm or one of its triggers.")
    rows = [{"helper": str(r.get("helperLabel", "")), "how": str(r.get("relationLabel", "")),
             "what it lowers": str(r.get("targetLabel", ""))} for r in result.rows]
    st.dataframe(rows, hide_index=True, width="stretch")
    state.show_sparql(result.sparql, key="trace_reduce_sparql")


def render_page() -> None:
    """The Trace view."""
    try:
        _render()
    finally:
        # What we wrote to the URL ourselves is not a new share link.
        st.session_state["_trace_url_seen"] = _url_state()


def _render() -> None:
    st.title("Trace")
    st.caption("How can one thing lead to another? Pick a question or two entities.")
    store = active_store()
    _honour_url()
    if speaks_causally(store):  # the questions name the curated graph's entities
        st.selectbox("Ready-made questions", [q.text for q in QUESTIONS], index=None,
                     key="trace_question", on_change=_on_question,
                     placeholder="Choose a question…")
    chosen = next((q for q in QUESTIONS if q.text == st.session_state.get("trace_question")),
                  None)
    if chosen is not None and chosen.example:
        with state.guarded():
            _reducers(store)
        state.set_params("trace")
        return
    _ends()
    source_name = str(st.session_state.get("trace_source", ""))
    target_name = str(st.session_state.get("trace_target", ""))
    with st.expander("Options: hops, relations, what-if", expanded=False):
        cols = st.columns(2)
        st.session_state.setdefault("trace_hops", 4)
        hops = cols[0].slider("At most this many steps", 1, 6, key="trace_hops")
        k = cols[1].slider("Routes shown at most", 1, 10, 5, key="trace_k")
        options = _relation_options(store)
        wanted = st.session_state.pop("_trace_relations_wanted", None)
        if wanted is not None:
            st.session_state["trace_relations"] = [r for r in wanted
                                                   if r in options or r == _ANY]
        relations = st.multiselect(
            "Follow only these relations (empty: the causal ones)", [*options, _ANY],
            key="trace_relations",
            format_func=lambda r: "any relation" if r == _ANY else options.get(r, r))
        avoid_text = st.text_input("What if these were absent? (names, comma-separated)",
                                   key="trace_avoid", placeholder="e.g. acute kidney injury")
        undirected = st.checkbox("Ignore link direction", key="trace_undirected")
    if not (source_name.strip() and target_name.strip()):
        st.info("Name a cause and an effect, or choose a ready-made question.")
        state.set_params("trace", source=source_name, target=target_name)
        return
    avoid_names = [a.strip() for a in avoid_text.split(",") if a.strip()]
    params: dict[str, Any] = {"source": source_name, "target": target_name}
    if hops != 4:
        params["max_hops"] = hops
    state.set_params("trace", **params)
    if avoid_names or relations or undirected:
        extra = {"avoid": avoid_names, "relation": relations}
        merged = {**{k2: str(v) for k2, v in params.items()}, "view": "trace", **extra}
        if undirected:
            merged["undirected"] = "1"
        st.query_params.from_dict(merged)
    with state.guarded():
        try:
            source = resolve(store, source_name)
            target = resolve(store, target_name)
            avoid = [resolve(store, a) for a in avoid_names]
        except NodeNotFound:
            if st.session_state.get("_trace_url_seen"):
                st.caption(state.PRIVATE_UPLOAD_HINT)
            raise
        st.caption(f"From **{state.md(label_of(store, source))}** to "
                   f"**{state.md(label_of(store, target))}**"
                   + (f", avoiding {', '.join(state.md(label_of(store, a)) for a in avoid)}"
                      if avoid else ""))
        with st.spinner("Looking for routes…"):
            answer = trace(store, source, target, max_hops=hops, k=k,
                           relations=relations or None, avoid=avoid, undirected=undirected)
        if answer.avoid_effect is not None and answer.paths.paths:
            st.info(state.md(answer.avoid_effect.sentence()))
        if not answer.paths.paths:
            _no_route(answer)
            return
        _show_routes(store, answer.paths, source, target, answer.ranking)


def _take(way: Suggestion) -> None:
    """A suggested way on, one click away: it changes the question and the page reruns."""
    if way.kind == "related":
        source = str(st.session_state.get("trace_source", ""))
        target = str(st.session_state.get("trace_target", ""))
        _ask(*((way.label, target) if way.role == "source" else (source, way.label)))
    elif way.kind == "more_steps":
        st.session_state["trace_hops"] = min(6, way.max_hops)
    elif way.kind == "any_relation":
        st.session_state["trace_relations"] = [_ANY]
    elif way.kind == "undirected":
        st.session_state["trace_undirected"] = True
    st.session_state["trace_question"] = None


def _no_route(answer: Trace) -> None:
    """Why there is no route, and the nearest ways on (each checked to give routes)."""
    st.warning(state.md(answer.why_none()))
    for note in answer.paths.notes:
        st.caption(f"Note: {state.md(str(note))}")
    if not answer.suggestions:
        st.caption("Nothing nearby leads there either: try other words for either end.")
        return
    st.markdown("**Ways on**")
    for i, way in enumerate(answer.suggestions):
        routes = f"{way.routes} route{'s' if way.routes != 1 else ''}"
        # a button's label is Markdown, and the way's text holds the graph's labels
        st.button(state.md(f"{way.text} ({routes})"), key=f"trace_way_{i}", on_click=_take,
                  args=(way,),
                  help=way.caveat or None)
        if way.caveat:
            st.caption(state.md(way.caveat))


def _show_routes(store: Store, result: PathsResult, source: str, target: str,
                 ranking: str) -> None:
    routes = routes_of(result)
    told = result.sentences()
    st.markdown(f"**{len(routes)} route{'s' if len(routes) != 1 else ''}**")
    st.caption(state.md(ranking))
    labels = [f"Route {i + 1}" for i in range(len(routes))]
    if st.session_state.get("trace_highlight") not in ("all", *labels):
        st.session_state["trace_highlight"] = "all"  # none yet, or a route that is not here
    show = st.segmented_control("Highlight in the network", ["all", *labels],
                                key="trace_highlight")
    # the address carries the highlighted route, so a share link shows it highlighted
    state.set_param("route", labels.index(str(show)) + 1 if show in labels else None)
    signs = relation_signs(store)
    nodes: dict[str, render.GraphNode] = {}
    edges: list[render.GraphEdge] = []
    for route in routes:
        for n in route["nodes"]:
            nodes.setdefault(n["iri"], graph_node(store, n["iri"]))
        for e in route["edges"]:
            edges.append(render.GraphEdge(e["subject"], e["object"], e["predicate"],
                                          e["predicate_label"] or short(URIRef(e["predicate"])),
                                          e["sign"] or signs.get(e["predicate"], "")))
    chosen = routes if show in (None, "all") else [routes[labels.index(str(show))]]
    hl_nodes = {n["iri"] for r in chosen for n in r["nodes"]}
    hl_edges = {(e["subject"], e["predicate"], e["object"]) for r in chosen for e in r["edges"]}
    left, right = st.columns([1, 1], gap="medium")
    with right:
        rendered = render.build(list(nodes.values()), edges, focus=source, selected=target,
                                highlight_nodes=hl_nodes if show not in (None, "all") else (),
                                highlight_edges=hl_edges if show not in (None, "all") else (),
                                max_nodes=80, height=460)
        clicked, _double = show_network(
            rendered, key="trace_net", filename="myograph-routes.png",
            title=f"Routes from {result.source.label} to {result.target.label} (myograph)")
        st.caption("Click a node to open it in Explore: its details, links and evidence.")
        if clicked:
            st.session_state["_explore_node_param"] = None
            page = state.PAGES.get("explore")
            if page is not None:
                st.switch_page(page, query_params={"view": "explore",
                                                   "node": short(URIRef(clicked))})
    sparql: list[str] = []
    with left:
        for i, route in enumerate(routes):
            found = result.paths[i]
            words = explain(found)
            sign = route["sign"]
            effect = (f"overall effect: **{SIGN_WORDS.get(sign, 'unsigned')}** ({state.md(sign)})"
                      if found.pattern == "chain" else "**not a causal chain**")
            hops = len(found.edges)
            basis = _basis_badge(found, words.literature_steps)
            st.markdown(f"**Route {i + 1}** · {effect} · :blue-badge[{hops} "
                        f"step{'s' if hops != 1 else ''}] {basis}")
            st.markdown(state.md(words.reading))
            st.markdown("\n".join(f"{n}. {state.md(step)}"
                                   for n, step in enumerate(words.steps, 1)))
            st.caption(state.md(told[i]))
            with st.expander(f"Evidence for each of the {len(route['edges'])} links"):
                labels_by = {n["iri"]: n["label"] for n in route["nodes"]}
                for e, evidence in zip(route["edges"],
                                       (edge.evidence for edge in result.paths[i].edges),
                                       strict=True):
                    rel = e["predicate_label"] or short(URIRef(e["predicate"]))
                    st.markdown(f"**{state.md(labels_by.get(e['subject'], e['subject']))}** "
                                f"— {state.md(rel)} ({state.md(e['sign'] or '?')}) → "
                                f"**{state.md(labels_by.get(e['object'], e['object']))}**")
                    if not evidence:
                        st.caption("No source recorded for this link.")
                    for ev in evidence:
                        st.markdown(f"- {state.evidence_markdown(ev)}")
            if route["sparql"]:
                sparql.append(route["sparql"])
    for note in result.notes:
        st.caption(f"Note: {state.md(str(note))}")
    state.export_buttons(result, key="trace_export", name="myograph-routes",
                         label="Download these routes (a row per step, or RDF with the "
                               "evidence)", prefixes=graph_prefixes(active_store()))
    state.show_sparql(list(dict.fromkeys(sparql)), key="trace_sparql",
                      label="The SPARQL behind each route")
    searched = [str(q) for q in result.queries]
    if searched:
        state.show_sparql(searched[:20], key="trace_search_sparql",
                          label=f"The {len(searched)} queries of the search itself")


def _basis_badge(route: Route, literature: int) -> str:
    """What a route rests on, as a badge: steps from the literature, or the lay article alone
    when every step is sourced by it, or no source at all (a graph that records none)."""
    hops = len(route.edges)
    if literature:
        return f":green-badge[{literature} of {hops} steps from the literature]"
    sourced = sum(1 for edge in route.edges if edge.evidence)
    if sourced == 0:
        return ":gray-badge[no source recorded]"
    return ":gray-badge[" + ("the lay article alone" if sourced == hops
                             else f"{sourced} of {hops} steps from the lay article") + "]"
