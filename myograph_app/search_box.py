"""A search box that suggests entities as you type: a components-v2 WAI-ARIA combobox.

Mechanism (the same as :mod:`myograph_app.network`): ``st.components.v2.component`` mounts
our JavaScript in the app page (no iframe, no request beyond the app). The input sends
its text to Python ~200 ms after the last keystroke (``setStateValue("query", text)``);
Python answers with the best matches of the label index (:func:`graph.search.search`:
exact > prefix > word > fuzzy, synonyms, identifiers; cached per data version) passed
back as ``data``. The browser shows them as a listbox under the input: arrow keys move,
Enter or a click picks (``setTriggerValue("pick", iri)``), Escape closes, and Enter with
nothing highlighted sends ``setTriggerValue("submit", text)`` so Python resolves the best
match or says why it cannot. Every label reaches the page through ``textContent``.

The box lives in a fragment, so typing reruns only the box; a pick reruns the whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache, partial
from typing import Any

import streamlit as st

from graph.errors import AmbiguousEntity, MyographError, NodeNotFound
from graph.search import SearchHit, resolve, search
from graph.stores import Store

__all__ = ["Suggestion", "search_box", "set_text", "submit", "suggestions", "why"]

LIMIT = 10
"""Suggestions shown at most."""

_JS = r"""
const msState = new WeakMap();

function msRender(s) {
  const text = s.input.value;
  const fresh = (s.data.query || "") === text;
  if (fresh) s.items = s.data.suggestions || [];
  const list = s.list;
  list.replaceChildren();
  if (s.active >= s.items.length) s.active = -1;
  s.items.forEach((item, i) => {
    const li = document.createElement("li");
    li.id = "ms-opt-" + i;
    li.className = "ms-option";
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", i === s.active ? "true" : "false");
    const top = document.createElement("span");
    top.className = "ms-top";
    const name = document.createElement("span");
    name.className = "ms-name";
    name.textContent = item.label;
    const cls = document.createElement("span");
    cls.className = "ms-class";
    cls.textContent = item.cls || "no class";
    top.append(name, cls);
    const why = document.createElement("span");
    why.className = "ms-why";
    why.textContent = item.why;
    li.append(top, why);
    li.addEventListener("mousedown", (e) => e.preventDefault());
    li.addEventListener("click", () => msPick(s, i));
    li.addEventListener("mousemove", () => {
      if (s.active === i) return;
      s.active = i;  // mark in place: rebuilding under the pointer could swallow a click
      for (const [j, other] of [...list.children].entries())
        other.setAttribute("aria-selected", j === i ? "true" : "false");
      s.input.setAttribute("aria-activedescendant", li.id);
    });
    list.append(li);
  });
  const nothing = fresh && text.trim() !== "" && s.items.length === 0;
  s.empty.textContent = nothing ? (s.data.empty || "No matches") : "";
  const open = s.open && text.trim() !== "" && (s.items.length > 0 || nothing);
  s.panel.hidden = !open;
  s.list.hidden = s.items.length === 0;
  s.input.setAttribute("aria-expanded", open && s.items.length > 0 ? "true" : "false");
  if (open && s.active >= 0) {
    s.input.setAttribute("aria-activedescendant", "ms-opt-" + s.active);
    const li = list.children[s.active];
    if (li && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
  } else {
    s.input.removeAttribute("aria-activedescendant");
  }
  s.status.textContent = !text.trim() || !fresh ? "" : nothing ? s.empty.textContent
    : s.items.length + (s.items.length === 1 ? " suggestion" : " suggestions")
      + ", use the arrow keys to choose";
}

function msPick(s, i) {
  const item = s.items[i];
  if (!item) return;
  s.open = false;
  s.active = -1;
  msRender(s);
  s.api.setTriggerValue("pick", item.iri);
}

function msBuild(s, parent) {
  const root = document.createElement("div");
  root.className = "ms-root";
  const label = document.createElement("label");
  label.className = "ms-label";
  label.htmlFor = "ms-input";
  const box = document.createElement("div");
  box.className = "ms-box";
  const input = document.createElement("input");
  input.id = "ms-input";
  input.type = "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("enterkeyhint", "search");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", "ms-list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-describedby", "ms-hint");
  const panel = document.createElement("div");
  panel.className = "ms-panel";
  panel.hidden = true;
  const list = document.createElement("ul");
  list.id = "ms-list";
  list.className = "ms-list";
  list.setAttribute("role", "listbox");
  const empty = document.createElement("div");
  empty.className = "ms-empty";
  panel.append(list, empty);
  box.append(input, panel);
  const hint = document.createElement("div");
  hint.id = "ms-hint";
  hint.className = "ms-hint";
  const status = document.createElement("div");
  status.className = "ms-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  root.append(label, box, hint, status);
  parent.append(root);
  Object.assign(s, { root, label, input, panel, list, empty, hint, status });
  input.value = s.data.query || "";
  s.sent = input.value;
  input.addEventListener("input", () => {
    s.open = true;
    s.active = -1;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      if (input.value !== s.sent) {
        s.sent = input.value;
        s.api.setStateValue("query", input.value);
      }
    }, 200);
    msRender(s);
  });
  input.addEventListener("keydown", (e) => {
    const n = s.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!s.open) { s.open = true; s.active = -1; }
      if (n) {
        if (e.key === "ArrowDown") s.active = s.active + 1 >= n ? 0 : s.active + 1;
        else s.active = s.active <= 0 ? n - 1 : s.active - 1;
      }
      msRender(s);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (s.open && s.active >= 0 && s.active < n) {
        msPick(s, s.active);
      } else if (input.value.trim()) {
        clearTimeout(s.timer);
        s.open = false;
        msRender(s);
        if (input.value !== s.sent) {
          s.sent = input.value;
          s.api.setStateValue("query", input.value);
        }
        s.api.setTriggerValue("submit", input.value);
      }
    } else if (e.key === "Escape") {
      if (s.open && !s.panel.hidden) {
        e.preventDefault();
        s.open = false;
        s.active = -1;
        msRender(s);
      }
    } else if (e.key === "Tab") {
      s.open = false;
      msRender(s);
    }
  });
  input.addEventListener("blur", () => { s.open = false; s.active = -1; msRender(s); });
}

export default function (component) {
  const { data, setStateValue, setTriggerValue, parentElement, key } = component;
  let s = msState.get(parentElement);
  if (!s) {
    s = { open: false, active: -1, timer: 0, items: [], data: data || {} };
    msState.set(parentElement, s);
    msBuild(s, parentElement);
  }
  s.api = { setStateValue, setTriggerValue };
  s.data = data || {};
  // Python rewrote the text (a ready-made question, a share link): show it, once
  if (s.data.setRev !== undefined && s.data.setRev !== s.setRev) {
    if (s.setRev !== undefined && document.activeElement !== s.input) {
      s.input.value = s.data.query || "";
      s.sent = s.input.value;
    }
    s.setRev = s.data.setRev;
  }
  s.label.textContent = s.data.label || "Search";
  s.input.placeholder = s.data.placeholder || "";
  s.list.setAttribute("aria-label", s.data.listLabel || "Suggestions");
  s.hint.textContent = s.data.hint || "";
  s.root.dataset.testid = "myograph-search-" + key;
  msRender(s);
}
"""

_CSS = """
.ms-root { font-family: inherit; color: var(--st-text-color, rgb(49, 51, 63)); }
.ms-label { display: block; font-size: .875rem; margin-bottom: .25rem; }
.ms-box { position: relative; }
.ms-box input { box-sizing: border-box; width: 100%; font: inherit; font-size: 1rem;
  padding: .5rem .75rem; border: 1px solid #8a8d96; border-radius: .5rem;
  background: var(--st-secondary-background-color, #f0f2f6); color: inherit; }
.ms-box input::placeholder { color: inherit; opacity: .72; }
.ms-box input:focus { outline: 3px solid #0072B2; outline-offset: 1px;
  background: var(--st-background-color, #fff); }
.ms-panel { position: absolute; left: 0; right: 0; top: calc(100% + 4px); z-index: 1000;
  background: #fff; color: rgb(49, 51, 63); color-scheme: light; border: 1px solid #8a8d96;
  border-radius: .5rem; box-shadow: 0 6px 18px rgba(0, 0, 0, .18); overflow: hidden; }
.ms-panel[hidden], .ms-list[hidden] { display: none; }
.ms-list { list-style: none; margin: 0; padding: .25rem 0; max-height: min(60vh, 26rem);
  overflow-y: auto; }
.ms-option { display: flex; flex-direction: column; gap: .1rem; padding: .4rem .75rem;
  cursor: pointer; border-left: 4px solid transparent; }
.ms-option[aria-selected="true"] { background: #e1effa; border-left-color: #0072B2; }
.ms-top { display: flex; gap: .5rem; align-items: baseline; justify-content: space-between;
  flex-wrap: wrap; }
.ms-name { font-weight: 600; color: #111; overflow-wrap: anywhere; }
.ms-class { font-size: .8rem; color: #0b4f7a; background: #eef4fa; border-radius: .3rem;
  padding: 0 .35rem; white-space: nowrap; }
.ms-why { font-size: .85rem; color: #4a4d57; overflow-wrap: anywhere; }
.ms-empty:empty { display: none; }
.ms-empty { padding: .5rem .75rem; font-size: .9rem; color: #4a4d57; }
.ms-hint { font-size: .8rem; opacity: .75; margin-top: .3rem; }
.ms-status { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""


@dataclass(frozen=True)
class Suggestion:
    """One entity offered under the search box."""

    iri: str
    label: str
    why: str
    """Why it matched, in words: "synonym: cramp", "identifier: HP:0003394"…"""
    cls: str
    """The entity's class label ("" when it has none)."""

    def to_json(self) -> dict[str, str]:
        """A plain dict for the browser: iri, label, why, cls."""
        return asdict(self)


def why(hit: SearchHit) -> str:
    """Why a hit matched, in words a student reads under its name.

    >>> from graph.stores import open_store
    >>> why(search(open_store("memory"), "cramp")[0])
    'synonym: cramp'
    """
    if hit.kind == "synonym":
        text = f"synonym: {hit.matched}"
    elif hit.kind == "identifier":
        text = f"identifier: {hit.matched}"
    elif hit.matched != hit.label:
        text = f"also named: {hit.matched}"
    else:
        text = {"exact": "name", "prefix": "start of the name", "word": "word in the name",
                "fuzzy": "name"}[hit.tier]
    return f"{text} (similar spelling)" if hit.tier == "fuzzy" else text


def suggestions(store: Store, text: str, *, limit: int = LIMIT) -> list[Suggestion]:
    """The best matches for what is typed so far, from the store's label index.

    >>> from graph.stores import open_store
    >>> [s.label for s in suggestions(open_store("memory"), "low potass")][:1]
    ['hypokalemia']
    """
    if not text.strip():
        return []
    return [Suggestion(h.iri, h.label, why(h), h.type_label)
            for h in search(store, text, limit=limit)]


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
    return st.components.v2.component("myograph_search", js=_JS, css=_CSS,
                                      isolate_styles=True)


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
            # frames, and that check imports pandas and pyarrow (~0.3 s on the first page)
            "listLabel": "Suggestions", "suggestions": tuple(s.to_json() for s in found),
            "empty": f"Nothing matches {text!r}. Try another word or a synonym."}
    _component()(key=key, data=data, on_query_change=partial(_on_query, key),
                 on_pick_change=partial(_on_pick, key, on_select),
                 on_submit_change=partial(_on_submit, key, store_of, on_select))
    kind, message = st.session_state.get(f"{key}_message") or ("", "")
    if message:
        (st.warning if kind == "warning" else st.info)(message)
    return bool(st.session_state.pop(f"_{key}_chosen", False))
