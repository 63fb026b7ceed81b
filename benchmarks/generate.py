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
    A foreign vocabulary shaped like Hetionet v1.0: node kinds (Gene, Compound, Disease,
    SideEffect, Anatomy, Pathway, …) typed under ``https://het.io/rdf/kind/``, named with
    ``schema:name`` and ``schema:identifier``, and 24 relation predicates (one per Hetionet
    metaedge: binds, treats, causes, upregulates, interacts, resembles…) under
    ``https://het.io/rdf/rel/``, in Hetionet's proportions, with hub genes. No claims.

Labels are pronounceable generated words, plus a few fixed names (the hubs, and
"velantrozine" / "velastatin") that the benchmark searches. Beside the graph a manifest
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
import gzip
import json
import random
import sys
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

__all__ = ["GENERATOR_VERSION", "PROFILES", "generate", "main", "manifest_path"]

GENERATOR_VERSION = 1
"""Bumped whenever the output for given arguments changes (cached files are then remade)."""

PROFILES = ("myograph", "hetionet")
Profile = Literal["myograph", "hetionet"]

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


def _gene_symbol(rng: random.Random) -> str:
    letters = "ABCDEFGHIKLMNPRSTVWZ"
    return ("".join(rng.choice(letters) for _ in range(rng.choice((3, 3, 4))))
            + str(rng.randint(1, 29)))


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

_HET_KINDS: dict[str, float] = {
    # shares of Hetionet v1.0's 47,031 nodes
    "Gene": 0.445, "BiologicalProcess": 0.242, "SideEffect": 0.122, "MolecularFunction": 0.061,
    "Pathway": 0.039, "Compound": 0.033, "CellularComponent": 0.030, "Symptom": 0.0093,
    "Anatomy": 0.0086, "PharmacologicClass": 0.0073, "Disease": 0.0029,
}
_HET_METAEDGES: tuple[tuple[str, str, str, str, float], ...] = (
    # (abbreviation, source kind, relation, target kind, thousands of edges in Hetionet)
    ("AdG", "Anatomy", "downregulates", "Gene", 102.2),
    ("AeG", "Anatomy", "expresses", "Gene", 526.4),
    ("AuG", "Anatomy", "upregulates", "Gene", 97.8),
    ("CbG", "Compound", "binds", "Gene", 11.6),
    ("CcSE", "Compound", "causes", "SideEffect", 138.9),
    ("CdG", "Compound", "downregulates", "Gene", 21.1),
    ("CpD", "Compound", "palliates", "Disease", 0.39),
    ("CrC", "Compound", "resembles", "Compound", 6.5),
    ("CtD", "Compound", "treats", "Disease", 0.76),
    ("CuG", "Compound", "upregulates", "Gene", 18.8),
    ("DaG", "Disease", "associates", "Gene", 12.6),
    ("DdG", "Disease", "downregulates", "Gene", 7.6),
    ("DlA", "Disease", "localizes", "Anatomy", 3.6),
    ("DpS", "Disease", "presents", "Symptom", 3.4),
    ("DrD", "Disease", "resembles", "Disease", 0.54),
    ("DuG", "Disease", "upregulates", "Gene", 7.7),
    ("GcG", "Gene", "covaries", "Gene", 61.7),
    ("GiG", "Gene", "interacts", "Gene", 147.2),
    ("GpBP", "Gene", "participates", "BiologicalProcess", 559.5),
    ("GpCC", "Gene", "participates", "CellularComponent", 73.6),
    ("GpMF", "Gene", "participates", "MolecularFunction", 97.2),
    ("GpPW", "Gene", "participates", "Pathway", 84.4),
    ("GrG", "Gene", "regulates", "Gene", 265.7),
    ("PCiC", "PharmacologicClass", "includes", "Compound", 1.0),
)
_HET_FIXED = {"Gene": "MYOH1", "Disease": "caldrian myopathy", "SideEffect": "quorvel cramp",
              "Compound": "velastatin"}
HET_SEARCH_HIT = "velastatin"
HET_SEARCH_FUZZY = "velastatine"
_HET_NODES_PER_TRIPLE = 1 / 50
"""Hetionet: 47 k nodes for 2.25 M edges."""


def _het_name(rng: random.Random, kind: str) -> str:
    if kind == "Gene":
        return _gene_symbol(rng)
    if kind in ("Compound", "PharmacologicClass"):
        return _mg_name(rng, "Drug" if kind == "Compound" else "DrugClass")
    if kind in ("SideEffect", "Symptom"):
        return _mg_name(rng, "Symptom")
    if kind == "Disease":
        return _mg_name(rng, "Disease")
    if kind == "BiologicalProcess":
        return _mg_name(rng, "BiologicalProcess")
    suffix = {"MolecularFunction": "activity", "CellularComponent": "complex",
              "Pathway": "pathway", "Anatomy": "tissue"}[kind]
    return f"{_word(rng, 2)} {suffix}"


def _generate_hetionet(w: _Writer, triples: int, rng: random.Random) -> dict[str, Any]:
    for kind in _HET_KINDS:
        iri = f"<{HET}kind/{kind}>"
        w.emit(iri, LABEL, _lit(_split(kind), "en"))
    for abbrev, _s, rel, _o, _n in _HET_METAEDGES:
        w.emit(f"<{HET}rel/{rel}_{abbrev}>", LABEL, _lit(f"{rel} ({abbrev})", "en"))
    n_nodes = max(len(_HET_KINDS) * 6, int(triples * _HET_NODES_PER_TRIPLE))
    g = _Graph()
    pools: dict[str, list[int]] = {k: [] for k in _HET_KINDS}
    island: dict[str, list[int]] = {k: [] for k in _HET_KINDS}
    hit_node = -1
    for kind, share in _HET_KINDS.items():
        count = max(6, round(n_nodes * share))
        n_island = max(2, count // 100)
        for i in range(count):
            if kind == "Compound" and i == max(1, count // 10):
                label = HET_SEARCH_HIT
            elif i == 0 and kind in _HET_FIXED and kind != "Compound":
                label = _HET_FIXED[kind]
            else:
                label = _het_name(rng, kind)
            n = g.add(f"{HET}node/{kind}/{i:06d}", label, kind)
            if label == HET_SEARCH_HIT:
                hit_node = n
            (island if i >= count - n_island else pools)[kind].append(n)
            iri = f"<{g.iris[n]}>"
            w.emit(iri, TYPE, f"<{HET}kind/{kind}>")
            w.emit(iri, NAME, _lit(label))
            w.emit(iri, SCHEMA_ID, _lit(f"{kind}::{i:06d}"))
    samplers = {k: _Sampler(pool, 0.9, 0.2) for k, pool in pools.items()}
    island_samplers = {k: _Sampler(pool, 1.0, 0.0) for k, pool in island.items()}
    cum = _cumulative([m[4] for m in _HET_METAEDGES])
    predicates = [f"<{HET}rel/{rel}_{abbrev}>" for abbrev, _s, rel, _o, _n in _HET_METAEDGES]
    size = len(g.iris)
    edges: set[int] = set()

    def add_edge(s: int, m: int, o: int) -> bool:
        key = (s * len(_HET_METAEDGES) + m) * size + o
        if s == o or key in edges or w.count >= triples:
            return False
        edges.add(key)
        g.link(s, o)
        w.emit(f"<{g.iris[s]}>", predicates[m], f"<{g.iris[o]}>")
        return True

    # every metaedge at least a few times, the island, then the body
    for m, (_a, skind, _r, okind, _n) in enumerate(_HET_METAEDGES):
        for _ in range(3):
            add_edge(samplers[skind].draw(rng), m, samplers[okind].draw(rng))
    n_island = sum(len(v) for v in island.values())
    for _ in range(n_island * 4):
        m = _weighted(rng, cum)
        _a, skind, _r, okind, _n = _HET_METAEDGES[m]
        add_edge(island_samplers[skind].draw(rng), m, island_samplers[okind].draw(rng))
    failures = 0
    while w.count < triples and failures < 10_000:
        m = _weighted(rng, cum)
        _a, skind, _r, okind, _n = _HET_METAEDGES[m]
        if add_edge(samplers[skind].draw(rng), m, samplers[okind].draw(rng)):
            failures = 0
        else:
            failures += 1
    hub = max(pools["Gene"], key=lambda n: (g.degree(n), -n))
    typical = hit_node
    reachable = _reachable_pairs(g, [typical], rng, undirected=True,
                                 target_classes={"Disease", "SideEffect"})
    unreachable = [(typical, island["Disease"][0]), (island["Compound"][0], hub)]
    return _manifest(g, "hetionet", w.count, typical, hub, reachable, unreachable,
                     extra={"edges": len(edges), "relations": len(_HET_METAEDGES),
                            "classes": {k: len(pools[k]) + len(island[k]) for k in _HET_KINDS},
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
