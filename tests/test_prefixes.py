"""A graph's own prefixes: noted when a file loads, kept with the store, never shadowing ours.

The files here are written out by hand; each expectation is the file's own declarations
after the conflict rule of :func:`graph.namespaces.own_prefixes`.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.declared import DeclaredPrefixes
from graph.loading import graph_iri_for, load_file, parse_declared
from graph.namespaces import ENTITY, MG, WELL_KNOWN, entity_name, own_prefixes
from graph.prefixes import graph_prefixes, naming_for, query_prefixes
from graph.session import SessionGraph
from graph.stores import open_store
from graph.stores.base import DEFAULT_GRAPH, Store

SHOP = "http://example.org/shop#"
GENE = "https://example.org/mygene/"
TURTLE = f"""@prefix : <{SHOP}> .
@prefix gene: <{GENE}> .
@prefix mg: <{GENE}vocab/> .
@prefix mge: <{ENTITY}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
PREFIX sh: <http://www.w3.org/ns/shacl#>
:basket a sh:NodeShape ; :holds gene:BRCA1 ; rdfs:comment \"\"\"a note
@prefix fake: <urn:fake:> .
that is no directive\"\"\" .
gene:BRCA1 mg:partOf mge:muscle_spasm .
"""
"""A shop's basket and a gene: the default prefix, a name of ours for another namespace
(``mg:``), one of our namespaces under our name (``mge:``), a well-known one (``sh:``,
SPARQL-style) and a multi-line string holding a line that reads like a directive."""
OWN = {"shop": SHOP, "gene": GENE, "mg2": GENE + "vocab/", "sh": WELL_KNOWN["sh"]}
"""What myograph makes of it: ``:`` named after its namespace, ``mg:`` numbered (ours is
https://w3id.org/myograph/vocab#), ``mge:`` and ``rdfs:`` ours already, ``fake:`` never
declared (it is inside a string)."""


@pytest.fixture(params=["memory:empty", "oxigraph:", "oxigraph-disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    spec = f"oxigraph:{tmp_path / 'db'}" if request.param == "oxigraph-disk" else request.param
    opened = open_store(spec)
    yield opened
    opened.close()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_the_conflict_rule_never_shadows_ours() -> None:
    declared = {
        "urn:graph:b": {"mg": "https://example.org/other/", "x": "urn:x:"},
        "urn:graph:a": {"mg": GENE, "urn": "urn:isbn:", "rdfs2": str(MG),
                        "sh": WELL_KNOWN["sh"], "shacl": WELL_KNOWN["sh"], "": SHOP,
                        "schema": "http://schema.org/"},
    }
    # graph a first (graphs by IRI): mg -> mg2, the IRI scheme urn -> urn2, our mg namespace
    # under another name dropped, sh kept (the same as the well-known one), a second name
    # for a namespace already named dropped, ':' named after its namespace, the http
    # schema.org numbered (our schema: is https); then b: mg2 is taken, so mg3
    assert own_prefixes(declared) == {
        "shop": SHOP, "mg2": GENE, "schema2": "http://schema.org/", "sh": WELL_KNOWN["sh"],
        "urn2": "urn:isbn:", "mg3": "https://example.org/other/", "x": "urn:x:"}


def test_a_load_records_the_files_prefixes_on_every_store(store: Store,
                                                          tmp_path: Path) -> None:
    report = load_file(store, _write(tmp_path, "shop.ttl", TURTLE))
    graph = graph_iri_for("shop.ttl")
    assert report.prefixes == store.declared_prefixes()[graph]
    assert "fake" not in report.prefixes  # the directive inside a string is not one
    assert report.prefixes[""] == SHOP
    assert report.prefixes["mg"] == GENE + "vocab/"
    assert graph_prefixes(store) == OWN
    # queries may use them undeclared, beside ours (mg: stays ours)
    assert query_prefixes(store)["gene"] == GENE
    assert query_prefixes(store)["mg"] == str(MG)
    assert entity_name(GENE + "BRCA1", naming_for(store)) == "gene:BRCA1"
    assert entity_name(str(ENTITY) + "x", naming_for(store)) == "mge:x"
    store.remove_graph(graph)
    assert store.declared_prefixes() == {}
    assert graph_prefixes(store) == {}


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("shop.ttl.gz", TURTLE, OWN),
    ("shop.trig", f"@prefix gene: <{GENE}> . gene:g {{ gene:a gene:b gene:c }}",
     {"gene": GENE}),
    ("shop.jsonld", f'{{"@context": {{"gene": "{GENE}"}}, "@id": "gene:a", "gene:b": 1}}',
     {"gene": GENE}),
    ("shop.rdf", f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                 f'xmlns:gene="{GENE}"><rdf:Description rdf:about="{GENE}a">'
                 '<gene:b>1</gene:b></rdf:Description></rdf:RDF>', {"gene": GENE}),
    ("shop.nt", f'<{GENE}a> <{GENE}b> "c" .\n', {}),  # N-Triples declares nothing
])
def test_every_format_that_declares_prefixes_keeps_them(store: Store, tmp_path: Path,
                                                        name: str, text: str,
                                                        expected: dict[str, str]) -> None:
    load_file(store, _write(tmp_path, name, text))
    assert graph_prefixes(store) == expected
    assert parse_declared(text.encode(), name.removesuffix(".gz")).prefixes.keys() >= (
        {"gene"} if expected else set())


def test_an_oxigraph_store_keeps_them_beside_its_data(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'db'}"
    first = open_store(spec)
    load_file(first, _write(tmp_path, "shop.ttl", TURTLE), graph=DEFAULT_GRAPH)
    first.close()
    again = open_store(spec)
    try:
        assert graph_prefixes(again) == OWN  # a new process reads them back
        assert set(again.declared_prefixes()) == {DEFAULT_GRAPH}
    finally:
        again.close()


def test_a_bulk_loaded_turtle_file_is_parsed_once(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Oxigraph's bulk loader reads the file; its prefixes are noted from the bytes on the
    # way, so the only parse myograph runs is of the directive lines (a few hundred bytes)
    parsed: list[int] = []
    real = ox.parse

    def counting(data: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(len(data) if isinstance(data, bytes) else -1)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(ox, "parse", counting)
    body = "".join(f"<{GENE}n{i}> <{GENE}p> <{GENE}n{i + 1}> .\n" for i in range(20_000))
    path = _write(tmp_path, "big.ttl", TURTLE + body)
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    try:
        report = load_file(store, path)
        assert report.triples == 4 + 20_000  # the basket's three, the gene's one, the chain
        assert graph_prefixes(store) == OWN
    finally:
        store.close()
    assert len(parsed) == 1
    assert 0 < parsed[0] < 400  # the six directive lines, never the 1.6 MB file


def test_directives_are_noted_across_any_cut_of_the_bytes() -> None:
    text = (b"@base <http://b.org/a/> .\n@prefix rel: <rel/> .\n  PREFIX ex: <http://ex/>\n"
            b"ex:a ex:b ex:c . @prefix late: <urn:late:> .\n"
            + b"@prefix long: <http://" + b"x" * 9000 + b"/> .\n")
    for size in (1, 2, 7, 64, len(text)):
        noted = DeclaredPrefixes()
        for start in range(0, len(text), size):
            noted.feed(text[start:start + size])
        noted.feed(b"")
        # relative namespaces resolve against @base; a directive after a triple on its line
        # and one on a line too long to wait for are not seen
        assert noted.found() == {"rel": "http://b.org/a/rel/", "ex": "http://ex/"}, size


def test_an_upload_declares_its_prefixes_for_its_session_only(tmp_path: Path) -> None:
    shared = open_store("memory")
    session = SessionGraph(shared)
    session.add("shop.ttl", TURTLE.encode())
    store = session.store()
    assert graph_prefixes(store)["gene"] == GENE
    assert graph_prefixes(store)["HP"] == "http://purl.obolibrary.org/obo/HP_"  # the copy's
    assert "gene" not in graph_prefixes(shared)
    session.remove("shop.ttl")
    assert "gene" not in graph_prefixes(session.store())


def test_a_name_the_graph_gives_wins_over_a_curie_of_its_prefixes(memory_store: Store) -> None:
    from graph.search import resolve

    # data/triples.ttl declares HP: <http://purl.obolibrary.org/obo/HP_>, and muscle spasm
    # has the identifier "HP:0003394", whose HPO IRI is also in the graph (its exactMatch)
    assert graph_prefixes(memory_store)["HP"] == "http://purl.obolibrary.org/obo/HP_"
    assert resolve(memory_store, "HP:0003394") == str(ENTITY) + "muscle_spasm"
    assert resolve(memory_store, "<http://purl.obolibrary.org/obo/HP_0003394>") == (
        "http://purl.obolibrary.org/obo/HP_0003394")
