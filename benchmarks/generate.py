"""Synthetic graphs for the benchmark, shaped like real biomedical graphs.

Two shapes, both written as gzip-compressed N-Triples, streamed, and deterministic for a
seed (the same arguments give byte-identical files): ``myograph`` (the default), the
project's own vocabulary around the curated graph, with heavy-tailed degrees and a claim
behind every link; and ``hetionet``, a graph with Hetionet v1.0's statistics (kinds,
relations' shares, degree skew) on made-up nodes, seen through a sample of them.
``benchmarks/README.md`` describes both.

Beside the graph a manifest (``FILE.meta.json``) records the actual triple count and what
the benchmark needs: search terms, a typical node and a hub, and reachable and unreachable
pairs. This file is the entry point; the shapes are in ``benchmarks/synthetic/``.

Usage::

    python benchmarks/generate.py --triples 1000000 --seed 7 --out graph.nt.gz
    python benchmarks/generate.py --triples 1000000 --shape hetionet --out het.nt.gz
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

if not __package__:  # run as a file (python benchmarks/generate.py): find the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic.common import (
    ALT,
    DEFINITION,
    HET,
    IDENTIFIER,
    LABEL,
    MG,
    MGC,
    MGS,
    NAME,
    RDF,
    SCHEMA_ID,
    Writer,
    open_out,
)
from benchmarks.synthetic.hetionet import HET_SEARCH_HIT, generate_hetionet

# the Hetionet helpers tests/test_benchmarks.py checks, still importable from here
from benchmarks.synthetic.myograph import SEARCH_HIT, generate_myograph

__all__ = ["ALT", "DEFINITION", "GENERATOR_VERSION", "HET", "HET_SEARCH_HIT", "IDENTIFIER",
           "LABEL", "MG", "MGC", "MGS", "NAME", "RDF", "SCHEMA_ID", "SEARCH_HIT", "SHAPES",
           "cached", "generate", "main", "manifest_path"]

GENERATOR_VERSION = 4
"""Bumped whenever the output for given arguments or its manifest changes (cached files are
then remade)."""

Shape = Literal["myograph", "hetionet"]
SHAPES: tuple[Shape, ...] = ("myograph", "hetionet")
"""The graphs the generator makes: the project's vocabulary, or Hetionet's."""


def manifest_path(out: Path) -> Path:
    """Where the manifest of a generated file goes: ``FILE.meta.json`` beside it."""
    name = out.name.removesuffix(".gz").removesuffix(".nt")
    return out.with_name(name + ".meta.json")


def generate(triples: int, seed: int, out: Path, shape: Shape = "myograph") -> dict[str, Any]:
    """Write a graph of exactly ``triples`` distinct triples to ``out`` (``.nt.gz``).

    Returns the manifest, also written to :func:`manifest_path` of ``out``. A graph smaller
    than the curated graph plus a minimal body is not possible: the count is then larger.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: use one of {', '.join(SHAPES)}")
    if triples < 1:
        raise ValueError(f"--triples must be positive, not {triples}")
    rng = random.Random(f"{shape}:{seed}")  # noqa: S311 - synthetic data, not security
    partial = out.with_name(out.name + ".partial")
    with open_out(partial) as stream:
        writer = Writer(stream)
        if shape == "hetionet":
            manifest = generate_hetionet(writer, triples, rng)
        else:
            manifest = generate_myograph(writer, triples, rng)
        writer.flush()
    partial.replace(out)
    manifest.update(seed=seed, requested=triples, version=GENERATOR_VERSION, file=out.name)
    manifest_path(out).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def cached(work: Path, shape: str, size: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The generated file for a size under ``work``, made once and reused while the
    generator is unchanged; with its manifest."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    name = "graph" if shape == "myograph" else "hetionet"
    out = work / f"{name}-{size}-s{seed}.nt.gz"
    meta_file = manifest_path(out)
    if out.exists() and meta_file.exists():
        meta: dict[str, Any] = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta.get("version") == GENERATOR_VERSION and meta.get("requested") == size:
            return out, meta
    return out, generate(size, seed, out, shape)


def main(argv: Sequence[str] | None = None) -> int:
    """``generate.py --triples N --seed S --out FILE.nt.gz [--shape hetionet]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="triples wanted")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="output file (.nt.gz)")
    parser.add_argument("--shape", choices=SHAPES, default="myograph",
                        help="vocabulary: myograph (default) or hetionet")
    args = parser.parse_args(argv)
    if not args.out.name.endswith(".nt.gz"):
        parser.error("--out must end in .nt.gz")
    manifest = generate(args.triples, args.seed, args.out, args.shape)
    print(f"{args.out}: {manifest['triples']:,} triples ({manifest['shape']}, seed "
          f"{args.seed}); hub {manifest['hub']['label']!r} with {manifest['hub']['degree']:,}"
          f" links; manifest {manifest_path(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
