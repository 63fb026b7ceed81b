"""SPARQL: an editor, the worked examples, and results as a table, a network or a chart.

URL: ``?view=sparql&query=<text>`` or ``?view=sparql&example=<name or number>``.
Every query goes through :func:`graph.sparql.run` (guard, time limit, row cap). The editor
itself (CodeMirror, Ctrl+Enter) is :mod:`myograph_app.editor`; this module decides what it
holds (example, share link, the user's edits) and keeps the URL in step with it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import streamlit as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph import queries, render
from graph.errors import MyographError, QuerySyntaxError
from graph.namespaces import derived_prefixes
from graph.profile import profile_for
from graph.results import MEDIA_TYPES, QueryResult, short
from graph.search import index_for
from graph.sparql import DEFAULT_TIMEOUT, MAX_TIMEOUT, run
from graph.stores import Store
from myograph_app import editor, state
from myograph_app.network import graph_node, relation_signs, show_network
from myograph_app.store import active_store, memo

__all__ = ["chart_columns", "render_page", "spo_columns"]

_DEFAULT_QUERY = """SELECT ?label ?definition WHERE {
  mge:muscle_spasm rdfs:label ?label ;
                   skos:definition ?definition .
}"""
_DOWNLOAD_LABELS = {"csv": "CSV", "csv-spreadsheet": "CSV for spreadsheets", "tsv": "TSV",
                    "tsv-spreadsheet": "TSV for spreadsheets",
                    "json": "JSON", "xml": "XML", "turtle": "Turtle", "ntriples": "N-Triples",
                    "jsonld": "JSON-LD", "rdfxml": "RDF/XML"}
_DOWNLOADS_TABLE = ("csv", "csv-spreadsheet", "tsv", "tsv-spreadsheet", "json", "xml")
_DOWNLOADS_GRAPH = ("turtle", "ntriples", "jsonld", "rdfxml")
_EXTENSIONS = {"csv": ".csv", "csv-spreadsheet": ".spreadsheet.csv", "tsv": ".tsv",
               "tsv-spreadsheet": ".spreadsheet.tsv",
               "json": ".srj", "xml": ".srx", "turtle": ".ttl", "ntriples": ".nt",
               "jsonld": ".jsonld", "rdfxml": ".rdf"}
_PAGING = "_sparql_paging"
"""The page Previous / Next asked for (read on the next run)."""
_URL_MAX = 6000
"""Longer queries stay out of the URL (browsers and servers cut long URLs)."""
_URL_MEMORY = 64
_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short",
            "nonNegativeInteger", "positiveInteger"}


def _example(name: str) -> queries.QueryFile | None:
    found = queries.examples()
    for q in found:
        if q.name == name or (name.isdigit() and q.example == int(name)):
            return q
    return None


def _on_example() -> None:
    name = st.session_state.get("sparql_example")
    q = _example(name) if name else None
    if q is not None:
        editor.put(q.text.strip())


def _url_known(key: str) -> bool:
    """Whether this session has already read or written this URL state (then it is no news).

    The view writes the editor's text into the URL; on the next run that URL comes back,
    and a browser may still send an older one. Neither is a share link to honour, and
    honouring it would overwrite what the user has typed since.
    """
    known: list[str] = st.session_state.setdefault("_sparql_url_known", [])
    if key in known:
        return True
    known.append(key)
    del known[:-_URL_MEMORY]
    return False


def _honour_url() -> None:
    text, example = state.param("query"), state.param("example")
    if not (text or example) or _url_known(f"{example}\n{text}"):
        return
    if example:
        q = _example(example)
        if q is None:
            st.warning(state.md(f"No worked example named {example!r}."))
            return
        st.session_state["sparql_example"] = q.name
        editor.put(q.text.strip())
    else:
        st.session_state["sparql_example"] = None
        editor.put(text)


def _sync_url(text: str, chosen: queries.QueryFile | None) -> None:
    """Make the URL say what the editor holds (an example's name while it is unchanged)."""
    if chosen is not None and text.strip() == chosen.text.strip():
        state.set_params("sparql", example=chosen.name)
        _url_known(f"{chosen.name}\n")
    elif len(text) < _URL_MAX:
        state.set_params("sparql", query=text)
        _url_known(f"\n{text}")
    else:
        state.set_params("sparql")


def _is_number(term: Any) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and (
        str(term.datatype).rpartition("#")[2] in _NUMERIC)


def chart_columns(result: QueryResult) -> tuple[str, str] | None:
    """(label column, numeric column) when a SELECT answer is counts, else None."""
    if result.form != "SELECT" or not result.rows:
        return None
    numeric = [v for v in result.variables
               if all(_is_number(r.get(v)) for r in result.rows if v in r)
               and any(v in r for r in result.rows)]
    labels = [v for v in result.variables if v not in numeric]
    if not numeric or not labels:
        return None
    return labels[0], numeric[0]


def spo_columns(result: QueryResult) -> tuple[str, str, str] | None:
    """The subject/predicate/object columns of a SELECT answer, if it has them."""
    for names in (("s", "p", "o"), ("subject", "predicate", "object")):
        if all(n in result.variables for n in names):
            return names
    return None


def _cells(result: QueryResult) -> list[dict[str, Any]]:
    """The answer's terms by column name (a CONSTRUCT's as subject, predicate, object)."""
    if result.is_graph:
        return [{"subject": s, "predicate": p, "object": o} for s, p, o in result.triples]
    return [{v: r.get(v) for v in result.variables} for r in result.rows]


def _table(cells: list[dict[str, Any]], labels: dict[str, str] | None) -> list[dict[str, str]]:
    """Cells as text: with ``labels``, an IRI the graph names reads "label (CURIE)"."""
    def text(term: Any) -> str:
        if labels is not None and isinstance(term, URIRef) and str(term) in labels:
            return f"{labels[str(term)]} ({short(term)})"
        return short(term)
    return [{k: text(v) for k, v in row.items()} for row in cells]


def _open_selected(store: Store, cells: list[dict[str, Any]], event: Any) -> None:
    """A table cell holding an IRI, once selected, opens in Explore with one click."""
    chosen = list(getattr(getattr(event, "selection", None), "cells", None) or [])
    if not chosen:
        st.caption("Select a cell holding an IRI to open it in Explore.")
        return
    row, column = chosen[0]
    term = cells[row].get(column) if 0 <= row < len(cells) else None
    if not isinstance(term, URIRef):
        st.caption("That cell holds no IRI.")
        return
    label = index_for(store).labels.get(str(term), short(term))
    if st.button(f"Open {label} in Explore", key="sparql_open_cell", icon=":material/search:"):
        page = state.PAGES.get("explore")
        if page is not None:
            st.session_state["_explore_node_param"] = None
            st.switch_page(page, query_params={"view": "explore", "node": short(term)})


def _network_of(store: Store, result: QueryResult) -> render.Rendered | None:
    if result.is_graph:
        triples = list(result.triples)
    else:
        cols = spo_columns(result)
        if cols is None:
            return None
        triples = [(r[cols[0]], r[cols[1]], r[cols[2]]) for r in result.rows
                   if all(c in r for c in cols)]
    labels = {str(s): str(o) for s, p, o in triples
              if p in (RDFS.label, SKOS.prefLabel) and isinstance(o, Literal)}
    index = index_for(store)
    signs = relation_signs(store)
    nodes: dict[str, render.GraphNode] = {}
    edges: list[render.GraphEdge] = []
    for s, p, o in triples:
        if not isinstance(o, URIRef | BNode) or not isinstance(s, URIRef | BNode):
            continue
        for term in (s, o):
            iri = str(term)
            if iri not in nodes:
                base = graph_node(store, iri)
                label = labels.get(iri) or base.label
                nodes[iri] = render.GraphNode(iri, label, base.type, base.type_label)
        edges.append(render.GraphEdge(str(s), str(o), str(p),
                                      index.labels.get(str(p), short(URIRef(str(p)))),
                                      signs.get(str(p), "")))
    if not edges:
        return None
    return render.build(list(nodes.values()), edges, max_nodes=120, height=480)


def _page_of(result: QueryResult, page: int, per_page: int) -> QueryResult:
    """The rows (or triples) of one page of an answer."""
    first = page * per_page
    if result.is_graph:
        return replace(result, triples=result.triples[first:first + per_page])
    return replace(result, rows=result.rows[first:first + per_page])


def _pager(result: QueryResult, page: int, per_page: int) -> None:
    """Which rows these are, and Previous / Next when there are other pages."""
    shown = _page_of(result, page, per_page)
    unit = "triple" if result.is_graph else "row"
    first = page * per_page + 1
    last = page * per_page + len(shown)
    note = (f"{unit}s {first:,}–{last:,}" if len(shown) else f"no {unit}s on this page")
    note += " — more follow" if result.truncated else ""
    note += f" · {result.elapsed_ms:.0f} ms"
    if page == 0 and not result.truncated:
        plural = "s" if len(shown) != 1 else ""
        note = f"{len(shown):,} {unit}{plural} in {result.elapsed_ms:.0f} ms"
    cols = st.columns([4, 1, 1])
    cols[0].caption(note)
    if cols[1].button("← Previous", key="sparql_prev", disabled=page == 0, width="stretch"):
        st.session_state[_PAGING] = page - 1
        st.rerun()
    if cols[2].button("Next →", key="sparql_next", disabled=not result.truncated,
                      width="stretch", help=f"The next {per_page:,} {unit}s (the query runs "
                      "again; add ORDER BY for a stable order)"):
        st.session_state[_PAGING] = page + 1
        st.rerun()


def _results(store: Store, whole: QueryResult, page: int, per_page: int) -> None:
    if whole.form == "ASK":
        st.caption(f"in {whole.elapsed_ms:.0f} ms")
        st.success("Yes" if whole.boolean else "No")
        return
    _pager(whole, page, per_page)
    result = _page_of(whole, page, per_page)
    chart = chart_columns(result)
    network = _network_of(store, result)
    names = ["Table", *(["Network"] if network else []), *(["Chart"] if chart else [])]
    tabs = st.tabs(names)
    with tabs[0]:
        cells = _cells(result)
        labelled = st.toggle("Labels for IRIs", value=True, key="sparql_labels",
                             help="Show an IRI the graph names as its label and CURIE")
        event = st.dataframe(_table(cells, index_for(store).labels if labelled else None),
                             hide_index=True, width="stretch", key="sparql_table",
                             on_select="rerun", selection_mode="single-cell")
        _open_selected(store, cells, event)
    if network is not None:
        with tabs[names.index("Network")]:
            show_network(network, key="sparql_net", filename="myograph-query.png")
    if chart is not None:
        label, value = chart
        with tabs[names.index("Chart")]:
            data = {"label": [short(r.get(label)) for r in result.rows],
                    "count": [float(str(r.get(value, 0))) for r in result.rows]}
            st.bar_chart(data, x="label", y="count", horizontal=True,
                         x_label=value, y_label=label)
    st.markdown("**Download**")
    wanted = list(_DOWNLOADS_GRAPH if result.is_graph else _DOWNLOADS_TABLE)
    cols = st.columns(len(wanted))
    for col, fmt in zip(cols, wanted, strict=True):
        try:
            body = result.serialize(fmt)
        except MyographError as error:
            col.caption(state.md(str(error)))
            continue
        col.download_button(_DOWNLOAD_LABELS[fmt], body, key=f"sparql_dl_{fmt}",
                            file_name=f"myograph-result{_EXTENSIONS[fmt]}",
                            mime=MEDIA_TYPES[fmt])
    if not result.is_graph and spo_columns(result):
        st.caption("For Turtle or N-Triples, ask the same with a CONSTRUCT query.")


def _graph_prefixes(store: Store) -> dict[str, str]:
    """Names for the graph's own namespaces (its relations and classes), for the editor."""
    def derive() -> dict[str, str]:
        profile = profile_for(store)
        return derived_prefixes([*profile.relations, *profile.counts][:2000])
    return memo(store, "sparql_graph_prefixes", derive)  # type: ignore[no-any-return]


def render_page() -> None:
    """The SPARQL view."""
    st.title("SPARQL")
    st.caption("Ask the graph anything in SPARQL. Prefixes mg:, mge:, rdfs:, skos:… are "
               "added for you. Queries only read; each stops at its time limit.")
    store = active_store()
    _honour_url()
    examples = queries.examples()
    by_name = {q.name: q for q in examples}
    st.selectbox("Worked examples", list(by_name), index=None, key="sparql_example",
                 on_change=_on_example, placeholder="Choose a question…",
                 format_func=lambda n: f"{by_name[n].example}. {by_name[n].question}")
    chosen = by_name.get(st.session_state.get("sparql_example") or "")
    if chosen is not None:
        st.info(f"**Question:** {state.md(chosen.question)}  \n{state.md(chosen.summary)}")
    if editor.TEXT not in st.session_state:
        editor.put(_DEFAULT_QUERY, run=False)
    st.markdown("**Query** · Ctrl+Enter (⌘+Enter on a Mac) runs it; Tab moves on",
                help="Start typing for keywords, prefixes and the variables you have used.")
    failed = st.session_state.get("sparql_syntax_error")
    text, ctrl_enter = editor.show(
        key="sparql_editor", label="SPARQL query", graph_prefixes=_graph_prefixes(store),
        error=failed if failed and failed.get("text") == st.session_state.get(editor.TEXT)
        else None)
    cols = st.columns([1, 1, 1])
    timeout = cols[0].number_input("Time limit (s)", 1.0, MAX_TIMEOUT, DEFAULT_TIMEOUT, 1.0,
                                   key="sparql_timeout")
    limit = cols[1].number_input("Row limit", 1, 100_000, 1000, 100, key="sparql_limit")
    clicked = cols[2].button("Run", type="primary", key="sparql_run", width="stretch")
    _sync_url(text, chosen)
    _library(text)
    kept = st.session_state.get("sparql_result")
    paging = st.session_state.pop(_PAGING, None)
    if clicked or ctrl_enter or st.session_state.get(editor.AUTORUN):
        # AUTORUN is dropped once the run is over: a rerun the browser asks for meanwhile
        # (the editor sending its text or library) stops this run, and the next one runs it
        _run_and_keep(store, text, float(timeout), int(limit), page=0)
        st.session_state.pop(editor.AUTORUN, None)
    elif paging is not None and kept is not None:
        _run_and_keep(store, kept[0], float(timeout), kept[3], page=int(paging))
    if failed and failed.get("text") == text and "sparql_result" not in st.session_state:
        state.report_error(QuerySyntaxError(
            failed["message"], line=failed["line"], column=failed["column"]))
    kept = st.session_state.get("sparql_result")
    if kept is not None:
        ran_text, result, page, per_page = kept
        if ran_text != text:
            st.caption("Showing the answer to the previous text; press Run for this one.")
        with state.guarded():
            _results(store, result, page, per_page)


def _library(text: str) -> None:
    """The queries run lately and those saved by name (kept in this browser), to load,
    save, delete, export and import."""
    kept = editor.library()
    history, saved = kept["history"], kept["saved"]
    with st.expander(f"History ({len(history)}) and saved queries ({len(saved)})"):
        st.caption("Kept in this browser, not on the server. A loaded query's share link is "
                   "the address bar.")
        cols = st.columns([4, 1], vertical_alignment="bottom")
        texts = [str(h.get("text", "")) for h in history]
        recent = cols[0].selectbox("Recent queries", list(range(len(texts))), index=None,
                                   key="sparql_recent", placeholder="Run a query to see it here",
                                   format_func=lambda i: _first_line(texts[i]))
        if cols[1].button("Load", key="sparql_recent_load", disabled=recent is None,
                          width="stretch") and recent is not None:
            editor.put(texts[recent], run=False)
            st.rerun()
        names = [str(q.get("name", "")) for q in saved]
        by_name = {str(q.get("name", "")): str(q.get("text", "")) for q in saved}
        cols = st.columns([4, 1, 1], vertical_alignment="bottom")
        chosen = cols[0].selectbox("Saved queries", names, index=None, key="sparql_saved",
                                   placeholder="Save one below")
        if cols[1].button("Load", key="sparql_saved_load", disabled=chosen is None,
                          width="stretch") and chosen:
            editor.put(by_name[chosen], run=False)
            st.rerun()
        if cols[2].button("Delete", key="sparql_saved_delete", disabled=chosen is None,
                          width="stretch") and chosen:
            editor.command("remove", name=chosen)
            st.rerun()
        cols = st.columns([4, 1], vertical_alignment="bottom")
        name = cols[0].text_input("Save the query in the editor as", key="sparql_save_name",
                                  max_chars=200, placeholder="a name, e.g. drugs by class")
        if cols[1].button("Save", key="sparql_save", disabled=not (name or "").strip(),
                          width="stretch"):
            editor.command("save", name=name.strip(), text=text)
            st.toast(state.md(f"Saved as {name.strip()}"))
            st.rerun()
        export_col, import_col = st.columns(2, vertical_alignment="bottom")
        export_col.download_button(
            "Export saved queries (JSON)", json.dumps(saved, indent=1, ensure_ascii=False),
            file_name="myograph-saved-queries.json", mime="application/json",
            key="sparql_saved_export", disabled=not saved, on_click="ignore")
        upload = import_col.file_uploader("Import saved queries (JSON)", type=["json"],
                                          key="sparql_saved_import")
        if upload is not None and st.session_state.get("_sparql_imported") != upload.file_id:
            st.session_state["_sparql_imported"] = upload.file_id
            items = _saved_from(upload.getvalue())
            if items is None:
                st.error("That file is not a list of saved queries ({\"name\", \"text\"}).")
            else:
                editor.command("import", items=items)
                st.rerun()


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()
                 and not x.strip().upper().startswith("PREFIX")), text.strip())
    return line if len(line) <= 90 else line[:89] + "…"


def _saved_from(raw: bytes) -> list[dict[str, str]] | None:
    """Saved queries from an exported file; None when it is not one."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, list):
        return None
    items = [{"name": str(q["name"])[:200], "text": str(q["text"])} for q in data
             if isinstance(q, dict) and isinstance(q.get("name"), str) and q["name"].strip()
             and isinstance(q.get("text"), str) and len(q["text"]) <= editor.MAX_CHARS]
    return items if items or not data else None


def _run_and_keep(store: Store, text: str, timeout: float, per_page: int, *, page: int) -> None:
    """Run ``text`` for one page of answers and keep it (or mark a syntax error in place).

    Page ``n`` asks for the first ``(n + 1) * per_page`` rows and shows the last
    ``per_page`` of them: any query pages this way, CONSTRUCT and GROUP BY included, and the
    runner's row cap says whether more follow.
    """
    try:
        result = run(store, text, timeout=timeout, max_rows=(page + 1) * per_page)
        st.session_state["sparql_result"] = (text, result, page, per_page)
        history = editor.library()["history"]
        if page == 0 and (not history or history[0].get("text") != text):
            editor.command("ran", text=text)
            st.session_state.pop(editor.AUTORUN, None)
            st.rerun()  # so the browser keeps it now, not at the next click
        st.session_state.pop("sparql_syntax_error", None)
    except QuerySyntaxError as error:
        st.session_state.pop("sparql_result", None)
        marked = {"text": text, "line": error.line, "column": error.column,
                  "message": str(error).partition("\n")[0]}
        if st.session_state.get("sparql_syntax_error") != marked:
            st.session_state["sparql_syntax_error"] = marked
            st.rerun()  # once, so the editor (drawn above) marks the place
    except Exception as error:  # noqa: BLE001 - the app's boundary mapper
        st.session_state.pop("sparql_result", None)
        state.report_error(error)
