"""The second wall: a runtime guard that stops query and parse work from reaching outside.

The runner already refuses SERVICE, LOAD and FROM of unknown graphs by reading the parsed
query. This guard backs it up at run time with an audit hook (:func:`sys.addaudithook`):
while a thread works inside :func:`no_outside_access`, any attempt to open a network
connection, resolve a host name, build a URL request, start a process or open a file outside
the Python installation raises :class:`~graph.errors.QueryRefused` instead. Other threads
(the endpoint's server, a remote store's own HTTP call) are not affected.

>>> with no_outside_access():
...     open("/etc/hostname")
Traceback (most recent call last):
graph.errors.QueryRefused: refused: reading the local file /etc/hostname
"""

from __future__ import annotations

import os
import sys
import sysconfig
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.errors import QueryRefused

__all__ = ["no_outside_access"]

_state = threading.local()
_ALLOWED_ROOTS = tuple(sorted({
    os.path.realpath(p) for p in (
        sys.prefix, sys.base_prefix, sys.exec_prefix,
        sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
        sysconfig.get_paths()["stdlib"], os.path.dirname(os.path.dirname(__file__)),
    )
}))
"""Files a query thread may still open: Python's own (lazy imports) and this package."""
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                   "urllib.Request", "http.client.connect", "ftplib.connect"}
_PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}


def _path_allowed(path: Any) -> bool:
    if isinstance(path, int):
        return True  # an already-open descriptor
    try:
        real = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return False
    return real.startswith(_ALLOWED_ROOTS)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not getattr(_state, "active", False):
        return
    if event in _NETWORK_EVENTS:
        raise QueryRefused(f"refused: opening a network connection ({event})")
    if event in _PROCESS_EVENTS:
        raise QueryRefused(f"refused: starting a process ({event})")
    if event == "open" and args and not _path_allowed(args[0]):
        raise QueryRefused(f"refused: reading the local file {args[0]}")


_installed = False
_install_lock = threading.Lock()


def _install() -> None:
    global _installed
    with _install_lock:
        if not _installed:
            sys.addaudithook(_hook)
            _installed = True


@contextmanager
def no_outside_access() -> Iterator[None]:
    """Within this block, this thread may not touch the network, processes or local files."""
    _install()
    previous = getattr(_state, "active", False)
    _state.active = True
    try:
        yield
    finally:
        _state.active = previous
