"""myograph's Streamlit app: a thin router over five views and a sidebar.

Run with ``make run`` (or ``streamlit run app.py``). The views live in ``myograph_app/``;
every one of them only wires widgets to ``graph/`` functions.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from graph.stores import summary as store_summary
from myograph_app import data_view, explore, read_view, sparql_view, state, trace
from myograph_app.store import active_store, session_graph, speaks_causally, store_spec

logging.basicConfig(level=logging.INFO)

# The favicon is our own SVG, which Streamlit inlines as a data: URL (a :material/…: favicon
# would be fetched from fonts.gstatic.com; an emoji makes a first run load Streamlit's
# emoji catalogue to recognise it).
st.set_page_config(page_title="myograph: muscle spasm explorer",
                   page_icon=str(Path(__file__).parent / "myograph_app/assets/favicon.svg"),
                   layout="wide", initial_sidebar_state="auto")

# Material icons come from the font Streamlit serves itself (emoji need a colour-emoji font,
# missing on many Linux machines).
pages = {
    "explore": st.Page(explore.render_page, title="Explore", icon=":material/search:",
                       url_path="explore", default=True),
    "trace": st.Page(trace.render_page, title="Trace", icon=":material/route:",
                     url_path="trace"),
    "read": st.Page(read_view.render_page, title="Read", icon=":material/menu_book:",
                    url_path="read"),
    "sparql": st.Page(sparql_view.render_page, title="SPARQL", icon=":material/code:",
                      url_path="sparql"),
    "data": st.Page(data_view.render_page, title="Data", icon=":material/database:",
                    url_path="data"),
}
state.PAGES.clear()
state.PAGES.update(pages)
current = st.navigation(list(pages.values()))

# A share link names its view in ?view=…: honour it on the session's first run.
wanted = state.param("view")
if (not st.session_state.get("_view_honoured") and wanted in pages
        and pages[wanted] is not current):
    st.session_state["_view_honoured"] = True
    st.switch_page(pages[wanted], query_params=st.query_params.to_dict())
st.session_state["_view_honoured"] = True

with st.sidebar:
    st.markdown("### myograph")
    st.warning(state.DISCLAIMER, icon=":material/info:")
    with state.guarded():
        overlay = session_graph()
        st.caption("Causes, triggers and treatments of muscle spasm, as a knowledge graph."
                   if speaks_causally(active_store()) else
                   "A knowledge graph: search it, follow links, trace routes, ask in SPARQL.")
        st.markdown("**Graph in use**")
        st.caption(state.graph_in_words(store_spec()))
        extra = overlay.sidebar_note()
        if extra:
            st.caption(extra)
        if overlay.uploads and not overlay.copies_shared:
            choice = st.radio("Explore", ["my uploads", "the shared graph"],
                              key="sidebar_graph_choice", horizontal=True)
            overlay.use_uploads_only = choice == "my uploads"
        with st.expander("Technical details"):
            st.caption(store_summary(overlay.shared))
            st.caption(f"Store: `{store_spec()}` (set MYOGRAPH_STORE to change)")

st.caption(f":material/info: {state.DISCLAIMER}")
with state.guarded():
    current.run()
