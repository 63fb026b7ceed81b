"""Killable queries: worker processes that answer users' queries away from the caller.

A query running in a thread cannot be stopped for sure: Oxigraph's engine (Rust) does not
return to Python until it has an answer, and rdflib's engine can sit in one C call (a regular
expression that backtracks) holding the GIL, freezing every thread of the process. So the
text people type runs in worker processes that are killed and replaced at the deadline
(the project's own ``.rq`` queries stay in-process). Each worker:

- is forked by a single-threaded fork server that has already imported rdflib and
  pyoxigraph, so a new worker answers within tens of milliseconds and no lock held by one of
  the server's threads is copied into it (:mod:`~graph.stores.workers.process`);
- walls itself off from the network first: ``unshare(CLONE_NEWUSER | CLONE_NEWNET)`` gives
  it a network namespace of its own with no interface up (not even loopback), so not even
  Oxigraph's SERVICE client (Rust, out of the audit hook's sight) can connect. Where the
  kernel refuses (no user namespaces for unprivileged users), the parse-level checks and the
  audit hook remain, and the process logs it once (:func:`network_wall`;
  :mod:`~graph.stores.workers.sandbox`);
- loads its data from a :class:`Source`: an on-disk Oxigraph store opened read-only, or a
  snapshot of an in-memory store (rdflib or Oxigraph) taken at one data version. An rdflib
  snapshot is loaded once per version by a *template* process (itself started by the fork
  server) that forks the workers, which share the loaded data copy-on-write: unpickling a
  million rdflib triples takes half a minute, too long to repeat for every worker;
- caps its own address space (``RLIMIT_AS``) at what it uses once loaded plus
  :func:`query_memory` (``MYOGRAPH_QUERY_MEMORY_MB``, 512 by default), so a query that builds
  huge values fails alone and the caller gets :class:`~graph.errors.QueryTooLarge`;
- runs each query inside :func:`graph.guard.no_outside_access` and stops collecting an answer
  at ``max_rows`` rows or ``max_bytes`` bytes of terms (``truncated``;
  :mod:`~graph.stores.workers.serve`, with :mod:`graph.stores.oxigraph_engine` and
  :mod:`graph.stores.rdflib_engine` answering).

Workers carry the data version they loaded: a store that changed gets fresh workers on its
next query. At most :data:`MAX_IDLE` idle workers are kept in the whole process (the least
recently used go first), so the private stores of many app sessions cannot pile up processes
(:mod:`~graph.stores.workers.pool`). What crosses the pipe, and what each reply or death
means, is :mod:`~graph.stores.workers.protocol`.
"""

from __future__ import annotations

from graph.stores.workers.pool import MAX_IDLE, WORKERS_ENV, WorkerPool, default_size
from graph.stores.workers.protocol import Source
from graph.stores.workers.sandbox import MEMORY_ENV, network_wall, query_memory

__all__ = ["MAX_IDLE", "MEMORY_ENV", "WORKERS_ENV", "Source", "WorkerPool", "default_size",
           "network_wall", "query_memory"]
