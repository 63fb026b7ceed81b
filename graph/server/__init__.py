"""The SPARQL 1.1 Protocol endpoint: ``/sparql`` over any store, served by uvicorn.

Every query goes through the one runner (:func:`graph.sparql.run_async`: a lookup is
answered in the process, a query worker's reply is awaited on the event loop, a store
without workers runs in a thread), so the guard,
the time limit and the row cap are the library's own; this package only speaks HTTP. What it
answers:

- ``GET /sparql?query=…``, ``POST`` form-encoded (``query=…``) and ``POST``
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` for graphs the
  store holds (400 otherwise; rdflib's ``urn:x-rdflib:default`` means the store's default
  graph); an optional ``timeout`` (seconds) may lower the server's limit, never raise it.
- Content negotiation over ``Accept`` (q-values, ``*/*``, ``type/*``): SPARQL results JSON
  (the default), XML, CSV, TSV for SELECT; JSON or XML for ASK; Turtle (the default),
  N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE; 406 listing what it can give.
- ``GET /sparql`` without a query: a SPARQL service description (Turtle by default).
- ``GET /health``: a small JSON status that never runs a query.

Errors become an HTTP status and one body shape in exactly one place,
:func:`error_response` (the table is :data:`STATUS`); no response carries a traceback.
A query that ran past its time limit is a **503** (as Apache Jena Fuseki answers): the
server gave up on it, and the body says so. When the row cap cut an answer, the response
carries ``X-Myograph-Truncated: true`` and, in SPARQL JSON, a top-level member
``"myograph": {"truncated": true, "max_rows": N}`` that SPARQL JSON parsers ignore. Answers
are also capped in bytes (:data:`MAX_RESPONSE_BYTES`): rows past the cap are cut the same
way, and the member then also gives ``"max_bytes"``.

One module per job: :mod:`~graph.server.endpoint` (the app and its handlers),
:mod:`~graph.server.answer` (the answer written within the byte cap),
:mod:`~graph.server.negotiation` (``Accept``), :mod:`~graph.server.status` (errors to
statuses), :mod:`~graph.server.description` (the service description),
:mod:`~graph.server.hosts` (host names, the endpoint's URL),
:mod:`~graph.server.serving` (the socket and uvicorn) and :mod:`~graph.server.fronts`
(several front processes on one socket, for an on-disk Oxigraph store).

>>> import json
>>> from starlette.testclient import TestClient
>>> from graph.stores import open_store
>>> client = TestClient(create_app(open_store("memory")))
>>> ask = client.get("/sparql", params={"query": "ASK { mge:muscle_spasm a mg:Symptom }"})
>>> print(ask.headers["Content-Type"], json.loads(ask.text)["boolean"])
application/sparql-results+json True
>>> clear = client.get("/sparql", params={"query": "CLEAR ALL"})
>>> print(clear.status_code, json.loads(clear.text)["error"])
403 UpdateRefused
"""

from __future__ import annotations

from graph.server.description import SD, service_description
from graph.server.endpoint import MAX_BODY, MAX_RESPONSE_BYTES, TRUNCATED_HEADER, create_app
from graph.server.hosts import DEFAULT_HOST, DEFAULT_PORT, allowed_hosts_for, endpoint_url
from graph.server.negotiation import negotiate
from graph.server.serving import serve
from graph.server.status import STATUS, error_response, status_for

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "MAX_BODY",
    "MAX_RESPONSE_BYTES",
    "SD",
    "STATUS",
    "TRUNCATED_HEADER",
    "allowed_hosts_for",
    "create_app",
    "endpoint_url",
    "error_response",
    "negotiate",
    "serve",
    "service_description",
    "status_for",
]
