"""The SPARQL view's history and saved queries: kept in the browser by the editor
component, listed here to load, save, delete, export and import."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from myograph_app import editor, state

__all__ = ["first_line", "saved_from", "show_library"]


def show_library(text: str) -> None:
    """The queries run lately and those saved by name (kept in this browser), to load,
    save, delete, export and import; ``text`` is what the editor holds (saved as)."""
    kept = editor.library()
    history, saved = kept["history"], kept["saved"]
    with st.expander(f"History ({len(history)}) and saved queries ({len(saved)})"):
        st.caption("Kept in this browser, not on the server. A loaded query's share link is "
                   "the address bar.")
        _recent(history)
        _saved(saved)
        _save_as(text)
        _export_import(saved)


def _recent(history: list[dict[str, Any]]) -> None:
    cols = st.columns([4, 1], vertical_alignment="bottom")
    texts = [str(h.get("text", "")) for h in history]
    recent = cols[0].selectbox("Recent queries", list(range(len(texts))), index=None,
                               key="sparql_recent", placeholder="Run a query to see it here",
                               format_func=lambda i: first_line(texts[i]))
    if cols[1].button("Load", key="sparql_recent_load", disabled=recent is None,
                      width="stretch") and recent is not None:
        editor.put(texts[recent], run=False)
        st.rerun()


def _saved(saved: list[dict[str, Any]]) -> None:
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


def _save_as(text: str) -> None:
    cols = st.columns([4, 1], vertical_alignment="bottom")
    name = cols[0].text_input("Save the query in the editor as", key="sparql_save_name",
                              max_chars=200, placeholder="a name, e.g. drugs by class")
    if cols[1].button("Save", key="sparql_save", disabled=not (name or "").strip(),
                      width="stretch"):
        editor.command("save", name=name.strip(), text=text)
        st.toast(state.md(f"Saved as {name.strip()}"))
        st.rerun()


def _export_import(saved: list[dict[str, Any]]) -> None:
    export_col, import_col = st.columns(2, vertical_alignment="bottom")
    export_col.download_button(
        "Export saved queries (JSON)", json.dumps(saved, indent=1, ensure_ascii=False),
        file_name="myograph-saved-queries.json", mime="application/json",
        key="sparql_saved_export", disabled=not saved, on_click="ignore")
    upload = import_col.file_uploader("Import saved queries (JSON)", type=["json"],
                                      key="sparql_saved_import")
    if upload is not None and st.session_state.get("_sparql_imported") != upload.file_id:
        st.session_state["_sparql_imported"] = upload.file_id
        items = saved_from(upload.getvalue())
        if items is None:
            st.error("That file is not a list of saved queries ({\"name\", \"text\"}).")
        else:
            editor.command("import", items=items)
            st.rerun()


def first_line(text: str) -> str:
    """The line that names a query in a list: its first that is not a PREFIX, cut at 90."""
    line = next((x.strip() for x in text.splitlines() if x.strip()
                 and not x.strip().upper().startswith("PREFIX")), text.strip())
    return line if len(line) <= 90 else line[:89] + "…"


def saved_from(raw: bytes) -> list[dict[str, str]] | None:
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
