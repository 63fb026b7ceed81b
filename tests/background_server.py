"""The endpoint served from a background thread, as a context manager (tests only).

>>> from graph.server import create_app
>>> from graph.stores import open_store
>>> with BackgroundServer(create_app(open_store("memory"))) as server:
...     server.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

from starlette.applications import Starlette

from graph.errors import MyographError
from graph.server import DEFAULT_HOST, endpoint_url
from graph.server.serving import listening_socket, uvicorn_server

__all__ = ["BackgroundServer"]


class BackgroundServer:
    """The endpoint served from a background thread, as a context manager; ``url`` is its
    ``/sparql`` URL once started (port 0: a free port)."""

    def __init__(self, app: Starlette, host: str = DEFAULT_HOST, port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.url = ""
        self._server: Any = None
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def start(self, wait: float = 10.0) -> str:
        """Start serving; return the endpoint URL once the server accepts requests."""
        sock = self._socket = listening_socket(self.host, self.port)
        self.url = endpoint_url(self.host, sock.getsockname()[1])
        self._server = uvicorn_server(self.app, "warning")
        self._server.config.timeout_graceful_shutdown = 1
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="myograph-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + wait
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                self.stop()
                raise MyographError(f"the endpoint did not start within {wait:g} s")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        if self._socket is not None:
            self._socket.close()

    def __enter__(self) -> BackgroundServer:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
