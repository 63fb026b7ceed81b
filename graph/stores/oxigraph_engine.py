"""Oxigraph's engine as a query worker runs it: open the data, answer a request.

A worker's data is an on-disk store opened read-only, or a snapshot of an in-memory store
(its quads packed, :func:`oxigraph_snapshot`). A user's query is parsed by Oxigraph alone
when the screen shows there is nothing in it for the full check to refuse
(:func:`_answer_screened`), and checked by the runner's own guard otherwise. Answers leave
as packed terms, within the request's caps (:func:`graph.stores.workers.protocol.capped`).
"""

from __future__ import annotations

import logging
import pickle
import re
import time
from typing import Any

import pyoxigraph as ox

from graph.results import QueryForm
from graph.stores._terms import Packed, Unpackable, pack_ox, unpack_ox
from graph.stores.workers.protocol import Answerer, Request, Source, capped, checked

__all__ = ["collected", "open_source", "oxigraph_snapshot"]

LOG = logging.getLogger("myograph.worker")
_OPEN_ATTEMPTS = 8
"""Read-only openings of an on-disk store tried when a compaction races them."""
_DESCRIBE = re.compile(r"(?:[^{]*?\s)?DESCRIBE\b", re.IGNORECASE | re.DOTALL)
"""A graph query whose text has DESCRIBE before its first brace (a label: both forms give
triples)."""


def oxigraph_snapshot(store: Any, version: int) -> Source:
    """A :class:`Source` holding every quad of an in-memory pyoxigraph store."""
    quads = [(pack_ox(q.subject), pack_ox(q.predicate), pack_ox(q.object),
              None if isinstance(q.graph_name, ox.DefaultGraph) else pack_ox(q.graph_name))
             for q in store]
    return Source("oxigraph-quads", version,
                  data=pickle.dumps(quads, protocol=pickle.HIGHEST_PROTOCOL))


def open_source(source: Source) -> Answerer:
    """A worker's engine over an Oxigraph source (on disk, or a snapshot's quads)."""
    if source.kind == "oxigraph-path":
        store = _open_read_only(source.path)
    else:
        store = ox.Store()
        quads = pickle.loads(source.data)  # noqa: S301 - made by our own parent process
        store.extend([
            ox.Quad(unpack_ox(s), unpack_ox(p), unpack_ox(o),
                    ox.DefaultGraph() if g is None else unpack_ox(g))
            for s, p, o, g in quads])
    return lambda request: _answer(store, request)


def _open_read_only(path: str) -> Any:
    """Open an on-disk store read-only, again if a compaction raced the opening.

    RocksDB may delete the files a just-finished write made obsolete while a read-only
    opener is reading the list of live files (seen after a crashed load's graph was
    removed): the opening then names a missing file, and a second one sees the new list.
    """
    for attempt in range(1, _OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as error:
            if "No such file" not in str(error):
                raise
            LOG.info("reopening %s read-only: %s", path, error)
            time.sleep(0.05 * attempt)
    return ox.Store.read_only(path)


def _answer(store: Any, request: Request) -> tuple[Any, ...]:
    """Run a request on a pyoxigraph store; its form and the answer as plain tuples."""
    if request["form"] is None:
        screened = _answer_screened(store, request)
        if screened is not None:
            return screened
        request, _ = checked(request, lambda: sorted(
            g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
    answer = store.query(request["query"], **_dataset(request, union=request["union"]))
    return request["form"], collected(answer, request["form"], request)


def _answer_screened(store: Any, request: Request) -> tuple[Any, ...] | None:
    """A user's query parsed by Oxigraph alone, when the screen shows that the full check
    would find nothing in it to refuse or to read (:func:`graph.sparql.needs_check`): its
    form and the answer. None when the full check must come first: the screen says so,
    Oxigraph cannot parse the text (the check then says why, as before), or the answer
    holds a term only Oxigraph's parser could have asked for.

    rdflib's parse is most of what a short query costs (a hundred times Oxigraph's); a text
    without the words SERVICE and FROM cannot call another endpoint or name a graph.
    """
    from graph.sparql import needs_check

    text = request["query"]
    if needs_check(text):
        return None
    try:
        answer = store.query(text, **_dataset(request, union=True))
    except SyntaxError:
        return None
    form: QueryForm
    if isinstance(answer, ox.QuerySolutions):
        form = "SELECT"
    elif isinstance(answer, ox.QueryBoolean):
        form = "ASK"
    else:
        form = "DESCRIBE" if _DESCRIBE.match(text) else "CONSTRUCT"
    try:
        return form, collected(answer, form, request)
    except Unpackable:
        return None


def _dataset(request: Request, *, union: bool) -> dict[str, Any]:
    """pyoxigraph's dataset arguments for a request."""
    if request["default"] is None:
        return {"use_default_graph_as_union": union}
    return {"default_graph": [ox.NamedNode(g) for g in request["default"]],
            "named_graphs": [ox.NamedNode(g) for g in request["named"]]}


def collected(answer: Any, form: QueryForm, request: Request) -> tuple[Any, ...]:
    """An Oxigraph answer as plain tuples (a worker's reply), within the request's caps
    (``max_rows`` and ``max_bytes``)."""
    if form == "ASK":
        return ("ask", bool(answer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples, truncated = capped(answer, _packed_triple, request)
        return ("graph", triples, truncated)
    variables = [v.value for v in answer.variables]
    rows, truncated = capped(answer, _packed_solution, request)
    return ("select", variables, rows, truncated)


def _packed_triple(found: Any) -> tuple[Packed, ...]:
    return pack_ox(found.subject), pack_ox(found.predicate), pack_ox(found.object)


def _packed_solution(solution: Any) -> tuple[Packed | None, ...]:
    # a solution iterates its values in the variables' order
    return tuple(None if term is None else pack_ox(term) for term in solution)
