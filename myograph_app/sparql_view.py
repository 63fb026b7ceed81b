"""SPARQL: an editor, the worked examples, and results as a table, a network or a chart.

URL: ``?view=sparql&query=<text>`` or ``?view=sparql&example=<name or number>``.
This module only wires widgets. The editor itself (CodeMirror, Ctrl+Enter) is
:mod:`myograph_app.editor`; what the view keeps between reruns (the share link, the URL,
the last answer) is :mod:`myograph_app.sparql_session`; what it shows of an answer is
:mod:`myograph_app.sparql_answer`; the history and saved queries are
:mod:`myograph_app.sparql_library`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from rdflib import URIRef

from graph import queries
from graph.errors import QuerySyntaxError
from graph.namespaces import PREFIXES, derived_prefixes
from graph.prefixes import graph_prefixes, query_prefixes
from graph.profile import profile_for
from graph.results import QueryResult, short
from graph.search import label_of, names_of
from graph.sparql import DEFAULT_TIMEOUT, MAX_TIMEOUT
from graph.stores import Store
from myograph_app import editor, state
from myograph_app.network import show_network
from myograph_app.sparql_answer import (
    cells,
    chart_columns,
    downloads,
    network_of,
    page_of,
    pager_note,
    spo_columns,
    table,
)
from myograph_app.sparql_library import show_library
from myograph_app.sparql_session import (
    RESULT,
    SYNTAX_ERROR,
    example,
    honour_url,
    run_and_keep,
    sync_url,
)
from myograph_app.store import active_store, memo

__all__ = ["chart_columns", "render_page", "spo_columns"]

_DEFAULT_QUERY = """SELECT ?label ?definition WHERE {
  mge:muscle_spasm rdfs:label ?label ;
                   skos:definition ?definition .
}"""
_PAGING = "_sparql_paging"
"""The page Previous / Next asked for (read on the next run)."""


def render_page() -> None:
    """The SPARQL view."""
    st.title("SPARQL")
    st.caption("Ask the graph anything in SPARQL. Prefixes mg:, mge:, rdfs:, skos:… are "
               "added for you. Queries only read; each stops at its time limit.")
    store = active_store()
    honour_url()
    chosen = _examples()
    if editor.TEXT not in st.session_state:
        editor.put(_DEFAULT_QUERY, run=False)
    st.markdown("**Query** · Ctrl+Enter (⌘+Enter on a Mac) runs it; Tab moves on",
                help="Start typing for keywords, prefixes and the variables you have used.")
    failed = st.session_state.get(SYNTAX_ERROR)
    text, ctrl_enter = editor.show(
        key="sparql_editor", label="SPARQL query", graph_prefixes=_graph_prefixes(store),
        error=failed if failed and failed.get("text") == st.session_state.get(editor.TEXT)
        else None)
    cols = st.columns([1, 1, 1])
    timeout = cols[0].number_input("Time limit (s)", 1.0, MAX_TIMEOUT, DEFAULT_TIMEOUT, 1.0,
                                   key="sparql_timeout")
    limit = cols[1].number_input("Row limit", 1, 100_000, 1000, 100, key="sparql_limit")
    clicked = cols[2].button("Run", type="primary", key="sparql_run", width="stretch")
    sync_url(text, chosen)
    show_library(text)
    kept = st.session_state.get(RESULT)
    paging = st.session_state.pop(_PAGING, None)
    if clicked or ctrl_enter or st.session_state.get(editor.AUTORUN):
        # AUTORUN is dropped once the run is over: a rerun the browser asks for meanwhile
        # (the editor sending its text or library) stops this run, and the next one runs it
        run_and_keep(store, text, float(timeout), int(limit), page=0)
        st.session_state.pop(editor.AUTORUN, None)
    elif paging is not None and kept is not None:
        run_and_keep(store, kept[0], float(timeout), kept[3], page=int(paging))
    if failed and failed.get("text") == text and RESULT not in st.session_state:
        state.report_error(QuerySyntaxError(
            failed["message"], line=failed["line"], column=failed["column"]))
    kept = st.session_state.get(RESULT)
    if kept is not None:
        ran_text, result, page, per_page = kept
        if ran_text != text:
            st.caption("Showing the answer to the previous text; press Run for this one.")
        with state.guarded():
            _results(store, result, page, per_page)


def _examples() -> queries.QueryFile | None:
    """The worked examples to choose from, and the one chosen (with its question)."""
    by_name = {q.name: q for q in queries.examples()}
    st.selectbox("Worked examples", list(by_name), index=None, key="sparql_example",
                 on_change=_on_example, placeholder="Choose a question…",
                 format_func=lambda n: f"{by_name[n].example}. {by_name[n].question}")
    chosen = by_name.get(st.session_state.get("sparql_example") or "")
    if chosen is not None:
        st.info(f"**Question:** {state.md(chosen.question)}  \n{state.md(chosen.summary)}")
    return chosen


def _on_example() -> None:
    name = st.session_state.get("sparql_example")
    q = example(name) if name else None
    if q is not None:
        editor.put(q.text.strip())


def _open_selected(store: Store, rows: list[dict[str, Any]], event: Any) -> None:
    """A table cell holding an IRI, once selected, opens in Explore with one click."""
    chosen = list(getattr(getattr(event, "selection", None), "cells", None) or [])
    if not chosen:
        st.caption("Select a cell holding an IRI to open it in Explore.")
        return
    row, column = chosen[0]
    term = rows[row].get(column) if 0 <= row < len(rows) else None
    if not isinstance(term, URIRef):
        st.caption("That cell holds no IRI.")
        return
    label = label_of(store, str(term))
    if st.button(f"Open {label} in Explore", key="sparql_open_cell", icon=":material/search:"):
        page = state.PAGES.get("explore")
        if page is not None:
            st.session_state["_explore_node_param"] = None
            st.switch_page(page, query_params={
                "view": "explore", "node": short(term, query_prefixes(store).items())})


def _pager(result: QueryResult, page: int, per_page: int) -> None:
    """Which rows these are, and Previous / Next when there are other pages."""
    unit = "triple" if result.is_graph else "row"
    cols = st.columns([4, 1, 1])
    cols[0].caption(pager_note(result, page, per_page))
    if cols[1].button("← Previous", key="sparql_prev", disabled=page == 0, width="stretch"):
        st.session_state[_PAGING] = page - 1
        st.rerun()
    if cols[2].button("Next →", key="sparql_next", disabled=not result.truncated,
                      width="stretch", help=f"The next {per_page:,} {unit}s (the query runs "
                      "again; add ORDER BY for a stable order)"):
        st.session_state[_PAGING] = page + 1
        st.rerun()


def _results(store: Store, whole: QueryResult, page: int, per_page: int) -> None:
    """One page of an answer: a table, a network and a chart where they fit, downloads."""
    if whole.form == "ASK":
        st.caption(f"in {whole.elapsed_ms:.0f} ms")
        st.success("Yes" if whole.boolean else "No")
        return
    _pager(whole, page, per_page)
    result = page_of(whole, page, per_page)
    chart = chart_columns(result)
    network = network_of(store, result)
    names = ["Table", *(["Network"] if network else []), *(["Chart"] if chart else [])]
    tabs = st.tabs(names)
    with tabs[0]:
        rows = cells(result)
        labelled = st.toggle("Labels for IRIs", value=True, key="sparql_labels",
                             help="Show an IRI the graph names as its label and CURIE")
        iris = {str(v) for row in rows for v in row.values() if isinstance(v, URIRef)}
        event = st.dataframe(table(rows, names_of(store, iris).labels if labelled else None,
                                   query_prefixes(store).items()),
                             hide_index=True, width="stretch", key="sparql_table",
                             on_select="rerun", selection_mode="single-cell")
        _open_selected(store, rows, event)
    if network is not None:
        with tabs[names.index("Network")]:
            show_network(network, key="sparql_net", filename="myograph-query.png")
    if chart is not None:
        label, value = chart
        with tabs[names.index("Chart")]:
            known = query_prefixes(store).items()
            data = {"label": [short(r.get(label), known) for r in result.rows],
                    "count": [float(str(r.get(value, 0))) for r in result.rows]}
            st.bar_chart(data, x="label", y="count", horizontal=True,
                         x_label=value, y_label=label)
    _downloads(result)


def _downloads(result: QueryResult) -> None:
    """A download button per format that suits the answer (or why it cannot be had)."""
    st.markdown("**Download**")
    wanted = downloads(result)
    for col, got in zip(st.columns(len(wanted)), wanted, strict=True):
        if got.error is not None:
            col.caption(state.md(got.error))
            continue
        col.download_button(got.label, got.body, key=f"sparql_dl_{got.fmt}",
                            file_name=got.file_name, mime=got.mime)
    if not result.is_graph and spo_columns(result):
        st.caption("For Turtle or N-Triples, ask the same with a CONSTRUCT query.")


def _graph_prefixes(store: Store) -> dict[str, str]:
    """The graph's own prefixes for the editor: those its files declared, then names for
    the other namespaces of its relations and classes."""
    def derive() -> dict[str, str]:
        profile = profile_for(store)
        own = graph_prefixes(store)
        return {**own, **derived_prefixes([*profile.relations, *profile.counts][:2000],
                                          known={**PREFIXES, **own})}
    return memo(store, f"sparql_graph_prefixes-{store.prefixes_version}",  # type: ignore[no-any-return]
                derive)
