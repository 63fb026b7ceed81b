"""Compute the statistics the Hetionet-shaped benchmark graph needs from Hetionet v1.0.

The generator (``benchmarks/generate.py``, shape ``hetionet``) must run offline, so the
aggregate statistics it draws from are computed here from the public ``hetio/hetionet``
repository (CC0 1.0) and committed as ``benchmarks/hetionet/metagraph.json``: the node
kinds and metaedges with their counts, and each metaedge side's degree distribution
summarised (quantiles, the largest degrees, the sum). No node, name or identifier is kept
(``benchmarks/hetionet/README.md``). This script remakes the file from a clone of that
repository (or a bare mirror of it) and is needed only to check or refresh it.

Usage::

    python -m benchmarks.hetionet_extract --repo /work/.mirror/hetio+hetionet/repo
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import math
import statistics
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["OUT", "QUANTILES", "TOP", "degree_columns", "degree_summary", "extract", "main",
           "rank_correlation"]

OUT = Path(__file__).resolve().parent / "hetionet"
REPOSITORY = "https://github.com/hetio/hetionet"
LICENCE = ("CC0 1.0 Universal (public domain dedication), as the repository's README states "
           "for all its original content")
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_FILES = ("describe/nodes/metanodes.tsv", "describe/edges/metaedges.tsv",
          "describe/degree/degrees.xlsx")
QUANTILES = (5, 10, 25, 50, 75, 90, 95, 98, 99, 99.5, 99.9)
"""The percentiles kept of each metaedge side's nonzero degrees (nearest rank)."""
TOP = 20
"""How many of each side's largest degrees are kept as they are."""


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={repo}", *args], capture_output=True,
                          check=True).stdout


def _git_dir(repo: Path) -> Path:
    """A work tree's ``.git`` or the bare repository itself."""
    return repo / ".git" if (repo / ".git").exists() else repo


def _tsv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t"))


def _xlsx_sheets(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as rows of cell texts (the standard library reads it)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        # a published, trusted file from the pinned commit
        shared = [("".join(t.text or "" for t in si.iter(f"{_XLSX}t")))
                  for si in ET.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
                  .findall(f"{_XLSX}si")]
        workbook = ET.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
        sheets: dict[str, list[list[str]]] = {}
        names = [s.get("name", "") for s in workbook.iter(f"{_XLSX}sheet")]
        for i, name in enumerate(names, 1):
            root = ET.fromstring(book.read(f"xl/worksheets/sheet{i}.xml"))  # noqa: S314
            rows: list[list[str]] = []
            for row in root.iter(f"{_XLSX}row"):
                cells: list[str] = []
                for cell in row.iter(f"{_XLSX}c"):
                    value = cell.find(f"{_XLSX}v")
                    text = value.text or "" if value is not None else ""
                    cells.append(shared[int(text)] if cell.get("t") == "s" else text)
                rows.append(cells)
            sheets[name] = rows
    return sheets


def degree_columns(metaedges: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The degree columns: (column, node kind, degrees.xlsx column).

    ``metaedges`` are rows of ``metagraph.json``'s ``metaedges`` (or of metaedges.tsv
    parsed the same way): ``abbreviation``, ``source``, ``relation``, ``target``,
    ``directed``.
    """
    columns: list[tuple[str, str, str]] = []
    for m in metaedges:
        a, s, r, t = m["abbreviation"], m["source"], m["relation"], m["target"]
        if s != t:
            columns.append((a, s, f"{s} - {r} - {t}"))
            columns.append((a, t, f"{t} - {r} - {s}"))
        elif m["directed"]:
            columns.append((f"{a}:source", s, f"{s} > {r} > {t}"))
            columns.append((f"{a}:target", s, f"{s} < {r} < {t}"))
        else:
            columns.append((a, s, f"{s} - {r} - {t}"))
    return columns


def degree_summary(values: Sequence[int]) -> dict[str, Any]:
    """One metaedge side's degrees, summarised: how many nodes have such links, their sum,
    the smallest, the :data:`QUANTILES` and the :data:`TOP` largest (enough to redraw the
    same skew, hubs included, without the nodes)."""
    ranked = sorted(v for v in values if v)
    k = len(ranked)
    return {"nodes": k, "sum": sum(ranked), "min": ranked[0],
            "quantiles": {f"p{q:g}": ranked[round(q / 100 * (k - 1))] for q in QUANTILES},
            "top": ranked[::-1][:TOP]}


def _ranks(values: Sequence[int]) -> list[float]:
    """Each value's rank, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for t in range(i, j + 1):
            ranks[order[t]] = (i + j) / 2
        i = j + 1
    return ranks


def rank_correlation(columns: Sequence[Sequence[int]]) -> float:
    """The mean Spearman correlation between pairs of a kind's degree columns, over its
    linked nodes: how far a hub in one metaedge tends to be one in another (0 with one
    column)."""
    linked = [i for i, row in enumerate(zip(*columns, strict=True)) if any(row)]
    ranks = [_ranks([c[i] for i in linked]) for c in columns]
    found = []
    for a, b in itertools.combinations(ranks, 2):
        ma, mb = statistics.fmean(a), statistics.fmean(b)
        num = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
        den = math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))
        if den:
            found.append(num / den)
    return round(statistics.fmean(found), 3) if found else 0.0


def extract(repo: Path, out: Path = OUT) -> dict[str, Any]:
    """Write ``metagraph.json`` into ``out`` from ``repo``'s HEAD; return its content."""
    git = _git_dir(repo)
    commit = _git(git, "rev-parse", "HEAD").decode().strip()
    files = {f: _git(git, "show", f"HEAD:{f}") for f in _FILES}
    metanodes = _tsv(files["describe/nodes/metanodes.tsv"])
    metaedges: list[dict[str, Any]] = []
    for row in _tsv(files["describe/edges/metaedges.tsv"]):
        directed = " > " in row["metaedge"]
        s, r, t = row["metaedge"].replace(" > ", " - ").split(" - ")
        metaedges.append({"abbreviation": row["abbreviation"], "source": s, "relation": r,
                          "target": t, "directed": directed, "edges": int(row["edges"]),
                          "source_nodes": int(row["source_nodes"]),
                          "target_nodes": int(row["target_nodes"])})
    sheets = _xlsx_sheets(files["describe/degree/degrees.xlsx"])
    columns = degree_columns(metaedges)
    # kind -> node id -> {column: degree}
    degrees: dict[str, dict[str, dict[str, int]]] = {}
    for kind, rows in sheets.items():
        header = rows[0]
        wanted = {c: header.index(x) for c, k, x in columns if k == kind}
        degrees[kind] = {r[0]: {c: int(r[i] or 0) for c, i in wanted.items()} for r in rows[1:]}
    kinds = [m["metanode"] for m in metanodes]
    out.mkdir(parents=True, exist_ok=True)
    for m in metaedges:
        for side in ("source", "target"):
            if m["source"] == m["target"] and not m["directed"]:
                name = m["abbreviation"]
            elif m["source"] == m["target"]:
                name = f"{m['abbreviation']}:{side}"
            else:
                name = m["abbreviation"]
            kind = m[side]
            values = sorted(d[name] for d in degrees[kind].values() if d[name])
            m[f"max_{side}_degree"] = values[-1]
            m[f"median_{side}_degree"] = statistics.median_low(values)
    linked = {kind: [sum(own.values()) for own in degrees[kind].values()]
              for kind in kinds}
    metagraph = {
        "source": {"repository": REPOSITORY, "commit": commit, "files": list(_FILES),
                   "licence": LICENCE},
        "kinds": [{"kind": m["metanode"], "abbreviation": m["abbreviation"],
                   "nodes": int(m["nodes"]), "unconnected_nodes": int(m["unconnected_nodes"]),
                   "rank_correlation": rank_correlation(
                       [[own[c] for own in degrees[m["metanode"]].values()]
                        for c in dict.fromkeys(c for c, k, _x in columns
                                               if k == m["metanode"])]),
                   "top_total_degrees": sorted(linked[m["metanode"]], reverse=True)[:10]}
                  for m in metanodes],
        "metaedges": metaedges,
        "degree_columns": [{"column": c, "kind": k, "degrees_xlsx": x,
                            "degrees": degree_summary([own[c] for own in degrees[k].values()])}
                           for c, k, x in columns],
    }
    (out / "metagraph.json").write_text(json.dumps(metagraph, indent=1) + "\n",
                                        encoding="utf-8")
    return metagraph


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.hetionet_extract --repo PATH [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True,
                        help="a clone (or bare mirror) of github.com/hetio/hetionet")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    metagraph = extract(args.repo, args.out)
    print(f"{args.out}: {sum(k['nodes'] for k in metagraph['kinds']):,} nodes of "
          f"{len(metagraph['kinds'])} kinds, {len(metagraph['metaedges'])} metaedges, from "
          f"{metagraph['source']['commit'][:7]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
