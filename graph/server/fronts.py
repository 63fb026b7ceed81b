"""Several front processes on one listening socket (:func:`serve_fronts`).

One Python process answers HTTP on one core at a time. A store that another process can open
again beside the first at little cost (an on-disk Oxigraph store, read-only: see
:attr:`~graph.stores.base.Store.reopens_read_only`) is served by several front processes
instead, all accepting connections on the socket the parent bound: uvicorn's own supervisor
(:class:`uvicorn.supervisors.Multiprocess`) starts them, replaces one that dies, and stops
them all on SIGINT or SIGTERM. Each front opens the store itself from its spec and keeps
query workers of its own, so a runaway query stopped in one front is stopped as it is with
one process; each front also asks the kernel to end it with the parent, so nothing outlives
the command.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from starlette.applications import Starlette

__all__ = ["SETTINGS_ENV", "FrontSettings", "front_app", "serve_fronts"]

SETTINGS_ENV = "MYOGRAPH_SERVE_FRONT"
"""The environment variable a front process reads its :class:`FrontSettings` from (JSON)."""
LOG = logging.getLogger("myograph.server")


@dataclass(frozen=True)
class FrontSettings:
    """What a front process needs to make the same app as the parent would."""

    spec: str
    timeout: float | None
    max_rows: int | None
    cors_origins: Sequence[str]
    max_body: int
    max_response_bytes: int
    allowed_hosts: Sequence[str]
    query_workers: int
    """Query workers of each front: the store's own number shared among the fronts."""


def serve_fronts(sock: socket.socket, settings: FrontSettings, config: Any) -> None:
    """Serve with ``config.workers`` front processes accepting on ``sock`` until SIGINT or
    SIGTERM (uvicorn's supervisor: a front that dies is started again). ``config`` is
    uvicorn's, its app :func:`front_app` (a factory)."""
    from uvicorn.supervisors import Multiprocess

    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings))
    Multiprocess(config, sockets=[sock]).run()


def front_app() -> Starlette:  # pragma: no cover - runs in the front processes
    """The app of one front process (uvicorn's factory, called in the process): the store
    opened from its spec, the access log set up as ``myograph serve`` sets it up."""
    from uvicorn.config import STARTUP_FAILURE

    from graph.errors import MyographError
    from graph.server.endpoint import create_app, log_requests
    from graph.stores import open_store
    from graph.stores.workers.sandbox import die_with_parent

    die_with_parent()
    log_requests()
    settings: dict[str, Any] = json.loads(os.environ[SETTINGS_ENV])
    os.environ["MYOGRAPH_QUERY_WORKERS"] = str(settings["query_workers"])
    try:
        store = open_store(settings["spec"])
    except MyographError as error:  # the same in every front: the supervisor stops
        LOG.error("a front process cannot open %s: %s", settings["spec"], error)
        sys.exit(STARTUP_FAILURE)
    return create_app(store, timeout=settings["timeout"], max_rows=settings["max_rows"],
                      cors_origins=settings["cors_origins"], max_body=settings["max_body"],
                      max_response_bytes=settings["max_response_bytes"],
                      allowed_hosts=settings["allowed_hosts"])
