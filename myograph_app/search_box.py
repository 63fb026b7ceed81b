"""A search box that suggests entities as you type: a components-v2 WAI-ARIA combobox.

Mechanism (the same as :mod:`myograph_app.network`): ``st.components.v2.component`` mounts
our JavaScript in the app page (no iframe, no request beyond the app). The input sends
its text to Python ~200 ms after the last keystroke (``setStateValue("query", text)``);
Python answers with the best matches of the label index (:func:`graph.search.search`:
exact > prefix > word > fuzzy, synonyms, identifiers; cached per data version) passed
back as ``data``. The browser shows them as a listbox under the input: arrow keys move,
Enter or a click picks (``setTriggerValue("pick", iri)``), Escape closes, and Enter with
nothing highlighted sends ``setTriggerValue("submit", text)`` so Python resolves the best
match or says why it cannot. Every label reaches the page through ``textContent``. The
browser side is ``myograph_app/assets/search_box.js`` (after ``dom.js``) and
``search_box.css``.

The box lives in a fragment, so typing reruns only the box; a pick reruns the whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

import streamlit as st

from graph.errors import AmbiguousEntity, MyographError, NodeNotFound
from graph.search import SearchHit, resolve, search
from graph.stores import Store
from myograph_app.components import asset, scripts

__all__ = ["OWN_NAMES_HINT", "search_box", "set_text", "submit", "suggestions"]

OWN_NAMES_HINT = "Labels, synonyms and identifiers work. "
"""What a search box takes on a graph other than the curated one: that graph's own names
(the curated graph's lay words, such as 'cramp', exist only there)."""

LIMIT = 10
"""Suggestions shown at most."""


def suggestions(store: Store, text: str, *, limit: int = LIMIT) -> list[SearchHit]:
    """The best matches for what is typed so far, from the store's label index.

    >>> from graph.stores import open_store
    >>> [s.label for s in suggestions(open_store("memory"), "low potass")][:1]
    ['hypokalemia']
    """
    if not text.strip():
        return []
    return search(store, text, limit=limit)


def _offered(hit: SearchHit) -> dict[str, str]:
    """What the browser shows of a hit: its name, why it matched and its class."""
    return {"iri": hit.iri, "label": hit.label, "why": hit.why(), "cls": hit.type_label}


def submit(store: Store, text: str) -> tuple[str | None, str]:
    """Enter without a highlighted suggestion: (the entity meant, a message for the user).

    The best match wins; when several match equally well the message names the others;
    when nothing matches there is no entity and the message says so.
    """
    try:
        return resolve(store, text), ""
    except AmbiguousEntity as error:
        best, *others = error.candidates
        names = ", ".join(label for _iri, label in others[:5])
        return best[0], (f"{text!r} matches several entities; showing {best[1]}. "
                         f"Others: {names} (pick one from the suggestions).")
    except NodeNotFound:
        return None, f"Nothing matches {text!r}. Try another word or a synonym."


@cache
def _component() -> Any:
    return st.components.v2.component("myograph_search", js=scripts("search_box.js"),
                                      css=asset("search_box.css"), isolate_styles=True)


def _sent(key: str, name: str) -> Any:
    value = st.session_state.get(key)
    return value.get(name) if value is not None else None


def _on_query(key: str) -> None:
    st.session_state[f"{key}_text"] = str(_sent(key, "query") or "")
    st.session_state.pop(f"{key}_message", None)


def _on_pick(key: str, on_select: Callable[[str], None]) -> None:
    iri = _sent(key, "pick")
    if iri:
        st.session_state.pop(f"{key}_message", None)
        on_select(str(iri))
        st.session_state[f"_{key}_chosen"] = True


def _on_submit(key: str, store_of: Callable[[], Store], on_select: Callable[[str], None]
               ) -> None:
    text = str(_sent(key, "submit") or "")
    if not text.strip():
        return
    try:
        iri, message = submit(store_of(), text)
    except MyographError as error:
        iri, message = None, str(error)
    st.session_state[f"{key}_message"] = ("info" if iri else "warning", message)
    if iri:
        on_select(iri)
        st.session_state[f"_{key}_chosen"] = True


def set_text(key: str, text: str) -> None:
    """Put ``text`` in the box ``key`` from Python (a question chosen elsewhere): the box
    shows it on the next run, unless the student is typing in it at that moment."""
    st.session_state[f"{key}_text"] = text
    st.session_state[f"{key}_rev"] = int(st.session_state.get(f"{key}_rev", 0)) + 1


def search_box(store: Store, *, key: str, label: str, placeholder: str, hint: str,
               on_select: Callable[[str], None], store_of: Callable[[], Store]) -> bool:
    """Mount the box; return True once something was chosen (the caller reruns the page).

    ``on_select(iri)`` runs in the callback of a pick or of Enter; ``store_of()`` gives
    the store in effect when the callback runs. The text typed so far is kept in
    ``st.session_state[f"{key}_text"]``.
    """
    text = str(st.session_state.get(f"{key}_text", ""))
    found = suggestions(store, text)
    data = {"label": label, "placeholder": placeholder, "hint": hint, "query": text,
            "setRev": int(st.session_state.get(f"{key}_rev", 0)),
            # a tuple, not a list: Streamlit checks a list in a component's data for data
            # frames, and that check imports pandas and pyarrow (a slower first page)
            "listLabel": "Suggestions", "suggestions": tuple(_offered(hit) for hit in found),
            "empty": f"Nothing matches {text!r}. Try another word or a synonym."}
    _component()(key=key, data=data, on_query_change=partial(_on_query, key),
                 on_pick_change=partial(_on_pick, key, on_select),
                 on_submit_change=partial(_on_submit, key, store_of, on_select))
    kind, message = st.session_state.get(f"{key}_message") or ("", "")
    if message:
        (st.warning if kind == "warning" else st.info)(message)
    return bool(st.session_state.pop(f"_{key}_chosen", False))
