"""Asking a query worker: send a request, wait for its reply, kill the worker at the limit.

:func:`ask` blocks its thread; :func:`ask_async` waits on an asyncio loop with a reader and a
timer on the worker's pipe, no thread per query (a thread hop cost the endpoint more than
the rest of a short query). Either way a worker that is still computing when the time is up
is killed, and one whose caller went away too: its late reply would otherwise answer the
worker's next query.
"""

from __future__ import annotations

import asyncio
import os
import socket
import struct
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from graph.stores.workers.process import Worker
from graph.stores.workers.protocol import Reply, Request, ran_too_long

__all__ = ["INLINE_BYTES", "INLINE_ROWS", "ask", "ask_async", "in_thread"]

T = TypeVar("T")
INLINE_BYTES = 64 * 1024
"""Longer query texts are sent to a worker from a thread (a pipe write may then block)."""
_INLINE_REPLY = 256 * 1024
"""Bigger replies are read from a thread, so a big answer never holds up the event loop."""
INLINE_ROWS = 2_000
"""Answers with more rows or triples become rdflib terms in a thread, for the same reason."""


def ask(worker: Worker, request: Request, left: float, limit: float) -> Reply:
    """Send ``request`` to ``worker`` and wait for its reply; kill it past ``left`` seconds
    (what remains of the query's ``limit``)."""
    try:
        worker.conn.send({**request, "seconds": left})
        if not worker.conn.poll(left):
            worker.kill()
            raise ran_too_long(limit)
        reply: Reply = worker.conn.recv()
    except (EOFError, OSError):
        raise worker.died() from None
    return reply


async def ask_async(worker: Worker, request: Request, left: float, limit: float) -> Reply:
    """:func:`ask` on an asyncio loop: wait for the reply without a thread; kill the worker
    past ``left`` seconds, or when the caller is cancelled (its late reply would otherwise
    answer the worker's next query)."""
    loop = asyncio.get_running_loop()
    try:
        worker.conn.send({**request, "seconds": left})
        fd = worker.conn.fileno()
        arrived: asyncio.Future[bool] = loop.create_future()
        loop.add_reader(fd, _settle, arrived, True)
        timer = loop.call_later(left, _settle, arrived, False)
        try:
            answered = await arrived
        finally:
            loop.remove_reader(fd)
            timer.cancel()
        if not os.get_blocking(fd):  # uvloop leaves a descriptor it watched non-blocking
            os.set_blocking(fd, True)
        if not answered:
            raise ran_too_long(limit)
        if _waiting_bytes(worker.conn) > _INLINE_REPLY:
            reply: Reply = await in_thread(worker.conn.recv)
        else:
            reply = worker.conn.recv()
        return reply
    except (EOFError, OSError):
        raise worker.died() from None
    except BaseException:
        worker.kill()
        raise


def _settle(future: asyncio.Future[bool], value: bool) -> None:
    if not future.done():
        future.set_result(value)


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` in one of anyio's worker threads (for the slow steps)."""
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn, *args)


_PEEK = int(socket.MSG_PEEK | socket.MSG_DONTWAIT)


def _waiting_bytes(conn: Connection) -> int:
    """The length of the message waiting on ``conn`` (from its header, read without taking
    it), or 0 when the header has not arrived."""
    sock = socket.socket(fileno=conn.fileno())
    try:
        header = sock.recv(4, _PEEK)
    except BlockingIOError:
        return 0
    finally:
        sock.detach()
    if len(header) < 4:
        return 0
    size: int = struct.unpack("!i", header)[0]
    return sys.maxsize if size < 0 else size  # -1: a length past 2 GiB follows
