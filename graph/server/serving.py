"""Serving the endpoint: a listening socket and uvicorn, until interrupted (:func:`serve`)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette

from graph.errors import MyographError
from graph.server.endpoint import MAX_BODY, MAX_RESPONSE_BYTES, create_app
from graph.server.hosts import DEFAULT_HOST, DEFAULT_PORT, allowed_hosts_for, endpoint_url
from graph.stores.base import Store

__all__ = ["listening_socket", "serve", "uvicorn_server"]


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0 picks a free one)."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise MyographError(f"cannot listen on {host}:{port}: {error}") from error
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise MyographError(f"cannot listen on {host}:{port}: {error}") from error
    return sock


def uvicorn_server(app: Starlette, log_level: str) -> Any:
    """A uvicorn server for ``app`` that logs no access lines (the endpoint writes its own)
    and gives open requests 1 s on shutdown."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            server_header=False, timeout_graceful_shutdown=1)
    return uvicorn.Server(config)


def serve(
    store: Store,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    cors_origins: Sequence[str] = (),
    max_body: int = MAX_BODY,
    max_response_bytes: int = MAX_RESPONSE_BYTES,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "info",
    allow_hosts: Sequence[str] = (),
) -> None:
    """Serve ``store`` with uvicorn until interrupted.

    The socket is bound and listening before ``on_ready`` is called with the endpoint's URL
    (so ``port=0`` reports the port it got). Requests must name the host it listens on, a
    loopback name, or one of ``allow_hosts`` (:func:`allowed_hosts_for`). Other parameters as
    in :func:`create_app`.

    Raises
    ------
    MyographError
        When the address cannot be bound (port in use, unknown host).
    """
    app = create_app(store, timeout=timeout, max_rows=max_rows, cors_origins=cors_origins,
                     max_body=max_body, max_response_bytes=max_response_bytes,
                     allowed_hosts=allowed_hosts_for(host, allow_hosts))
    sock = listening_socket(host, port)
    if on_ready is not None:
        on_ready(endpoint_url(host, sock.getsockname()[1]))
    try:
        uvicorn_server(app, log_level).run(sockets=[sock])
    finally:
        sock.close()
