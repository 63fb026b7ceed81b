"""The SPARQL editor: CodeMirror 6 with SPARQL highlighting, as a components-v2 element.

The JavaScript is one ES module, ``myograph_app/assets/sparql_editor.js``, built by
``make frontend`` from ``myograph_app/frontend/`` (CodeMirror's packages pinned in its
``package-lock.json``; their MIT notices are in the bundle's banner). It is committed, so
the app needs neither npm nor the network; it is read once per process and mounted inline
(``st.components.v2.component``, no iframe), like the network view.

Who owns the text: ``st.session_state["sparql_text"]``. Python puts a query there with
:func:`put` (an example, a share link, "Open in SPARQL view"), which also raises
``sparql_rev``; the editor replaces its text only when that number changes, so a rerun
never overwrites what someone is typing. The editor sends its text back as the state value
``query = {"text", "rev"}`` (on blur, after a pause in typing, and before a run), and
Ctrl/Cmd+Enter also sets the trigger ``run``. :func:`show` takes an edit only when it was
made on the current ``rev`` (an edit of a query Python has since replaced is dropped) and
only once (a state value already taken is not taken again).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from graph.namespaces import PREFIXES
from myograph_app.components import trigger_only

__all__ = ["ASSET", "AUTORUN", "MAX_CHARS", "REV", "TEXT", "edit_from", "put", "show"]

ASSET = Path(__file__).resolve().parent / "assets" / "sparql_editor.js"
"""The built bundle (``make frontend``)."""
TEXT = "sparql_text"
REV = "sparql_rev"
AUTORUN = "sparql_autorun"
MAX_CHARS = 100_000
"""Longer text from the browser is refused with a message (queries are short)."""
_SEEN = "_sparql_editor_seen"

_CSS = """
.mg-sparql-editor { width: 100%; }
.mg-sparql-editor .cm-editor { max-width: 100%; }
"""


@cache
def _component() -> Any:
    js = ASSET.read_text(encoding="utf-8")
    return st.components.v2.component("myograph_sparql_editor", js=js, css=_CSS,
                                      isolate_styles=True)


def put(text: str, *, run: bool = True) -> None:
    """Put ``text`` in the editor (it replaces whatever is there); run it next if ``run``."""
    st.session_state[TEXT] = text
    st.session_state[REV] = int(st.session_state.get(REV, 0)) + 1
    if run:
        st.session_state[AUTORUN] = True


def edit_from(message: Any, rev: int) -> str | None:
    """The text of an editor message made on query number ``rev``; None if stale or malformed.

    >>> edit_from({"text": "ASK {}", "rev": 2}, 2)
    'ASK {}'
    >>> edit_from({"text": "ASK {}", "rev": 1}, 2) is None  # typed before a new query came
    True
    >>> edit_from("ASK {}", 2) is None
    True
    """
    if not isinstance(message, dict) or message.get("rev") != rev:
        return None
    text = message.get("text")
    return text if isinstance(text, str) else None


def _take(text: str | None) -> bool:
    if text is None:
        return False
    if len(text) > MAX_CHARS:
        st.warning(f"That query is {len(text):,} characters long; the editor takes at most "
                   f"{MAX_CHARS:,}.")
        return False
    st.session_state[TEXT] = text
    return True


def show(*, key: str = "sparql_editor", label: str = "SPARQL query",
         graph_prefixes: Mapping[str, str] | None = None,
         error: Mapping[str, object] | None = None) -> tuple[str, bool]:
    """Draw the editor; return (the text now in it, whether Ctrl/Cmd+Enter asked to run it).

    ``graph_prefixes`` are the graph's own namespaces, offered as you type and declared in
    the query when chosen (the project's prefixes need no declaration). ``error`` is a
    syntax error in the current text (``line``, ``column``, ``message``), marked in place.
    """
    rev = int(st.session_state.get(REV, 0))
    prefixes = [[name, iri, False] for name, iri in sorted(PREFIXES.items())]
    prefixes += [[name, iri, True] for name, iri in sorted((graph_prefixes or {}).items())]
    data = {"text": st.session_state.get(TEXT, ""), "rev": rev, "label": label,
            "prefixes": prefixes, "error": dict(error) if error else None}
    result = _component()(key=key, data=data, on_query_change=trigger_only,
                          on_run_change=trigger_only)
    sent = result.get("query") if result is not None else None
    if sent is not None and sent != st.session_state.get(_SEEN):
        st.session_state[_SEEN] = sent
        _take(edit_from(sent, rev))
    ran = result.get("run") if result is not None else None
    run = ran is not None and _take(edit_from(ran, rev))
    return str(st.session_state.get(TEXT, "")), run
