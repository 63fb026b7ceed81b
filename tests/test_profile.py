"""Profiles: detected on our graph and on a foreign one, overridden, kept with the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import DataError
from graph.loading import load_file
from graph.neighbours import neighbours
from graph.profile import clear_override, expand, profile_for, save_override, short_iri
from graph.search import resolve, search
from graph.stores import Store, open_store
from tests.foreign_graph import HET, RELATIONS, write_foreign_graph


@pytest.fixture(params=["memory", "oxigraph"])
def foreign(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    data = write_foreign_graph(tmp_path / "het.nt")
    spec = "memory:empty" if request.param == "memory" else f"oxigraph:{tmp_path / 'db'}"
    store = open_store(spec)
    load_file(store, data)
    return store


def test_curated_profile(memory_store: Store) -> None:
    p = profile_for(memory_store)
    assert [short_iri(i) for i in p.labels] == ["rdfs:label", "skos:prefLabel"]
    assert "skos:altLabel" in [short_iri(i) for i in p.synonyms]
    assert [short_iri(i) for i in p.types] == ["rdf:type"]
    relations = [short_iri(i) for i in p.relations]
    assert "mg:causes" in relations
    assert "rdf:subject" not in relations
    assert p.source == "detected"


def test_foreign_profile_is_detected(foreign: Store) -> None:
    p = profile_for(foreign)
    assert [short_iri(i) for i in p.labels] == ["schema:name"]
    assert [short_iri(i) for i in p.identifiers] == ["schema:identifier"]
    assert sorted(p.relations) == sorted(f"{HET}rel/{r}" for r in RELATIONS)
    assert p.counts[f"{HET}rel/interacts"] == 31 + 1  # hub links + one from the 22-loop


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_labels_fall_back_to_titles_then_to_name_like_predicates_holding_text(
        backend: str, tmp_path: Path) -> None:
    def detected(turtle: str) -> list[str]:
        data = tmp_path / f"g{len(list(tmp_path.iterdir()))}.ttl"
        data.write_text("@prefix ex: <urn:ex:> .\n@prefix dct: <http://purl.org/dc/terms/> .\n"
                        + turtle, encoding="utf-8")
        spec = ("memory:empty" if backend == "memory"
                else f"oxigraph:{tmp_path / data.stem}-db")
        store = open_store(spec)
        load_file(store, data)
        return profile_for(store).labels

    # a name-like predicate that only links things is not a label; one holding text is
    assert detected('ex:a ex:hasName ex:b ; ex:nickName "A" ; ex:label ex:c .\n') == [
        "urn:ex:nickName"]
    assert detected('ex:a ex:nickName "A" ; dct:title "The A" .\n') == [
        "http://purl.org/dc/terms/title"]  # a title before any name-like guess
    assert detected("ex:a ex:hasName ex:b .\n") == []


def test_search_and_neighbours_work_on_the_foreign_graph(foreign: Store) -> None:
    assert search(foreign, "simvastatin")[0].label == "Simvastatin"
    assert search(foreign, "Compound:DB00641")[0].label == "Simvastatin"
    assert resolve(foreign, "muscle cramp") == f"{HET}SideEffect/C0026821"
    hub = neighbours(foreign, f"{HET}Gene/HUB1", limit=5)
    (group,) = hub.groups
    assert group.relation_label == "interacts"
    assert group.total == 31
    assert group.hidden == 26


def test_override_from_toml_is_kept_with_an_oxigraph_store(tmp_path: Path) -> None:
    data = write_foreign_graph(tmp_path / "het.nt")
    store = open_store(f"oxigraph:{tmp_path / 'db'}")
    load_file(store, data)
    override = tmp_path / "profile.toml"
    override.write_text('labels = ["schema:identifier"]\n'
                        f'relations = ["{HET}rel/binds"]\n')
    p = save_override(store, override)
    assert p.source == "override"
    assert p.labels == ["https://schema.org/identifier"]
    assert search(store, "Compound:DB00641")[0].label == "Compound:DB00641"
    store.close()
    again = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert profile_for(again).relations == [f"{HET}rel/binds"]
    assert clear_override(again).source == "detected"


def test_bad_overrides(tmp_path: Path, memory_store: Store) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"colours": ["red"]}))
    with pytest.raises(DataError, match="unknown profile role"):
        save_override(memory_store, bad)
    bad.write_text(json.dumps({"labels": ["nope:thing"]}))
    with pytest.raises(DataError, match="unknown prefix"):
        save_override(memory_store, bad)
    assert expand("<urn:x:y>") == "urn:x:y"


def test_profile_command(tmp_path: Path) -> None:
    data = write_foreign_graph(tmp_path / "het.nt")
    runner = CliRunner()
    store = f"oxigraph:{tmp_path / 'db'}"
    assert runner.invoke(main, ["--store", store, "load", str(data)]).exit_code == 0
    shown = runner.invoke(main, ["--store", store, "profile"])
    assert "schema:name" in shown.stdout
    override = tmp_path / "p.json"
    override.write_text(json.dumps({"labels": ["schema:identifier"]}))
    as_json = runner.invoke(main, ["--store", store, "profile", "--override", str(override),
                                   "--format", "json"])
    assert json.loads(as_json.stdout)["labels"] == ["schema:identifier"]
    assert json.loads(as_json.stdout)["source"] == "override"
    reset = runner.invoke(main, ["--store", store, "profile", "--reset"])
    assert "(detected)" in reset.stdout


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_rdf_lists_and_imports_are_not_relations(backend: str, tmp_path: Path) -> None:
    # schema.org's SHACL shapes (the public graph of tests/public_graph.py) hold sh:or lists:
    # rdf:rest reaches rdf:nil, an IRI, so it was listed among the graph's relations
    data = tmp_path / "lists.ttl"
    data.write_text("@prefix ex: <urn:ex:> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    "ex:onto owl:imports ex:other .\n"
                    "ex:a ex:oneOf ( ex:b ex:c ) ; ex:near ex:b .\n", encoding="utf-8")
    store = open_store("memory:empty" if backend == "memory" else f"oxigraph:{tmp_path / 'db'}")
    load_file(store, data)
    assert profile_for(store).relations == ["urn:ex:near"]  # ex:oneOf links a blank node
