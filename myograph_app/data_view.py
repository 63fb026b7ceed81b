"""Data: bring your own RDF (this session only), check it, count it, download the graph.

URL: ``?view=data``.
"""

from __future__ import annotations

import gzip
import io

import streamlit as st
from rdflib import Graph, URIRef

from graph import queries
from graph.export import write_nquads
from graph.namespaces import PREFIXES
from graph.prefixes import query_prefixes
from graph.profile import ROLES, profile_for, short_iri
from graph.results import short
from graph.session import (
    MAX_SESSION_TRIPLES,
    MAX_UPLOAD_TRIPLES,
    MAX_VALIDATED_TRIPLES,
    SessionGraph,
)
from graph.sparql import run
from graph.stats import stats
from graph.stores import Store
from myograph_app import state
from myograph_app.store import session_graph

__all__ = ["UPLOAD_TYPES", "nquads_gz", "render_page", "turtle"]

UPLOAD_TYPES = ["ttl", "nt", "nq", "trig", "rdf", "owl", "jsonld", "json", "n3", "gz"]
_EXPORT_LIMIT = 2_000_000
"""Triples the app writes out at most (N-Quads, streamed); past it, the CLI."""
_TURTLE_LIMIT = 200_000
"""Turtle needs the whole graph in rdflib first: offered for graphs up to this size."""


def turtle(store: Store) -> bytes:
    """The whole graph's triples as Turtle (rdflib holds it all first: small graphs only)."""
    g2 = Graph()
    for prefix, ns in PREFIXES.items():
        g2.bind(prefix, ns)
    for s, p, o, _g in store.quads():
        g2.add((s, p, o))
    return g2.serialize(format="turtle").encode("utf-8")


def nquads_gz(store: Store, total: int) -> bytes:
    """Every quad as gzipped N-Quads, streamed (memory stays flat), with a progress bar."""
    bar = st.progress(0.0, text="Writing N-Quads…")
    buffer = io.BytesIO()

    def progress(n: int) -> None:
        bar.progress(min(n / max(total, 1), 1.0), text=f"Writing N-Quads… {n:,} of {total:,} quads")

    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6, mtime=0) as out:
        write_nquads(store, out, progress=progress)
    bar.empty()
    return buffer.getvalue()


def _uploader(overlay: SessionGraph) -> None:
    st.markdown("**Add your own data** (visible to you only, until you close the tab)")
    files = st.file_uploader(
        "RDF files: .ttl .nt .nq .trig .rdf .jsonld (also .gz)", type=UPLOAD_TYPES,
        accept_multiple_files=True, key="data_upload",
        help=f"Up to {MAX_UPLOAD_TRIPLES:,} triples a file and {MAX_SESSION_TRIPLES:,} in all; "
             f"files up to {MAX_VALIDATED_TRIPLES:,} triples are checked against the "
             "project's SHACL shapes. For bigger graphs, load them with `myograph load` into "
             "an Oxigraph store and open the app on it (see the README).")
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
            if upload.unchecked:
                st.info(f"SHACL: not checked here (over {MAX_VALIDATED_TRIPLES:,} triples); "
                        f"check it with: myograph validate {state.md(name)}")
            report = upload.report
            if report is None:
                continue
            if report.conforms and report.note:
                st.info(f"SHACL: {state.md(report.note)}")
            elif report.conforms:
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


def _graphs(store: Store) -> None:
    """The named graphs the store holds, their sizes, and a look into one of them."""
    sizes = run(store, queries.get("graph_sizes").text, max_rows=1000, trusted=True)
    rows = [{"graph": str(r["graph"]), "triples": int(str(r["triples"]))} for r in sizes.rows]
    if not rows:
        st.caption("Everything is in the default graph (no named graphs).")
        return
    st.dataframe(rows, hide_index=True, width="stretch", column_config={
        "triples": st.column_config.NumberColumn(format="localized")})
    chosen = st.selectbox("Look into a graph", [r["graph"] for r in rows], index=None,
                          key="data_graph", placeholder="Choose a graph…")
    if chosen:
        text = queries.get("graph_sample").bind(graph=URIRef(str(chosen)))
        sample = run(store, text, max_rows=50, trusted=True)
        names = query_prefixes(store).items()
        st.dataframe([{k: short(v, names) for k, v in r.items()} for r in sample.rows],
                     hide_index=True, width="stretch")
        st.caption(f"The first {len(sample.rows)} triples; open the query to see more.")
        state.open_in_sparql(sample.sparql, key="data_graph_open")
    state.show_sparql(sizes.sparql, key="data_graphs_sparql")


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
    st.markdown("**Named graphs**")
    with state.guarded():
        _graphs(store)
    st.markdown("**How this graph is read** (its profile)")
    with state.guarded():
        _profile(store)
    st.markdown("**Download the whole graph**")
    with state.guarded():
        size = stats(store).triples
        if size > _EXPORT_LIMIT:
            st.warning(f"This graph holds {size:,} triples, more than the app writes out "
                       f"({_EXPORT_LIMIT:,}); use `myograph query \"CONSTRUCT WHERE "
                       "{ ?s ?p ?o }\" --format ntriples --limit …` or the store's own dump.")
        elif st.button("Prepare downloads", key="data_prepare"):
            turtle_body = turtle(store) if size <= _TURTLE_LIMIT else None
            st.session_state["data_export"] = (store.version, id(store), turtle_body,
                                               nquads_gz(store, size))
        kept = st.session_state.get("data_export")
        if kept is not None and kept[:2] == (store.version, id(store)):
            cols = st.columns(2)
            if kept[2] is not None:
                cols[0].download_button("Turtle (.ttl)", io.BytesIO(kept[2]),
                                        file_name="myograph.ttl", mime="text/turtle",
                                        key="data_dl_ttl")
            else:
                cols[0].caption(f"Turtle is offered up to {_TURTLE_LIMIT:,} triples; take "
                                "the N-Quads.")
            cols[1].download_button("N-Quads, gzipped (.nq.gz)", io.BytesIO(kept[3]),
                                    file_name="myograph.nq.gz", mime="application/gzip",
                                    key="data_dl_nq")
