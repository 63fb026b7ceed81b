"""A remote SPARQL 1.1 endpoint (Virtuoso, GraphDB, QLever, an Oxigraph server, our own).

Read-only: the store sends queries with the SPARQL 1.1 Protocol (POST, form-encoded) and
reads SPARQL JSON results or N-Triples back with rdflib's own parsers.
"""

from __future__ import annotations

import io
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.query import Result

from graph.errors import MyographError, QueryError, QueryTimeout, StoreError
from graph.results import QueryForm, QueryResult, Term, Triple
from graph.stores import _derived as derived_files
from graph.stores.base import Deadline, QueryDataset, Store

__all__ = ["DEFAULT_INDEX_LIMIT", "INDEX_LIMIT_ENV", "RemoteStore", "index_limit"]

_SERVER_TIMEOUT = re.compile(r"timed? ?out|S1T00|estimated execution time", re.IGNORECASE)
"""How servers say a query ran (or would run) past their limit, in a 500's body."""
_TIMEOUT_UNITS = {"myograph": 1.0, "fuseki": 1.0, "virtuoso": 1000.0}
"""What the ``timeout`` parameter counts, by server: seconds for our endpoint and Apache Jena
Fuseki, milliseconds for Virtuoso (whose "anytime" timeout is honoured from 1000 ms up and
then answers with partial results flagged ``X-SQL-State: S1TAT``)."""
_SIZE_PROBE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_PROBE_SECONDS = 10.0
MAX_ANSWER_BYTES = 512 * 1024 * 1024
"""The most an endpoint's answer may weigh; a bigger (or endless) one is refused."""
_CHUNK = 1 << 16
INDEX_LIMIT_ENV = "MYOGRAPH_REMOTE_INDEX_LIMIT"
DEFAULT_INDEX_LIMIT = 200_000
"""The largest remote graph, in triples, whose names are all read into the local name index
(exact and tolerant of misspellings, kept on disk); a larger one has its names looked up on
the server as they are needed (:mod:`graph.remote_search`), so a command never waits for a
dump of every name. ``$MYOGRAPH_REMOTE_INDEX_LIMIT`` changes it (the tests lower it)."""
_SELECT_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples"


def index_limit() -> int:
    """:data:`DEFAULT_INDEX_LIMIT`, or the whole number ``$MYOGRAPH_REMOTE_INDEX_LIMIT`` gives."""
    raw = os.environ.get(INDEX_LIMIT_ENV, "").strip()
    try:
        return int(raw) if raw else DEFAULT_INDEX_LIMIT
    except ValueError:
        return DEFAULT_INDEX_LIMIT


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: a query goes to the host and scheme the user named, never
    to wherever an answer points (another host, plain http, a service inside the network)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


class RemoteStore(Store):
    """``http://host/sparql`` or ``https://…``: queries only, over the SPARQL Protocol."""

    writable = False
    needs_network = True

    def __init__(self, spec: str) -> None:
        super().__init__(spec)
        parsed = urllib.parse.urlsplit(spec)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(f"not an http(s) SPARQL endpoint URL: {spec!r}")
        self.url = spec
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                   _NoRedirects())
        self.server: str | None = None
        """The kind of server (a key of _TIMEOUT_UNITS), learnt from its responses."""
        self._kept: tuple[int, Path | None] | None = None
        self._probed: tuple[int, str | None] | None = None

    def _learn(self, headers: Any) -> None:
        """Tell the server's kind from response headers, so its time limit can be sent."""
        server = (headers.get("Server") or "").lower()
        if headers.get("X-Myograph-Truncated") is not None:
            self.server = "myograph"
        elif "virtuoso" in server:
            self.server = "virtuoso"
        elif "fuseki" in server or headers.get("Fuseki-Request-Id") is not None:
            self.server = "fuseki"

    def _timeout_field(self, deadline: Deadline) -> list[tuple[str, str]]:
        """The seconds left, as the server's ``timeout`` parameter; none for an unknown server
        (where a number could mean anything), so the first query to a server goes without."""
        unit = _TIMEOUT_UNITS.get(self.server or "")
        if unit is None:
            return []
        left = max(deadline.left(), 0.001)
        if self.server == "virtuoso":
            return [("timeout", str(max(1000, int(left * unit))))]
        return [("timeout", f"{left * unit:.3f}")]

    def _post(self, query: str, accept: str, deadline: Deadline,
              dataset: QueryDataset | None = None) -> bytes:
        fields = [("query", query)]
        if dataset is not None:  # passed on as the Protocol's own parameters
            fields += [("default-graph-uri", g) for g in dataset.default]
            fields += [("named-graph-uri", g) for g in dataset.named]
        fields += self._timeout_field(deadline)
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url, data=body, method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded",
                     "User-Agent": "myograph"})
        try:
            with self._opener.open(request, timeout=max(deadline.left(), 0.1)) as response:
                data = self._read_within(response, deadline)
                self._learn(response.headers)
                if "S1TAT" in (response.headers.get("X-SQL-State") or ""):
                    # Virtuoso's anytime timeout: a partial answer, not the answer
                    raise QueryTimeout(f"the endpoint {self.url} stopped the query at its "
                                       f"{deadline.seconds:g} s time limit")
                return data
        except urllib.error.HTTPError as error:
            self._learn(error.headers)
            if 300 <= error.code < 400:
                where = (error.headers.get("Location") or "elsewhere")[:200]
                raise StoreError(
                    f"the endpoint {self.url} redirects ({error.code}) to {where}: redirects "
                    "are not followed, so give that address as the store if you trust "
                    "it") from error
            detail = error.read(4096).decode("utf-8", "replace").strip()[:500]
            message = f"the endpoint {self.url} answered {error.code}: {detail}"
            if error.code in (503, 504) or _SERVER_TIMEOUT.search(detail):
                raise QueryTimeout(message) from error
            raise QueryError(message) from error
        except TimeoutError as error:
            raise QueryTimeout(
                f"the endpoint {self.url} did not answer within {deadline.seconds:g} s") from error
        except urllib.error.URLError as error:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {self.url}: {error.reason}") from error

    def _read_within(self, response: Any, deadline: Deadline) -> bytes:
        """The answer's body, read while the query's time and :data:`MAX_ANSWER_BYTES` last:
        a socket's own timeout only bounds each read, so a slow endless answer needs both."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise QueryError(f"the endpoint {self.url} sent an answer over "
                                 f"{MAX_ANSWER_BYTES / (1024 * 1024):g} MiB: ask for less "
                                 "(LIMIT, fewer variables)")
            if deadline.left() <= 0:
                raise QueryTimeout(f"the endpoint {self.url} was still sending its answer "
                                   f"after {deadline.seconds:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def execute(self, query: str, form: QueryForm, *, deadline: Deadline, max_rows: int,
                prepared: object | None = None,
                dataset: QueryDataset | None = None) -> QueryResult:
        if form in ("CONSTRUCT", "DESCRIBE"):
            data = self._post(query, _GRAPH_ACCEPT, deadline, dataset)
            g = Graph()
            try:
                g.parse(data=data.decode("utf-8"), format="nt")
            except Exception as error:
                raise QueryError(
                    f"the endpoint sent N-Triples that do not parse: {error}") from error
            triples: list[Triple] = sorted(g)  # type: ignore[arg-type]
            return QueryResult(form=form, triples=triples[:max_rows],
                               truncated=len(triples) > max_rows)
        data = self._post(query, _SELECT_ACCEPT, deadline, dataset)
        try:
            result = Result.parse(io.BytesIO(data), format="json")
        except Exception as error:
            raise QueryError(f"the endpoint sent results that do not parse: {error}") from error
        if form == "ASK":
            return QueryResult(form="ASK", boolean=bool(result.askAnswer))
        variables = [str(v) for v in (result.vars or [])]
        rows: list[dict[str, Term]] = []
        for binding in result.bindings[: max_rows]:
            rows.append({str(k): v for k, v in binding.items()})  # type: ignore[misc]
        return QueryResult(form="SELECT", variables=variables, rows=rows,
                           truncated=len(result.bindings) > max_rows)

    def _derived_file(self, key: str) -> Path | None:
        """Derived values (name index, profile, counts) kept across processes, under the
        endpoint's URL and its triple count: a remote graph's name index is slow to rebuild
        at every CLI command; a graph that changes size gets new ones."""
        if self._kept is None or self._kept[0] != self.version:
            self._kept = (self.version, self._folder())
        folder = self._kept[1]
        return folder / f"{key}.pickle" if folder is not None else None

    def _folder(self) -> Path | None:
        size = self._probe()
        return None if size is None else derived_files.cache_dir_for_endpoint(self.url, size)

    def _probe(self) -> str | None:
        """The change probe's answer (the triple count), asked once per data version and
        shared across processes for :data:`~graph.stores._derived.PROBE_FRESH_SECONDS`;
        None when the endpoint cannot count."""
        if self._probed is not None and self._probed[0] == self.version:
            return self._probed[1]
        now = time.time()
        size = derived_files.recent_probe(self.url, now)
        if size is None:
            try:
                counted = self.execute(_SIZE_PROBE, "SELECT", deadline=Deadline(_PROBE_SECONDS),
                                       max_rows=1)
            except MyographError:
                counted = None  # no probe, no keeping: computed in this process only
            answer = next(iter(counted.values("n")), None) if counted is not None else None
            if answer is not None:
                size = str(answer)
                derived_files.remember_probe(self.url, size, now)
        self._probed = (self.version, size)
        return size

    def names_in_place(self) -> str | None:
        """The server's kind when the graph holds more than :func:`index_limit` triples (the
        change probe's count), "sparql" for a server of no kind known here; None for a
        smaller graph, or one that cannot be counted: its names are read whole, once."""
        size = self._probe()
        if size is None or not size.isdigit() or int(size) <= index_limit():
            return None
        if self.server is None:  # not learnt yet in this process: kept with the probe
            self.server = self.derived("server-kind", self._ask_kind) or None
        return self.server or "sparql"

    def _ask_kind(self) -> str:
        """The server's kind as its answer to the smallest query tells it ("" if unknown)."""
        try:
            self.execute("ASK {}", "ASK", deadline=Deadline(_PROBE_SECONDS), max_rows=1)
        except MyographError:
            return ""
        return self.server or ""

    def graph_names(self) -> list[str]:
        names: set[str] = set()
        # "GRAPH ?g { }" is the cheap form; Virtuoso answers it with one unbound row
        for query in ("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
                      "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            result = self.execute(query, "SELECT", deadline=Deadline(30), max_rows=100_000)
            names = {str(row["g"]) for row in result.rows if "g" in row}
            if names:
                break
        return sorted(names)

    def _read_only(self) -> StoreError:
        return StoreError(f"the remote store {self.url} is read-only: load data with the "
                          "server's own tools")

    def add_triples(self, triples: Iterable[Triple], graph: str) -> int:
        raise self._read_only()

    def remove_graph(self, graph: str) -> None:
        raise self._read_only()

    def quads(self) -> Iterator[tuple[Term, Term, Term, str | None]]:
        result = self.execute("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT",
                              deadline=Deadline(300), max_rows=10_000_000)
        for s, p, o in result.triples:
            yield s, p, o, None
