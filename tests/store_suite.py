"""The one store contract, run on every backend (pykeen's base-test-case pattern).

A test module supplies a subclass that sets ``scheme`` and implements ``make_store``,
returning a store that already holds ``data/triples.ttl``. Read-only stores (remote) skip
the loading tests with a visible reason.
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph import sparql
from graph.describe import describe
from graph.errors import DataError, QueryRefused, QuerySyntaxError, QueryTimeout
from graph.label_index import LabelIndex
from graph.loading import load_file
from graph.namespaces import DATA_GRAPH
from graph.neighbours import neighbours
from graph.profile import profile_for
from graph.search import index_for, resolve, search
from graph.stats import stats
from graph.stores import Store
from graph.stores.base import DEFAULT_GRAPH

MGE = "https://w3id.org/myograph/entity/"
MG = "https://w3id.org/myograph/vocab#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEARCHED = ("zebra", "zebra cramp", "stripy", "muscle spasm", "cramp", "hypokalaemia",
            "zebr spasm", "mu", "z", "HP:0003394", "low potassium", "cefuroxim")
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
)


class StoreContract:
    """Behaviour every store must show, with the same answers as the memory store."""

    scheme: str = ""

    def make_store(self, tmp_path: Path) -> Store:
        raise NotImplementedError

    @pytest.fixture
    def store(self, tmp_path: Path) -> Store:
        return self.make_store(tmp_path)

    def _writable(self, store: Store) -> None:
        if not store.writable:
            pytest.skip(f"{self.scheme} stores are read-only: data is loaded by the server's tools")

    # --- queries --------------------------------------------------------------------------

    def test_select_gives_the_curated_label(self, store: Store) -> None:
        result = sparql.run(store, "SELECT ?l WHERE { mge:muscle_spasm rdfs:label ?l }")
        assert list(result.values("l")) == [Literal("muscle spasm", lang="en")]

    @pytest.mark.parametrize("modifier", ["LIMIT 2", "ORDER BY ?o LIMIT 2", "OFFSET 1 LIMIT 2"])
    def test_construct_where_with_a_solution_modifier(self, store: Store, modifier: str) -> None:
        # the short form takes its template from the pattern, however modified (rdflib
        # alone fails here); muscle spasm has more than three synonyms
        result = sparql.run(store, "CONSTRUCT WHERE { mge:muscle_spasm skos:altLabel ?o } "
                            + modifier)
        assert len(result.triples) == 2
        assert {str(p) for _s, p, _o in result.triples} == {
            "http://www.w3.org/2004/02/skos/core#altLabel"}

    def test_a_relative_iri_resolves_against_the_base_or_is_refused(self, store: Store) -> None:
        text = "CONSTRUCT { <s> <p> 1 } WHERE {}"
        result = sparql.run(store, text, base="http://127.0.0.1:1/sparql")
        assert [str(s) for s, _p, _o in result.triples] == ["http://127.0.0.1:1/s"]
        with pytest.raises(QuerySyntaxError, match="relative IRI"):
            sparql.run(store, text)

    def test_a_byte_cap_cuts_at_the_same_row_in_a_worker_and_in_process(self,
                                                                      store: Store) -> None:
        """Typed queries run in a worker, the project's own in-process: one measure (the
        characters of the terms' values) decides where an answer stops."""
        text = "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l"
        whole = sparql.run(store, text, trusted=True)
        cap = sum(len(term) for row in whole.rows[:10] for term in row.values()) + 5
        typed = sparql.run(store, text, max_bytes=cap)
        own = sparql.run(store, text, max_bytes=cap, trusted=True)
        assert typed.truncated
        assert own.truncated
        assert typed.rows == own.rows == whole.rows[:10]

    def test_ask(self, store: Store) -> None:
        assert sparql.run(store, "ASK { mge:acyclovir mg:hasAdverseEffect "
                                 "mge:acute_kidney_injury }").boolean is True
        no = sparql.run(store, "ASK { mge:acyclovir mg:treats mge:muscle_spasm }")
        assert no.boolean is False

    def test_construct_and_describe(self, store: Store, memory_store: Store) -> None:
        text = ("CONSTRUCT { ?s mg:causes mge:muscle_spasm } "
                "WHERE { ?s mg:causes mge:muscle_spasm }")
        got = sparql.run(store, text)
        want = sparql.run(memory_store, text)
        assert got.form == "CONSTRUCT"
        assert sorted(got.triples) == sorted(want.triples)
        assert (URIRef(MGE + "hypokalemia"), URIRef(MG + "causes"),
                URIRef(MGE + "muscle_spasm")) in got.triples
        described = sparql.run(store, "DESCRIBE mge:hypocalcemia")
        assert described.form == "DESCRIBE"
        assert any(s == URIRef(MGE + "hypocalcemia") for s, _p, _o in described.triples)

    def test_unicode_and_typed_literals_round_trip(self, store: Store) -> None:
        text = 'SELECT ?x ?n WHERE { VALUES (?x ?n) { ("Hypokaliämie"@de 3) } }'
        result = sparql.run(store, text)
        row = result.rows[0]
        assert row["x"] == Literal("Hypokaliämie", lang="de")
        assert row["n"].toPython() == 3

    def test_row_cap_reports_truncation(self, store: Store) -> None:
        result = sparql.run(store, "SELECT ?s WHERE { ?s a mg:Claim }", max_rows=5)
        assert len(result.rows) == 5
        assert result.truncated
        full = sparql.run(store, "SELECT ?s WHERE { ?s a mg:Claim }")
        assert not full.truncated
        assert len(full.rows) > 5

    def test_runaway_query_stops_within_its_timeout(self, store: Store) -> None:
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            sparql.run(store, CARTESIAN, timeout=1)
        assert time.monotonic() - started < 1 + 1.5
        # the store still answers afterwards
        assert sparql.run(store, "ASK { ?s ?p ?o }").boolean is True

    @pytest.mark.parametrize("text", [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o { SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } } }",
        "SELECT * FROM <http://127.0.0.1:9/g.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ])
    def test_refusals_change_nothing(self, store: Store, text: str) -> None:
        before = sparql.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
        with pytest.raises(QueryRefused):
            sparql.run(store, text)
        after = sparql.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
        assert before == after

    def test_syntax_error_names_line_and_column(self, store: Store) -> None:
        with pytest.raises(QuerySyntaxError) as caught:
            sparql.run(store, "SELECT ?s\nWHERE { ?s ?p }")
        assert caught.value.line == 2
        assert "line 2" in str(caught.value)

    # --- the library on top ---------------------------------------------------------------

    def test_same_stats_as_memory(self, store: Store, memory_store: Store) -> None:
        assert stats(store).to_json() == stats(memory_store).to_json()

    def test_same_search_and_resolution_as_memory(self, store: Store, memory_store: Store) -> None:
        for text in ["cramp", "cefuroxim", "hypokalaemia", "low potassium", "HP:0003394", "COPD"]:
            got = [(h.iri, h.tier) for h in search(store, text, limit=5)]
            assert got == [(h.iri, h.tier) for h in search(memory_store, text, limit=5)], text
        assert resolve(store, "charley horse") == MGE + "muscle_spasm"

    def test_same_neighbours_and_description_as_memory(self, store: Store,
                                                       memory_store: Store) -> None:
        for iri in [MGE + "muscle_spasm", MGE + "acyclovir", MGE + "copd", MG + "Drug"]:
            assert neighbours(store, iri).to_json() == neighbours(memory_store, iri).to_json()
            got, want = describe(store, iri).to_json(), describe(memory_store, iri).to_json()
            assert got == want

    def test_profile_and_counts_of_a_graph_with_mixed_objects_and_two_languages(
            self, store: Store, tmp_path: Path) -> None:
        self._writable(store)
        extra = tmp_path / "gadgets.ttl"
        extra.write_text(
            "@prefix ex: <urn:ex:> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            'ex:Gadget rdfs:label "Gerät"@de , "gadget"@en .\n'
            "ex:g1 a ex:Gadget ; ex:seeAlsoIn ex:g2 , \"a note\" ; ex:note \"only a value\" .\n"
            "ex:g2 a ex:Gadget .\n", encoding="utf-8")
        load_file(store, extra)
        counted = stats(store)
        assert counted.by_class["<urn:ex:Gadget>"] == 2  # once, not once per label
        assert counted.labels["<urn:ex:Gadget>"] == "gadget"
        detected = profile_for(store)
        assert "urn:ex:seeAlsoIn" in detected.relations  # links a thing once, holds a value once
        assert "urn:ex:note" not in detected.relations  # only values
        assert detected.counts["urn:ex:seeAlsoIn"] == 2

    def test_an_upload_and_its_removal_leave_the_index_a_rebuild_would_make(
            self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        """Adding a graph extends the label index and removing it forgets the names only it
        gave (muscle spasm, named in both graphs, keeps its own); where the store updates
        its index in place it is not rebuilt, and either way it holds and finds what a
        rebuild from the store would."""
        self._writable(store)
        import graph.search as search_module
        from graph.index_build import build_index

        index_for(store)
        if store.updates_in_place:
            def no_rebuild(_store: Store) -> LabelIndex:
                raise AssertionError("the index was rebuilt, not updated")
            monkeypatch.setattr(search_module, "build_index", no_rebuild)
        label, alt = URIRef(RDFS + "label"), URIRef(SKOS + "altLabel")
        zebra, spasm, kind = URIRef("urn:up:zebra"), URIRef(MGE + "muscle_spasm"), URIRef(RDF)
        upload = "https://example.org/graph/zebra-upload"
        store.add_triples([
            (zebra, label, Literal("zebra cramp", lang="en")), (zebra, alt, Literal("stripy")),
            (zebra, kind, URIRef(MG + "Symptom")),
            (spasm, alt, Literal("zebra spasm")),
            (spasm, label, Literal("muscle spasm", lang="en")),  # as the curated graph says
            (URIRef(MGE + "hypokalemia"), kind, URIRef(MG + "AAA")),  # a class, no name
        ], upload)
        _agrees_with_a_rebuild(index_for(store), build_index(store))
        assert [h.iri for h in search(store, "stripy", limit=1)] == ["urn:up:zebra"]
        assert search(store, "zebra spasm", limit=1)[0].iri == str(spasm)
        store.remove_graph(upload)
        _agrees_with_a_rebuild(index_for(store), build_index(store))
        assert "urn:up:zebra" not in index_for(store).labels
        assert "urn:up:zebra" not in {h.iri for h in search(store, "zebra cramp", limit=50)}
        assert search(store, "muscle spasm", limit=1)[0].iri == str(spasm)

    def test_neighbours_are_entities_not_blank_nodes_or_values(self, store: Store,
                                                                tmp_path: Path) -> None:
        self._writable(store)
        extra = tmp_path / "extra.ttl"
        extra.write_text(
            "@prefix mg: <https://w3id.org/myograph/vocab#> .\n"
            "@prefix mge: <https://w3id.org/myograph/entity/> .\n"
            "_:someone mg:causes mge:muscle_spasm .\n"
            "mge:muscle_spasm mg:causes _:something , \"a value\" , mge:extra_thing .\n",
            encoding="utf-8")
        load_file(store, extra)
        hood = neighbours(store, MGE + "muscle_spasm")
        causes = {(g.direction, n.iri) for g in hood.groups if g.relation == MG + "causes"
                  for n in g.neighbours}
        assert ("out", MGE + "extra_thing") in causes
        assert all(iri.startswith(MGE) for _, iri in causes), causes

    # --- loading --------------------------------------------------------------------------

    def test_load_turtle_ntriples_and_gzip_into_named_graphs(self, store: Store,
                                                            tmp_path: Path) -> None:
        self._writable(store)
        ttl = tmp_path / "extra.ttl"
        ttl.write_text('@prefix ex: <urn:ex:> .\nex:a ex:says "héllo"@fr .\n', encoding="utf-8")
        nt = tmp_path / "more.nt.gz"
        nt.write_bytes(gzip.compress(b'<urn:ex:b> <urn:ex:says> "two" .\n'))
        assert load_file(store, ttl, graph="urn:graph:one").triples == 1
        assert load_file(store, nt).triples == 1
        assert "urn:graph:one" in store.graph_names()
        result = sparql.run(store, "SELECT ?o WHERE { ?s <urn:ex:says> ?o }")
        assert sorted(result.values("o"), key=str) == [Literal("héllo", lang="fr"), Literal("two")]
        graphs = sparql.run(store, "SELECT ?s FROM <urn:graph:one> WHERE { ?s ?p ?o }")
        assert list(graphs.values("s")) == [URIRef("urn:ex:a")], graphs.rows
        store.remove_graph("urn:graph:one")
        assert "urn:graph:one" not in store.graph_names()

    def test_load_into_the_default_graph(self, store: Store, tmp_path: Path) -> None:
        self._writable(store)
        first = tmp_path / "base.nt.gz"
        first.write_bytes(gzip.compress(b'<urn:ex:d1> <urn:ex:says> "base" .\n'
                                        b'<urn:ex:d2> <urn:ex:says> "base" .\n'))
        second = tmp_path / "more.ttl"
        second.write_text('<urn:ex:d3> <urn:ex:says> "more" .\n', encoding="utf-8")
        bad = tmp_path / "bad.nt"
        bad.write_text('<urn:ex:d4> <urn:ex:says> "ok" .\n<urn:ex:d4> <urn:ex:says> .\n')
        says = "SELECT ?s WHERE { ?s <urn:ex:says> ?o }"
        before = set(store.graph_names())
        # into the empty default graph (Oxigraph's bulk loader): a failure leaves it empty
        with pytest.raises(DataError, match=r"bad\.nt"):
            load_file(store, bad, graph=DEFAULT_GRAPH)
        assert not sparql.run(store, "ASK { ?s <urn:ex:says> ?o }").boolean
        assert load_file(store, first, graph=DEFAULT_GRAPH).triples == 2
        # into a default graph with data: parsed first, then added; a failure adds nothing
        assert load_file(store, second, graph=DEFAULT_GRAPH).triples == 1
        with pytest.raises(DataError, match=r"bad\.nt"):
            load_file(store, bad, graph=DEFAULT_GRAPH)
        assert set(store.graph_names()) == before  # the default graph is not a named graph
        found = sparql.run(store, says)
        assert sorted(map(str, found.values("s"))) == ["urn:ex:d1", "urn:ex:d2", "urn:ex:d3"]
        assert {g for s, _p, _o, g in store.quads() if str(s).startswith("urn:ex:d")} == {None}

    @pytest.mark.parametrize("name", ["quads.nq", "quads.trig", "quads.nq.gz"])
    def test_a_quad_file_changes_exactly_the_graph_the_load_names(self, store: Store,
                                                                 tmp_path: Path,
                                                                 name: str) -> None:
        # issue 21: the bulk loader put each quad into the graph the file named, the curated
        # graph's included, while the report named the file's graph
        self._writable(store)
        lines = (f'<urn:ex:q1> <urn:ex:says> "into the curated graph?" <{DATA_GRAPH}> .\n'
                 '<urn:ex:q2> <urn:ex:says> "into another graph?" <urn:graph:other> .\n'
                 '<urn:ex:q3> <urn:ex:says> "in the default graph" .\n')
        text = lines if name.startswith("quads.nq") else (
            f'<{DATA_GRAPH}> {{ <urn:ex:q1> <urn:ex:says> "into the curated graph?" }}\n'
            '<urn:graph:other> { <urn:ex:q2> <urn:ex:says> "into another graph?" }\n'
            '<urn:ex:q3> <urn:ex:says> "in the default graph" .\n')
        path = tmp_path / name
        path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
        graphs_before = set(store.graph_names())
        curated_before = _content_of(store, DATA_GRAPH)
        report = load_file(store, path)
        assert report.triples == 3
        assert set(store.graph_names()) == graphs_before | {report.graph}
        assert _content_of(store, DATA_GRAPH) == curated_before
        placed = {(str(s), g) for s, _p, _o, g in store.quads() if str(s).startswith("urn:ex:q")}
        assert placed == {(f"urn:ex:q{i}", report.graph) for i in (1, 2, 3)}

    def test_a_file_that_fails_to_parse_changes_nothing(self, store: Store, tmp_path: Path) -> None:
        self._writable(store)
        bad = tmp_path / "bad.nt"
        bad.write_text('<urn:ex:a> <urn:ex:b> "ok" .\n<urn:ex:a> <urn:ex:b> "broken .\n')
        before = stats(store).triples
        with pytest.raises(DataError) as caught:
            load_file(store, bad)
        assert "bad.nt" in str(caught.value)
        assert "line 2" in str(caught.value)
        assert stats(store).triples == before
        assert sparql.run(store, "ASK { <urn:ex:a> ?p ?o }").boolean is False


def _content_of(store: Store, graph: str) -> set[tuple[str, str, str]]:
    """Every triple of one graph of ``store``, as text."""
    return {(str(s), str(p), str(o)) for s, p, o, g in store.quads() if g == graph}


def _agrees_with_a_rebuild(index: LabelIndex, rebuilt: LabelIndex) -> None:
    """The same names, labels and classes, and the same hits for every search."""
    assert sorted(index.names()) == sorted(rebuilt.names())
    assert len(index) == len(rebuilt)
    assert index.labels == rebuilt.labels
    assert index.types == rebuilt.types
    for text in SEARCHED:
        assert index.search(text, limit=20) == rebuilt.search(text, limit=20), text
