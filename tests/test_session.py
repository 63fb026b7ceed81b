"""graph.session: a session's uploads over a shared store, without Streamlit."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from graph.errors import DataError
from graph.search import search
from graph.session import SessionGraph
from graph.sparql import run
from graph.stores import Store, open_store


@pytest.fixture(scope="module")
def shared() -> Store:
    return open_store("memory")


HOSTILE = "<img src=x onerror=alert(1)>"
TTL = f"""@prefix mg: <https://w3id.org/myograph/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:zebra> a mg:Symptom ; rdfs:label "{HOSTILE} zebrafish cramp" ;
    mg:causes <https://w3id.org/myograph/entity/muscle_spasm> .
""".encode()


def test_upload_goes_to_a_private_store_not_the_shared_one(shared: Store) -> None:
    before = shared.version
    alice, bob = SessionGraph(shared=shared), SessionGraph(shared=shared)
    upload = alice.add("mine.ttl", TTL)
    assert upload.triples == 3
    assert alice.store() is not shared
    assert bob.store() is shared
    assert shared.version == before
    assert [h.iri for h in search(alice.store(), "zebrafish")] == ["urn:test:zebra"]
    assert search(bob.store(), "zebrafish") == []
    assert search(shared, "zebrafish") == []
    # the curated graph is still there, beside the upload
    assert run(alice.store(), "ASK { mge:muscle_spasm a mg:Symptom }").boolean
    assert upload.graph in alice.store().graph_names()


def test_bad_upload_names_file_line_column_and_changes_nothing(shared: Store) -> None:
    session = SessionGraph(shared=shared)
    session.add("good.ttl", TTL)
    version = session.store().version
    with pytest.raises(DataError) as info:
        session.add("bad.ttl", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n")
    message = str(info.value)
    assert "bad.ttl" in message
    assert "line" in message.lower()
    assert "column" in message.lower()
    assert list(session.uploads) == ["good.ttl"]
    assert session.store().version == version


def test_gzip_upload_validation_and_remove(shared: Store) -> None:
    session = SessionGraph(shared=shared)
    upload = session.add("mine.ttl.gz", gzip.compress(TTL))
    assert upload.report is not None  # SHACL ran
    session.remove("mine.ttl.gz")
    assert session.uploads == {}
    assert session.store() is shared


def test_foreign_shared_store_keeps_uploads_alongside(tmp_path: Path) -> None:
    oxi = open_store(f"oxigraph:{tmp_path / 'ox'}")
    session = SessionGraph(shared=oxi)
    session.add("mine.ttl", TTL)
    assert session.store() is not oxi
    assert search(session.store(), "zebrafish")[0].iri == "urn:test:zebra"
    session.use_uploads_only = False
    assert session.store() is oxi
    assert run(oxi, "ASK { <urn:test:zebra> ?p ?o }").boolean is False


def test_an_upload_is_capped_in_triples_and_checked_only_when_small(
        shared: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 21: a 672 KB gzip file (144 k triples) took 99 s and most of a gigabyte; uploads
    # are capped per file and per session, and SHACL runs only on small ones (the page says)
    import graph.session as session_module

    monkeypatch.setattr(session_module, "MAX_UPLOAD_TRIPLES", 40)
    monkeypatch.setattr(session_module, "MAX_SESSION_TRIPLES", 60)
    monkeypatch.setattr(session_module, "MAX_VALIDATED_TRIPLES", 10)

    def lines(prefix: str, n: int) -> bytes:
        return "".join(f'<urn:{prefix}:{i}> <urn:p> "v{i}" .\n' for i in range(n)).encode()

    session = SessionGraph(shared=shared)
    with pytest.raises(DataError, match="more than 40 triples"):
        session.add("big.nt.gz", gzip.compress(lines("big", 5000)))
    assert session.uploads == {}
    small = session.add("small.nt", lines("small", 5))
    assert small.report is not None
    assert not small.unchecked
    middle = session.add("middle.nt", lines("middle", 30))
    assert middle.report is None
    assert middle.unchecked
    with pytest.raises(DataError, match="past 60"):
        session.add("more.nt", lines("more", 30))
    assert set(session.uploads) == {"small.nt", "middle.nt"}
    assert session.add("middle.nt", lines("middle", 35)).triples == 35  # a replacement

