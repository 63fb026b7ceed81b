"""Hetionet v1.0 as the ``hetionet`` shape reads it: node kinds, the 24 metaedges, and
every node's name, identifier and degree per metaedge (``benchmarks/hetionet/``, CC0, from
the ``hetio/hetionet`` repository; see its README). Read once, offline.
"""

from __future__ import annotations

import csv
import functools
import json
import lzma
from dataclasses import dataclass

from benchmarks.synthetic.common import ROOT

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
        """The degree column of ``nodes.tsv.xz`` for the sources (0) or the targets (1)."""
        if self.source == self.target and self.directed:
            return f"{self.abbreviation}:{('source', 'target')[side]}"
        return self.abbreviation

    def exact_side(self) -> int:
        """The side whose degrees are met exactly: the one whose biggest hub reaches the
        largest share of the other side (anatomy of all genes for AeG, a side effect of all
        compounds for CcSE); the other side's degrees are met on average."""
        return 0 if (self.max_degree[0] / self.nodes[1]
                     >= self.max_degree[1] / self.nodes[0]) else 1


@dataclass(frozen=True)
class HetData:
    """Hetionet v1.0: kinds with node counts, metaedges, and every node's degrees."""

    commit: str
    kinds: tuple[tuple[str, int], ...]
    metaedges: tuple[Metaedge, ...]
    ids: dict[str, list[str]]
    names: dict[str, list[str]]
    degrees: dict[str, dict[str, list[int]]]
    """kind -> degree column -> the degree of each node of the kind, in table order."""

    def total_degree(self, kind: str) -> list[int]:
        """Each node's links over every metaedge (Gr>G's in and out both counted)."""
        columns = self.degrees[kind].values()
        return [sum(values) for values in zip(*columns, strict=True)] if columns else \
            [0] * len(self.ids[kind])


@functools.cache
def het_data() -> HetData:
    """Hetionet v1.0 from ``benchmarks/hetionet/`` (read once per process)."""
    meta = json.loads((HET_DATA / "metagraph.json").read_text(encoding="utf-8"))
    metaedges = tuple(
        Metaedge(m["abbreviation"], m["source"], m["relation"], m["target"], m["directed"],
                  m["edges"], (m["source_nodes"], m["target_nodes"]),
                  (m["max_source_degree"], m["max_target_degree"]))
        for m in meta["metaedges"])
    kinds = tuple((k["kind"], k["nodes"]) for k in meta["kinds"])
    own: dict[str, list[str]] = {}
    for c in meta["degree_columns"]:
        own.setdefault(c["kind"], [])
        if c["column"] not in own[c["kind"]]:
            own[c["kind"]].append(c["column"])
    ids: dict[str, list[str]] = {k: [] for k, _n in kinds}
    names: dict[str, list[str]] = {k: [] for k, _n in kinds}
    degrees: dict[str, dict[str, list[int]]] = {k: {c: [] for c in own[k]} for k, _n in kinds}
    with lzma.open(HET_DATA / "nodes.tsv.xz", "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        header = next(rows)
        at = {c: i for i, c in enumerate(header)}
        for row in rows:
            kind = row[0]
            ids[kind].append(row[1])
            names[kind].append(row[2])
            for c, values in degrees[kind].items():
                values.append(int(row[at[c]]))
    return HetData(meta["source"]["commit"], kinds, metaedges, ids, names, degrees)


def camel(kind: str) -> str:
    """A kind as a class name: "Biological Process" -> "BiologicalProcess"."""
    return kind.replace(" ", "")
