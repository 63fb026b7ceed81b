"""The one SPARQL runner: every query from every interface goes through :func:`run`.

It parses the query (rdflib's parser, under a lock: it is not thread-safe), refuses what
the product never does (updates, SERVICE, FROM / FROM NAMED of graphs the store does not
hold), adds the project's prefixes the query does not declare, runs it on the store with a
time limit and a row cap (one row beyond the cap is fetched to learn ``truncated``), and
turns every failure into a :mod:`graph.errors` class with a readable message.

One module per job: :mod:`~graph.sparql.runner` (:func:`run`, :func:`run_async`, the limits),
:mod:`~graph.sparql.checking` (:func:`check`: parse and guard),
:mod:`~graph.sparql.syntax` (where a syntax error is, in words),
:mod:`~graph.sparql.screen` (what the text alone refuses, :func:`needs_check`),
:mod:`~graph.sparql.text` (the text engines are sent: prefixes, escapes),
:mod:`~graph.sparql.prepared` (the project's own queries parsed once per file),
:mod:`~graph.sparql.lookup` (one-pattern queries, bounded, answered without a worker).

>>> from graph.stores import open_store
>>> result = run(open_store("memory"), "ASK { mge:muscle_spasm a mg:Symptom }")
>>> result.boolean
True
"""

from __future__ import annotations

from graph.sparql.checking import CheckedQuery, check
from graph.sparql.runner import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, MAX_TIMEOUT, run, run_async
from graph.sparql.screen import needs_check, refuse_unknown_graphs
from graph.sparql.text import with_prefixes

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "MAX_TIMEOUT",
    "CheckedQuery",
    "check",
    "needs_check",
    "refuse_unknown_graphs",
    "run",
    "run_async",
    "with_prefixes",
]
