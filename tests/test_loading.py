"""Reading RDF files: formats by suffix, gzip, caps, and readable errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from graph.errors import DataError, UnsupportedFormat
from graph.loading import detect_format, load_bytes, parse_bytes
from graph.stores import open_store

TTL = b'@prefix ex: <urn:ex:> .\nex:a ex:says "hi" .\n'


@pytest.mark.parametrize(("name", "data"), [
    ("a.ttl", TTL),
    ("a.ttl.gz", gzip.compress(TTL)),
    ("a.nt", b'<urn:ex:a> <urn:ex:says> "hi" .\n'),
    ("a.nq", b'<urn:ex:a> <urn:ex:says> "hi" <urn:g> .\n'),
    ("a.trig", b'<urn:g> { <urn:ex:a> <urn:ex:says> "hi" }\n'),
    ("a.jsonld", b'{"@id": "urn:ex:a", "urn:ex:says": "hi"}'),
    ("a.rdf", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
              b' xmlns:ex="urn:ex:"><rdf:Description rdf:about="urn:ex:a"><ex:says>hi</ex:says>'
              b'</rdf:Description></rdf:RDF>'),
])
def test_every_format_parses_to_the_same_triple(name: str, data: bytes) -> None:
    triples = parse_bytes(data, name)
    assert [(str(s), str(p), str(o)) for s, p, o in triples] == [("urn:ex:a", "urn:ex:says", "hi")]


def test_unknown_suffix() -> None:
    with pytest.raises(UnsupportedFormat, match="cannot tell the RDF format"):
        detect_format("notes.docx")


def test_errors_name_file_line_and_column() -> None:
    with pytest.raises(DataError) as caught:
        parse_bytes(b"@prefix ex: <urn:ex:> .\nex:a ex:b .\n", "oops.ttl")
    message = str(caught.value)
    assert message.startswith("oops.ttl: ")
    assert "line 2" in message
    assert "column" in message
    assert "nothing was loaded" in message


def test_gzip_bomb_is_refused_by_the_decompressed_cap() -> None:
    bomb = gzip.compress(b"#" * (5 * 1024 * 1024))
    assert len(bomb) < 50_000
    with pytest.raises(DataError, match="limit once decompressed"):
        parse_bytes(bomb, "bomb.nt.gz", max_bytes=1024 * 1024)


def test_compressed_size_cap() -> None:
    with pytest.raises(DataError, match="limit"):
        parse_bytes(b"#" * 2048, "big.nt", max_bytes=1024)


def test_broken_gzip() -> None:
    with pytest.raises(DataError, match="cannot be read"):
        parse_bytes(b"not gzip at all", "x.ttl.gz")


def test_jsonld_remote_context_is_not_fetched() -> None:
    data = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:ex:a"}'
    with pytest.raises(DataError):
        parse_bytes(data, "remote.jsonld")


def test_a_failed_load_leaves_the_store_as_it_was() -> None:
    store = open_store("memory")
    before = sorted(store.graph_names()), store.version
    with pytest.raises(DataError):
        load_bytes(store, TTL + b"ex:broken", "x.ttl")
    assert (sorted(store.graph_names()), store.version) == before
    report = load_bytes(store, TTL, "x.ttl")
    assert report.triples == 1
    assert report.graph.endswith("/upload/x.ttl")
    assert store.version == before[1] + 1


def test_oxigraph_bulk_load_failure_leaves_no_partial_graph(tmp_path: Path) -> None:
    from graph.loading import load_file

    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    lines = b"".join(b'<urn:ex:a%d> <urn:ex:p> "v" .\n' % i for i in range(5000))
    bad = tmp_path / "half.nt"
    bad.write_bytes(lines + b"<urn:ex:broken> <urn:ex:p> .\n")
    with pytest.raises(DataError, match=r"half\.nt"):
        load_file(store, bad)
    assert store.graph_names() == []
