"""No reach outside (issue 8), files: JSON-LD contexts and XML entities reach nothing, whether
parsed, loaded into a store, loaded by the CLI or uploaded to the app; billion laughs is
refused quickly or not expanded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import DataError
from graph.loading import load_file, parse_bytes
from graph.session import SessionGraph
from graph.stores import Store, open_store
from tests.outside_attacks import clean as _clean
from tests.outside_attacks import outcome as _outcome
from tests.test_security_support import Canary, run_child

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
