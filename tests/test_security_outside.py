"""No reach outside (issue 8): no query and no file makes the process connect or read a file.

A loopback canary (tests/test_security_support.py) listens on a free port; every attack below
names it (or ``file:///etc/passwd``) and every test asserts that the canary saw nobody and that
no line of /etc/passwd shows up in any output. Each attack goes through every interface that
takes it — the library's runner, the CLI, the SPARQL endpoint, the app's SPARQL view and its
upload logic — on every local store (rdflib in memory, Oxigraph on disk).

Two walls are tested separately: the parsed-query check (:func:`graph.sparql.check`) and the
runtime guard (:func:`graph.guard.no_outside_access`, an audit hook), the latter also with the
first wall switched off.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph import sparql
from graph.cli import main
from graph.errors import DataError, MyographError, QueryRefused
from graph.guard import no_outside_access
from graph.loading import load_file, parse_bytes
from graph.namespaces import DATA_GRAPH
from graph.session import SessionGraph
from graph.sparql import checking, runner, screen
from graph.stores import Store, open_store
from tests.conftest import DATA
from tests.test_security_support import (
    PASSWD_MARKER,
    Canary,
    curated_oxigraph,
    open_canary,
    run_child,
)

APP = Path(__file__).resolve().parents[1] / "app.py"
STORES = ["memory", "oxigraph"]

# "CANARY" is replaced by the canary's URL (http://127.0.0.1:PORT) in each test.
QUERIES: dict[str, str] = {
    "service": "SELECT * WHERE { SERVICE <CANARY/sparql> { ?s ?p ?o } }",
    "service-silent": "SELECT * WHERE { SERVICE SILENT <CANARY/sparql> { ?s ?p ?o } }",
    "service-nested": ("SELECT * WHERE { SERVICE SILENT <CANARY/a> "
                       "{ SERVICE <CANARY/b> { ?s ?p ?o } } }"),
    "service-in-optional": ("SELECT * WHERE { ?x ?y ?z OPTIONAL "
                            "{ SERVICE SILENT <CANARY/> { ?s ?p ?o } } } LIMIT 1"),
    "service-in-exists": ("SELECT * WHERE { ?x ?y ?z FILTER EXISTS "
                          "{ SERVICE <CANARY/> { ?x ?p ?o } } } LIMIT 1"),
    "service-in-not-exists": "ASK { FILTER NOT EXISTS { SERVICE SILENT <CANARY/> { ?s ?p ?o } } }",
    "service-in-minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-in-subquery": ("SELECT * WHERE { { SELECT ?s WHERE "
                            "{ SERVICE <CANARY/> { ?s ?p ?o } } } }"),
    "service-in-union": "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-in-graph": "SELECT * WHERE { GRAPH ?g { SERVICE <CANARY/> { ?s ?p ?o } } }",
    "service-variable": "SELECT * WHERE { BIND(<CANARY/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "service-prefixed": "PREFIX c: <CANARY/>\nSELECT * WHERE { SERVICE c:sparql { ?s ?p ?o } }",
    "service-odd-case": "select * where { sErViCe <CANARY/> { ?s ?p ?o } }",
    "service-unicode-escape": "SELECT * WHERE { \\u0053ERVICE <CANARY/> { ?s ?p ?o } }",
    "service-long-s": "SELECT * WHERE { \u017fERVICE <CANARY/> { ?s ?p ?o } }",
    "service-dotless-i": "SELECT * WHERE { SERV\u0131CE <CANARY/> { ?s ?p ?o } }",
    "service-comment-before-endpoint": "SELECT * WHERE { SERVICE#c\n<CANARY/> { ?s ?p ?o } }",
    "service-construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <CANARY/> { ?s ?p ?o } }",
    "service-describe": "DESCRIBE ?s WHERE { SERVICE <CANARY/> { ?s ?p ?o } }",
    "from": "SELECT * FROM <CANARY/g.ttl> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <CANARY/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-passwd": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "from-named-passwd": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ask-from": "ASK FROM <CANARY/g.ttl> { ?s ?p ?o }",
    "construct-from-passwd": ("CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> "
                              "WHERE { ?s ?p ?o }"),
    "load": "LOAD <CANARY/data.ttl>",
    "load-silent-into": "LOAD SILENT <CANARY/data.ttl> INTO GRAPH <urn:ex:g>",
    "load-passwd": "LOAD <file:///etc/passwd>",
}
CLI_QUERIES = ["service", "service-in-optional", "service-variable", "from", "from-named-passwd",
               "load", "load-passwd"]
"""A representative subset for the slower interfaces (each CLI call opens the store)."""

SMUGGLED = "SELECT * WHERE { # a comment\r SERVICE <CANARY/sparql> { ?s ?p ?o }\n ?s ?p ?o }"
SMUGGLED_VARIANTS = {
    "cr": SMUGGLED,
    "cr-escaped-keyword": ("SELECT * WHERE { # x\r \\u0053ERV\\u0049CE <CANARY/> { ?s ?p ?o }"
                           "\n ?s ?p ?o }"),
    "cr-tab": "SELECT * WHERE { # x\r SERVICE\t<CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
    "cr-no-space": "SELECT * WHERE { # x\r SERVICE<CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
    "cr-comment-inside": ("SELECT * WHERE { # x\r SERVICE SILENT#c\r<CANARY/> { ?s ?p ?o }"
                          "\n ?s ?p ?o }"),
    "cr-lf-then-cr": "SELECT * WHERE { # x\r\n# y\r SERVICE <CANARY/> { ?s ?p ?o }\n ?s ?p ?o }",
}
"""rdflib ends a comment only at "\\n", Oxigraph at "\\r" too: the checker sees no SERVICE,
the engine runs one."""



def _q(name_or_text: str, canary: Canary) -> str:
    text = QUERIES.get(name_or_text, name_or_text)
    return text.replace("CANARY", canary.url)


def _clean(*outputs: object) -> None:
    for output in outputs:
        assert PASSWD_MARKER not in str(output), output


def _outcome(fn: Callable[[], object]) -> tuple[object, BaseException | None]:
    try:
        return fn(), None
    except Exception as error:  # noqa: BLE001 - the test inspects whatever came out
        return None, error


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture
def canary() -> Iterator[Canary]:
    with open_canary() as watcher:
        yield watcher


@pytest.fixture(scope="module")
def cli_specs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Store specs for the CLI (its own Oxigraph directory: RocksDB allows one opener)."""
    path = tmp_path_factory.mktemp("outside-cli") / "db"
    curated_oxigraph(path).close()
    return {"memory": "memory", "oxigraph": f"oxigraph:{path}"}


# --- queries: the library --------------------------------------------------------------


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("store_name", STORES)
def test_library_refuses_and_reaches_nothing(stores: dict[str, Store], canary: Canary,
                                             store_name: str, name: str) -> None:
    answer, error = _outcome(lambda: sparql.run(stores[store_name], _q(name, canary),
                                                timeout=5))
    assert canary.count == 0
    assert answer is None, f"{name} was answered instead of refused"
    assert error is not None
    assert isinstance(error, QueryRefused), repr(error)
    _clean(error)


@pytest.mark.parametrize("name", [n for n in QUERIES if "from" not in n])
def test_the_parsed_query_check_refuses_service_and_load(canary: Canary, name: str) -> None:
    """The first wall alone (FROM depends on the store: the runner checks it, above)."""
    with pytest.raises(QueryRefused) as caught:
        sparql.check(_q(name, canary))
    assert "refused" in str(caught.value)
    assert canary.count == 0


@pytest.mark.parametrize("text", [
    "SELECT ?service ?p WHERE { ?service ?p ?o } LIMIT 1",
    "PREFIX schema: <http://schema.org/>\nSELECT * WHERE { ?x schema:service ?o }",
])
def test_the_word_service_inside_a_name_is_not_refused(stores: dict[str, Store],
                                                       text: str) -> None:
    sparql.run(stores["memory"], text)


@pytest.mark.parametrize("clause", [
    "FROM",
    "FROM NAMED",
])
def test_a_held_graph_named_like_a_file_or_url_is_read_from_the_store(canary: Canary,
                                                                      clause: str) -> None:
    """FROM a graph the store holds is allowed: it must read the store's copy, not fetch."""
    store = open_store("memory:empty")
    names = ["file:///etc/passwd", f"{canary.url}/g.ttl"]
    for name in names:
        store.add_triples([(URIRef("urn:ex:mine"), URIRef("urn:ex:p"), Literal(name))], name)
    for name in names:
        pattern = "?s ?p ?o" if clause == "FROM" else "GRAPH ?g { ?s ?p ?o }"
        result = sparql.run(store, f"SELECT ?o {clause} <{name}> WHERE {{ {pattern} }}")
        assert [str(v) for v in result.values("o")] == [name]
        _clean(result.rows)
    assert canary.count == 0


# --- queries: the CLI ------------------------------------------------------------------


@pytest.mark.parametrize("name", CLI_QUERIES)
@pytest.mark.parametrize("store_name", STORES)
def test_cli_refuses_and_reaches_nothing(cli_specs: dict[str, str], canary: Canary,
                                         store_name: str, name: str) -> None:
    result = CliRunner().invoke(main, ["--store", cli_specs[store_name], "query",
                                       _q(name, canary)])
    assert canary.count == 0
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    _clean(result.output)


# --- queries: the endpoint -------------------------------------------------------------


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("store_name", STORES)
def test_endpoint_refuses_and_reaches_nothing(endpoints: dict[str, str], http: httpx.Client,
                                              canary: Canary, store_name: str,
                                              name: str) -> None:
    response = http.post(endpoints[store_name], data={"query": _q(name, canary)})
    assert canary.count == 0
    assert response.status_code in (400, 403), response.text
    assert response.json()["error"] in ("QueryRefused", "UpdateRefused")
    _clean(response.text)


@pytest.mark.parametrize("graph", ["CANARY/g.ttl", "file:///etc/passwd"])
@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("store_name", STORES)
def test_endpoint_dataset_parameters_reach_nothing(endpoints: dict[str, str],
                                                   http: httpx.Client, canary: Canary,
                                                   store_name: str, param: str,
                                                   graph: str) -> None:
    response = http.get(endpoints[store_name], params={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: _q(graph, canary)})
    assert canary.count == 0
    # an empty graph (as the W3C Protocol tests expect), read from the store, never fetched
    assert response.status_code == 200, response.text
    _clean(response.text)


# --- queries: the app's SPARQL view ----------------------------------------------------


@pytest.mark.parametrize("store_name", STORES)
def test_app_sparql_view_refuses_and_reaches_nothing(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path, canary: Canary,
                                                     store_name: str) -> None:
    from streamlit.testing.v1 import AppTest

    if store_name == "oxigraph":
        path = tmp_path / "app-db"
        curated_oxigraph(path).close()
        monkeypatch.setenv("MYOGRAPH_STORE", f"oxigraph:{path}")
    else:
        monkeypatch.setenv("MYOGRAPH_STORE", "memory")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["view"] = "sparql"
    at.run()
    # the editor's text (what the browser sends is tested in tests/test_app_sparql.py)
    for name in CLI_QUERIES:
        at.session_state["sparql_text"] = _q(name, canary)
        at.button(key="sparql_run").click().run()
        assert not at.exception, name
        errors = [e.value for e in at.error]
        assert errors, f"{name}: no error shown"
        assert "refused" in errors[0], errors
        _clean(errors, [m.value for m in at.markdown])
    assert canary.count == 0


# --- the parser differential -----------------------------------------------------------


@pytest.mark.parametrize("store_name", [
    "memory",
    "oxigraph",
    "oxigraph-in-memory",
])
def test_a_line_break_only_one_parser_sees_smuggles_nothing(stores: dict[str, Store],
                                                            canary: Canary,
                                                            store_name: str) -> None:
    if store_name == "oxigraph-in-memory":
        store = open_store("oxigraph:")
        load_file(store, DATA, graph=DATA_GRAPH)
    else:
        store = stores[store_name]
    for name, text in SMUGGLED_VARIANTS.items():
        answer, error = _outcome(partial(sparql.run, store, _q(text, canary), timeout=5))
        assert canary.count == 0, f"{name}: the canary was called ({answer or error})"
        _clean(answer, error)


@pytest.mark.parametrize(("interface", "store_name"), [
    ("cli", "memory"),
    ("cli", "oxigraph"),
    ("endpoint", "memory"),
    ("endpoint", "oxigraph"),
])
def test_a_line_break_only_one_parser_sees_smuggles_nothing_on_the_interfaces(
        cli_specs: dict[str, str], endpoints: dict[str, str], http: httpx.Client,
        canary: Canary, interface: str, store_name: str) -> None:
    text = _q(SMUGGLED, canary)
    if interface == "cli":
        output: object = CliRunner().invoke(
            main, ["--store", cli_specs[store_name], "query", text]).output
    else:
        output = http.post(endpoints[store_name], data={"query": text}).text
    assert canary.count == 0, f"the canary was called ({output})"
    _clean(output)


ESCAPED_QUOTES = {
    "double": 'SELECT * WHERE { VALUES ?x { "a\\u0022 } } #" } SERVICE<CANARY/> { ?s ?p ?o } }',
    "single": "SELECT * WHERE { VALUES ?x { 'a\\u0027 } } #' } SERVICE<CANARY/> { ?s ?p ?o } }",
}
"""rdflib expands \\u escapes in the whole text before parsing, so \\u0022 ends the string and
the rest of the line is a comment; every store is therefore sent the expanded text, so that
Oxigraph cannot read the SERVICE as part of a string (graph.sparql.text._as_rdflib_reads_it)."""


@pytest.mark.parametrize(("interface", "store_name"), [
    ("library", "memory"),
    ("library", "oxigraph"),
    ("library", "oxigraph-in-memory"),
    ("cli", "memory"),
    ("cli", "oxigraph"),
    ("endpoint", "memory"),
    ("endpoint", "oxigraph"),
])
def test_an_escaped_quote_only_one_parser_sees_smuggles_nothing(
        stores: dict[str, Store], cli_specs: dict[str, str], endpoints: dict[str, str],
        http: httpx.Client, canary: Canary, interface: str, store_name: str) -> None:
    for name, template in ESCAPED_QUOTES.items():
        text = _q(template, canary)
        if interface == "library":
            if store_name == "oxigraph-in-memory":
                store = open_store("oxigraph:")
                load_file(store, DATA, graph=DATA_GRAPH)
            else:
                store = stores[store_name]
            output: object = _outcome(partial(sparql.run, store, text, timeout=5))
        elif interface == "cli":
            output = CliRunner().invoke(
                main, ["--store", cli_specs[store_name], "query", text]).output
        else:
            output = http.post(endpoints[store_name], data={"query": text}).text
        assert canary.count == 0, f"{name}: the canary was called ({output})"
        _clean(output)


# --- the second wall: the runtime guard ------------------------------------------------


@pytest.mark.parametrize("action", ["socket", "urlopen", "open", "subprocess"])
def test_the_guard_refuses_network_files_and_processes(canary: Canary, action: str) -> None:
    attempts: dict[str, Callable[[], object]] = {
        "socket": lambda: socket.create_connection(("127.0.0.1", canary.port), timeout=2),
        "urlopen": lambda: urllib.request.urlopen(f"{canary.url}/x", timeout=2),
        "open": lambda: open("/etc/passwd", encoding="utf-8").read(),  # noqa: SIM115
        "subprocess": lambda: subprocess.run(["true"], check=False),
    }
    with pytest.raises(QueryRefused) as caught, no_outside_access():
        attempts[action]()
    assert canary.count == 0
    _clean(caught.value)


def test_the_guard_leaves_other_threads_alone(canary: Canary) -> None:
    """The endpoint's own threads (and a remote store's HTTP call) must keep working."""
    reached: list[bool] = []

    def other() -> None:
        with socket.create_connection(("127.0.0.1", canary.port), timeout=2):
            reached.append(True)

    with no_outside_access():
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(5)
    assert reached == [True]
    assert canary.count == 1
    with no_outside_access(), pytest.raises(QueryRefused):
        socket.create_connection(("127.0.0.1", canary.port), timeout=2)
    assert canary.count == 1


def _kernel_gives_network_namespaces() -> bool:
    """Whether this machine lets a process take a network namespace of its own (the OS wall
    of the query workers); where it does not, only the parse-level checks stand for Oxigraph."""
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


OXIGRAPH_NEEDS_THE_OS_WALL = pytest.mark.skipif(
    not _kernel_gives_network_namespaces(),
    reason="the kernel refuses unshare(CLONE_NEWUSER | CLONE_NEWNET): Oxigraph's SERVICE "
           "client (Rust, out of the audit hook's sight) has only the parse-level checks "
           "here (SECURITY.md, 'No reach outside')")


@pytest.mark.parametrize("store_name", [
    "memory",
    pytest.param("oxigraph", marks=OXIGRAPH_NEEDS_THE_OS_WALL),
    pytest.param("oxigraph-in-memory", marks=OXIGRAPH_NEEDS_THE_OS_WALL),
])
def test_the_second_wall_holds_when_the_parser_check_is_bypassed(
        stores: dict[str, Store], canary: Canary, monkeypatch: pytest.MonkeyPatch,
        store_name: str) -> None:
    """Only the runtime guard stands: every SERVICE refusal of the query check is off."""
    assert vars(runner)["no_outside_access"] is no_outside_access, "the runner must use the guard"
    monkeypatch.setattr(checking, "_REFUSED_PARTS", {})  # first wall down: the algebra walk
    if hasattr(screen, "_SERVICE_WORD"):  # ... and the raw-text look for SERVICE
        monkeypatch.setattr(screen, "_SERVICE_WORD", re.compile(r"(?!x)x"))
    if store_name == "oxigraph-in-memory":
        store = open_store("oxigraph:")
        load_file(store, DATA, graph=DATA_GRAPH)
    else:
        store = stores[store_name]
    for name in ("service", "service-silent"):
        _answer, error = _outcome(partial(sparql.run, store, _q(name, canary), timeout=5))
        assert canary.count == 0, f"{name}: the canary was called ({error})"
        assert isinstance(error, MyographError | None)


# --- files: JSON-LD contexts and XML entities ------------------------------------------

_RDF = ('xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:"')


def _xml(doctype: str, body: str = "&x;") -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF {_RDF}><rdf:Description '
            f'rdf:about="urn:ex:a"><ex:says>{body}</ex:says></rdf:Description></rdf:RDF>\n')


FILES: dict[str, str] = {
    "context.jsonld": '{"@context": "CANARY/context.jsonld", "@id": "urn:ex:a", "name": "x"}',
    "context-list.jsonld": '{"@context": ["CANARY/c.jsonld"], "@id": "urn:ex:a", "name": "x"}',
    "context-import.jsonld": ('{"@context": {"@version": 1.1, "@import": "CANARY/c.jsonld"}, '
                              '"@id": "urn:ex:a", "name": "x"}'),
    "context-scoped.jsonld": ('{"@context": {"p": {"@id": "urn:ex:p", "@context": '
                              '"CANARY/c2.jsonld"}}, "@id": "urn:ex:a", "p": {"urn:ex:q": 1}}'),
    "context-file.jsonld": '{"@context": "file:///etc/passwd", "@id": "urn:ex:a", "name": "x"}',
    "xxe-http.rdf": _xml('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "CANARY/x">]>'),
    "xxe-file.rdf": _xml('<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
    "xxe-public.rdf": _xml('<!DOCTYPE rdf:RDF [<!ENTITY x PUBLIC "-//x//x" "CANARY/x">]>'),
    "parameter-entity.rdf": _xml('<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "CANARY/p.dtd"> %p;]>',
                                 "x"),
    "external-dtd.rdf": _xml('<!DOCTYPE rdf:RDF SYSTEM "CANARY/d.dtd">', "x"),
}


def _file(name: str, canary: Canary) -> bytes:
    return FILES[name].replace("CANARY", canary.url).encode("utf-8")


def _check_parsed(triples: list[tuple[object, object, object]]) -> None:
    for triple in triples:
        _clean(*triple)
        assert all(len(str(term)) < 200 for term in triple), triple


@pytest.mark.parametrize("name", list(FILES))
def test_parsing_a_hostile_file_reaches_nothing(canary: Canary, name: str) -> None:
    triples, error = _outcome(lambda: parse_bytes(_file(name, canary), name))
    assert canary.count == 0
    assert error is None or isinstance(error, DataError), repr(error)
    if error is not None:
        assert str(error).startswith(f"{name}: ")
        _clean(error)
    else:
        _check_parsed(triples)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("store_name", ["memory", "oxigraph"])
def test_loading_a_hostile_file_reaches_nothing(tmp_path: Path, canary: Canary,
                                                store_name: str, name: str) -> None:
    store = open_store("memory:empty" if store_name == "memory"
                       else f"oxigraph:{tmp_path / 'db'}")
    path = tmp_path / name
    path.write_bytes(_file(name, canary))
    _report, error = _outcome(lambda: load_file(store, path))
    assert canary.count == 0
    assert error is None or isinstance(error, DataError), repr(error)
    _check_parsed([(s, p, o) for s, p, o, _g in store.quads()])
    if error is not None:
        assert list(store.quads()) == []
    store.close()


@pytest.mark.parametrize("name", ["context.jsonld", "xxe-http.rdf", "xxe-file.rdf",
                                  "parameter-entity.rdf", "external-dtd.rdf"])
@pytest.mark.parametrize("store_name", ["memory", "oxigraph"])
def test_cli_load_of_a_hostile_file_reaches_nothing(tmp_path: Path, canary: Canary,
                                                    store_name: str, name: str) -> None:
    spec = "memory:empty" if store_name == "memory" else f"oxigraph:{tmp_path / 'db'}"
    path = tmp_path / name
    path.write_bytes(_file(name, canary))
    result = CliRunner().invoke(main, ["--store", spec, "load", str(path)])
    assert canary.count == 0
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    _clean(result.output)


@pytest.mark.parametrize("name", list(FILES))
def test_app_upload_of_a_hostile_file_reaches_nothing(stores: dict[str, Store],
                                                      canary: Canary, name: str) -> None:
    session = SessionGraph(shared=stores["memory"])
    _upload, error = _outcome(lambda: session.add(name, _file(name, canary)))
    assert canary.count == 0
    assert error is None or isinstance(error, DataError), repr(error)
    if error is not None:
        assert session.uploads == {}
        _clean(error)
    else:
        _check_parsed([(s, p, o) for s, p, o, g in session.store().quads()
                       if g == session.uploads[name].graph])


_LAUGHS = """
import json, time
from graph.errors import DataError
from graph.loading import parse_bytes
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:"'
entities = '<!ENTITY a0 "lollollollollollollollollollol">' + "".join(
    f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
data = (f'<?xml version="1.0"?>\\n<!DOCTYPE rdf:RDF [{entities}]>\\n<rdf:RDF {RDF}>'
        '<rdf:Description rdf:about="urn:ex:a"><ex:says>&a9;</ex:says>'
        '</rdf:Description></rdf:RDF>').encode()
started = time.monotonic()
try:
    triples = parse_bytes(data, "laughs.rdf")
    answer = {"outcome": "parsed", "longest": max(len(str(t)) for tr in triples for t in tr)}
except DataError as error:
    answer = {"outcome": "refused", "message": str(error)}
answer["seconds"] = time.monotonic() - started
answer["size"] = len(data)
print(json.dumps(answer))
"""


def test_billion_laughs_is_refused_quickly_or_not_expanded() -> None:
    outcome = run_child(_LAUGHS, timeout=30, memory=2 << 30)
    assert not outcome.crashed, (outcome.returncode, outcome.stderr[-300:])
    answer = outcome.answer or {}
    assert float(answer["seconds"]) < 5  # type: ignore[arg-type]
    if answer["outcome"] == "parsed":
        assert int(answer["longest"]) < 10_000  # type: ignore[call-overload]
    else:
        assert str(answer["message"]).startswith("laughs.rdf: ")
