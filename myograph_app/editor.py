"""The SPARQL editor: CodeMirror 6 with SPARQL highlighting, as a components-v2 element.

The JavaScript, ``myograph_app/assets/sparql_editor.js``, is built by ``make frontend`` from
``myograph_app/frontend/`` (CodeMirror's packages pinned in its ``package-lock.json``; their
MIT notices are in the bundle's banner) and committed, so the app needs neither npm nor the
network; like every asset of the app it is mounted inline (:mod:`myograph_app.components`).

Who owns the text: ``st.session_state["sparql_text"]``. Python puts a query there with
:func:`put` (an example, a share link, "Open in SPARQL view"), which also raises
``sparql_rev``; the editor replaces its text only when that number changes, so a rerun never
overwrites what someone is typing, and :func:`show` takes an edit back only when it was made
on the current ``rev``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

import streamlit as st

from graph.namespaces import PREFIXES
from myograph_app.components import asset, trigger_only

__all__ = ["AUTORUN", "BUNDLE", "LIBRARY", "MAX_CHARS", "REV", "TEXT", "command", "edit_from",
           "library", "put", "show"]

BUNDLE = "sparql_editor.js"
"""The built bundle (``make frontend``), one of the app's assets."""
TEXT = "sparql_text"
REV = "sparql_rev"
AUTORUN = "sparql_autorun"
MAX_CHARS = 100_000
"""Longer text from the browser is refused with a message (queries are short)."""
_SEEN = "_sparql_editor_seen"


@cache
def _component() -> Any:
    return st.components.v2.component("myograph_sparql_editor", js=asset(BUNDLE),
                                      css=asset("sparql_editor.css"), isolate_styles=True)


LIBRARY = "sparql_library"
"""The browser's library as the editor last sent it: ``{"history": [{"text", "at"}],
"saved": [{"name", "text"}], "applied": [command ids]}``."""
_COMMANDS = "_sparql_commands"


def library() -> dict[str, list[dict[str, Any]]]:
    """The queries run lately and the queries saved by name, kept in this browser's
    localStorage (so they outlast the session) and sent back by the editor as the state value
    ``library``."""
    kept = st.session_state.get(LIBRARY)
    if not isinstance(kept, dict):
        return {"history": [], "saved": []}
    return {"history": [h for h in kept.get("history") or [] if isinstance(h, dict)],
            "saved": [q for q in kept.get("saved") or [] if isinstance(q, dict)]}


def command(op: str, **fields: Any) -> None:
    """Ask the browser to change the library ("ran", "save", "remove", "import", "clear");
    sent with every draw until the browser says it applied it (it applies each once)."""
    pending: list[dict[str, Any]] = st.session_state.setdefault(_COMMANDS, [])
    pending.append({"id": uuid.uuid4().hex, "op": op, **fields})


def put(text: str, *, run: bool = True) -> None:
    """Put ``text`` in the editor (it replaces whatever is there); run it next if ``run``."""
    st.session_state[TEXT] = text
    st.session_state[REV] = int(st.session_state.get(REV, 0)) + 1
    if run:
        st.session_state[AUTORUN] = True


def _pending() -> list[dict[str, Any]]:
    """Commands the browser has not yet said it applied."""
    kept = st.session_state.get(LIBRARY)
    applied = set(kept.get("applied") or []) if isinstance(kept, dict) else set()
    pending = [c for c in st.session_state.get(_COMMANDS, []) if c["id"] not in applied]
    st.session_state[_COMMANDS] = pending
    return pending


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

    The editor sends its text back as the state value ``query = {"text", "rev"}`` (on blur,
    after a pause in typing, and before a run), and Ctrl/Cmd+Enter also sets the trigger
    ``run``. An edit is taken only when it was made on the current ``rev`` (an edit of a query
    Python has since replaced is dropped) and only once (a state value already taken is not
    taken again).

    ``graph_prefixes`` are the graph's own namespaces, offered as you type and declared in
    the query when chosen (the project's prefixes need no declaration). ``error`` is a
    syntax error in the current text (``line``, ``column``, ``message``), marked in place.
    """
    rev = int(st.session_state.get(REV, 0))
    prefixes = [[name, iri, False] for name, iri in sorted(PREFIXES.items())]
    prefixes += [[name, iri, True] for name, iri in sorted((graph_prefixes or {}).items())]
    pending = _pending()
    known = st.session_state.get(LIBRARY) or {"history": [], "saved": [], "applied": []}
    data = {"text": st.session_state.get(TEXT, ""), "rev": rev, "label": label,
            "prefixes": prefixes, "error": dict(error) if error else None,
            "commands": pending, "known": known}
    result = _component()(key=key, data=data, on_query_change=trigger_only,
                          on_run_change=trigger_only, on_library_change=trigger_only)
    sent_library = result.get("library") if result is not None else None
    if isinstance(sent_library, dict):
        st.session_state[LIBRARY] = sent_library
    sent = result.get("query") if result is not None else None
    if sent is not None and sent != st.session_state.get(_SEEN):
        st.session_state[_SEEN] = sent
        _take(edit_from(sent, rev))
    ran = result.get("run") if result is not None else None
    run = ran is not None and _take(edit_from(ran, rev))
    return str(st.session_state.get(TEXT, "")), run
