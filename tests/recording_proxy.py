"""A SPARQL endpoint in front of another that records every query it passes on (tests only).

What an app in a process of its own asks a remote store cannot be spied on from the test:
put this between the two (``MYOGRAPH_STORE`` = its URL) and read :attr:`RecordingProxy.sent`.
It binds 127.0.0.1 on a free port (:class:`tests.background_server.BackgroundServer`).
"""

from __future__ import annotations

from types import TracebackType
from urllib.parse import parse_qs

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.background_server import BackgroundServer

__all__ = ["RecordingProxy"]


class RecordingProxy:
    """``with RecordingProxy(upstream) as proxy:`` an endpoint at ``proxy.url`` answering as
    ``upstream`` does; ``proxy.sent`` holds the query texts, in order."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.sent: list[str] = []
        self._client = httpx.AsyncClient(trust_env=False, timeout=60)
        app = Starlette(routes=[Route("/sparql", self._forward, methods=["GET", "POST"])])
        self._server = BackgroundServer(app)
        self.url = ""

    async def _forward(self, request: Request) -> Response:
        body = await request.body()
        form = parse_qs(body.decode("utf-8")) if request.method == "POST" else {}
        query = form.get("query", []) or request.query_params.getlist("query")
        self.sent.extend(query)
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("accept", "content-type")}
        answer = await self._client.request(request.method, self.upstream, content=body,
                                            params=request.query_params, headers=headers)
        return Response(answer.content, status_code=answer.status_code,
                        media_type=answer.headers.get("content-type"))

    def __enter__(self) -> RecordingProxy:
        self.url = self._server.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._server.stop()
