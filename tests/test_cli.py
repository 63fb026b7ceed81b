"""Every CLI command through click's runner, including its error paths."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from tests.conftest import DATA, FIXTURES


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def invoke(cli: CliRunner, *args: str) -> tuple[int, str, str]:
    result = cli.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_and_version(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "--help")
    assert code == 0
    assert "not medical advice" in out
    for command in ("query", "search", "neighbours", "describe", "stats", "validate", "load"):
        assert command in out
    assert invoke(cli, "--version")[1].startswith("myograph")


def test_query_formats(cli: CliRunner) -> None:
    text = "SELECT ?l WHERE { mge:muscle_spasm skos:altLabel ?l } ORDER BY ?l"
    code, out, _ = invoke(cli, "query", text)
    assert code == 0
    assert "cramp" in out
    code, out, _ = invoke(cli, "query", text, "--format", "json")
    assert json.loads(out)["head"]["vars"] == ["l"]
    code, out, err = invoke(cli, "query", text, "--format", "csv", "--limit", "2")
    assert len(out.splitlines()) == 3
    assert "cut at 2 rows" in err
    code, out, _ = invoke(cli, "query", "CONSTRUCT WHERE { mge:copd rdfs:label ?l }",
                          "--format", "ntriples")
    assert out.strip().endswith(".")


def test_query_from_file(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "query", "@graph/queries/stats_counts.rq", "--format", "json")
    assert code == 0
    assert json.loads(out)["results"]["bindings"][0]["causal_links"]


@pytest.mark.parametrize(("args", "message"), [
    (["query", "SELECT ?x WHERE {"], "syntax error at line 1"),
    (["query", "DROP ALL"], "updates are refused"),
    (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE"),
    (["query", "@no/such/file.rq"], "no query file"),
    (["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "csv"], "does not fit"),
    (["search", "x", "--limit", "0"], None),
    (["neighbours", "zzzz-unknown"], "no entity matches 'zzzz-unknown'"),
    (["describe", "hypo"], "could mean several entities"),
    (["--store", "nowhere:x", "stats"], "unknown store"),
    (["neighbours", "cramp", "--relation", "bogus"], "not a relation IRI"),
])
def test_user_errors_are_one_line_without_traceback(cli: CliRunner, args: list[str],
                                                    message: str | None) -> None:
    result = cli.invoke(main, args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    if message is not None:
        assert result.exit_code == 1
        assert message in result.stderr
        assert result.stderr.startswith("Error: ")


def test_ambiguous_names_list_candidates(cli: CliRunner) -> None:
    result = cli.invoke(main, ["describe", "hypo"])
    assert "hypokalemia  (mge:hypokalemia)" in result.stderr


def test_search(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "search", "cramp")
    assert out.splitlines()[0].startswith("muscle spasm")
    _code, out, _ = invoke(cli, "search", "low potassium", "--format", "json")
    first = json.loads(out)[0]
    assert {"iri", "label", "type", "matched"} <= set(first)
    assert first["label"] == "hypokalemia"
    assert invoke(cli, "search", "zzqqxx")[1].startswith("nothing matches")


def test_neighbours(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "neighbours", "cramp", "--direction", "in", "--relation",
                          "mg:causes", "--limit", "2")
    assert code == 0
    assert "← causes" in out
    assert ("showing 1–2 of 6 by name; the next 2: myograph neighbours mge:muscle_spasm "
            "--direction in --relation mg:causes --limit 2 --offset 2") in out
    code, out, _ = invoke(cli, "neighbours", "COPD", "--format", "json")
    assert json.loads(out)["label"] == "chronic obstructive pulmonary disease"


def test_describe(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "describe", "acyclovir")
    assert "drugbank:DB00787" in out
    assert "[literature]" in out
    _code, out, _ = invoke(cli, "describe", "acyclovir", "--format", "json")
    assert json.loads(out)["type"] == "https://w3id.org/myograph/vocab#Drug"


def test_every_command_gives_a_type_as_the_class_iri(cli: CliRunner) -> None:
    # One shape everywhere: a full IRI, never a CURIE or an IRI in angle brackets.
    drug = "https://w3id.org/myograph/vocab#Drug"
    _code, out, _ = invoke(cli, "search", "acyclovir", "--format", "json")
    assert json.loads(out)[0]["type"] == drug
    _code, out, _ = invoke(cli, "neighbours", "acute kidney injury", "--format", "json")
    types = {n["iri"]: n["type"] for g in json.loads(out)["groups"] for n in g["neighbours"]}
    assert types["https://w3id.org/myograph/entity/acyclovir"] == drug
    _code, out, _ = invoke(cli, "path", "acyclovir", "acute kidney injury", "--format", "json")
    assert json.loads(out)["paths"][0]["nodes"][0]["type"] == drug
    # and one set of field names for an entity: a route's nodes read like search's hits
    shape = {"iri", "label", "type", "type_label"}
    routes = json.loads(out)
    assert set(routes["source"]) == set(routes["target"]) == shape
    assert all(set(n) == shape for p in routes["paths"] for n in p["nodes"])
    assert routes["paths"][0]["nodes"][0]["type_label"] == "drug"
    _code, out, _ = invoke(cli, "search", "acyclovir", "--format", "json")
    assert shape <= set(json.loads(out)[0])
    _code, out, _ = invoke(cli, "neighbours", "acute kidney injury", "--format", "json")
    assert all(set(n) == shape for g in json.loads(out)["groups"] for n in g["neighbours"])
    _code, out, _ = invoke(cli, "describe", "acyclovir", "--format", "json")
    assert shape <= set(json.loads(out))
    _code, out, _ = invoke(cli, "stats", "--format", "json")
    assert {"iri": drug, "label": "drug"} in [
        {k: c[k] for k in ("iri", "label")} for c in json.loads(out)["by_class"]]
    _code, out, _ = invoke(cli, "describe", "hypokalemia", "--format", "json")
    assert all(i["iri"] is None or i["iri"].startswith("http")
               for i in json.loads(out)["identifiers"])


def test_stats(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "stats", "--format", "json")
    data = json.loads(out)
    assert data["causal_links"] == data["sourced_causal_links"] >= 60


def test_validate_conforming_and_broken(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "validate")
    assert code == 0
    assert "conforms" in out
    result = cli.invoke(main, ["validate", str(DATA), str(FIXTURES / "broken.ttl")])
    assert result.exit_code == 1
    assert "violation" in result.stdout
    assert "mge:broken" in result.stdout


def test_load_into_an_oxigraph_store_and_query_it(cli: CliRunner, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    data = tmp_path / "extra.nt.gz"
    data.write_bytes(gzip.compress(b'<urn:ex:a> <http://www.w3.org/2000/01/rdf-schema#label> '
                                   b'"zebra cramp" .\n'))
    code, out, _ = invoke(cli, "--store", store, "load", str(DATA), str(data))
    assert code == 0
    assert "extra.nt.gz: 1 triples" in out
    code, out, _ = invoke(cli, "--store", store, "search", "zebra cramp")
    assert out.startswith("zebra cramp")
    code, out, _ = invoke(cli, "--store", store, "stats", "--format", "json")
    assert json.loads(out)["causal_links"] >= 60


def test_load_into_the_default_graph(cli: CliRunner, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    data = tmp_path / "base.nt"
    data.write_bytes(b'<urn:ex:a> <http://www.w3.org/2000/01/rdf-schema#label> "zebra cramp" .\n')
    code, out, _ = invoke(cli, "--store", store, "load", "--default-graph", str(data))
    assert code == 0
    assert "base.nt: 1 triples into the default graph" in out
    code, out, _ = invoke(cli, "--store", store, "search", "zebra cramp")
    assert out.startswith("zebra cramp")
    result = cli.invoke(main, ["--store", store, "load", "--default-graph", "--graph", "urn:g",
                               str(data)])
    assert result.exit_code == 2
    assert "give one" in result.stderr


def test_load_a_broken_file_names_the_line(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <urn:ex:> .\nex:a ex:b ex:c ;\n  ex:d .\n")
    result = cli.invoke(main, ["--store", f"oxigraph:{tmp_path / 'db'}", "load", str(bad)])
    assert result.exit_code == 1
    assert "bad.ttl" in result.stderr
    assert "line 3" in result.stderr


def test_environment_variable_chooses_the_store(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(main, ["stats", "--format", "json"],
                        env={"MYOGRAPH_STORE": f"oxigraph:{tmp_path / 'empty'}"})
    assert json.loads(result.stdout)["triples"] == 0


def test_python_dash_m_graph() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "graph", "search", "cramp"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("muscle spasm")


def test_path_reads_as_sentences_with_evidence(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "path", "thyroidectomy", "cramp", "-k", "8")
    assert code == 0
    assert out.startswith("Routes from thyroidectomy to muscle spasm")
    assert ("thyroidectomy → causes → hypoparathyroidism → causes → hypocalcemia → causes → "
            "muscle spasm (overall: increases; 3 links)") in out
    # each claim with its kind, source, grade and hedge; only the source's words in marks
    assert "[literature] Defining the syndromes of parathyroid failure after total " in out
    assert "[stated as established knowledge]" in out
    assert "[not graded: a lay article, not clinical evidence; hedged: may]" in out


def test_path_baclofen_goes_through_its_class(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "path", "baclofen", "muscle spasm", "--format", "json")
    routes = json.loads(out)["paths"]
    via = [r for r in routes if [e["step"] for e in r["edges"]] == ["class", "causal"]]
    assert via
    assert via[0]["sign"] == "-"
    assert via[0]["nodes"][1]["label"] == "muscle relaxant"


def test_path_json_shape(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "path", "COPD", "muscle twitch", "--format", "json")
    data = json.loads(out)
    assert data["source"]["label"] == "chronic obstructive pulmonary disease"
    route = data["paths"][0]
    assert [n["label"] for n in route["nodes"]] == [
        "chronic obstructive pulmonary disease", "hypoxia", "nerve irritation", "muscle twitch"]
    assert (route["sign"], route["pattern"]) == ("+", "chain")
    assert {"subject", "predicate", "predicate_label", "object", "sign", "evidence",
            "direction", "step"} <= set(route["edges"][0])
    evidence = route["edges"][0]["evidence"][0]
    assert {"source", "kind", "url", "quote", "quote_url", "knowledge_level", "agent_type",
            "hedge", "summary", "stance"} <= set(evidence)
    assert (evidence["kind"], evidence["knowledge_level"], evidence["hedge"]) == (
        "article", "not_provided", "may")
    assert "SELECT" in route["sparql"]


def test_path_avoid_and_no_route(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "path", "thyroidectomy", "cramp", "--avoid", "hypocalcemia",
                           "--avoid", "hypothyroidism", "--avoid", "thyroid cancer treatment")
    assert out.startswith("Every route from thyroidectomy to muscle spasm passes through what "
                          "you removed: Removing hypocalcemia, hypothyroidism and thyroid cancer "
                          "treatment cuts all 5 routes.")
    _code, out, _ = invoke(cli, "path", "cramp", "acyclovir")
    assert out.startswith("No route joins muscle spasm to acyclovir within 4 steps")
    assert "myograph path cramp acyclovir --undirected" in out  # a way on, in our own flags
    result = cli.invoke(main, ["path", "cramp", "cramp"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    result = cli.invoke(main, ["path", "acyclovir", "cramp", "--max-hops", "9"])
    assert result.exit_code == 2


def test_path_over_any_relation(cli: CliRunner) -> None:
    code, out, _ = invoke(cli, "path", "baclofen", "muscle spasm", "--relation", "any")
    assert code == 0
    assert "baclofen → in drug class → muscle relaxant → treats → muscle spasm" in out


def test_path_json_says_why_none_and_the_ways_on(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "path", "magnesium", "muscle spasm", "--max-hops", "1",
                           "--format", "json")
    data = json.loads(out)
    assert data["paths"] == []
    assert data["why_none"].startswith("No route joins magnesium ion to muscle spasm")
    kinds = {(s["kind"], s["label"] or s["max_hops"]) for s in data["suggestions"]}
    assert ("related", "hypomagnesemia") in kinds
    assert ("more_steps", 2) in kinds
    assert all(s["routes"] >= 1 for s in data["suggestions"])


def test_path_json_says_what_avoid_cut(cli: CliRunner) -> None:
    _code, out, _ = invoke(cli, "path", "acyclovir", "muscle spasm", "--avoid",
                           "electrolyte handling", "--format", "json")
    data = json.loads(out)
    effect = data["avoid_effect"]
    assert (effect["routes_without_avoiding"], effect["cut"]) == (5, 1)
    assert effect["sentence"] == "Removing electrolyte handling cuts 1 of 5 routes."
    route = data["paths"][0]
    assert route["explanation"]["reading"].startswith("So acyclovir can raise the chance of")
    assert data["ranking"].startswith("Best first")


def test_query_csv_is_the_exact_answer_and_the_spreadsheet_csv_is_an_option() -> None:
    import subprocess
    import sys

    text = 'SELECT ?x WHERE { VALUES ?x { "+" "-1" "=a" "@b" } }'
    out = subprocess.run([sys.executable, "-m", "graph", "query", text, "--format", "csv"],
                         capture_output=True, check=True, timeout=120).stdout
    assert out == b"x\r\n+\r\n-1\r\n=a\r\n@b\r\n"
    out = subprocess.run([sys.executable, "-m", "graph", "query", text, "--format",
                          "csv-spreadsheet"], capture_output=True, check=True, timeout=120).stdout
    assert out == b"x\r\n'+\r\n'-1\r\n'=a\r\n'@b\r\n"


def test_query_writes_rdfxml_and_construct_where_with_limit(cli: CliRunner) -> None:
    from rdflib import Graph

    code, out, _ = invoke(cli, "query", "CONSTRUCT WHERE { mge:acyclovir rdfs:label ?l } LIMIT 1",
                          "--format", "rdfxml")
    assert code == 0
    assert len(Graph().parse(data=out, format="xml")) == 1


def test_routes_and_neighbourhoods_export_as_csv_and_rdf(cli: CliRunner) -> None:
    import csv
    import io

    from rdflib import Graph

    code, out, _ = invoke(cli, "path", "acyclovir", "cramp", "-k", "2", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["route"] for r in rows} == {"1", "2"}
    assert rows[0]["subject_label"] == "acyclovir"
    code, out, _ = invoke(cli, "path", "acyclovir", "cramp", "-k", "2", "--format", "turtle")
    assert code == 0
    assert len(Graph().parse(data=out, format="turtle")) > 0
    code, out, _ = invoke(cli, "neighbours", "hypokalemia", "--format", "csv")
    assert code == 0
    assert "neighbour_label" in out.splitlines()[0]


def test_validate_says_what_it_does_and_skips_a_graph_the_shapes_do_not_target(
        cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a foreign graph (its own vocabulary) holds none of the shapes' targets: it conforms at
    # once, and the report says the shapes were not run; the curated graph is checked, and
    # stderr says so while it happens
    from tests.foreign_graph import write_foreign_graph

    foreign = write_foreign_graph(tmp_path / "foreign.nt")
    import pyshacl

    monkeypatch.setattr(pyshacl, "validate", lambda *a, **k: pytest.fail("pyshacl ran"))
    result = cli.invoke(main, ["validate", str(foreign), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert report["triples"] > 100
    assert "the shapes were not run" in report["note"]
    assert "reading foreign.nt" in result.stderr
    monkeypatch.undo()
    result = cli.invoke(main, ["validate"])
    assert result.exit_code == 0
    assert "checking" in result.stderr
    assert "against the shapes" in result.stderr
    assert "not run" not in result.stdout


def test_control_characters_in_labels_never_reach_the_terminal(cli: CliRunner,
                                                                 tmp_path: Path) -> None:
    # a label carrying an OSC 52 clipboard write, a screen clear and a right-to-left override:
    # printed for a person, each control character shows as its escape; a data format piped
    # elsewhere keeps the value exactly (JSON escapes what it must itself)
    data = tmp_path / "hostile.nt"
    label = "zebra cramp\x1b]52;c;aGVsbG8=\x07\x1b[2J\u202eevil"
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in label)
    data.write_text(f'<urn:ex:z> <http://www.w3.org/2000/01/rdf-schema#label> "{escaped}" .\n',
                    encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'db'}"
    code, _out, _ = invoke(cli, "--store", store, "load", str(data))
    assert code == 0
    for args in (["search", "zebra cramp"], ["describe", "urn:ex:z"], ["neighbours", "urn:ex:z"],
                 ["query", "SELECT ?l WHERE { ?s rdfs:label ?l }"]):
        result = cli.invoke(main, ["--store", store, *args])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert "\u202e" not in result.output
        assert "\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\u202eevil" in result.output
    result = cli.invoke(main, ["--store", store, "search", "zebra cramp", "--format", "json"])
    assert json.loads(result.stdout)[0]["label"] == label
