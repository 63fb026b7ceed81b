"""The benchmark's generator and runner, on tiny graphs (no timed assertions)."""

from __future__ import annotations

import doctest
import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks import endpoint_load, report, timing
from benchmarks import generate as gen
from benchmarks.children import MYOGRAPH_OPS

ROOT = Path(__file__).resolve().parents[1]
MG = gen.MG
RDF_TYPE = gen.RDF + "type"
CAUSAL = {MG + r for r in ("causes", "contributesTo", "increases", "decreases", "prevents",
                           "treats", "hasAdverseEffect", "associatedWith")}


def _triples(path: Path) -> list[tuple[str, str, str]]:
    data = gzip.decompress(path.read_bytes())
    return [(str(q.subject), str(q.predicate), str(q.object))
            for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)]


def _degrees(triples: list[tuple[str, str, str]], predicates: set[str]) -> Counter[str]:
    degree: Counter[str] = Counter()
    for s, p, o in triples:
        if p[1:-1] in predicates:
            degree[s] += 1
            degree[o] += 1
    return degree


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("bench") / "graph.nt.gz"
    return out, gen.generate(6_000, 3, out)


def test_exact_count_of_distinct_triples(graph: tuple[Path, dict[str, object]],
                                          het: tuple[Path, dict[str, object]]) -> None:
    for path, manifest in (graph, het):
        triples = _triples(path)
        assert len(triples) == len(set(triples)) == manifest["triples"] == 6_000
        assert json.loads(gen.manifest_path(path).read_text())["triples"] == 6_000


def test_the_curated_graph_is_inside(graph: tuple[Path, dict[str, object]]) -> None:
    curated = {(str(q.subject), str(q.predicate), str(q.object))
               for q in ox.parse(path=str(ROOT / "data" / "triples.ttl"),
                                 format=ox.RdfFormat.TURTLE)}
    assert curated <= set(_triples(graph[0]))


def test_classes_labels_synonyms_definitions_identifiers(
        graph: tuple[Path, dict[str, object]]) -> None:
    triples = _triples(graph[0])
    generated = [t for t in triples if "/entity/bench_" in t[0]]
    classes = {o for _s, p, o in generated if p == f"<{RDF_TYPE}>"}
    for cls in ("Symptom", "Disease", "Drug", "Therapy", "ChemicalEntity", "BiologicalProcess"):
        assert f"<{MG}{cls}>" in classes
    predicates = Counter(p for _s, p, _o in generated)
    for p in (gen.LABEL, gen.ALT, gen.DEFINITION, gen.IDENTIFIER):
        assert predicates[p] > 0
    labels = {o for _s, p, o in triples if p == gen.LABEL}
    assert f'"{gen.SEARCH_HIT}"@en' in labels  # the fixed name the benchmark searches


def test_every_generated_link_has_a_claim(graph: tuple[Path, dict[str, object]]) -> None:
    triples = _triples(graph[0])
    links = {(s, p, o) for s, p, o in triples if p[1:-1] in CAUSAL}
    by_claim: dict[str, dict[str, str]] = {}
    for s, p, o in triples:
        if s.startswith(f"<{gen.MGC}"):
            by_claim.setdefault(s, {})[p] = o
    claimed = set()
    for props in by_claim.values():
        assert {f"<{MG}source>", f"<{MG}quote>", f"<{MG}effectSign>"} <= set(props)
        claimed.add((props[f"<{gen.RDF}subject>"], props[f"<{gen.RDF}predicate>"],
                     props[f"<{gen.RDF}object>"]))
        if "/entity/bench_" in props[f"<{gen.RDF}subject>"] + props[f"<{gen.RDF}object>"]:
            # a made-up claim cites a synthetic source, never a real reference
            assert props[f"<{MG}source>"].startswith(f"<{gen.MGS}bench_"), props
    generated = {t for t in links if "/entity/bench_" in t[0] + t[2]}
    assert generated
    assert generated <= claimed
    # routes from curated nodes exist: curated entities link to and from generated ones
    assert any("/entity/bench_" in o and "/entity/bench_" not in s for s, _p, o in generated)
    assert any("/entity/bench_" in s and "/entity/bench_" not in o for s, _p, o in generated)


def test_degrees_are_heavy_tailed(graph: tuple[Path, dict[str, object]],
                                  het: tuple[Path, dict[str, object]]) -> None:
    degree = _degrees(_triples(graph[0]), CAUSAL)
    values = sorted(degree.values())
    assert values[-1] >= 4 * values[len(values) // 2]
    hub = graph[1]["hub"]
    assert isinstance(hub, dict)
    assert degree[f"<{hub['iri']}>"] == values[-1]
    het_triples = _triples(het[0])
    relations = {p for _s, p, o in het_triples if p.startswith(f"<{gen.HET}rel/")}
    het_degree = _degrees(het_triples, {p[1:-1] for p in relations})
    het_values = sorted(het_degree.values())
    assert het_values[-1] >= 4 * het_values[len(het_values) // 2]


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.nt.gz", tmp_path / "b.nt.gz", tmp_path / "c.nt.gz"
    for shape in gen.SHAPES:
        gen.generate(3_000, 11, a, shape)
        gen.generate(3_000, 11, b, shape)
        gen.generate(3_000, 12, c, shape)
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() != c.read_bytes()


def test_generate_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli.nt.gz"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                           "--triples", "5000", "--seed", "1", "--out", str(out)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5,000 triples" in done.stdout
    assert len(_triples(out)) == 5_000


def test_report_doctests() -> None:
    for module in (report, timing, endpoint_load):
        assert doctest.testmod(module).failed == 0


@pytest.mark.slow
def test_smoke_run_end_to_end(tmp_path: Path) -> None:
    results = tmp_path / "results"
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--smoke", "--work",
                           str(tmp_path / "work"), "--results", str(results)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    assert report.validate(data) == []
    assert {r["backend"] for r in data["load"]} >= {"memory", "oxigraph"}
    ours = [r for r in data["results"] if r["graph"] == "myograph"]
    operations = {(r["backend"], r["operation"]) for r in ours}
    for backend in ("memory", "oxigraph"):
        for op in MYOGRAPH_OPS:
            assert (backend, op) in operations
    assert any(r["operation"].startswith("endpoint") for r in ours)
    het = {r["operation"] for r in data["results"] if r["graph"] == "hetionet"}
    assert {"search (hit)", "neighbours (hub)", "path (reachable)"} <= het
    by_op = {(r["backend"], r["graph"], r["operation"]): r for r in data["results"]}
    for graph in ("myograph", "hetionet"):
        reachable = by_op[("oxigraph", graph, "path (reachable)")]
        unreachable = by_op[("oxigraph", graph, "path (unreachable)")]
        assert reachable["status"] == "ok"
        assert "0 routes" not in reachable["detail"]
        assert unreachable["detail"] == "0 routes"
    # issue 18: a remote store against the same store on disk, whole CLI processes, and
    # Oxigraph's own server on the same requests as ours
    remote = {(r["backend"], r["operation"]): r for r in data["results"]
              if r["graph"] == "remote"}
    for backend in ("oxigraph", "remote"):
        for op in ("search", "neighbours (hub)", "path (reachable)", "stats"):
            assert remote[(backend, f"{op} (whole CLI process)")]["status"] == "ok"
    theirs = by_op[(endpoint_load.OXIGRAPH_SERVER, "myograph", "endpoint (8 clients)")]
    assert theirs["status"] == "ok"
    assert theirs["requests_per_s"] > 0
    named = {g["goal"].split(":")[0] for g in data["goals"]}
    assert "issue 18" in named
    assert data["goals"]
    assert all("pass" in g for g in data["goals"])
    assert "| goal |" in (results / "latest.md").read_text(encoding="utf-8")
    assert (results / "latest.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_whole_load_times_real_processes_side_by_side(tmp_path: Path) -> None:
    from benchmarks import whole_load

    done = subprocess.run([sys.executable, "-m", "benchmarks.whole_load", "--sizes", "3000",
                           "--repeats", "1", "--work", str(tmp_path / "work"),
                           "--results", str(tmp_path / "results")], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads((tmp_path / "results" / "whole-load.json").read_text(encoding="utf-8"))
    assert [g["shape"] for g in data] == ["myograph", "hetionet"]
    for graph in data:
        for name in ("myograph load", "oxigraph load", "rdflib parse"):
            (only,) = graph["loads"][name]
            assert only["status"] == "ok", (name, only)
            assert only["seconds"] > 0
        assert [row["command"] for row in graph["after"]] == [
            "search", "stats", "neighbours (the hub)", "path"]
        for row in graph["after"]:
            assert row["first"]["status"] == "ok", row
            assert row["later_median_s"] > 0
    report = (tmp_path / "results" / "whole-load.md").read_text(encoding="utf-8")
    assert report == whole_load.markdown(data)
    assert report.count("| `myograph load` |") == 2
