"""Synthetic graphs for the benchmark, shaped like real biomedical graphs.

Two profiles, both written as gzip-compressed N-Triples, streamed, and deterministic for a
seed (the same arguments give byte-identical files):

``myograph`` (the default)
    The project's own vocabulary. The curated graph (``data/triples.ttl``) is inside it,
    and around it generated entities of the ``mg:`` classes (symptoms, diseases, drugs,
    chemical entities, biological processes, therapies, behaviours, procedures, drug
    classes), each with an ``rdfs:label``, ``skos:altLabel`` synonyms, a
    ``skos:definition`` and a ``dcterms:identifier``. Causal links follow plausible class
    pairs (a drug has an adverse effect on a symptom, a disease causes a symptom…) with
    heavy-tailed degrees: each end is drawn from a Zipf law over its class most of the
    time, so a few hubs have thousands of links. Every link carries an ``mg:Claim``
    (``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``, ``mg:source`` to one of a few
    sources, ``mg:quote``, ``mg:effectSign``), as in the curated graph. Every curated entity
    gets a few links to and from generated ones, so routes from curated nodes exist, and a
    small island of entities is linked only among itself, so unreachable pairs exist.

``hetionet``
    Hetionet v1.0 itself, seen through a sample of its nodes, from its published statistics
    (``benchmarks/hetionet/``: node kinds, metaedges, and every node's name, identifier and
    degree per metaedge, from the CC0 ``hetio/hetionet`` repository). A share ``s`` of the
    47,031 nodes is kept, stratified by degree so the hubs are kept in proportion, and ``s``
    is chosen so that their 3 triples each (``rdf:type`` a kind under
    ``https://het.io/rdf/kind/``, ``schema:name``, ``schema:identifier`` such as
    ``Gene::7157``) and ``s²`` of the 2,250,197 edges (what a node sample keeps) make the
    triples asked for: about 30 k nodes and 0.91 M edges at 1 M triples, the whole network
    at 2.39 M, and past that extra copies of nodes ("TP53 (copy 2)"). Each of the 24
    metaedges (one predicate each under ``https://het.io/rdf/rel/``: ``expresses_AeG``,
    ``interacts_GiG``…) has its real share of the edges, and links are drawn to the kept
    nodes' real degrees times ``s``: exactly on the side whose hubs reach most of the other
    side (anatomy expressing genes), by weight on the other, so the hubs are Hetionet's
    (testis, brain, UBC) with thousands of links. Nodes without links in Hetionet keep none
    (the unreachable pairs end at two of them). No claims.

The ``myograph`` labels are pronounceable generated words, plus a few fixed names (the hubs,
and "velantrozine") that the benchmark searches; the ``hetionet`` ones are Hetionet's own
(the benchmark searches "Dantrolene"). Beside the graph a manifest
(``FILE.meta.json``) records the actual triple count and what the benchmark needs: search
terms, a typical node and a hub, and reachable and unreachable pairs (found by a
breadth-first search in the generator).

This file is the entry point; the profiles and what they share are in
``benchmarks/synthetic/``.

Usage::

    python benchmarks/generate.py --triples 1000000 --seed 7 --out graph.nt.gz
    python benchmarks/generate.py --triples 1000000 --profile hetionet --out het.nt.gz
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
           "LABEL", "MG", "MGC", "MGS", "NAME", "PROFILES", "RDF", "SCHEMA_ID", "SEARCH_HIT",
           "generate", "main", "manifest_path"]

GENERATOR_VERSION = 2
"""Bumped whenever the output for given arguments changes (cached files are then remade)."""

Profile = Literal["myograph", "hetionet"]
PROFILES: tuple[Profile, ...] = ("myograph", "hetionet")


def manifest_path(out: Path) -> Path:
    """Where the manifest of a generated file goes: ``FILE.meta.json`` beside it."""
    name = out.name.removesuffix(".gz").removesuffix(".nt")
    return out.with_name(name + ".meta.json")


def generate(triples: int, seed: int, out: Path, profile: Profile = "myograph") -> dict[str, Any]:
    """Write a graph of exactly ``triples`` distinct triples to ``out`` (``.nt.gz``).

    Returns the manifest, also written to :func:`manifest_path` of ``out``. A graph smaller
    than the curated graph plus a minimal body is not possible: the count is then larger.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    if triples < 1:
        raise ValueError(f"--triples must be positive, not {triples}")
    rng = random.Random(f"{profile}:{seed}")  # noqa: S311 - synthetic data, not security
    partial = out.with_name(out.name + ".partial")
    with open_out(partial) as stream:
        writer = Writer(stream)
        if profile == "hetionet":
            manifest = generate_hetionet(writer, triples, rng)
        else:
            manifest = generate_myograph(writer, triples, rng)
        writer.flush()
    partial.replace(out)
    manifest.update(seed=seed, requested=triples, version=GENERATOR_VERSION, file=out.name)
    manifest_path(out).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """``generate.py --triples N --seed S --out FILE.nt.gz [--profile hetionet]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="triples wanted")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="output file (.nt.gz)")
    parser.add_argument("--profile", choices=PROFILES, default="myograph",
                        help="vocabulary: myograph (default) or hetionet")
    args = parser.parse_args(argv)
    if not args.out.name.endswith(".nt.gz"):
        parser.error("--out must end in .nt.gz")
    manifest = generate(args.triples, args.seed, args.out, args.profile)
    print(f"{args.out}: {manifest['triples']:,} triples ({manifest['profile']}, seed "
          f"{args.seed}); hub {manifest['hub']['label']!r} with {manifest['hub']['degree']:,}"
          f" links; manifest {manifest_path(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
