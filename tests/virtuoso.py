"""A throw-away Virtuoso server (Debian's ``virtuoso-opensource``) for the tests.

:class:`VirtuosoServer` writes its own ``virtuoso.ini`` in a fresh directory (database, log
and lock files there; the SQL and HTTP ports free ports on 127.0.0.1 only; small buffers),
starts ``virtuoso-t +foreground``, waits for ``/sparql`` to answer, loads ``data/triples.ttl``
into myograph's named graph with ``isql-vt`` and ``DB.DBA.TTLP_MT``, hides Virtuoso's own
system graphs from anonymous SPARQL users (so the default graph, the union of the graphs a
user may read, holds exactly the curated triples, as in every myograph store), indexes the
graph's literals for ``bif:contains`` (Virtuoso's free-text search), and stops the server
at the end.

``python -m tests.virtuoso [N]`` starts and stops it N times (3 by default) and prints the
timings: the check that it starts reliably enough for ``make test``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

from graph.namespaces import DATA_GRAPH

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "triples.ttl"
INSTALL = "sudo apt-get update && sudo apt-get install -y virtuoso-opensource"
"""The one command that provides ``virtuoso-t`` and ``isql-vt`` on Debian and Ubuntu."""

START_TIMEOUT = 60
"""Seconds the server may take to answer SPARQL (it takes about 3-4 s here)."""

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {dir}, {data_dir}
NumberOfBuffers      = 2000
MaxDirtyBuffers      = 1500
MaxQueryMem          = 256M
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
MaxClientConnections = 10
ServerThreads        = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = {timeout}
MaxQueryCostEstimationTime = 0  ; 0: never refuse a query up front for its estimated cost
"""

LOAD = (
    "DB.DBA.TTLP_MT(file_to_string_output('{file}'), '', '{graph}', 0); "
    # anonymous SPARQL users ('nobody') read the curated graph and nothing else, so the
    # default graph is not polluted by virtrdf#, ldp# and the endpoint's own description
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 0); "
    "DB.DBA.RDF_GRAPH_USER_PERMS_SET('{graph}', 'nobody', 1); "
    # the free-text index over the graph's literals, which bif:contains searches: a rule for
    # the graph (it indexes what the graph holds already), then the index brought up to date
    # (docs.openlinksw.com/virtuoso/rdfsparqlrulefulltext/)
    "DB.DBA.RDF_OBJ_FT_RULE_ADD('{graph}', null, 'myograph'); "
    "DB.DBA.VT_INC_INDEX_DB_DBA_RDF_OBJ(); "
    "checkpoint;"
)


def binaries() -> tuple[str, str] | None:
    """``(virtuoso-t, isql-vt)`` when Debian's package is installed, else None."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class VirtuosoServer:
    """One Virtuoso process over ``directory``, holding data/triples.ttl; a context manager."""

    def __init__(self, directory: Path, *, timeout: int = 5) -> None:
        found = binaries()
        if found is None:
            raise FileNotFoundError(f"virtuoso-t / isql-vt are missing: {INSTALL}")
        self.server_binary, self.isql_binary = found
        self.directory = directory
        self.timeout = timeout
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.process: subprocess.Popen[bytes] | None = None
        self.started_in = 0.0
        self.loaded_in = 0.0

    def _log(self) -> str:
        log = self.directory / "virtuoso.log"
        return log.read_text(errors="replace")[-1500:] if log.exists() else "(no log)"

    def start(self) -> str:
        """Start the server, wait until /sparql answers, load the data; return the URL."""
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.directory, data_dir=DATA.parent,
                                  sql_port=self.sql_port, http_port=self.http_port,
                                  timeout=self.timeout), encoding="utf-8")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [self.server_binary, "+foreground", "+configfile", str(ini)],
            cwd=self.directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while True:
            try:
                with opener.open(probe, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited with {self.process.returncode}:\n"
                                   f"{self._log()}")
            if time.monotonic() - started > START_TIMEOUT:
                self.stop()
                raise RuntimeError(f"Virtuoso did not answer within {START_TIMEOUT} s:\n"
                                   f"{self._log()}")
            time.sleep(0.1)
        self.started_in = time.monotonic() - started
        loading = time.monotonic()
        self.isql(LOAD.format(file=DATA, graph=DATA_GRAPH))
        self.loaded_in = time.monotonic() - loading
        return self.url

    def isql(self, statements: str) -> str:
        """Run SQL statements as dba (default password of a new database) with isql-vt."""
        done = subprocess.run(
            [self.isql_binary, f"127.0.0.1:{self.sql_port}", "dba", "dba",
             f"exec={statements}"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
            check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise RuntimeError(f"isql-vt failed ({done.returncode}): {output[-1500:]}")
        return output

    def stop(self) -> None:
        """Stop the server (SIGTERM: Virtuoso shuts down cleanly), killing it if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def endpoint_for_tests(directory: Path, *, timeout: int) -> Iterator[str]:
    """A module fixture's body: a server over ``directory`` for the tests, its /sparql URL.

    Without Virtuoso the tests skip locally with the install command, and fail when
    ``CI=true`` (``make test`` installs ``virtuoso-opensource`` when it runs as root).
    """
    if binaries() is None:
        reason = f"Debian's virtuoso-opensource is not installed: {INSTALL}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the Virtuoso tests need virtuoso-t and isql-vt in CI ('make test' "
                        f"installs them as root): {reason}")
        pytest.skip(reason)
    server = VirtuosoServer(directory, timeout=timeout)
    try:
        yield server.start()
    finally:
        server.stop()


def main(argv: list[str]) -> int:
    """Start and stop a server ``argv[0]`` times (default 3); print the timings."""
    runs = int(argv[0]) if argv else 3
    for attempt in range(1, runs + 1):
        with tempfile.TemporaryDirectory(prefix="virtuoso-") as scratch:
            server = VirtuosoServer(Path(scratch) / "db")
            server.start()
            stopping = time.monotonic()
            server.stop()
            code = server.process.returncode if server.process else None
            print(f"run {attempt}: answered SPARQL after {server.started_in:.2f} s, loaded "
                  f"in {server.loaded_in:.2f} s, stopped in {time.monotonic() - stopping:.2f} s "
                  f"(exit status {code})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
