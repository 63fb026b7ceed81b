"""What a query worker does to itself before it answers anything: die with its parent, wall
itself off from the network, cap its memory.

Each step is a Linux call made from inside the worker: ``PR_SET_PDEATHSIG`` so no worker
outlives the command that started it, ``unshare(CLONE_NEWUSER | CLONE_NEWNET)`` for a
network namespace with no interface up (not even Oxigraph's SERVICE client, out of the audit
hook's sight, can connect), and ``RLIMIT_AS`` at what the worker uses once loaded plus
:func:`query_memory`. Whether the wall held is reported back and kept (:func:`network_wall`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import resource
import signal
import threading

from graph.errors import StoreError

__all__ = ["MEMORY_ENV", "cap_memory", "die_with_parent", "network_wall", "note_wall",
           "query_memory", "wall_off_network"]

LOG = logging.getLogger("myograph.worker")
MEMORY_ENV = "MYOGRAPH_QUERY_MEMORY_MB"
"""Environment variable: MiB a query may add to its worker (0 turns the cap off)."""
DEFAULT_QUERY_MEMORY_MB = 512
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1


def query_memory() -> int:
    """Bytes a query may add to its worker's address space (``MYOGRAPH_QUERY_MEMORY_MB``).

    >>> query_memory() >= 0
    True

    Raises
    ------
    StoreError
        When the variable is not a whole number of MiB.
    """
    raw = os.environ.get(MEMORY_ENV, "").strip() or str(DEFAULT_QUERY_MEMORY_MB)
    if not raw.isdigit():
        raise StoreError(f"{MEMORY_ENV} must be a whole number of MiB (0 for no cap), "
                         f"not {raw[:40]!r}")
    return int(raw) * 1024**2


_wall_state: dict[str, bool] = {}
_wall_lock = threading.Lock()


def network_wall() -> bool | None:
    """Whether query workers of this process got a network namespace of their own.

    None until a worker has started.
    """
    return _wall_state.get("walled")


def note_wall(walled: bool) -> None:
    """Keep what a started worker said of its wall; the first refusal is logged."""
    with _wall_lock:
        first = "walled" not in _wall_state
        _wall_state["walled"] = walled
    if first and not walled:
        LOG.warning("query workers could not get a network namespace of their own "
                    "(unshare refused: no user namespaces?); SERVICE and LOAD are still "
                    "refused by the query check, and Python's reach by the audit hook")


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent ends (Linux's PR_SET_PDEATHSIG).

    The chain runs command → fork server → worker (or template → worker): when a command
    is stopped (SIGTERM, Ctrl-C, kill -9) the fork server ends at once, and without this a
    worker would go on computing its query to the end, alone.
    """
    # a fork-server child holds a copy of the command's "still alive" pipe, which keeps the
    # fork server waiting for as long as the child lives: let the command alone hold it
    from multiprocessing import forkserver

    alive = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)
        setattr(forkserver._forkserver, "_forkserver_alive_fd", None)  # noqa: B010 - private
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request took hold
        os._exit(0)


def wall_off_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
            return True
        return bool(libc.unshare(_CLONE_NEWNET) == 0)  # privileged, without user namespaces
    except (OSError, AttributeError):
        return False


def cap_memory(extra: int) -> None:
    """Limit the address space to what is in use now plus ``extra`` bytes."""
    if extra <= 0:
        return
    with open("/proc/self/statm", encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = used + extra
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
