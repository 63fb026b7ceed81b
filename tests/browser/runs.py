"""When Streamlit's script run is over, from the messages the server sends the page.

The page's own sign (``data-test-script-state`` on ``stApp``) says "notRunning" for a
moment between a run that ended early for another (``st.switch_page``, ``st.rerun``) and
the run that follows: a test that waits for it alone may read the page in that gap. So the
tests also follow the server's messages on the app's WebSocket: the app is idle when a run
has finished without asking for another and no run has started since.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

if TYPE_CHECKING:
    from playwright.sync_api import Page, WebSocket

__all__ = ["Runs", "a_run", "follow", "restart", "server_idle"]

STREAM = "/_stcore/stream"


@dataclass
class Runs:
    """What the server said of the script runs of one page's current session."""

    socket: WebSocket | None = None
    running: bool = True
    ended_early: bool = False
    finished: int = 0
    """Runs (whole or fragment) that finished without asking for another."""

    @property
    def idle(self) -> bool:
        return self.finished > 0 and not self.running and not self.ended_early

    def heard(self, payload: str | bytes) -> None:
        """Take in one WebSocket frame (each is one serialised ForwardMsg)."""
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.running = True
        elif kind == "session_status_changed":
            self.running = msg.session_status_changed.script_is_running
        elif kind == "script_finished":
            self.ended_early = msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN
            self.finished += not self.ended_early


_RUNS: weakref.WeakKeyDictionary[Page, Runs] = weakref.WeakKeyDictionary()


def follow(page: Page) -> None:
    """Follow the script runs of ``page`` from now on (call before its first ``goto``)."""
    _RUNS[page] = Runs()

    def opened(socket: WebSocket) -> None:
        if socket.url.endswith(STREAM):
            runs = _RUNS[page] = Runs(socket=socket)
            socket.on("framereceived", runs.heard)

    page.on("websocket", opened)


def restart(page: Page) -> Runs:
    """Forget the runs heard so far (a new visit is a new session)."""
    runs = Runs()
    if page in _RUNS:
        _RUNS[page] = runs
    return runs


def _wait_until(page: Page, more_than: int = -1) -> None:
    """Wait until the page's session is idle having finished more than ``more_than`` runs."""
    if page not in _RUNS:
        return  # a page nobody follows: the page's own sign is all there is
    if _RUNS[page].socket is None:  # the page has not connected yet
        page.wait_for_event("websocket", lambda socket: socket.url.endswith(STREAM))
    runs = _RUNS[page]

    def over(_: object = None) -> bool:
        return runs.idle and runs.finished > more_than

    if not over():
        assert runs.socket is not None
        runs.socket.wait_for_event("framereceived", over)


def server_idle(page: Page) -> None:
    """Wait until the server says the page's last script run is over (no-op for a page
    that is not followed)."""
    _wait_until(page)


@contextlib.contextmanager
def a_run(page: Page) -> Iterator[None]:
    """The block starts a script run (a click, a key): wait until a run has finished after
    it began, for an action whose run changes nothing the test could wait for instead."""
    server_idle(page)
    runs = _RUNS.get(page)
    before = runs.finished if runs is not None else 0
    yield
    _wait_until(page, before)
