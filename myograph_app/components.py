"""What our components (the network, the search box, the article, the SPARQL editor) share.

Their JavaScript and CSS are files under ``myograph_app/assets/`` (package data, so an
installed copy has them too), read once per process with :mod:`importlib.resources` and
mounted inline by ``st.components.v2.component``. Python passes values as the component's
``data``, never by writing them into code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["asset", "scripts", "trigger_only"]


@cache
def asset(name: str) -> str:
    """The text of ``myograph_app/assets/<name>`` (a ``.js`` or ``.css`` file), read once."""
    return (resources.files("myograph_app") / "assets" / name).read_text(encoding="utf-8")


def scripts(*names: str) -> str:
    """One component's module: ``dom.js`` (the element builder every component shares), then
    the named asset files, in order."""
    return "\n".join(asset(name) for name in ("dom.js", *names))


def trigger_only() -> None:
    """The callback a component's trigger is registered with: Streamlit only needs the name
    (values are read from the component's result, in the run that follows)."""
