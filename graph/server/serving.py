"""Serving the endpoint: a listening socket and uvicorn, until interrupted (:func:`serve`), in
one process or in several front processes (:mod:`graph.server.fronts`)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from typing import Any

from starlette.applications import Starlette

from graph.errors import MyographError
from graph.server.endpoint import MAX_BODY, MAX_RESPONSE_BYTES, create_app
from graph.server.hosts import DEFAULT_HOST, DEFAULT_PORT, allowed_hosts_for, endpoint_url
from graph.stores.base import Store

__all__ = ["MAX_PROCESSES", "default_processes", "listening_socket", "serve", "uvicorn_config",
           "uvicorn_server"]

MAX_PROCESSES = 4
"""Front processes :func:`default_processes` gives at most."""


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


def uvicorn_config(app: Starlette | str, log_level: str, **options: Any) -> Any:
    """uvicorn's settings for ``app``: no access lines of its own (the endpoint writes its
    own), open requests given 1 s on shutdown; ``options`` add to them."""
    import uvicorn

    return uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                          server_header=False, timeout_graceful_shutdown=1, **options)


def uvicorn_server(app: Starlette, log_level: str) -> Any:
    """A uvicorn server for ``app`` (:func:`uvicorn_config`)."""
    import uvicorn

    return uvicorn.Server(uvicorn_config(app, log_level))


def default_processes(store: Store) -> int:
    """Front processes for ``store``: one per core but one (left to the query workers and
    the rest of the machine), at most :data:`MAX_PROCESSES`, when another process can open
    the store again read-only at little cost (an on-disk Oxigraph store); one otherwise (a
    memory store would load its data again in each)."""
    if not store.reopens_read_only:
        return 1
    return max(1, min(MAX_PROCESSES, (os.cpu_count() or 1) - 1))


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
    processes: int = 1,
) -> None:
    """Serve ``store`` with uvicorn until interrupted.

    The socket is bound and listening before ``on_ready`` is called with the endpoint's URL
    (so ``port=0`` reports the port it got). Requests must name the host it listens on, a
    loopback name, or one of ``allow_hosts`` (:func:`allowed_hosts_for`). With
    ``processes`` above 1 (for a store that :attr:`~Store.reopens_read_only`;
    :func:`default_processes`), that many front processes answer on the socket, each
    opening the store again and sharing its query workers
    (:func:`graph.server.fronts.serve_fronts`); a script calling this needs the ``if
    __name__ == "__main__":`` guard of any program that starts processes. Other parameters
    as in :func:`create_app`.

    Raises
    ------
    MyographError
        When the address cannot be bound (port in use, unknown host).
    """
    hosts = allowed_hosts_for(host, allow_hosts)
    if processes > 1 and not store.reopens_read_only:
        raise MyographError(f"{store.spec} cannot be served by several processes: each would "
                            "load its data again (serve it with one)")
    app = None if processes > 1 else create_app(
        store, timeout=timeout, max_rows=max_rows, cors_origins=cors_origins,
        max_body=max_body, max_response_bytes=max_response_bytes, allowed_hosts=hosts)
    sock = listening_socket(host, port)
    if on_ready is not None:
        on_ready(endpoint_url(host, sock.getsockname()[1]))
    try:
        if app is not None:
            uvicorn_server(app, log_level).run(sockets=[sock])
        else:
            from graph.server.fronts import FrontSettings, serve_fronts

            settings = FrontSettings(
                spec=store.spec, timeout=timeout, max_rows=max_rows,
                cors_origins=list(cors_origins), max_body=max_body,
                max_response_bytes=max_response_bytes, allowed_hosts=hosts,
                query_workers=max(2, store.query_slots // processes))
            serve_fronts(sock, settings, uvicorn_config(
                "graph.server.fronts:front_app", log_level, factory=True, workers=processes))
    finally:
        sock.close()
