"""The ``myograph`` shape: the project's own vocabulary around the curated graph.

Generated entities of the ``mg:`` classes with labels, synonyms, a definition and an
identifier; causal links between plausible class pairs with heavy-tailed degrees (Zipf
draws), each with its ``mg:Claim``; a few links to and from every curated entity so routes
from them exist; and a small island linked only among itself so unreachable pairs exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.synthetic.common import (
    ALT,
    DEFINITION,
    IDENTIFIER,
    LABEL,
    MG,
    MGC,
    MGE,
    MGS,
    RDF,
    ROOT,
    SEARCH_MISS,
    TITLE,
    TYPE,
    Sampler,
    Writer,
    cumulative,
    lit,
    weighted,
)
from benchmarks.synthetic.pairs import Graph, manifest, reachable_into, reachable_pairs

CURATED = ROOT / "data" / "triples.ttl"

SEARCH_HIT = "velantrozine"
SEARCH_FUZZY = "velantrozyne"

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
    """A pronounceable made-up name that reads like one of the class ("caldrian syndrome")."""
    glued, after = _MG_NAMERS[cls]
    word = _word(rng, rng.choice((2, 2, 3)))
    if glued and (not after or rng.random() < 0.6):
        return word + rng.choice(glued)
    return f"{word} {rng.choice(after)}"


def _split(cls: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in cls).strip()


# --------------------------------------------------------------------------- shape

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


def _write_sources(w: Writer) -> list[str]:
    """The synthetic sources the claims cite; their IRIs."""
    source_iris = []
    for local, kind, title in _SOURCES:
        iri = f"<{MGS}{local}>"
        source_iris.append(iri)
        w.emit(iri, TYPE, f"<{MG}Source>")
        w.emit(iri, f"<{MG}sourceKind>", lit(kind))
        w.emit(iri, TITLE, lit(title, "en"))
    return source_iris


# --------------------------------------------------------------------------- building


@dataclass
class _Body:
    """The graph as it is written: its nodes by class, the island, and the links so far."""

    w: Writer
    rng: random.Random
    triples: int
    g: Graph = field(default_factory=Graph)
    pools: dict[str, list[int]] = field(
        default_factory=lambda: {c: [] for c in _MG_CLASS_SHARES})
    island: dict[str, list[int]] = field(
        default_factory=lambda: {c: [] for c in _MG_CLASS_SHARES})
    hit_node: int = -1
    curated_nodes: dict[str, int] = field(default_factory=dict)
    links: set[tuple[int, str, int]] = field(default_factory=set)
    claims: int = 0
    source_iris: list[str] = field(default_factory=list)
    source_cum: list[float] = field(default_factory=list)

    def entity(self, cls: str, i: int, label: str) -> int:
        """A generated entity: type, label, synonyms, definition, identifier."""
        n = self.g.add(f"{MGE}bench_{cls.lower()}_{i:06d}", label, cls)
        iri = f"<{self.g.iris[n]}>"
        self.w.emit(iri, TYPE, f"<{MG}{cls}>")
        self.w.emit(iri, LABEL, lit(label, "en"))
        names = {label}
        for _ in range(self.rng.choices((0, 1, 2), weights=(0.3, 0.45, 0.25))[0]):
            synonym = (_mg_name(self.rng, cls) if self.rng.random() < 0.6 else
                       f"{label.split()[0][:3].upper()}-{self.rng.randint(1, 999)}")
            if synonym not in names:
                names.add(synonym)
                self.w.emit(iri, ALT, lit(synonym, "en"))
        self.w.emit(iri, DEFINITION, lit(f"{label}: a synthetic {_split(cls)} made for the "
                                         "myograph benchmark.", "en"))
        self.w.emit(iri, IDENTIFIER, lit(f"MGB:{cls[:3].upper()}{i:06d}"))
        return n

    def add_link(self, s: int, rel: str, o: int) -> bool:
        """A causal link with its claim, unless it exists, is a loop or would not fit."""
        if s == o or (s, rel, o) in self.links or self.w.count + _LINK_COST > self.triples:
            return False
        g, w = self.g, self.w
        self.links.add((s, rel, o))
        g.link(s, o)
        si, oi, pi = f"<{g.iris[s]}>", f"<{g.iris[o]}>", f"<{MG}{rel}>"
        w.emit(si, pi, oi)
        self.claims += 1
        claim = f"<{MGC}bench_{self.claims:07d}>"
        w.emit(claim, TYPE, f"<{MG}Claim>")
        w.emit(claim, TYPE, f"<{RDF}Statement>")
        w.emit(claim, f"<{RDF}subject>", si)
        w.emit(claim, f"<{RDF}predicate>", pi)
        w.emit(claim, f"<{RDF}object>", oi)
        w.emit(claim, f"<{MG}source>", self.source_iris[weighted(self.rng, self.source_cum)])
        w.emit(claim, f"<{MG}quote>", lit(f"{g.labels[s]} {_WORDS[rel]} {g.labels[o]}.",
                                          "en"))
        w.emit(claim, f"<{MG}effectSign>", lit(_SIGNS[rel]))
        return True


def _entities(body: _Body, n_entities: int) -> None:
    """The generated entities of every class: a hub first, the searched name among the
    drugs, and the last of each class on the island."""
    for cls, share in _MG_CLASS_SHARES.items():
        count = max(4, round(n_entities * share))
        n_island = max(2, count // 100)
        for i in range(count):
            if i == 0:
                label = _MG_HUB_NAMES[cls]
            elif cls == "Drug" and i == max(1, count // 10):
                label = SEARCH_HIT
            else:
                label = _mg_name(body.rng, cls)
            n = body.entity(cls, i, label)
            if label == SEARCH_HIT:
                body.hit_node = n
            (body.island if i >= count - n_island else body.pools)[cls].append(n)


def _join_curated(body: _Body, curated_entities: dict[str, tuple[str, str]]) -> None:
    """Curated entities join the pools at middling ranks."""
    for iri, (cls, label) in curated_entities.items():
        n = body.g.add(iri, label, cls)
        body.curated_nodes[iri] = n
        pool = body.pools[cls]
        pool.insert(body.rng.randint(min(5, len(pool)), len(pool)), n)


def _curated_links(body: _Body, curated: list[tuple[str, str, str]]) -> None:
    """The curated causal links, for choosing pairs (they are written already)."""
    for s, p, o in curated:
        if p.startswith(f"<{MG}") and p[len(MG) + 1:-1] in _SIGNS:
            si, oi = body.curated_nodes.get(s[1:-1]), body.curated_nodes.get(o[1:-1])
            if si is not None and oi is not None:
                body.g.link(si, oi)
                body.links.add((si, p[len(MG) + 1:-1], oi))


def _sprinkle(body: _Body, samplers: dict[str, Sampler]) -> None:
    """A few links to and from every curated entity."""
    rng = body.rng
    for _iri, n in body.curated_nodes.items():
        cls = body.g.classes[n]
        outgoing = [t for t in _MG_TEMPLATES if t[0] == cls]
        incoming = [t for t in _MG_TEMPLATES if t[2] == cls]
        for _ in range(2):
            if outgoing:
                _c, rel, ocls, _w = rng.choice(outgoing)
                body.add_link(n, rel, samplers[ocls].draw(rng))
            if incoming:
                scls, rel, _c, _w = rng.choice(incoming)
                body.add_link(samplers[scls].draw(rng), rel, n)


def _drug_classes(body: _Body, samplers: dict[str, Sampler]) -> None:
    """Drugs in drug classes (a non-causal link, no claim)."""
    curated_set = set(body.curated_nodes.values())
    g, w = body.g, body.w
    for n in body.pools["Drug"]:
        if w.count + 1 + _LINK_COST > body.triples or n in curated_set:
            continue
        w.emit(f"<{g.iris[n]}>", f"<{MG}inClass>",
               f"<{g.iris[samplers['DrugClass'].draw(body.rng)]}>")


def _causal_links(body: _Body, samplers: dict[str, Sampler]) -> None:
    """The island's links among itself, then the main body's until the budget is spent."""
    rng = body.rng
    island_samplers = {c: Sampler(pool, 1.0, 0.0) for c, pool in body.island.items()}
    templates_cum = cumulative([t[3] for t in _MG_TEMPLATES])
    n_island = sum(len(v) for v in body.island.values())
    for _ in range(n_island * 3):
        scls, rel, ocls, _w = _MG_TEMPLATES[weighted(rng, templates_cum)]
        body.add_link(island_samplers[scls].draw(rng), rel, island_samplers[ocls].draw(rng))
    failures = 0
    while body.w.count + _LINK_COST <= body.triples and failures < 10_000:
        scls, rel, ocls, _w = _MG_TEMPLATES[weighted(rng, templates_cum)]
        if body.add_link(samplers[scls].draw(rng), rel, samplers[ocls].draw(rng)):
            failures = 0
        else:
            failures += 1


def _fill(body: _Body) -> None:
    """More synonyms, to the exact count."""
    g, w = body.g, body.w
    k = 0
    while w.count < body.triples:
        n = k % len(g.iris)
        w.emit(f"<{g.iris[n]}>", ALT, lit(f"{g.labels[n]} (variant {k // len(g.iris) + 1})",
                                          "en"))
        k += 1


def generate_myograph(w: Writer, triples: int, rng: random.Random) -> dict[str, Any]:
    """Write the ``myograph`` graph of ``triples`` triples; return its manifest."""
    curated, curated_entities = _curated()
    for s, p, o in curated:
        w.emit(s, p, o)
    body = _Body(w, rng, triples)
    body.source_iris = _write_sources(w)
    # synthetic claims cite synthetic sources only: a made-up quote must never be shown as
    # coming from the curated graph's real references (StatPearls, Harrison's…)
    body.source_cum = cumulative([1.0 / (i + 1) for i in range(len(body.source_iris))])
    budget = max(0, triples - w.count)
    _entities(body, max(len(_MG_CLASS_SHARES) * 4,
                        int(budget / (_ENTITY_COST + _LINKS_PER_ENTITY * _LINK_COST))))
    _join_curated(body, curated_entities)
    samplers = {c: Sampler(pool, 1.0, 0.6) for c, pool in body.pools.items()}
    _curated_links(body, curated)
    _sprinkle(body, samplers)
    _drug_classes(body, samplers)
    _causal_links(body, samplers)
    _fill(body)
    return _manifest(body, len(curated), len(curated_entities))


def _manifest(body: _Body, curated_triples: int, curated_entities: int) -> dict[str, Any]:
    """The nodes and pairs the benchmark uses, and the graph's make-up."""
    g, pools, island = body.g, body.pools, body.island
    hub = max(pools["Symptom"], key=lambda n: (g.degree(n), -n))
    typical = body.hit_node
    acyclovir = body.curated_nodes.get(f"{MGE}acyclovir", typical)
    spasm = body.curated_nodes.get(f"{MGE}muscle_spasm", hub)
    reachable = reachable_pairs(g, [typical, acyclovir], body.rng, undirected=False,
                                target_classes={"Symptom", "Disease"})
    into_spasm = reachable_into(g, spasm, pools["Drug"][len(pools["Drug"]) // 5:],
                                undirected=False)
    if into_spasm is not None:
        reachable.append(into_spasm)
    island_symptom = island["Symptom"][0]
    unreachable = [(typical, island_symptom), (island["Drug"][0], hub)]
    return manifest(g, "myograph", body.w.count, typical, hub, reachable, unreachable,
                    extra={"claims": body.claims, "links": len(body.links), "classes": {
                        c: len(pools[c]) + len(island[c]) for c in _MG_CLASS_SHARES},
                        "curated_entities": curated_entities,
                        "curated_triples": curated_triples,
                        "search": {"hit": SEARCH_HIT, "miss": SEARCH_MISS,
                                   "fuzzy": SEARCH_FUZZY}})
