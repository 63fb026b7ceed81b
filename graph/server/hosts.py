"""Who asks, and by what name: the host names an endpoint answers (the DNS-rebinding check),
its own URL as a client named it, and whether a client is this machine."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from starlette.datastructures import URL
from starlette.requests import Request

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "allowed_hosts_for", "endpoint_url"]

DEFAULT_HOST = "127.0.0.1"
"""Loopback only: exposing the endpoint beyond this machine is an explicit choice."""
DEFAULT_PORT = 7878
_PLAIN_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@lru_cache(maxsize=1024)
def _is_loopback(client: str) -> bool:
    """Whether a client address is this machine's (kept: a server sees few addresses)."""
    try:
        return ipaddress.ip_address(client).is_loopback
    except ValueError:
        return False


def _own_url(request: Request) -> str:
    """The endpoint's URL as the client named it (the base of relative IRIs, the service
    description's subject); the socket's address when the Host header would break it."""
    scope = request.scope
    server = scope.get("server")
    return _url_of(scope["scheme"], request.headers.get("host"),
                   None if server is None else tuple(server),
                   scope.get("root_path", ""), scope["path"])


@lru_cache(maxsize=256)
def _url_of(scheme: str, host: str | None, server: tuple[Any, ...] | None, root_path: str,
            path: str) -> str:
    """:func:`_own_url` from the parts of a request it reads (the same few for every
    request a server gets: kept, since Starlette's URL is slow to build)."""
    scope = {"type": "http", "scheme": scheme, "server": server, "root_path": root_path,
             "path": path, "query_string": b"",
             "headers": [] if host is None else [(b"host", host.encode("latin-1"))]}
    endpoint = str(URL(scope=scope))
    if not _PLAIN_URL.fullmatch(endpoint):
        address, port = server or (DEFAULT_HOST, DEFAULT_PORT)
        endpoint = endpoint_url(address, port)
    return endpoint


_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_EVERY_ADDRESS = ("0.0.0.0", "::", "")  # noqa: S104 - names, compared, never bound here


def allowed_hosts_for(host: str, extra: Sequence[str] = ()) -> list[str]:
    """The ``Host`` names an endpoint listening on ``host`` answers: its own address and the
    loopback names, plus ``extra``; on every address (0.0.0.0, ::) any name unless
    ``extra`` narrows it.

    >>> allowed_hosts_for("127.0.0.1")
    ['127.0.0.1', 'localhost', '[::1]']
    >>> allowed_hosts_for("::1", ["sparql.lab.example"])
    ['127.0.0.1', 'localhost', '[::1]', 'sparql.lab.example']
    >>> allowed_hosts_for("0.0.0.0")
    ['*']
    """
    if host in _EVERY_ADDRESS and not extra:
        return ["*"]
    own = [] if host in _EVERY_ADDRESS else [f"[{host}]" if ":" in host else host]
    return list(dict.fromkeys([*_LOOPBACK_NAMES, *own, *(e.lower() for e in extra)]))


def endpoint_url(host: str, port: int) -> str:
    """The ``/sparql`` URL for a host and port (IPv6 hosts bracketed).

    >>> endpoint_url("127.0.0.1", 7878), endpoint_url("::1", 80)
    ('http://127.0.0.1:7878/sparql', 'http://[::1]:80/sparql')
    """
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/sparql"
