"""Bad files change nothing (issue 8): caps, one readable error, the store exactly as before.

Uploads (the app's :class:`~graph.session.SessionGraph`), ``myograph load`` and the
library's loaders are size-capped before and after decompression, parse completely before
anything is added, and a failure names the file, line and column in one line. "Exactly as
before" is the quad count plus a SHA-256 of the sorted N-Quads. Inputs that are quadratic
or worse for a parser (entity expansion, deep nesting, very long lines) run in a child
interpreter with a memory cap and a time limit, on both local stores, so a crash or a hang
is reported instead of taking the test run down.
"""

from __future__ import annotations

import gc
import gzip
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import DataError
from graph.loading import load_bytes, load_file, parse_bytes
from graph.session import MAX_UPLOAD_BYTES, SessionGraph
from graph.stores import Store, open_store
from tests.test_security_support import ChildOutcome, content_hash, run_child

BASE = (b'@prefix ex: <urn:ex:> .\n'
        b'ex:base ex:says "before" ; ex:count 3 ; ex:link [ ex:says "a blank node" ] .\n')
"""What each store holds before a bad file arrives (its own named graph)."""
QUICK = 3.0
"""Seconds within which a hostile file must be refused or loaded."""

_RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:"'


def _store(kind: str, tmp_path: Path) -> Store:
    store = open_store("memory:empty" if kind == "memory" else f"oxigraph:{tmp_path / 'db'}")
    load_bytes(store, BASE, "base.ttl")
    return store


def _close(store: Store) -> None:
    store.close()
    del store
    gc.collect()


def _bomb(size: int) -> bytes:
    """Gzip of ``size`` newlines (valid N-Triples whitespace), about 1000:1."""
    return gzip.compress(b"\n" * size, 9)


# --- size caps -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_the_compressed_and_decompressed_caps_refuse_and_change_nothing(tmp_path: Path,
                                                                        kind: str) -> None:
    store = _store(kind, tmp_path)
    before = content_hash(store)
    plain = tmp_path / "plain.nt"
    plain.write_bytes(b'<urn:ex:a> <urn:ex:p> "x" .\n' * 100)  # 2.8 kB
    with pytest.raises(DataError, match=r"^plain\.nt: larger than the .* limit"):
        load_file(store, plain, max_bytes=1024)
    bomb = tmp_path / "bomb.nt.gz"
    bomb.write_bytes(_bomb(8 * 1024**2))
    assert bomb.stat().st_size < 20_000
    started = time.monotonic()
    with pytest.raises(DataError, match=r"^bomb\.nt\.gz: .* limit once decompressed"):
        load_file(store, bomb, max_bytes=1024**2)
    assert time.monotonic() - started < QUICK
    with pytest.raises(DataError, match="limit"):
        parse_bytes(bomb.read_bytes(), "bomb.nt.gz", max_bytes=1024**2)
    assert content_hash(store) == before
    if kind == "oxigraph":
        _close(store)


def test_cli_load_of_a_gzip_bomb_is_refused_and_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's own path (its 2 GiB cap lowered here, or the bomb would take a minute)."""
    import graph.loading

    defaults = graph.loading.load_file.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "max_bytes", 1024**2)
    store = _store("oxigraph", tmp_path)
    before = content_hash(store)
    _close(store)
    bomb = tmp_path / "bomb.nt.gz"
    bomb.write_bytes(_bomb(8 * 1024**2))
    result = CliRunner().invoke(main, ["--store", f"oxigraph:{tmp_path / 'db'}", "load",
                                       str(bomb)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == ["Error: bomb.nt.gz: larger than the 1 MiB limit once decompressed; "
                      "nothing was loaded"], result.stderr
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert content_hash(again) == before
    _close(again)


def test_app_upload_caps(tmp_path: Path) -> None:
    session = SessionGraph(shared=open_store("memory"))
    with pytest.raises(DataError, match=r"^big\.nt: larger than"):
        session.add("big.nt", b'<urn:ex:a> <urn:ex:p> "x" .\n' * 100, max_bytes=1024)
    with pytest.raises(DataError, match="once decompressed"):
        session.add("bomb.nt.gz", _bomb(2 * 1024**2), max_bytes=1024**2)
    assert session.uploads == {}
    assert session.store() is session.shared
    assert MAX_UPLOAD_BYTES <= 200 * 1024**2


def test_a_gzip_bomb_is_refused_quickly() -> None:
    """At the app's own cap (before the ratio check, ~6 s of parsing whitespace up to it)."""
    session = SessionGraph(shared=open_store("memory"))
    bomb = _bomb(2**24) * (MAX_UPLOAD_BYTES // 2**24 + 1)  # gzip members, just over the cap
    started = time.monotonic()
    with pytest.raises(DataError, match=r"^bomb\.nt\.gz: .*(once decompressed|inflates)"):
        session.add("bomb.nt.gz", bomb)
    assert time.monotonic() - started < 2.0
    assert session.uploads == {}


def test_cli_load_of_a_gzip_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """``myograph load`` at its default 2 GiB cap (before the ratio check: about a minute)."""
    bomb = tmp_path / "bomb.nt.gz"
    bomb.write_bytes(_bomb(2**24) * 130)  # 130 gzip members of 16 MiB each: 2.03 GiB
    spec = f"oxigraph:{tmp_path / 'db'}"
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--store", spec, "load", str(bomb)])
    assert time.monotonic() - started < 5.0
    assert result.exit_code == 1
    assert "bomb.nt.gz: " in result.stderr
    assert "nothing was loaded" in result.stderr


# --- one readable message, nothing changed ---------------------------------------------

BROKEN: dict[str, bytes] = {
    "bad.ttl": b'@prefix ex: <urn:ex:> .\nex:a ex:b "ok" .\nex:a ex:b .\n',
    "bad.nt": b'<urn:ex:a> <urn:ex:b> "ok" .\n<urn:ex:a> <urn:ex:b> "broken .\n',
    "bad.nq": b'<urn:ex:a> <urn:ex:b> "ok" <urn:g> .\n<urn:ex:a> <urn:ex:b> "x" <urn:g> <x> .\n',
    "bad.trig": b'<urn:g> {\n <urn:ex:a> <urn:ex:b> "ok" .\n <urn:ex:a> <urn:ex:b> }\n',
    "bad.n3": b'<urn:ex:a> <urn:ex:b> "ok" .\n<urn:ex:a> <urn:ex:b> { <urn:c> } } .\n',
    "bad.jsonld": b'{\n "@id": "urn:ex:a",\n "urn:ex:b": [1, 2,,]\n}',
    "bad-semantics.jsonld": b'{\n "@id": "urn:ex:a",\n "@type": 5\n}',
    "bad.rdf": (f'<?xml version="1.0"?>\n<rdf:RDF {_RDF}>\n<rdf:Description rdf:about="urn:ex:a">'
                '\n<ex:says>hi</ex:sayz>\n</rdf:Description></rdf:RDF>\n').encode(),
    "bad.ttl.gz": gzip.compress(b'<urn:ex:a> <urn:ex:b> "ok" .\n<urn:ex:a> <urn:ex:b> .\n'),
    "bad-utf8.nt": b'<urn:ex:a> <urn:ex:b> "ok" .\n<urn:ex:a> <urn:ex:b> "\xff\xfe" .\n',
    "late.nt": (b'<urn:ex:a> <urn:ex:p> "v" .\n' * 20_000) + b"<urn:ex:a> <urn:ex:p> .\n",
}


def _one_readable_line(message: str, name: str) -> None:
    assert message.startswith(f"{name}: "), message
    assert "\n" not in message, message
    assert "line " in message, message
    assert "column" in message, message
    assert "nothing was loaded" in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_file_is_one_line_naming_file_line_and_column(name: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_bytes(BROKEN[name], name)
    _one_readable_line(str(caught.value), name)


@pytest.mark.parametrize("name", list(BROKEN))
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_broken_file_leaves_the_store_exactly_as_before(tmp_path: Path, kind: str,
                                                          name: str) -> None:
    store = _store(kind, tmp_path)
    before, version = content_hash(store), store.version
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    for graph in (None, "urn:ex:fresh", store.graph_names()[0]):  # new, new, holding data
        with pytest.raises(DataError) as caught:
            load_file(store, path, graph=graph)
        _one_readable_line(str(caught.value), name)
        assert content_hash(store) == before, f"changed by a failed load into {graph}"
    assert store.version == version
    if kind == "oxigraph":
        _close(store)


@pytest.mark.parametrize("name", ["bad.ttl", "late.nt", "bad.rdf"])
def test_cli_load_of_a_broken_file_is_one_line_and_changes_nothing(tmp_path: Path,
                                                                   name: str) -> None:
    store = _store("oxigraph", tmp_path)
    before = content_hash(store)
    _close(store)
    path = tmp_path / name
    path.write_bytes(BROKEN[name])
    result = CliRunner().invoke(main, ["--store", f"oxigraph:{tmp_path / 'db'}", "load",
                                       str(path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    _one_readable_line(errors[0].removeprefix("Error: "), name)
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert content_hash(again) == before
    _close(again)


@pytest.mark.parametrize("name", ["bad.ttl", "bad.ttl.gz", "late.nt"])
def test_app_upload_of_a_broken_file_is_one_line_and_changes_nothing(name: str) -> None:
    session = SessionGraph(shared=open_store("memory"))
    session.add("good.ttl", BASE)
    before = content_hash(session.store())
    with pytest.raises(DataError) as caught:
        session.add(name, BROKEN[name])
    _one_readable_line(str(caught.value), name)
    assert list(session.uploads) == ["good.ttl"]
    assert content_hash(session.store()) == before


# --- quadratic and worse ---------------------------------------------------------------


def _deep_jsonld(levels: int) -> bytes:
    return (b'{"@id": "urn:ex:a", "urn:ex:p": ' * levels + b'{"@id": "urn:ex:z"}'
            + b"}" * levels)


HOSTILE: dict[str, bytes] = {
    "entity-quadratic.rdf": (b'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e "'
                             + b"x" * 10_000 + b'">]>' + f"<rdf:RDF {_RDF}>".encode()
                             + b'<rdf:Description rdf:about="urn:ex:a"><ex:p>'
                             + b"&e;" * 10_000 + b"</ex:p></rdf:Description></rdf:RDF>\n"),
    "deep-10000.jsonld": _deep_jsonld(10_000),
    "deep-arrays.jsonld": (b'{"@id": "urn:ex:a", "urn:ex:p": ' + b"[" * 100_000 + b"1"
                           + b"]" * 100_000 + b"}"),
    "deep-collections.ttl": b"<urn:ex:a> <urn:ex:p> " + b"(" * 10_000 + b")" * 10_000 + b" .\n",
    "deep-blank-nodes.ttl": (b"<urn:ex:a> <urn:ex:p> " + b"[ <urn:ex:p> " * 10_000
                             + b"<urn:ex:o>" + b" ]" * 10_000 + b" .\n"),
    "deep-30000.rdf": (f'<?xml version="1.0"?><rdf:RDF {_RDF}>'.encode()
                       + b'<rdf:Description rdf:about="urn:ex:a"><ex:p>' * 30_000
                       + b'<rdf:Description rdf:about="urn:ex:z"/>'
                       + b"</ex:p></rdf:Description>" * 30_000 + b"</rdf:RDF>\n"),
    "long-line.nt": b'<urn:ex:a> <urn:ex:p> "' + b"x" * 20_000_000 + b'" .\n',
}

_LOAD_IN_CHILD = """
import json, time
from pathlib import Path
from graph.errors import DataError
from graph.loading import load_bytes, load_file
from graph.stores import open_store
from tests.test_security_support import content_hash
kind, path = {args!r}
spec = "memory:empty" if kind == "memory" else "oxigraph:" + str(Path(path).parent / "db")
store = open_store(spec)
load_bytes(store, {base!r}, "base.ttl")
before = content_hash(store)
started = time.monotonic()
try:
    report = load_file(store, Path(path))
    longest = max((len(str(t)) for s, p, o, g in store.quads() if g == report.graph
                   for t in (s, p, o)), default=0)
    answer = {{"outcome": "loaded", "triples": report.triples, "longest": longest}}
except DataError as error:
    answer = {{"outcome": "refused", "message": str(error)[:300]}}
except BaseException as error:
    answer = {{"outcome": "escaped", "error": type(error).__name__ + ": " + str(error)[:200]}}
answer["seconds"] = time.monotonic() - started
answer["unchanged"] = content_hash(store) == before
print(json.dumps(answer))
"""

@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_a_hostile_file_is_refused_or_loaded_quickly(tmp_path: Path, kind: str,
                                                     name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    code = _LOAD_IN_CHILD.format(args=(kind, str(path)), base=BASE)
    outcome: ChildOutcome = run_child(code, timeout=QUICK + 3, memory=4 << 30)
    assert outcome.returncode is not None, f"still running after {outcome.seconds:.0f} s"
    assert not outcome.crashed, (outcome.returncode, outcome.stderr[-400:])
    answer = outcome.answer or {}
    assert answer["outcome"] in ("loaded", "refused"), answer
    # the child's JSON answer: its values are typed object, numbers in fact
    assert float(answer["seconds"]) < QUICK, answer  # type: ignore[arg-type]
    if answer["outcome"] == "refused":
        assert str(answer["message"]).startswith(f"{name}: "), answer
        assert answer["unchanged"], "a refused file changed the store"
    else:
        # a number in the child's JSON answer, typed object
        assert int(answer["longest"]) <= len(HOSTILE[name]), json.dumps(answer)  # type: ignore[call-overload]
