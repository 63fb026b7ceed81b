"""Query parameters, session helpers and the one place that maps errors to messages.

The URL carries each view's state (``?view=explore&node=…``), so a link reproduces what a
student sees. Pages read their inputs with :func:`param` and write them back with
:func:`set_params` (the whole view) or :func:`set_param` (one value); nothing else should
touch ``st.query_params``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any
from urllib.parse import urlparse

import streamlit as st

from graph.article import passage_at
from graph.errors import (
    AmbiguousEntity,
    DataError,
    MyographError,
    NodeNotFound,
    NoPath,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    UnsupportedFormat,
)
from graph.evidence import Evidence
from graph.neighbours import Neighbourhood
from graph.paths import PathsResult
from myograph_app import editor

__all__ = ["DISCLAIMER", "PAGES", "PRIVATE_UPLOAD_HINT", "evidence_markdown", "graph_in_words",
           "guarded", "link", "md", "open_in_sparql", "param", "report_error", "set_param",
           "set_params", "show_sparql"]

log = logging.getLogger("myograph.app")

DISCLAIMER = "For learning and research, not medical advice."

PRIVATE_UPLOAD_HINT = ("If this came from a link someone shared, it may name something from "
                       "their own upload: uploads stay private to the browser session that "
                       "made them, so they are not in this graph.")
"""Said under "not found" for a name that came in a share link."""

PAGES: dict[str, Any] = {}
"""view name -> st.Page, filled by app.py on every run (used by switch_page)."""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


_AUTOLINK = re.compile(r"(?i)(?<=[a-z]:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")
"""Where GitHub-flavoured Markdown would turn text into a link (``https://``, ``www.``, an
e-mail address) whatever its escapes: a word joiner there keeps the text a text."""


def md(text: str) -> str:
    """Text made inert for st.markdown: every Markdown/HTML character backslash-escaped,
    and no URL or e-mail address in it turned into a link (a word joiner breaks the pattern
    Streamlit's Markdown would link, invisibly).

    >>> md("<img src=x onerror=alert(1)> *x*")
    '\\\\<img src=x onerror=alert\\\\(1\\\\)\\\\> \\\\*x\\\\*'
    >>> md("see https://x.example") == "see https\\:\u2060//x\\.example"
    True
    """
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", text.replace("\n", " ")))


def link(text: str, url: str) -> str:
    """A Markdown link for an http(s) URL; plain escaped text for anything else."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return md(text)
    safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{md(text)}]({safe_url})"


_GRADE_BADGES = {"knowledge_assertion": "violet", "statistical_association": "violet",
                 "observation": "orange", "not_provided": "gray"}


def evidence_markdown(ev: Evidence) -> str:
    """One claim as Markdown: kind, source (linked), grade and hedge badges, then the
    source's own words in quotation marks (with where they were read) or our summary,
    never in quotation marks. Every value from the graph goes through :func:`md`."""
    kind = ev.kind or "source"
    badge = (":blue-badge[article]" if kind == "article" else
             ":green-badge[literature]" if kind == "literature" else
             f":gray-badge[{md(kind)}]")
    parts = [badge, link(ev.source, ev.url) if ev.url else md(ev.source)]
    if ev.stance == "disputes":
        parts.insert(0, ":red-badge[disputes this link]")
    if ev.section:
        parts.append(f"({md(ev.section)})")
    if ev.grade:
        colour = _GRADE_BADGES.get(ev.knowledge_level or "", "gray")
        parts.append(f":{colour}-badge[{md(ev.grade)}]")
    if ev.hedge:
        parts.append(f":orange-badge[the source hedges: {md(ev.hedge)}]")
    text = " ".join(parts)
    if ev.quote:
        text += f" — “{md(ev.quote)}”"
        if ev.quote_url and ev.quote_url != ev.url:
            text += f" ({link('where these words were read', ev.quote_url)})"
        at = passage_at(ev.quote) if ev.kind == "article" else None
        if at is not None:
            text += f" ([read in context](?view=read&passage={at}))"
    if ev.summary:
        text += f" — in short (our words): {md(ev.summary)}"
    return text


def graph_in_words(spec: str) -> str:
    """The graph in use, in plain words for the sidebar (the store's details go below it)."""
    if spec in ("", "memory"):
        return ("The curated muscle-spasm graph: what a lay article says and what drug labels, "
                "textbooks and studies add, with the source of every link.")
    if spec.startswith(("http://", "https://")):
        return "A graph served by another SPARQL endpoint (see the technical details)."
    return "A graph loaded from files on this computer (see the technical details)."


def param(name: str, default: str = "") -> str:
    """One query parameter (the last value when repeated)."""
    values = st.query_params.get_all(name)
    return values[-1] if values else default


def set_params(view: str, **values: str | int | list[str] | None) -> None:
    """Make the URL say exactly this view's state (empty values are dropped; a list is a
    repeated parameter)."""
    wanted: dict[str, list[str]] = {"view": [view]}
    for k, v in values.items():
        listed = [str(x) for x in v] if isinstance(v, list) else [] if v in (None, "") else [str(v)]
        if listed:
            wanted[k] = listed
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict({k: v if len(v) > 1 else v[0] for k, v in wanted.items()})


def set_param(name: str, value: str | int | None) -> None:
    """Add, change or (with None) drop one parameter of the current view's URL."""
    current = st.query_params.get_all(name)
    if value is None:
        if current:
            del st.query_params[name]
    elif current != [str(value)]:
        st.query_params[name] = str(value)


def report_error(error: BaseException) -> None:
    """Show an error to the user: our errors by message only, anything else generically."""
    if isinstance(error, AmbiguousEntity):
        names = ", ".join(label for _iri, label in error.candidates[:8])
        st.warning(md(f"{error} — for example: {names}"))
    elif isinstance(error, NodeNotFound | NoPath):
        st.warning(md(str(error)))
    elif isinstance(error, QueryTimeout):
        st.error(md(f"Stopped: {error}. Try a smaller question or a longer time limit."))
    elif isinstance(error, QuerySyntaxError):
        first, _, pointer = str(error).partition("\n")
        st.error(md(first))
        if pointer.strip():
            st.code(pointer, language=None)  # the line and a caret, spaced as typed
    elif isinstance(error, (QueryRefused | DataError | UnsupportedFormat, MyographError)):
        st.error(md(str(error)))
    else:
        log.exception("unexpected error in the app", exc_info=error)
        st.error("Something went wrong on our side; the details were logged. "
                 "Try again, or try a different question.")


@contextmanager
def guarded() -> Iterator[None]:
    """Run a block; turn any error into a message (Streamlit's own control flow passes)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the app's one boundary mapper
        report_error(error)


def open_in_sparql(text: str, key: str) -> None:
    """A button that opens the SPARQL view with ``text`` in the editor."""
    if st.button("Open in SPARQL view", key=key, help="Copy this query to the SPARQL view"):
        editor.put(text)
        page = PAGES.get("sparql")
        if page is not None:
            st.switch_page(page, query_params={"view": "sparql", "query": text})


_EXPORTS = (("csv", "CSV", ".csv", "text/csv"), ("turtle", "Turtle", ".ttl", "text/turtle"),
            ("jsonld", "JSON-LD", ".jsonld", "application/ld+json"))


def export_buttons(what: PathsResult | Neighbourhood, key: str, name: str, label: str,
                   prefixes: Mapping[str, str] | None = None) -> None:
    """Download buttons for routes or a neighbourhood: CSV (a row per link) and RDF with
    the labels and, for routes, the claims behind each link (:mod:`graph.export`), written
    with the graph's own ``prefixes``."""
    from graph.export import export

    st.markdown(f"**{md(label)}**")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "myograph"  # a label: any text
    cols = st.columns(len(_EXPORTS))
    for col, (fmt, title, suffix, mime) in zip(cols, _EXPORTS, strict=True):
        col.download_button(title, partial(export, what, fmt, prefixes), key=f"{key}_{fmt}",
                            file_name=f"{safe}{suffix}", mime=mime,
                            on_click="ignore")


def show_sparql(texts: list[str] | str, key: str, *, label: str = "The SPARQL behind this view"
                ) -> None:
    """An expander with the queries behind a view, each ready to open in the SPARQL view."""
    items = [texts] if isinstance(texts, str) else [t for t in texts if t]
    if not items:
        return
    with st.expander(label, expanded=False):
        for i, text in enumerate(items):
            st.code(text, language="sparql")
            open_in_sparql(text, key=f"{key}_open_{i}")


def once(name: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` once per session (e.g. honouring a share link on the first run)."""
    flag = f"_once_{name}"
    if st.session_state.get(flag):
        return None
    st.session_state[flag] = True
    return fn()
