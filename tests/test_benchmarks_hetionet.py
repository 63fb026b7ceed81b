"""The benchmark's Hetionet-shaped generator: Hetionet's kinds, relations, shares, hubs and
identifier forms from the committed statistics, on tiny graphs (no timed assertions)."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import generate as gen
from benchmarks.hetionet_extract import degree_summary
from benchmarks.synthetic.hetionet import het_sample
from benchmarks.synthetic.hetionet_data import het_data
from benchmarks.synthetic.hetionet_degrees import degree_sequence
from benchmarks.synthetic.hetionet_draw import het_scale
from tests.test_benchmarks import MG, RDF_TYPE, ROOT, _triples


def test_hetionet_shape_is_a_foreign_vocabulary(het: tuple[Path, dict[str, object]]) -> None:
    triples = _triples(het[0])
    kinds = {o for _s, p, o in triples if p == f"<{RDF_TYPE}>"}
    for kind in ("Compound", "Disease", "Gene", "Anatomy", "SideEffect", "Symptom", "Pathway"):
        assert f"<{gen.HET}kind/{kind}>" in kinds
    relations = {p for _s, p, _o in triples if p.startswith(f"<{gen.HET}rel/")}
    assert len(relations) >= 20
    assert not any(MG in p or MG in o for _s, p, o in triples)  # no claims, no mg: terms
    names = {o for _s, p, o in triples if p == gen.NAME}
    assert f'"{gen.HET_SEARCH_HIT}"' in names


# Hetionet v1.0 as describe/nodes/metanodes.tsv and describe/edges/metaedges.tsv give it
HETIONET_NODES = {"Anatomy": 402, "BiologicalProcess": 11381, "CellularComponent": 1391,
                  "Compound": 1552, "Disease": 137, "Gene": 20945, "MolecularFunction": 2884,
                  "Pathway": 1822, "PharmacologicClass": 345, "SideEffect": 5734,
                  "Symptom": 438}
HETIONET_EDGES = {"expresses_AeG": 526407, "downregulates_AdG": 102240,
                  "upregulates_AuG": 97848, "binds_CbG": 11571, "causes_CcSE": 138944,
                  "downregulates_CdG": 21102, "palliates_CpD": 390, "resembles_CrC": 6486,
                  "treats_CtD": 755, "upregulates_CuG": 18756, "associates_DaG": 12623,
                  "downregulates_DdG": 7623, "localizes_DlA": 3602, "presents_DpS": 3357,
                  "resembles_DrD": 543, "upregulates_DuG": 7731, "covaries_GcG": 61690,
                  "interacts_GiG": 147164, "participates_GpBP": 559504,
                  "participates_GpCC": 73566, "participates_GpMF": 97222,
                  "participates_GpPW": 84372, "regulates_GrG": 265672, "includes_PCiC": 1029}


@pytest.fixture(scope="module")
def het_mid(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """60 k triples: about 6 k nodes and 40 k edges, big enough for shares and hubs."""
    out = tmp_path_factory.mktemp("bench") / "het-mid.nt.gz"
    return out, gen.generate(60_000, 5, out, "hetionet")


def _het_shape(triples: list[tuple[str, str, str]]) -> tuple[
        dict[str, str], Counter[str], Counter[str], list[tuple[str, str, str]]]:
    """Node -> kind, nodes per kind, links per relation, and the links themselves."""
    kind_of = {s: o.removeprefix(f"<{gen.HET}kind/").removesuffix(">")
               for s, p, o in triples if p == f"<{RDF_TYPE}>"}
    links = [(s, p, o) for s, p, o in triples
             if p.startswith(f"<{gen.HET}rel/") and o.startswith("<")]
    relations = Counter(p.removeprefix(f"<{gen.HET}rel/").removesuffix(">")
                        for _s, p, _o in links)
    return kind_of, Counter(kind_of.values()), relations, links


def test_hetionet_has_the_real_kinds_and_relations(het: tuple[Path, dict[str, object]]) -> None:
    kind_of, kinds, relations, links = _het_shape(_triples(het[0]))
    assert set(kinds) == set(HETIONET_NODES)  # the 11 kinds, nothing else
    assert set(relations) == set(HETIONET_EDGES)  # the 24 relations, each at least once
    short = {"Anatomy": "A", "BiologicalProcess": "BP", "CellularComponent": "CC",
             "Compound": "C", "Disease": "D", "Gene": "G", "MolecularFunction": "MF",
             "Pathway": "PW", "PharmacologicClass": "PC", "SideEffect": "SE", "Symptom": "S"}
    for s, p, o in links:  # each relation joins the kinds its metaedge names (CcSE: C to SE)
        abbreviation = p.rsplit("_", 1)[1].removesuffix(">")
        assert re.fullmatch(f"{short[kind_of[s]]}[a-z]+{short[kind_of[o]]}", abbreviation), (
            s, p, o)


def test_hetionet_keeps_the_real_shares(het_mid: tuple[Path, dict[str, object]]) -> None:
    _kind_of, kinds, relations, _links = _het_shape(_triples(het_mid[0]))
    nodes, edges = sum(kinds.values()), sum(relations.values())
    assert 5_000 < nodes < 8_000
    assert 30_000 < edges < 50_000
    all_nodes, all_edges = sum(HETIONET_NODES.values()), sum(HETIONET_EDGES.values())
    assert (all_nodes, all_edges) == (47_031, 2_250_197)
    for kind, n in HETIONET_NODES.items():  # within half a percentage point, or 2 nodes
        assert abs(kinds[kind] - nodes * n / all_nodes) <= max(2, 0.005 * nodes), kind
    for relation, n in HETIONET_EDGES.items():  # apportioned: within 1 link, at least 1
        assert abs(relations[relation] - edges * n / all_edges) <= 1, relation
    # a node sample: s of the nodes bring s² of the edges
    share = nodes / all_nodes
    assert edges == pytest.approx(share * share * all_edges, rel=0.15)


# the form of the identifiers of the resource Hetionet takes each kind from (values made up)
HETIONET_ID_FORMS = {"Anatomy": r"UBERON:\d{7}", "BiologicalProcess": r"GO:\d{7}",
                     "CellularComponent": r"GO:\d{7}", "MolecularFunction": r"GO:\d{7}",
                     "Compound": r"DB\d{5}", "Disease": r"DOID:\d+", "Gene": r"\d+",
                     "Pathway": r"PC7_\d+", "PharmacologicClass": r"N\d{10}",
                     "SideEffect": r"C\d{7}", "Symptom": r"D\d{6}"}


def test_hetionet_nodes_have_generated_names_and_identifiers(
        het: tuple[Path, dict[str, object]]) -> None:
    triples = _triples(het[0])
    kind_of, _kinds, _relations, links = _het_shape(triples)
    names = Counter(s for s, p, _o in triples if p == gen.NAME)
    identifiers = {s: o for s, p, o in triples if p == gen.SCHEMA_ID}
    assert set(names) == set(identifiers) == set(kind_of)  # every node, and only nodes
    assert set(names.values()) == {1}
    labels = [o for _s, p, o in triples if p == gen.NAME]
    assert len(set(labels)) == len(labels)  # names are unique
    for s, kind in kind_of.items():  # Hetionet's form of identifier: "Biological Process::GO:…"
        local = s.removeprefix(f"<{gen.HET}node/{kind}/").removesuffix(">")
        label, ident = identifiers[s].strip('"').split("::", 1)
        assert label.replace(" ", "") == kind, identifiers[s]
        assert ident == local, (s, identifiers[s])
        assert re.fullmatch(HETIONET_ID_FORMS[kind], ident), (kind, ident)
    assert {s for s, _p, _o in links} | {o for _s, _p, o in links} <= set(kind_of)
    kind, ident = het_data().typical
    typical = f"<{gen.HET}node/{kind}/{ident}>"
    assert (typical, gen.NAME, f'"{gen.HET_SEARCH_HIT}"') in set(triples)
    assert identifiers[typical] == f'"Compound::{ident}"'
    # the searched miss and the fuzzy term name nothing
    assert not any("xqzvwrtk" in o or "travoxidene" in o for o in labels)


def test_hetionet_hubs_have_real_degrees(het_mid: tuple[Path, dict[str, object]]) -> None:
    path, manifest = het_mid
    _kind_of, _kinds, _relations, links = _het_shape(_triples(path))
    scale = manifest["scale"]
    assert isinstance(scale, float)
    assert 0.12 < scale < 0.15
    data = het_data()
    real: dict[str, int] = {}  # node IRI -> its degree in the population, per relation below
    # relation: (kind, degree column, side: 0 source, 1 target, 2 either; tolerance). The
    # side is the one whose hubs reach most of the other side (anatomy of genes, pathways
    # of genes, side effects of compounds…): there a node keeps its population links times
    # the scale. Symmetric pairs below a cut-off vary as Poisson counts: a looser bound.
    sides = {"expresses_AeG": ("Anatomy", "AeG", 0, 0.2),
             "interacts_GiG": ("Gene", "GiG", 2, 0.5),
             "participates_GpPW": ("Pathway", "GpPW", 1, 0.2),
             "causes_CcSE": ("Side Effect", "CcSE", 1, 0.2),
             "regulates_GrG": ("Gene", "Gr>G:target", 1, 0.2)}
    for relation, (kind, column, side, tolerance) in sides.items():
        degree: Counter[str] = Counter()
        for s, p, o in links:
            if p == f"<{gen.HET}rel/{relation}>":
                for end in ((s, o) if side == 2 else ((s, o)[side],)):
                    degree[end] += 1
        iri_prefix = f"<{gen.HET}node/{kind.replace(' ', '')}/"
        for ident, value in zip(data.ids[kind], data.degrees[kind][column], strict=True):
            real[f"{iri_prefix}{ident}>"] = value
        top = max(degree, key=lambda n: (degree[n], n))
        assert degree[top] == pytest.approx(scale * real[top], rel=tolerance), (relation, top)
        # heavy tails: the biggest hub of a relation has many times its median node's links
        values = sorted(degree.values())
        assert values[-1] >= 8 * values[len(values) // 2], relation
    hub = manifest["hub"]
    assert isinstance(hub, dict)
    # Hetionet's biggest hubs are tissues expressing most genes (~23 k links in all)
    assert hub["class"] == "Anatomy"
    assert hub["degree"] > scale * 15_000


def test_hetionet_pairs(het_mid: tuple[Path, dict[str, object]]) -> None:
    _kind_of, _kinds, _relations, links = _het_shape(_triples(het_mid[0]))
    linked = {s for s, _p, _o in links} | {o for _s, _p, o in links}
    manifest = het_mid[1]
    typical = manifest["typical"]
    assert isinstance(typical, dict)
    assert typical["label"] == gen.HET_SEARCH_HIT
    assert typical["degree"] > 0
    assert manifest["reachable"]
    unreachable = manifest["unreachable"]
    assert isinstance(unreachable, list)
    # from the typical node to a disease without links, from a compound without links to the
    # hub (Hetionet has such nodes; the population as many)
    (_typical, disease), (compound, _hub) = unreachable
    assert (disease, compound) == tuple(f"{gen.HET}node/{kind}/{ident}"
                                        for kind, ident in het_data().isolated)
    assert not {f"<{disease}>", f"<{compound}>"} & linked


def test_hetionet_scale() -> None:
    nodes, edges = 47_031, 2_250_197
    full = 3 * nodes + edges  # the whole network, besides the 35 labels of kinds and relations
    assert het_scale(nodes, edges, full) == pytest.approx(1.0)
    assert het_scale(nodes, edges, 1_000_000) == pytest.approx(0.636, abs=0.001)
    data = het_data()
    rng = random.Random(1)
    assert het_sample(data, "Disease", 1.0, [], rng) == [(r, 1) for r in range(137)]
    twice = het_sample(data, "Disease", 2.0, [], rng)
    assert twice == sorted([(r, c) for r in range(137) for c in (1, 2)])


def test_hetionet_statistics_are_committed_with_their_source() -> None:
    folder = ROOT / "benchmarks" / "hetionet"
    meta = json.loads((folder / "metagraph.json").read_text(encoding="utf-8"))
    assert meta["source"]["commit"] == "8a6cc0c5604d0e2908786e4de38af67b8e46ee4a"
    assert meta["source"]["licence"].startswith("CC0")
    assert {k["kind"].replace(" ", ""): k["nodes"] for k in meta["kinds"]} == HETIONET_NODES
    assert {f"{m['relation']}_{m['abbreviation'].replace('>', '')}": m["edges"]
            for m in meta["metaedges"]} == HETIONET_EDGES
    # aggregate statistics only: no copy of Hetionet's node list (names, identifiers)
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "metagraph.json"]
    data = het_data()
    assert sum(len(ids) for ids in data.ids.values()) == 47_031
    summaries = {(c["kind"], c["column"]): c["degrees"] for c in meta["degree_columns"]}
    for m in data.metaedges:
        for side, kind in enumerate((m.source, m.target)):
            stored = summaries[(kind, m.column(side))]
            # degrees agree with the metaedge table (degrees.xlsx is a few links off for 3)
            assert stored["sum"] == pytest.approx(m.edges * (2 if m.symmetric else 1),
                                                  rel=0.02)
            assert stored["nodes"] == m.nodes[side] or m.symmetric
            assert stored["top"][0] == m.max_degree[side]
            # the population's degrees have the stored summary: counts, percentiles, hubs
            drawn = degree_summary(data.degrees[kind][m.column(side)])
            assert {k: v for k, v in drawn.items() if k != "sum"} == \
                {k: v for k, v in stored.items() if k != "sum"}, (m.abbreviation, side)
            assert drawn["sum"] == pytest.approx(stored["sum"], rel=0.05)
    for k in meta["kinds"]:  # as many nodes without any link as Hetionet
        assert data.total_degree(k["kind"]).count(0) == k["unconnected_nodes"]


def test_degree_sequence_meets_a_summary() -> None:
    rng = random.Random(4)
    degrees = sorted(int(rng.paretovariate(1.2)) for _ in range(5_000))
    summary = degree_summary(degrees)
    drawn = degree_sequence(summary)
    assert degree_summary(drawn) == {**summary, "sum": degree_summary(drawn)["sum"]}
    assert sum(drawn) == pytest.approx(summary["sum"], rel=0.02)
    assert degree_sequence(degree_summary([3, 1, 2])) == [1, 2, 3]  # all in the top
