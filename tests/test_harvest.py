"""graph.harvest and graph.harvested: a load that reads names, classes and counts as the
triples pass (issue 19) leaves the store with the very profile, label index and counts that
reading them back with SPARQL gives; where it cannot be sure, the queries answer instead.

Each case loads the same N-Triples twice into fresh Oxigraph stores: once with a harvest
(as ``myograph load`` does), once without, then compares what :func:`make_ready` kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph.index_build
import graph.profile
import graph.stats
from graph.cli import main
from graph.harvest import Harvest
from graph.loading import load_file
from graph.profile import Profile, profile_for
from graph.ready import make_ready
from graph.search import index_for, search
from graph.stats import Stats, stats
from graph.stores import Store, open_store
from graph.stores.base import DEFAULT_GRAPH
from tests.foreign_graph import write_foreign_graph

ROOT = Path(__file__).resolve().parents[1]
MG = "https://w3id.org/myograph/vocab#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Two symptoms and a drug; one causal relation (mg:causes, declared first) with two links,
# each with a claim; the claim of the second has no source, and a third sourced claim names
# a link that is not in the data. Hand count: 19 triples; entities 3 (the classes are
# subclasses of mg:Entity); causal links 2; sourced causal links 1 (c1's).
HAND = f"""\
<{MG}causes> <{RDFS}subPropertyOf> <{MG}causalRelation> .
<{MG}causes> <{RDFS}label> "causes"@en .
<{MG}Symptom> <{RDFS}subClassOf> <{MG}Entity> .
<{MG}Drug> <{RDFS}subClassOf> <{MG}Entity> .
<urn:e:cramp> <{RDF}type> <{MG}Symptom> .
<urn:e:cramp> <{RDFS}label> "cramp" .
<urn:e:ache> <{RDF}type> <{MG}Symptom> .
<urn:e:ache> <{RDFS}label> "ache"@en .
<urn:e:statin> <{RDF}type> <{MG}Drug> .
<urn:e:statin> <{SKOS}altLabel> "HMG-CoA reductase inhibitor" .
<urn:e:statin> <{MG}causes> <urn:e:cramp> .
<urn:e:statin> <{MG}causes> <urn:e:ache> .
<urn:c:1> <{RDF}subject> <urn:e:statin> .
<urn:c:1> <{RDF}predicate> <{MG}causes> .
<urn:c:1> <{RDF}object> <urn:e:cramp> .
<urn:c:1> <{MG}source> <urn:s:paper> .
<urn:c:2> <{RDF}subject> <urn:e:statin> .
<urn:c:2> <{RDF}predicate> <{MG}causes> .
<urn:c:2> <{RDF}object> <urn:e:ache> .
"""
UNLINKED = f"""\
<urn:c:3> <{RDF}subject> <urn:e:ache> .
<urn:c:3> <{RDF}predicate> <{MG}causes> .
<urn:c:3> <{RDF}object> <urn:e:statin> .
<urn:c:3> <{MG}source> <urn:s:paper> .
"""


@dataclass
class Ready:
    """What make_ready kept for a store."""

    profile: Profile
    stats: Stats
    names: list[tuple[str, str]]
    labels: dict[str, str]
    types: dict[str, str]
    basis: str


def _ready(store: Store) -> Ready:
    index = index_for(store)
    return Ready(profile_for(store), stats(store), index.names(), index.labels, index.types,
                 index.basis)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _load(folder: Path, files: list[Path], graph: str | None,
          harvesting: bool) -> tuple[Store, Harvest | None]:
    store = open_store(f"oxigraph:{folder}")
    harvest = Harvest.begin(store) if harvesting else None
    for file in files:
        report = load_file(store, file, graph=graph,
                           watch=harvest.watch(file.name) if harvest else None)
        if harvest is not None:
            harvest.loaded(report)
    make_ready(store, harvest)
    return store, harvest


def _both(tmp_path: Path, files: list[Path], graph: str | None = None) -> tuple[Ready, Harvest]:
    """Load ``files`` with and without a harvest; both must keep the same; the harvest."""
    harvested, harvest = _load(tmp_path / "harvested", files, graph, True)
    queried, _ = _load(tmp_path / "queried", files, graph, False)
    assert harvest is not None
    got, expected = _ready(harvested), _ready(queried)
    assert got == expected
    harvested.close()
    queried.close()
    return got, harvest


def _curated(folder: Path) -> Path:
    """The curated graph as N-Triples, each triple once (its Turtle repeats one)."""
    store = ox.Store()
    store.load(path=str(ROOT / "data" / "triples.ttl"), format=ox.RdfFormat.TURTLE)
    out = folder / "curated.nt"
    ox.serialize((quad.triple for quad in store), str(out), ox.RdfFormat.N_TRIPLES)
    return out


def test_the_hand_counted_graph_reads_the_same_counts_from_the_harvest(tmp_path: Path) -> None:
    ready, harvest = _both(tmp_path, [_write(tmp_path / "hand.nt", HAND + UNLINKED)])
    assert not harvest.inexact
    assert not harvest.spoiled
    counted = ready.stats
    assert (counted.triples, counted.entities, counted.causal_links,
            counted.sourced_causal_links) == (23, 3, 2, 1)
    assert counted.by_class == {"mg:Symptom": 2, "mg:Drug": 1}
    assert counted.by_relation == {"mg:causes": 2}
    assert ready.labels == {"urn:e:cramp": "cramp", "urn:e:ache": "ache",
                            f"{MG}causes": "causes"}
    assert ready.types == {"urn:e:cramp": f"{MG}Symptom", "urn:e:ache": f"{MG}Symptom"}


@pytest.mark.parametrize("graph", [None, DEFAULT_GRAPH])
@pytest.mark.parametrize("shape", ["curated", "foreign", "myograph", "hetionet"])
def test_a_harvest_keeps_what_the_queries_keep(tmp_path: Path, shape: str,
                                               graph: str | None) -> None:
    if shape == "curated":
        file = _curated(tmp_path)
    elif shape == "foreign":
        file = write_foreign_graph(tmp_path / "het.nt")
    else:
        from benchmarks.generate import generate

        file = tmp_path / f"{shape}.nt.gz"
        generate(6_000, 3, file, shape)  # type: ignore[arg-type]
    _, harvest = _both(tmp_path, [file], graph)
    assert not harvest.inexact
    assert not harvest.spoiled
    assert harvest.lines > 0


def test_labels_in_several_languages_give_one_label_whatever_their_order(
        tmp_path: Path) -> None:
    lines = [f'<urn:e:k> <{RDFS}label> "Krampf"@de .\n', f'<urn:e:k> <{RDFS}label> "cramp"@en .\n',
             f'<urn:e:k> <{RDFS}label> "crampe"@fr .\n', f'<urn:e:j> <{RDFS}label> "b"@de .\n',
             f'<urn:e:j> <{RDFS}label> "a"@fr .\n']
    first, _ = _both(tmp_path / "one", [_write(tmp_path / "one.nt", "".join(lines))])
    second, _ = _both(tmp_path / "two", [_write(tmp_path / "two.nt", "".join(lines[::-1]))])
    assert first.labels == second.labels == {"urn:e:k": "cramp", "urn:e:j": "a"}


@pytest.mark.parametrize(("text", "stands", "inexact"), [
    # a name the store writes its own way: the index reads names from the store
    (HAND + f'<urn:e:ache> <{SKOS}notation> "0042"^^<{XSD}integer> .\n', True, {"names"}),
    # a triple twice: the counts would count it twice
    (HAND + HAND.splitlines(keepends=True)[5], False, set()),
    # a tab between terms: not the plain form the harvest reads
    (HAND + f"<urn:e:x>\t<{RDFS}label> \"x\" .\n", False, set()),
    # a claim whose object is a literal: compared as written, it might differ from the store's
    (HAND + f'<urn:c:4> <{RDF}object> "3"^^<{XSD}integer> .\n', True, set()),
    # an RDF 1.2 triple term: neither an IRI nor a literal to the profile
    (HAND + "<urn:e:x> <urn:p:says> <<( <urn:e:a> <urn:p:b> <urn:e:c> )>> .\n", False, set()),
    # comments and blank lines are no triples
    ("# a comment, with spaces in it\n\n" + HAND, True, set()),
])
def test_what_the_harvest_cannot_read_exactly_is_read_from_the_store(
        tmp_path: Path, text: str, stands: bool, inexact: set[str]) -> None:
    _, harvest = _both(tmp_path, [_write(tmp_path / "g.nt", text)])
    store = open_store(f"oxigraph:{tmp_path / 'harvested'}")
    assert harvest.stands_for(store) is stands
    store.close()
    assert harvest.inexact == inexact


@pytest.mark.parametrize("first", [
    HAND.splitlines(keepends=True)[10],  # a link of the relation
    f'<urn:c:1> <{MG}effectSign> "+" .\n',  # a sign (of a claim, or of the relation?)
])
def test_a_relation_declared_causal_after_its_links_or_signs_leaves_the_counts_to_the_store(
        first: str) -> None:
    harvest = Harvest()
    harvest.watch("g.nt")
    harvest.feed(first.encode())  # one block read, then the next
    harvest.feed(HAND.encode())
    harvest.feed(b"")
    assert harvest.inexact == {"links"}


def test_a_relation_with_signs_is_counted_from_the_harvest(tmp_path: Path) -> None:
    signs = f'<{MG}causes> <{MG}effectSign> "+" .\n<{MG}causes> <{MG}effectSign> "0" .\n'
    ready, harvest = _both(tmp_path, [_write(tmp_path / "g.nt", HAND + signs)])
    assert not harvest.inexact
    assert harvest.signs == {f"<{MG}causes>".encode(): 2}
    assert ready.stats.by_relation == {"mg:causes": 2}


def test_a_file_read_a_few_bytes_at_a_time_is_read_as_a_whole() -> None:
    whole, pieces = Harvest(), Harvest()
    for harvest in (whole, pieces):
        harvest.watch("g.nt")
    text = (HAND + UNLINKED).encode()
    whole.feed(text)
    whole.feed(b"")
    for start in range(0, len(text), 7):  # lines cut anywhere, some reads within one line
        pieces.feed(text[start:start + 7])
    pieces.feed(b"")
    assert (pieces.lines, pieces.counts, pieces.names, pieces.typed, pieces.claims) == (
        whole.lines, whole.counts, whole.names, whole.typed, whole.claims)
    assert whole.lines == 23


def test_two_files_with_blank_nodes_of_the_same_name_keep_them_apart(tmp_path: Path) -> None:
    one = _write(tmp_path / "one.nt", f'_:b <{RDF}type> <{MG}Symptom> .\n'
                                      f'<{MG}Symptom> <{RDFS}subClassOf> <{MG}Entity> .\n')
    two = _write(tmp_path / "two.nt", f'_:b <{RDF}type> <{MG}Symptom> .\n')
    ready, harvest = _both(tmp_path, [one, two])
    assert not harvest.inexact
    assert ready.stats.entities == 2


def test_a_turtle_file_or_a_store_holding_triples_is_read_back_with_queries(
        tmp_path: Path) -> None:
    ttl = _write(tmp_path / "g.ttl", f"<urn:e:a> <{RDFS}label> \"alpha\" .\n")
    _, harvest = _both(tmp_path, [ttl])
    assert harvest.spoiled == "g.ttl is not N-Triples"
    store = open_store(f"oxigraph:{tmp_path / 'harvested'}")
    assert Harvest.begin(store) is None
    store.close()


def test_myograph_load_reads_nothing_back_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = _write(tmp_path / "hand.nt", HAND)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read back from the store")

    monkeypatch.setattr(graph.index_build, "_rows", refuse)
    monkeypatch.setattr(graph.profile, "_having", refuse)
    monkeypatch.setattr(graph.stats, "run", refuse)
    db = tmp_path / "db"
    result = CliRunner().invoke(main, ["--store", f"oxigraph:{db}", "load", str(file)])
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    store = open_store(f"oxigraph:{db}")
    assert [hit.iri for hit in search(store, "reductase inhibitor", limit=1)] == ["urn:e:statin"]
    assert stats(store).sourced_causal_links == 1
    store.close()
