"""Data: bring your own RDF (this session only), check it, count it, download the graph.

URL: ``?view=data``.
"""

from __future__ import annotations

import io

import streamlit as st
from rdflib import Dataset, Graph, URIRef

from graph.namespaces import PREFIXES
from graph.profile import ROLES, profile_for, short_iri
from graph.stats import stats
from graph.stores import Store
from myograph_app import state
from myograph_app.store import SessionGraph, session_graph

__all__ = ["UPLOAD_TYPES", "export", "render_page"]

UPLOAD_TYPES = ["ttl", "nt", "nq", "trig", "rdf", "owl", "jsonld", "json", "n3", "gz"]
_EXPORT_LIMIT = 2_000_000


def export(store: Store, fmt: str) -> bytes:
    """The whole graph as Turtle (all triples) or N-Quads (with graph names)."""
    if fmt == "nquads":
        ds = Dataset()
        for s, p, o, g in store.quads():
            ds.graph(URIRef(g) if g else ds.default_graph.identifier).add((s, p, o))
        return ds.serialize(format="nquads").encode("utf-8")
    g2 = Graph()
    for prefix, ns in PREFIXES.items():
        g2.bind(prefix, ns)
    for s, p, o, _g in store.quads():
        g2.add((s, p, o))
    return g2.serialize(format="turtle").encode("utf-8")


def _uploader(overlay: SessionGraph) -> None:
    st.markdown("**Add your own data** (visible to you only, until you close the tab)")
    files = st.file_uploader(
        "RDF files: .ttl .nt .nq .trig .rdf .jsonld (also .gz)", type=UPLOAD_TYPES,
        accept_multiple_files=True, key="data_upload")
    done: set[str] = st.session_state.setdefault("_data_done", set())
    for f in files or []:
        marker = f"{f.file_id}"
        if marker in done:
            continue
        done.add(marker)
        with state.guarded(), st.spinner(f"Reading {f.name}…"):
            upload = overlay.add(f.name, f.getvalue())
            st.success(f"{state.md(f.name)}: {upload.triples:,} triples added to graph "
                       f"{state.md(upload.graph)}.")


def _uploads(overlay: SessionGraph) -> None:
    if not overlay.uploads:
        st.caption("No uploads in this session.")
        return
    for i, (name, upload) in enumerate(sorted(overlay.uploads.items())):
        with st.container(border=True):
            cols = st.columns([4, 1])
            cols[0].markdown(f"**{state.md(name)}** · {upload.triples:,} triples · "
                             f"graph `{upload.graph}`")
            if cols[1].button("Remove", key=f"data_remove_{i}", help=f"Remove {name}"):
                overlay.remove(name)
                st.rerun()
            report = upload.report
            if report is None:
                continue
            if report.conforms:
                st.success("SHACL: conforms to the project's shapes.")
            else:
                st.warning(f"SHACL: {len(report.violations)} issue(s) against the shapes.")
                st.dataframe([{"focus": v.focus, "path": v.path, "message": v.message,
                               "severity": v.severity} for v in report.violations],
                             hide_index=True, width="stretch")


def _counts(store: Store) -> None:
    s = stats(store)
    cols = st.columns(4)
    cols[0].metric("Triples", f"{s.triples:,}")
    cols[1].metric("Entities", f"{s.entities:,}")
    if s.causal:
        cols[2].metric("Causal links", f"{s.causal_links:,}")
        cols[3].metric("…with a source", f"{s.sourced_causal_links:,}")
    else:  # a graph without the causal vocabulary: its own links and relations
        cols[2].metric("Links", f"{s.links:,}")
        cols[3].metric("Relations", f"{len(s.by_relation):,}")
    left, right = st.columns(2)
    with left:
        st.markdown("**By class**")
        st.dataframe([{"class": s.labels.get(k, k), "id": k, "count": v}
                      for k, v in s.by_class.items()], hide_index=True, width="stretch")
    with right:
        st.markdown("**By relation**")
        st.dataframe([{"relation": s.labels.get(k, k), "id": k, "count": v}
                      for k, v in s.by_relation.items()], hide_index=True, width="stretch")
    state.show_sparql(s.sparql, key="data_sparql")


def _profile(store: Store) -> None:
    """How the graph is read: which predicates carry labels, types and links."""
    p = profile_for(store)
    st.caption(f"Detected from the predicates the graph uses ({p.source}); override it with "
               "`myograph profile --override FILE` on the store's directory.")
    rows = []
    for role in ROLES:
        iris: list[str] = getattr(p, role)
        shown = ", ".join(short_iri(i) for i in iris[:30]) + (" …" if len(iris) > 30 else "")
        rows.append({"role": role, "predicates": shown or "(none)",
                     "uses": sum(p.counts.get(i, 0) for i in iris)})
    st.dataframe(rows, hide_index=True, width="stretch")


def render_page() -> None:
    """The Data view."""
    st.title("Data")
    state.set_params("data")
    overlay = session_graph()
    with state.guarded():
        _uploader(overlay)
    _uploads(overlay)
    store = overlay.store()
    st.markdown("**What is loaded**")
    with state.guarded():
        _counts(store)
    st.markdown("**How this graph is read** (its profile)")
    with state.guarded():
        _profile(store)
    st.markdown("**Download the whole graph**")
    with state.guarded():
        if st.button("Prepare downloads", key="data_prepare"):
            if stats(store).triples > _EXPORT_LIMIT:
                st.warning("This graph is too large to download from the app; use "
                           "`myograph` on the command line.")
            else:
                st.session_state["data_export"] = (store.version, id(store),
                                                   export(store, "turtle"),
                                                   export(store, "nquads"))
        kept = st.session_state.get("data_export")
        if kept is not None and kept[:2] == (store.version, id(store)):
            cols = st.columns(2)
            cols[0].download_button("Turtle (.ttl)", io.BytesIO(kept[2]),
                                    file_name="myograph.ttl", mime="text/turtle",
                                    key="data_dl_ttl")
            cols[1].download_button("N-Quads (.nq)", io.BytesIO(kept[3]),
                                    file_name="myograph.nq", mime="application/n-quads",
                                    key="data_dl_nq")
