"""Extract the statistics the Hetionet-shaped benchmark graph needs from Hetionet v1.0.

The generator (``benchmarks/generate.py``, shape ``hetionet``) must run offline, so what
it needs from the public ``hetio/hetionet`` repository (CC0 1.0) is committed under
``benchmarks/hetionet/``: ``metagraph.json`` (the node kinds and metaedges, with their
counts and degrees) and ``nodes.tsv.xz`` (every node's kind, identifier, name and degree per
metaedge), both described in ``benchmarks/hetionet/README.md``. This script remakes those
files from a clone of that repository (or a bare mirror of it) and is needed only to check
or refresh them.

Usage::

    python -m benchmarks.hetionet_extract --repo /work/.mirror/hetio+hetionet/repo
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import lzma
import statistics
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

__all__ = ["OUT", "degree_columns", "extract", "main"]

OUT = Path(__file__).resolve().parent / "hetionet"
REPOSITORY = "https://github.com/hetio/hetionet"
LICENCE = ("CC0 1.0 Universal (public domain dedication), as the repository's README states "
           "for all its original content")
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_FILES = ("describe/nodes/metanodes.tsv", "describe/edges/metaedges.tsv",
          "describe/degree/degrees.xlsx", "hetnet/tsv/hetionet-v1.0-nodes.tsv")


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
    """The degree columns of ``nodes.tsv.xz``: (column, node kind, degrees.xlsx column).

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


def extract(repo: Path, out: Path = OUT) -> dict[str, Any]:
    """Write ``metagraph.json`` and ``nodes.tsv.xz`` into ``out`` from ``repo``'s HEAD."""
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
    nodes = _tsv(files["hetnet/tsv/hetionet-v1.0-nodes.tsv"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    names = list(dict.fromkeys(c for c, _k, _x in columns))
    writer.writerow(["kind", "id", "name", *names])
    for kind in kinds:
        for node in nodes:
            if node["kind"] != kind:
                continue
            local = node["id"].split("::", 1)[1]
            own = degrees[kind][local]
            writer.writerow([kind, local, node["name"], *(own.get(c, "") for c in names)])
    out.mkdir(parents=True, exist_ok=True)
    # xz rather than gzip: a smaller file in the repository, and the standard library reads
    # both
    (out / "nodes.tsv.xz").write_bytes(lzma.compress(buffer.getvalue().encode("utf-8"),
                                                     preset=9 | lzma.PRESET_EXTREME))
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
    metagraph = {
        "source": {"repository": REPOSITORY, "commit": commit, "files": list(_FILES),
                   "licence": LICENCE},
        "kinds": [{"kind": m["metanode"], "abbreviation": m["abbreviation"],
                   "nodes": int(m["nodes"]), "unconnected_nodes": int(m["unconnected_nodes"])}
                  for m in metanodes],
        "metaedges": metaedges,
        "degree_columns": [{"column": c, "kind": k, "degrees_xlsx": x} for c, k, x in columns],
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
