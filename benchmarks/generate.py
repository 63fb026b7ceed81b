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

Usage::

    python benchmarks/generate.py --triples 1000000 --seed 7 --out graph.nt.gz
    python benchmarks/generate.py --triples 1000000 --profile hetionet --out het.nt.gz
"""

from __future__ import annotations

import argparse
import bisect
import csv
import functools
import gzip
import heapq
import json
import lzma
import math
import random
import sys
from collections import Counter, deque
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

__all__ = ["GENERATOR_VERSION", "PROFILES", "generate", "main", "manifest_path"]

GENERATOR_VERSION = 2
"""Bumped whenever the output for given arguments changes (cached files are then remade)."""

Profile = Literal["myograph", "hetionet"]
PROFILES: tuple[Profile, ...] = ("myograph", "hetionet")

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "data" / "triples.ttl"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
MG = "https://w3id.org/myograph/vocab#"
MGE = "https://w3id.org/myograph/entity/"
MGC = "https://w3id.org/myograph/claim/"
MGS = "https://w3id.org/myograph/source/"
HET = "https://het.io/rdf/"

TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
ALT = f"<{SKOS}altLabel>"
DEFINITION = f"<{SKOS}definition>"
IDENTIFIER = f"<{DCT}identifier>"
TITLE = f"<{DCT}title>"
NAME = f"<{SCHEMA}name>"
SCHEMA_ID = f"<{SCHEMA}identifier>"

HUB_CAP = 500
"""Nodes with more links than this are not expanded when pairs are chosen (as in paths.py)."""

# --------------------------------------------------------------------------- names

_ONSETS = ("b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
           "cl", "dr", "gr", "pr", "st", "tr", "ch", "th", "qu", "sl", "fl", "h", "j", "w")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ou", "ea", "io")
_CODAS = ("", "", "", "n", "r", "l", "s", "x", "m", "nd", "rt")


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables))


_MG_NAMERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # class: (suffixes glued to the word, words put after it)
    "Symptom": ((), ("twitching", "cramp", "pain", "weakness", "stiffness", "tremor",
                     "fatigue", "numbness", "spasm", "ache")),
    "Disease": (("itis", "osis", "emia", "opathy"), ("syndrome", "disease", "disorder",
                                                     "deficiency")),
    "Drug": (("ine", "ol", "azole", "mab", "pril", "statin", "oxacin", "vir", "done", "pam"),
             ()),
    "ChemicalEntity": (("ate", "ide", "ium", "ene", "ose", "in"), ()),
    "BiologicalProcess": ((), ("signalling", "transport", "uptake", "metabolism", "secretion",
                               "excitability", "clearance")),
    "Therapy": ((), ("stretching", "massage", "therapy", "training", "bath", "technique")),
    "Behaviour": ((), ("habit", "routine", "overuse", "posture")),
    "Procedure": (("ectomy", "otomy", "plasty"), ("resection", "block")),
    "DrugClass": ((), ("blockers", "inhibitors", "agonists", "antagonists")),
}


def _mg_name(rng: random.Random, cls: str) -> str:
    glued, after = _MG_NAMERS[cls]
    word = _word(rng, rng.choice((2, 2, 3)))
    if glued and (not after or rng.random() < 0.6):
        return word + rng.choice(glued)
    return f"{word} {rng.choice(after)}"


def _lit(text: str, lang: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


# --------------------------------------------------------------------------- sampling


class _Sampler:
    """Draws members of a pool: a Zipf law over ranks with probability ``p_zipf``, else uniform.

    Rank 0 is the biggest hub.
    """

    def __init__(self, pool: Sequence[int], exponent: float, p_zipf: float) -> None:
        self.pool = list(pool)
        self.p_zipf = p_zipf
        total = 0.0
        self.cum: list[float] = []
        for rank in range(len(self.pool)):
            total += 1.0 / (rank + 1) ** exponent
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random) -> int:
        if rng.random() < self.p_zipf:
            i = bisect.bisect_left(self.cum, rng.random() * self.total)
            return self.pool[min(i, len(self.pool) - 1)]
        return self.pool[rng.randrange(len(self.pool))]


def _weighted(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_left(cum, rng.random() * cum[-1])


def _cumulative(weights: Sequence[float]) -> list[float]:
    out: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# --------------------------------------------------------------------------- writing


class _Writer:
    """Counts and writes N-Triples lines; refuses a triple already written (exact counts)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0
        self._buffer: list[str] = []

    def emit(self, s: str, p: str, o: str) -> None:
        self._buffer.append(f"{s} {p} {o} .\n")
        self.count += 1
        if len(self._buffer) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self._buffer))
        self._buffer.clear()


@dataclass
class _Graph:
    """What the generator keeps in memory to choose benchmark pairs: nodes and links."""

    iris: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    out: list[list[int]] = field(default_factory=list)
    into: list[list[int]] = field(default_factory=list)

    def add(self, iri: str, label: str, cls: str) -> int:
        self.iris.append(iri)
        self.labels.append(label)
        self.classes.append(cls)
        self.out.append([])
        self.into.append([])
        return len(self.iris) - 1

    def link(self, s: int, o: int) -> None:
        self.out[s].append(o)
        self.into[o].append(s)

    def degree(self, n: int) -> int:
        return len(self.out[n]) + len(self.into[n])

    def distances(self, source: int, max_hops: int, undirected: bool) -> dict[int, int]:
        """Hops from ``source`` (hubs reached but not expanded, as the path search does)."""
        dist = {source: 0}
        queue = deque([source])
        while queue:
            n = queue.popleft()
            if dist[n] >= max_hops:
                continue
            nexts = self.out[n] + self.into[n] if undirected else self.out[n]
            if n != source and len(nexts) > HUB_CAP:
                continue
            for m in nexts:
                if m not in dist:
                    dist[m] = dist[n] + 1
                    queue.append(m)
        return dist


def _open_out(out: Path) -> IO[str]:
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.open("wb")
    # mtime=0 and no file name in the header: byte-identical output for a seed
    gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=5, mtime=0)
    import io

    return io.TextIOWrapper(gz, encoding="utf-8", newline="\n")


def manifest_path(out: Path) -> Path:
    """Where the manifest of a generated file goes: ``FILE.meta.json`` beside it."""
    name = out.name.removesuffix(".gz").removesuffix(".nt")
    return out.with_name(name + ".meta.json")


# --------------------------------------------------------------------------- myograph

_MG_CLASS_SHARES: dict[str, float] = {
    "Symptom": 0.22, "Disease": 0.20, "Drug": 0.18, "ChemicalEntity": 0.14,
    "BiologicalProcess": 0.12, "Therapy": 0.05, "Behaviour": 0.03, "Procedure": 0.03,
    "DrugClass": 0.03,
}
_MG_TEMPLATES: tuple[tuple[str, str, str, float], ...] = (
    ("Disease", "causes", "Symptom", 14), ("Disease", "contributesTo", "Disease", 5),
    ("Disease", "associatedWith", "Symptom", 4), ("Drug", "hasAdverseEffect", "Symptom", 14),
    ("Drug", "treats", "Disease", 8), ("Drug", "treats", "Symptom", 4),
    ("Drug", "increases", "ChemicalEntity", 4), ("Drug", "decreases", "ChemicalEntity", 4),
    ("Drug", "causes", "Disease", 3), ("ChemicalEntity", "increases", "BiologicalProcess", 5),
    ("ChemicalEntity", "decreases", "BiologicalProcess", 4),
    ("ChemicalEntity", "causes", "Symptom", 4),
    ("BiologicalProcess", "contributesTo", "Disease", 5),
    ("BiologicalProcess", "causes", "Symptom", 5), ("Therapy", "decreases", "Symptom", 4),
    ("Therapy", "prevents", "Disease", 2), ("Behaviour", "contributesTo", "Symptom", 3),
    ("Behaviour", "increases", "BiologicalProcess", 2), ("Procedure", "causes", "Disease", 2),
    ("Symptom", "contributesTo", "Symptom", 4),
)
_SIGNS = {"causes": "+", "contributesTo": "+", "increases": "+", "hasAdverseEffect": "+",
          "decreases": "-", "prevents": "-", "treats": "-", "associatedWith": "?"}
_WORDS = {"causes": "causes", "contributesTo": "contributes to", "increases": "increases",
          "hasAdverseEffect": "can bring on", "decreases": "lowers", "prevents": "prevents",
          "treats": "treats", "associatedWith": "is linked to"}
_MG_HUB_NAMES = {
    "Symptom": "velmora twitching", "Disease": "caldrian syndrome", "Drug": "zorvalimab",
    "ChemicalEntity": "tessarine", "BiologicalProcess": "ostrenal signalling",
    "Therapy": "brunell stretching", "Behaviour": "quenton overuse",
    "Procedure": "marvectomy", "DrugClass": "dralen blockers",
}
SEARCH_HIT = "velantrozine"
SEARCH_FUZZY = "velantrozyne"
SEARCH_MISS = "xqzvwrtk plomb"
_SOURCES = (
    ("bench_cohort_a", "literature", "A synthetic cohort study of cramps (benchmark)"),
    ("bench_review_b", "literature", "A synthetic review of muscle physiology (benchmark)"),
    ("bench_label_c", "literature", "Synthetic prescribing information (benchmark)"),
    ("bench_case_d", "literature", "A synthetic case series (benchmark)"),
    ("bench_blog_e", "article", "A synthetic lay article on muscle health (benchmark)"),
)
_ENTITY_COST = 5.0
"""Triples per generated entity, on average (type, label, definition, identifier, ~1 synonym)."""
_LINK_COST = 9
"""Triples per causal link: the link itself and its claim (8)."""
_LINKS_PER_ENTITY = 5.0


def _curated() -> tuple[list[tuple[str, str, str]], dict[str, tuple[str, str]]]:
    """The curated triples (N-Triples terms) and its entities: IRI -> (class, label)."""
    import pyoxigraph as ox

    triples: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for quad in ox.parse(path=str(CURATED), format=ox.RdfFormat.TURTLE):
        t = (str(quad.subject), str(quad.predicate), str(quad.object))
        if t not in seen:
            seen.add(t)
            triples.append(t)
    classes: dict[str, str] = {}
    labels: dict[str, str] = {}
    for s, p, o in triples:
        if p == TYPE and o.startswith(f"<{MG}") and o[len(MG) + 1:-1] in _MG_CLASS_SHARES:
            classes[s[1:-1]] = o[len(MG) + 1:-1]
        elif p == LABEL and s.startswith(f"<{MGE}"):
            labels[s[1:-1]] = o.split('"')[1]
    return triples, {iri: (cls, labels.get(iri, iri)) for iri, cls in sorted(classes.items())}


def _generate_myograph(w: _Writer, triples: int, rng: random.Random) -> dict[str, Any]:
    curated, curated_entities = _curated()
    for s, p, o in curated:
        w.emit(s, p, o)
    source_iris = []
    for local, kind, title in _SOURCES:
        iri = f"<{MGS}{local}>"
        source_iris.append(iri)
        w.emit(iri, TYPE, f"<{MG}Source>")
        w.emit(iri, f"<{MG}sourceKind>", _lit(kind))
        w.emit(iri, TITLE, _lit(title, "en"))
    # synthetic claims cite synthetic sources only: a made-up quote must never be shown as
    # coming from the curated graph's real references (StatPearls, Harrison's…)
    source_cum = _cumulative([1.0 / (i + 1) for i in range(len(source_iris))])

    budget = max(0, triples - w.count)
    n_entities = max(len(_MG_CLASS_SHARES) * 4,
                     int(budget / (_ENTITY_COST + _LINKS_PER_ENTITY * _LINK_COST)))
    g = _Graph()
    pools: dict[str, list[int]] = {c: [] for c in _MG_CLASS_SHARES}
    island: dict[str, list[int]] = {c: [] for c in _MG_CLASS_SHARES}
    hit_node = -1
    for cls, share in _MG_CLASS_SHARES.items():
        count = max(4, round(n_entities * share))
        n_island = max(2, count // 100)
        for i in range(count):
            if i == 0:
                label = _MG_HUB_NAMES[cls]
            elif cls == "Drug" and i == max(1, count // 10):
                label = SEARCH_HIT
            else:
                label = _mg_name(rng, cls)
            n = g.add(f"{MGE}bench_{cls.lower()}_{i:06d}", label, cls)
            if label == SEARCH_HIT:
                hit_node = n
            (island if i >= count - n_island else pools)[cls].append(n)
            iri = f"<{g.iris[n]}>"
            w.emit(iri, TYPE, f"<{MG}{cls}>")
            w.emit(iri, LABEL, _lit(label, "en"))
            names = {label}
            for _ in range(rng.choices((0, 1, 2), weights=(0.3, 0.45, 0.25))[0]):
                synonym = (_mg_name(rng, cls) if rng.random() < 0.6 else
                           f"{label.split()[0][:3].upper()}-{rng.randint(1, 999)}")
                if synonym not in names:
                    names.add(synonym)
                    w.emit(iri, ALT, _lit(synonym, "en"))
            w.emit(iri, DEFINITION, _lit(f"{label}: a synthetic {_split(cls)} made for the "
                                         "myograph benchmark.", "en"))
            w.emit(iri, IDENTIFIER, _lit(f"MGB:{cls[:3].upper()}{i:06d}"))
    # curated entities join the pools at middling ranks
    curated_nodes: dict[str, int] = {}
    for iri, (cls, label) in curated_entities.items():
        n = g.add(iri, label, cls)
        curated_nodes[iri] = n
        pools[cls].insert(rng.randint(min(5, len(pools[cls])), len(pools[cls])), n)
    samplers = {c: _Sampler(pool, 1.0, 0.6) for c, pool in pools.items()}
    island_samplers = {c: _Sampler(pool, 1.0, 0.0) for c, pool in island.items()}
    templates_cum = _cumulative([t[3] for t in _MG_TEMPLATES])
    links: set[tuple[int, str, int]] = set()
    for s, p, o in curated:  # the curated causal links, for choosing pairs
        if p.startswith(f"<{MG}") and p[len(MG) + 1:-1] in _SIGNS:
            si, oi = curated_nodes.get(s[1:-1]), curated_nodes.get(o[1:-1])
            if si is not None and oi is not None:
                g.link(si, oi)
                links.add((si, p[len(MG) + 1:-1], oi))
    claims = 0

    def add_link(s: int, rel: str, o: int) -> bool:
        nonlocal claims
        if s == o or (s, rel, o) in links or w.count + _LINK_COST > triples:
            return False
        links.add((s, rel, o))
        g.link(s, o)
        si, oi, pi = f"<{g.iris[s]}>", f"<{g.iris[o]}>", f"<{MG}{rel}>"
        w.emit(si, pi, oi)
        claims += 1
        claim = f"<{MGC}bench_{claims:07d}>"
        w.emit(claim, TYPE, f"<{MG}Claim>")
        w.emit(claim, TYPE, f"<{RDF}Statement>")
        w.emit(claim, f"<{RDF}subject>", si)
        w.emit(claim, f"<{RDF}predicate>", pi)
        w.emit(claim, f"<{RDF}object>", oi)
        w.emit(claim, f"<{MG}source>", source_iris[_weighted(rng, source_cum)])
        w.emit(claim, f"<{MG}quote>", _lit(f"{g.labels[s]} {_WORDS[rel]} {g.labels[o]}.",
                                           "en"))
        w.emit(claim, f"<{MG}effectSign>", _lit(_SIGNS[rel]))
        return True

    # a sprinkling of links to and from every curated entity
    for _iri, n in curated_nodes.items():
        cls = g.classes[n]
        outgoing = [t for t in _MG_TEMPLATES if t[0] == cls]
        incoming = [t for t in _MG_TEMPLATES if t[2] == cls]
        for _ in range(2):
            if outgoing:
                _c, rel, ocls, _w = rng.choice(outgoing)
                add_link(n, rel, samplers[ocls].draw(rng))
            if incoming:
                scls, rel, _c, _w = rng.choice(incoming)
                add_link(samplers[scls].draw(rng), rel, n)
    # drugs in drug classes (a non-causal link, no claim)
    curated_set = set(curated_nodes.values())
    for n in pools["Drug"]:
        if w.count + 1 + _LINK_COST > triples or n in curated_set:
            continue
        w.emit(f"<{g.iris[n]}>", f"<{MG}inClass>", f"<{g.iris[samplers['DrugClass'].draw(rng)]}>")
    # the island: linked only among itself
    n_island = sum(len(v) for v in island.values())
    for _ in range(n_island * 3):
        scls, rel, ocls, _w = _MG_TEMPLATES[_weighted(rng, templates_cum)]
        add_link(island_samplers[scls].draw(rng), rel, island_samplers[ocls].draw(rng))
    # the main body, until the budget is spent
    failures = 0
    while w.count + _LINK_COST <= triples and failures < 10_000:
        scls, rel, ocls, _w = _MG_TEMPLATES[_weighted(rng, templates_cum)]
        if add_link(samplers[scls].draw(rng), rel, samplers[ocls].draw(rng)):
            failures = 0
        else:
            failures += 1
    # fill to the exact count with more synonyms
    k = 0
    while w.count < triples:
        n = k % len(g.iris)
        w.emit(f"<{g.iris[n]}>", ALT, _lit(f"{g.labels[n]} (variant {k // len(g.iris) + 1})",
                                            "en"))
        k += 1

    hub = max(pools["Symptom"], key=lambda n: (g.degree(n), -n))
    typical = hit_node
    acyclovir = curated_nodes.get(f"{MGE}acyclovir", typical)
    spasm = curated_nodes.get(f"{MGE}muscle_spasm", hub)
    reachable = _reachable_pairs(g, [typical, acyclovir], rng, undirected=False,
                                 target_classes={"Symptom", "Disease"})
    into_spasm = _reachable_into(g, spasm, pools["Drug"][len(pools["Drug"]) // 5:],
                                 undirected=False)
    if into_spasm is not None:
        reachable.append(into_spasm)
    island_symptom = island["Symptom"][0]
    unreachable = [(typical, island_symptom), (island["Drug"][0], hub)]
    return _manifest(g, "myograph", w.count, typical, hub, reachable, unreachable,
                     extra={"claims": claims, "links": len(links), "classes": {
                         c: len(pools[c]) + len(island[c]) for c in _MG_CLASS_SHARES},
                         "curated_entities": len(curated_entities),
                         "curated_triples": len(curated),
                         "search": {"hit": SEARCH_HIT, "miss": SEARCH_MISS,
                                    "fuzzy": SEARCH_FUZZY}})


def _split(cls: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in cls).strip()


# --------------------------------------------------------------------------- hetionet

HET_DATA = Path(__file__).resolve().parent / "hetionet"
"""Hetionet v1.0's statistics (``benchmarks/hetionet/``, CC0; see its README)."""
HET_SEARCH_HIT = "Dantrolene"
"""A compound of middling degree (112 links in Hetionet), searched and used as the typical node."""
HET_SEARCH_FUZZY = "dantroline"
_HET_TYPICAL = ("Compound", "DB01219")  # Dantrolene
_HET_ISOLATED = (("Disease", "DOID:9917"), ("Compound", "DB00236"))
"""Nodes without links in Hetionet (pleural cancer, Pipobroman): the unreachable pairs' ends."""
_HET_LINE_COST = 3
"""Triples per node: type, name, identifier."""


@dataclass(frozen=True)
class _Metaedge:
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
class _HetData:
    """Hetionet v1.0: kinds with node counts, metaedges, and every node's degrees."""

    commit: str
    kinds: tuple[tuple[str, int], ...]
    metaedges: tuple[_Metaedge, ...]
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
def _het_data() -> _HetData:
    meta = json.loads((HET_DATA / "metagraph.json").read_text(encoding="utf-8"))
    metaedges = tuple(
        _Metaedge(m["abbreviation"], m["source"], m["relation"], m["target"], m["directed"],
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
    return _HetData(meta["source"]["commit"], kinds, metaedges, ids, names, degrees)


def _camel(kind: str) -> str:
    return kind.replace(" ", "")


def _het_scale(nodes: int, edges: int, budget: int) -> float:
    """The share ``s`` of Hetionet's nodes that makes ``budget`` triples.

    A node sample keeps each edge whose two ends it keeps, so ``s`` of the nodes bring about
    ``s²`` of the edges: ``3·s·nodes + s²·edges = budget``. Past the real size (``s > 1``)
    every node is copied ``⌊s⌋`` times and a share ``s - ⌊s⌋`` once more.
    """
    a, b = edges, _HET_LINE_COST * nodes
    return (-b + math.sqrt(b * b + 4 * a * budget)) / (2 * a) if budget > 0 else 0.0


def _het_sample(data: _HetData, kind: str, scale: float, forced: list[int],
                rng: random.Random) -> list[tuple[int, int]]:
    """The kept nodes of a kind, as (row in the kind's table, copy number from 1).

    ``round(scale × nodes)`` of them: ``⌊scale⌋`` copies of every node, then a sample
    stratified by total degree (one node at random from each of equal slices of the degree
    ranking: hubs are kept in proportion, one of the top ``1 / scale`` always). ``forced``
    rows are kept in any case. Always keeping the very top node instead would give the kept
    nodes more than their share of links, so every degree would be scaled down to fit.
    """
    n = len(data.ids[kind])
    want = max(1, round(scale * n))
    copies = want // n
    chosen = [(row, c) for c in range(1, copies + 1) for row in range(n)]
    rest = want - copies * n
    copy = copies + 1
    if copy == 1:
        chosen += [(row, 1) for row in forced]
        rest = max(0, rest - len(forced))
    taken = {row for row, c in chosen if c == copy}
    total = data.total_degree(kind)
    order = [row for row in range(n) if row not in taken]
    rng.shuffle(order)  # ties in degree are broken at random
    order.sort(key=lambda row: -total[row])
    for i in range(rest):
        lo, hi = i * len(order) // rest, (i + 1) * len(order) // rest
        chosen.append((order[rng.randrange(lo, max(lo + 1, hi))], copy))
    return sorted(chosen)


def _apportion(total: int, weights: Sequence[int], caps: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), at least 1 where the
    cap allows, never over a cap: each metaedge's share of the edges."""
    scale = total / sum(weights)
    out = [min(cap, max(1, math.floor(w * scale))) if cap else 0
           for w, cap in zip(weights, caps, strict=True)]
    left = total - sum(out)
    while left > 0:
        open_ = sorted((i for i, cap in enumerate(caps) if out[i] < cap),
                       key=lambda i: (out[i] - weights[i] * scale, i))
        if not open_:
            break
        for i in open_[:left]:
            out[i] += 1
        left = total - sum(out)
    while left < 0:  # the minimum of 1 overshot: take back from the biggest
        i = max(range(len(out)), key=lambda i: (out[i], -i))
        out[i] -= 1
        left += 1
    return out


def _spread(total: int, weights: Sequence[int], caps: Sequence[int],
            rng: random.Random) -> list[int]:
    """``total`` links over nodes in proportion to their Hetionet degrees, each rounded
    up or down at random (systematic rounding keeps the sum), none over its cap."""
    scale = total / sum(weights)
    shift = rng.random()
    out: list[int] = []
    acc = 0.0
    previous = 0
    for w in weights:
        acc += w * scale
        now = math.floor(acc + shift)
        out.append(now - previous)
        previous = now
    out = [min(k, cap) for k, cap in zip(out, caps, strict=True)]
    short = total - sum(out)
    while short > 0:
        open_ = [i for i, (k, cap) in enumerate(zip(out, caps, strict=True))
                 if k < cap and weights[i]]
        if not open_:
            break
        for i in rng.choices(open_, weights=[weights[i] for i in open_], k=short):
            if out[i] < caps[i] and short > 0:
                out[i] += 1
                short -= 1
    while short < 0:
        i = max(range(len(out)), key=lambda i: (out[i], -i))
        out[i] -= 1
        short += 1
    return out


def _choose(rng: random.Random, k: int, weights: Sequence[int], cum: list[float],
            exclude: Container[int]) -> list[int]:
    """``k`` distinct indices of ``weights`` (none in ``exclude``), drawn in proportion to
    their weights without replacement.

    Repeated draws while ``k`` is a small part of the choice; otherwise (a hub linked to
    most of the other side) exponential clocks: the ``k`` smallest ``Exp(1) / weight``.
    """
    n = len(weights)
    chosen: set[int] = set()
    if 3 * k <= n:
        population = range(n)
        for _round in range(20):
            for i in rng.choices(population, cum_weights=cum, k=k - len(chosen)):
                if i not in exclude:
                    chosen.add(i)
            if len(chosen) >= k:
                return sorted(chosen)
    clocks = {i: -math.log(1.0 - rng.random()) / w for i, w in enumerate(weights)
              if w and i not in exclude and i not in chosen}
    chosen.update(heapq.nsmallest(k - len(chosen), clocks, key=clocks.__getitem__))
    return sorted(chosen)


def _pairs(rng: random.Random, count: int, weights: Sequence[int]) -> list[tuple[int, int]]:
    """``count`` distinct unordered pairs of distinct indices, each index in about its share
    of them by weight (a symmetric metaedge: interacts, covaries, resembles).

    Nodes above the structural cut-off (``√(2·count)`` links, past which independent draws of
    both ends would pair a hub with the same heavy partners again and again) get their links
    first, as distinct partners drawn by weight; the rest are drawn as pairs of ends in
    proportion to the links each node still lacks, repeats rejected.
    """
    n = len(weights)
    wanted = _spread(2 * count, weights, [n - 1] * n, rng)
    remaining = list(wanted)
    cum = _cumulative(weights)
    seen: set[tuple[int, int]] = set()
    partners: dict[int, set[int]] = {}
    out: list[tuple[int, int]] = []

    def add(u: int, v: int) -> None:
        seen.add((u, v) if u < v else (v, u))
        partners.setdefault(u, set()).add(v)
        partners.setdefault(v, set()).add(u)
        remaining[u] -= 1
        remaining[v] -= 1
        out.append((u, v))

    cutoff = math.sqrt(2 * count)
    for x in sorted((i for i in range(n) if wanted[i] > cutoff), key=lambda i: (-wanted[i], i)):
        k = min(remaining[x], count - len(out), n - 1 - len(partners.get(x, ())))
        if k > 0:
            for y in _choose(rng, k, weights, cum, partners.get(x, set()) | {x}):
                add(x, y)
    rest = [max(0, r) for r in remaining]
    cum = _cumulative(rest if sum(rest) else weights)
    population = range(n)
    attempts = 0
    while len(out) < count and attempts < 20 * count + 1_000:
        need = count - len(out)
        ends = rng.choices(population, cum_weights=cum, k=2 * need)
        attempts += need
        for u, v in zip(ends[:need], ends[need:], strict=True):
            if u != v and ((u, v) if u < v else (v, u)) not in seen:
                add(u, v)
    if len(out) < count:  # nearly every pair taken: only in tiny graphs, so list them
        free = [(u, v) for u in range(n) for v in range(u + 1, n) if (u, v) not in seen]
        out += rng.sample(free, min(count - len(out), len(free)))
    return out


def _het_keep(data: _HetData, scale: float,
              rng: random.Random) -> dict[str, list[tuple[int, int]]]:
    """The kept nodes of every kind (see :func:`_het_sample`), plus, where a sample left an
    end of a metaedge without any node that has such links, one that has (drawn by degree):
    every relation is then present however small the graph."""
    fixed = [_HET_TYPICAL, *_HET_ISOLATED]
    kept: dict[str, list[tuple[int, int]]] = {}
    for kind, _n in data.kinds:
        forced = [data.ids[kind].index(i) for k, i in fixed if k == kind and i in data.ids[kind]]
        kept[kind] = _het_sample(data, kind, scale, forced, rng)
    for m in data.metaedges:
        for side, kind in enumerate((m.source, m.target)):
            values = data.degrees[kind][m.column(side)]
            need = 2 if m.source == m.target else 1  # a link needs two distinct nodes
            while sum(1 for row, _c in kept[kind] if values[row]) < need:
                taken = {row for row, c in kept[kind] if c == 1}
                rows = [row for row, v in enumerate(values) if v and row not in taken]
                kept[kind] = sorted([*kept[kind], (rng.choices(
                    rows, weights=[values[row] for row in rows])[0], 1)])
    return kept


def _het_capacity(m: _Metaedge, sources: Sequence[int], targets: Sequence[int]) -> int:
    """How many links of ``m`` the kept nodes allow (pairs of nodes that have such links)."""
    ns, nt = sum(1 for x in sources if x), sum(1 for x in targets if x)
    if m.symmetric:
        return ns * (ns - 1) // 2
    return ns * nt - (min(ns, nt) if m.source == m.target else 0)


def _het_links(m: _Metaedge, sources: Sequence[int], targets: Sequence[int], count: int,
               rng: random.Random) -> list[tuple[int, int]]:
    """``count`` distinct links of ``m`` as (source, target) positions in the kept lists.

    ``sources`` and ``targets`` are the kept nodes' Hetionet degrees in ``m``. On the exact
    side (:meth:`_Metaedge.exact_side`) the degrees are those weights scaled to ``count``;
    each such node draws its partners by weight, without repeats. Symmetric metaedges
    draw pairs (:func:`_pairs`).
    """
    if m.symmetric:
        live = [i for i, x in enumerate(sources) if x]
        return [(live[a], live[b]) for a, b in _pairs(rng, count, [sources[i] for i in live])]
    side = m.exact_side()
    mine, theirs = (sources, targets) if side == 0 else (targets, sources)
    live = [i for i, x in enumerate(theirs) if x]
    same = m.source == m.target  # Gr>G: no node regulates itself
    position = {i: j for j, i in enumerate(live)} if same else {}
    caps = [(len(live) - (1 if i in position else 0)) if x else 0 for i, x in enumerate(mine)]
    live_weights = [theirs[i] for i in live]
    cum = _cumulative(live_weights)
    links: list[tuple[int, int]] = []
    for i, k in enumerate(_spread(count, mine, caps, rng)):
        if k:
            exclude = {position[i]} if i in position else ()
            for j in _choose(rng, k, live_weights, cum, exclude):
                links.append((i, live[j]) if side == 0 else (live[j], i))
    return links


def _generate_hetionet(w: _Writer, triples: int, rng: random.Random) -> dict[str, Any]:
    """Hetionet v1.0 seen through a sample of ``scale`` of its nodes (:func:`_het_scale`):
    real kinds, names and identifiers, each metaedge's share of the edges, and links drawn
    to the kept nodes' real degrees."""
    data = _het_data()
    for kind, _n in data.kinds:
        w.emit(f"<{HET}kind/{_camel(kind)}>", LABEL, _lit(kind.lower(), "en"))
    predicates = [f"<{HET}rel/{m.local}>" for m in data.metaedges]
    for m, p in zip(data.metaedges, predicates, strict=True):
        w.emit(p, LABEL, _lit(f"{m.relation} ({m.abbreviation})", "en"))
    scale = _het_scale(sum(n for _k, n in data.kinds), sum(m.edges for m in data.metaedges),
                       triples - w.count)
    kept = _het_keep(data, scale, rng)

    g = _Graph()
    index: dict[str, list[int]] = {}  # kind -> the graph node of each kept (row, copy)
    where: dict[tuple[str, str], int] = {}  # (kind, Hetionet id) -> graph node, first copies
    for kind, _n in data.kinds:
        cls = _camel(kind)
        index[kind] = []
        for row, copy in kept[kind]:
            ident, name = data.ids[kind][row], data.names[kind][row]
            n = g.add(f"{HET}node/{cls}/{ident}" + (f"/copy{copy}" if copy > 1 else ""),
                      name if copy == 1 else f"{name} (copy {copy})", cls)
            index[kind].append(n)
            if copy == 1:
                where[(kind, ident)] = n
            iri = f"<{g.iris[n]}>"
            w.emit(iri, TYPE, f"<{HET}kind/{cls}>")
            w.emit(iri, NAME, _lit(g.labels[n]))
            w.emit(iri, SCHEMA_ID, _lit(f"{kind}::{ident}"
                                        + (f"::copy{copy}" if copy > 1 else "")))

    def weights(kind: str, column: str) -> list[int]:
        values = data.degrees[kind][column]
        return [values[row] for row, _c in kept[kind]]

    sides = [(weights(m.source, m.column(0)), weights(m.target, m.column(1)))
             for m in data.metaedges]
    # at least one link of each relation, even if the count then exceeds what was asked
    quotas = _apportion(max(len(data.metaedges), triples - w.count),
                        [m.edges for m in data.metaedges],
                        [_het_capacity(m, *ws) for m, ws in zip(data.metaedges, sides,
                                                                  strict=True)])
    counts: dict[str, int] = {}
    max_degrees: dict[str, list[int]] = {}
    for m, p, ws, quota in zip(data.metaedges, predicates, sides, quotas, strict=True):
        ends: tuple[Counter[int], Counter[int]] = (Counter(), Counter())
        links = _het_links(m, *ws, quota, rng)
        for a, b in links:
            s, o = index[m.source][a], index[m.target][b]
            g.link(s, o)
            ends[0][s] += 1
            ends[1][o] += 1
            w.emit(f"<{g.iris[s]}>", p, f"<{g.iris[o]}>")
        counts[m.abbreviation] = len(links)
        max_degrees[m.abbreviation] = ([max((ends[0] + ends[1]).values(), default=0)] * 2
                                       if m.symmetric else
                                       [max(e.values(), default=0) for e in ends])

    typical = where[_HET_TYPICAL]
    targets = {"Disease", "SideEffect"}
    reachable = _reachable_pairs(g, [typical], rng, undirected=True, target_classes=targets)
    if not reachable:  # a tiny sample left it without a route: the compound nearest the median
        compounds = [n for n in index["Compound"] if g.degree(n)]
        middle = sorted(g.degree(n) for n in compounds)[len(compounds) // 2] if compounds else 0
        for n in sorted(compounds, key=lambda n: (abs(g.degree(n) - middle), n))[:50]:
            reachable = _reachable_pairs(g, [n], rng, undirected=True, target_classes=targets)
            if reachable:
                typical = n
                break
    hub = max(range(len(g.iris)), key=lambda n: (g.degree(n), -n))
    isolated_disease, isolated_compound = (where[k] for k in _HET_ISOLATED)
    unreachable = [(typical, isolated_disease), (isolated_compound, hub)]
    return _manifest(g, "hetionet", w.count, typical, hub, reachable, unreachable,
                     extra={"edges": sum(counts.values()), "relations": len(data.metaedges),
                            "classes": {_camel(k): len(kept[k]) for k, _n in data.kinds},
                            "metaedges": counts, "max_degrees": max_degrees,
                            "scale": round(scale, 4),
                            "source": {"hetionet": "https://github.com/hetio/hetionet",
                                       "commit": data.commit, "licence": "CC0 1.0"},
                            "search": {"hit": HET_SEARCH_HIT, "miss": SEARCH_MISS,
                                       "fuzzy": HET_SEARCH_FUZZY},
                            "path": {"relations": ["any"], "undirected": True}})


# --------------------------------------------------------------------------- pairs


def _reachable_pairs(g: _Graph, sources: list[int], rng: random.Random, *, undirected: bool,
                     target_classes: set[str]) -> list[tuple[int, int]]:
    """For each source, a quiet target of the wanted classes, as far as possible (<= 4 hops)."""
    pairs: list[tuple[int, int]] = []
    for source in sources:
        dist = _Graph.distances(g, source, 4, undirected)
        for hops in (4, 3, 2, 1):
            options = sorted(n for n, d in dist.items() if d == hops
                             and g.classes[n] in target_classes and g.degree(n) <= 50)
            if options:
                pairs.append((source, options[rng.randrange(len(options))]))
                break
    return pairs


def _reachable_into(g: _Graph, target: int, candidates: list[int],
                    *, undirected: bool) -> tuple[int, int] | None:
    """A candidate source from which ``target`` is 2 to 4 hops away, or None."""
    for source in candidates[:200]:
        d = g.distances(source, 4, undirected).get(target)
        if d is not None and d >= 2:
            return source, target
    return None


def _manifest(g: _Graph, profile: str, count: int, typical: int, hub: int,
              reachable: list[tuple[int, int]], unreachable: list[tuple[int, int]],
              extra: dict[str, Any]) -> dict[str, Any]:
    degrees = sorted(((g.degree(n), g.iris[n]) for n in range(len(g.iris))), reverse=True)
    nonzero = sorted(d for d, _ in degrees if d)

    def node(n: int) -> dict[str, Any]:
        return {"iri": g.iris[n], "label": g.labels[n], "class": g.classes[n],
                "degree": g.degree(n)}

    return {
        "profile": profile,
        "triples": count,
        "entities": len(g.iris),
        "typical": node(typical),
        "hub": node(hub),
        "top_degrees": [{"iri": iri, "degree": d} for d, iri in degrees[:10]],
        "median_degree": nonzero[len(nonzero) // 2] if nonzero else 0,
        "reachable": [[g.iris[s], g.iris[t]] for s, t in reachable],
        "unreachable": [[g.iris[s], g.iris[t]] for s, t in unreachable],
        **extra,
    }


# --------------------------------------------------------------------------- entry points


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
    with _open_out(partial) as stream:
        writer = _Writer(stream)
        if profile == "hetionet":
            manifest = _generate_hetionet(writer, triples, rng)
        else:
            manifest = _generate_myograph(writer, triples, rng)
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
