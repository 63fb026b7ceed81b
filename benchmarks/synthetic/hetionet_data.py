"""Hetionet v1.0 as the ``hetionet`` shape reads it: node kinds, the 24 metaedges, and a
made-up population of its real size with degrees drawn from its statistics.

``benchmarks/hetionet/metagraph.json`` holds aggregate numbers computed from the public
``hetio/hetionet`` repository (CC0; see its README): counts, and each metaedge side's degree
distribution summarised. From them a population of 47,031 nodes is built once, the same in
every run: generated names and identifiers (:mod:`.hetionet_names`), and degrees per
metaedge redrawn to the same skew (:mod:`.hetionet_degrees`). No real node is kept.
"""

from __future__ import annotations

import functools
import json
import random
import statistics
from dataclasses import dataclass
from typing import Any

from benchmarks.synthetic.common import ROOT
from benchmarks.synthetic.hetionet_degrees import assign, degree_sequence
from benchmarks.synthetic.hetionet_names import HET_SEARCH_HIT, identifiers, names

HET_DATA = ROOT / "benchmarks" / "hetionet"
"""Hetionet v1.0's statistics (``benchmarks/hetionet/``, CC0; see its README)."""


@dataclass(frozen=True)
class Metaedge:
    """One of Hetionet's 24 metaedges, as ``metagraph.json`` describes it."""

    abbreviation: str
    source: str
    relation: str
    target: str
    directed: bool
    edges: int
    nodes: tuple[int, int]
    """Hetionet's nodes with at least one such edge: (sources, targets)."""
    max_degree: tuple[int, int]
    """The largest degree among sources and among targets."""

    @property
    def symmetric(self) -> bool:
        """Between nodes of one kind and undirected (resembles, covaries, interacts)."""
        return self.source == self.target and not self.directed

    @property
    def local(self) -> str:
        """The predicate's local name: ``participates_GpBP``, ``regulates_GrG``."""
        return f"{self.relation}_{self.abbreviation.replace('>', '')}"

    def column(self, side: int) -> str:
        """The degree column (``metagraph.json``'s ``degree_columns``) for the sources (0) or
        the targets (1)."""
        if self.source == self.target and self.directed:
            return f"{self.abbreviation}:{('source', 'target')[side]}"
        return self.abbreviation

    def exact_side(self) -> int:
        """The side whose degrees are met exactly: the one whose biggest hub reaches the
        largest share of the other side (anatomy of all genes for AeG, a side effect of all
        compounds for CcSE); the other side's degrees are met on average."""
        return 0 if (self.max_degree[0] / self.nodes[1]
                     >= self.max_degree[1] / self.nodes[0]) else 1


Node = tuple[str, str]
"""A node of the population: (kind, identifier)."""


@dataclass(frozen=True)
class HetData:
    """Hetionet v1.0's kinds and metaedges, and the population drawn to its statistics."""

    commit: str
    kinds: tuple[tuple[str, int], ...]
    metaedges: tuple[Metaedge, ...]
    ids: dict[str, list[str]]
    names: dict[str, list[str]]
    degrees: dict[str, dict[str, list[int]]]
    """kind -> degree column -> the degree of each node of the kind, in table order."""
    typical: Node
    """A compound of middling degree with side effects, named :data:`HET_SEARCH_HIT`."""
    isolated: tuple[Node, Node]
    """A disease and a compound without links (as Hetionet has some)."""

    def total_degree(self, kind: str) -> list[int]:
        """Each node's links over every metaedge (Gr>G's in and out both counted)."""
        columns = self.degrees[kind].values()
        return [sum(values) for values in zip(*columns, strict=True)] if columns else \
            [0] * len(self.ids[kind])


POPULATION_SEED = "hetionet-population"
"""The population is the same for every seed of the generator (a seed changes the sample)."""


def _typical(degrees: dict[str, list[int]]) -> int:
    """The compound with side effects whose total degree is nearest those compounds'
    median."""
    total = [sum(v) for v in zip(*degrees.values(), strict=True)]
    rows = [i for i, x in enumerate(degrees["CcSE"]) if x]
    middle = statistics.median_low(total[i] for i in rows)
    return min(rows, key=lambda i: (abs(total[i] - middle), i))


def population(meta: dict[str, Any]) -> HetData:
    """The made-up population of ``meta``'s sizes, degrees and skew."""
    rng = random.Random(POPULATION_SEED)  # noqa: S311 - synthetic data, not security
    metaedges = tuple(
        Metaedge(m["abbreviation"], m["source"], m["relation"], m["target"], m["directed"],
                 m["edges"], (m["source_nodes"], m["target_nodes"]),
                 (m["max_source_degree"], m["max_target_degree"]))
        for m in meta["metaedges"])
    kinds = tuple((k["kind"], k["nodes"]) for k in meta["kinds"])
    sequences: dict[str, dict[str, list[int]]] = {k: {} for k, _n in kinds}
    for c in meta["degree_columns"]:
        sequences[c["kind"]].setdefault(c["column"], degree_sequence(c["degrees"]))
    ids = identifiers(rng, dict(kinds))
    taken: set[str] = {HET_SEARCH_HIT.lower()}
    all_names = {k: names(rng, k, n, taken) for k, n in kinds}
    degrees = {k["kind"]: assign(k["nodes"], k["unconnected_nodes"], k["rank_correlation"],
                                 sequences[k["kind"]], rng) for k in meta["kinds"]}
    typical = _typical(degrees["Compound"])
    all_names["Compound"][typical] = HET_SEARCH_HIT

    def lone(kind: str) -> Node:
        total = [sum(v) for v in zip(*degrees[kind].values(), strict=True)]
        return kind, ids[kind][total.index(0)]

    return HetData(meta["source"]["commit"], kinds, metaedges, ids, all_names, degrees,
                   ("Compound", ids["Compound"][typical]), (lone("Disease"), lone("Compound")))


@functools.cache
def het_data() -> HetData:
    """The population from ``benchmarks/hetionet/metagraph.json`` (built once per process)."""
    return population(json.loads((HET_DATA / "metagraph.json").read_text(encoding="utf-8")))


def camel(kind: str) -> str:
    """A kind as a class name: "Biological Process" -> "BiologicalProcess"."""
    return kind.replace(" ", "")
