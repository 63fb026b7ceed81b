"""What the SPARQL view keeps between reruns: the share link it honours and the URL it
keeps in step with the editor, and the answer it last ran (or the syntax error to mark).

URL: ``?view=sparql&query=<text>`` or ``?view=sparql&example=<name or number>``.
Every query goes through :func:`graph.sparql.run` (guard, time limit, row cap).
"""

from __future__ import annotations

import streamlit as st

from graph import queries
from graph.errors import QuerySyntaxError
from graph.sparql import run
from graph.stores import Store
from myograph_app import editor, state

__all__ = ["RESULT", "SYNTAX_ERROR", "example", "honour_url", "run_and_keep", "sync_url"]

RESULT = "sparql_result"
"""Session key of the answer shown: (text, result, page, rows per page)."""
SYNTAX_ERROR = "sparql_syntax_error"
"""Session key of the syntax error the editor marks: text, line, column, message."""
_URL_MAX = 6000
"""Longer queries stay out of the URL (browsers and servers cut long URLs)."""
_URL_MEMORY = 64


def example(name: str) -> queries.QueryFile | None:
    """The worked example called ``name`` (or numbered so)."""
    found = queries.examples()
    for q in found:
        if q.name == name or (name.isdigit() and q.example == int(name)):
            return q
    return None


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


def honour_url() -> None:
    """Put a share link's query or example in the editor, once (see :func:`_url_known`)."""
    text, name = state.param("query"), state.param("example")
    if not (text or name) or _url_known(f"{name}\n{text}"):
        return
    if name:
        q = example(name)
        if q is None:
            st.warning(state.md(f"No worked example named {name!r}."))
            return
        st.session_state["sparql_example"] = q.name
        editor.put(q.text.strip())
    else:
        st.session_state["sparql_example"] = None
        editor.put(text)


def sync_url(text: str, chosen: queries.QueryFile | None) -> None:
    """Make the URL say what the editor holds (an example's name while it is unchanged)."""
    if chosen is not None and text.strip() == chosen.text.strip():
        state.set_params("sparql", example=chosen.name)
        _url_known(f"{chosen.name}\n")
    elif len(text) < _URL_MAX:
        state.set_params("sparql", query=text)
        _url_known(f"\n{text}")
    else:
        state.set_params("sparql")


def run_and_keep(store: Store, text: str, timeout: float, per_page: int, *, page: int) -> None:
    """Run ``text`` for one page of answers and keep it (or mark a syntax error in place).

    Page ``n`` asks for the first ``(n + 1) * per_page`` rows and shows the last
    ``per_page`` of them: any query pages this way, CONSTRUCT and GROUP BY included, and the
    runner's row cap says whether more follow.
    """
    try:
        result = run(store, text, timeout=timeout, max_rows=(page + 1) * per_page)
        st.session_state[RESULT] = (text, result, page, per_page)
        history = editor.library()["history"]
        if page == 0 and (not history or history[0].get("text") != text):
            editor.command("ran", text=text)
            st.session_state.pop(editor.AUTORUN, None)
            st.rerun()  # so the browser keeps it now, not at the next click
        st.session_state.pop(SYNTAX_ERROR, None)
    except QuerySyntaxError as error:
        st.session_state.pop(RESULT, None)
        marked = {"text": text, "line": error.line, "column": error.column,
                  "message": str(error).partition("\n")[0]}
        if st.session_state.get(SYNTAX_ERROR) != marked:
            st.session_state[SYNTAX_ERROR] = marked
            st.rerun()  # once, so the editor (drawn above) marks the place
    except Exception as error:  # noqa: BLE001 - the app's boundary mapper
        st.session_state.pop(RESULT, None)
        state.report_error(error)
