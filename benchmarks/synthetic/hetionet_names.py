"""Made-up names and identifiers for the Hetionet-shaped graph's nodes.

Each kind's names read like the kind's ("velomar gland", "negative regulation of trobine
transport", "Kastrazole", "VRT12") and its identifiers take the form of the resource
Hetionet takes that kind from ("UBERON:0001234", "GO:0012345", "DB01234", Entrez numbers),
with generated values: no real name or identifier is copied. Names are unique in the graph,
and none is near the benchmark's search terms but the one node that carries the hit.
"""

from __future__ import annotations

import random
from collections.abc import Callable

__all__ = ["HET_SEARCH_FUZZY", "HET_SEARCH_HIT", "identifiers", "names"]

HET_SEARCH_HIT = "Travoxidine"
"""The name of the typical compound, the one the benchmark searches."""
HET_SEARCH_FUZZY = "travoxidene"
"""The same with a typo, for the fuzzy search."""
_RESERVED = ("travox", "xqzv", "plomb")
"""Stems no generated name may contain: the hit's, and the searched miss's."""

_ONSETS = ("b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
           "cr", "dr", "gl", "pr", "st", "tr", "ch", "th", "sl", "fl", "h", "ph")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ae", "ou", "ea", "y")
_CODAS = ("", "", "", "n", "r", "l", "s", "x", "m", "nd", "rt", "st")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(rng.choice((2, 2, 3))))


def _glued_or_after(glued: tuple[str, ...], after: tuple[str, ...], before: tuple[str, ...]
                    = ("",), title: bool = False) -> Callable[[random.Random], str]:
    """A namer: a word with a suffix glued on or a word put after it, and maybe a prefix."""
    def name(rng: random.Random) -> str:
        word = _word(rng)
        text = (word + rng.choice(glued) if glued and (not after or rng.random() < 0.5)
                else f"{word} {rng.choice(after)}")
        text = rng.choice(before) + text
        return text.title() if title else text
    return name


def _gene(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIKLMNPRSTVWXZ") for _ in range(rng.choice((3, 4))))
    return letters + (str(rng.randint(1, 30)) if rng.random() < 0.7 else "")


def _compound(rng: random.Random) -> str:
    return (_word(rng) + rng.choice(("ine", "ol", "azole", "mab", "pril", "statin", "oxacin",
                                     "vir", "done", "pam", "afil", "tinib", "sartan"))).title()


_NAMERS: dict[str, Callable[[random.Random], str]] = {
    "Anatomy": _glued_or_after((), ("gland", "lobe", "cortex", "tissue", "duct", "muscle",
                                    "nerve", "ganglion", "epithelium", "vessel")),
    "Biological Process": _glued_or_after(
        (), ("metabolic process", "biosynthetic process", "transport", "signaling",
             "secretion", "differentiation", "development", "catabolic process"),
        ("", "", "regulation of ", "positive regulation of ", "negative regulation of ",
         "response to ")),
    "Cellular Component": _glued_or_after((), ("complex", "membrane", "vesicle", "granule",
                                               "body", "lumen", "filament")),
    "Compound": _compound,
    "Disease": _glued_or_after(("oma", "itis", "osis", "opathy"),
                               ("cancer", "disease", "syndrome", "carcinoma", "disorder")),
    "Gene": _gene,
    "Molecular Function": _glued_or_after((), ("binding", "activity", "transporter activity",
                                               "kinase activity", "receptor activity")),
    "Pathway": _glued_or_after((), ("signaling pathway", "metabolism", "cascade",
                                    "degradation"), title=True),
    "Pharmacologic Class": _glued_or_after((), ("Inhibitors", "Agonists", "Antagonists",
                                                "Channel Blockers"), title=True),
    "Side Effect": _glued_or_after(("itis", "algia", "aemia", "osis"),
                                   ("pain", "rash", "oedema", "lesion", "disorder")),
    "Symptom": _glued_or_after(("algia", "uria"), ("Pain", "Tremor", "Cramp", "Fatigue"),
                               title=True),
}


def names(rng: random.Random, kind: str, n: int, taken: set[str]) -> list[str]:
    """``n`` names for nodes of ``kind``, none already in ``taken`` (which grows) nor near
    the benchmark's search terms."""
    out: list[str] = []
    namer = _NAMERS[kind]
    while len(out) < n:
        name = namer(rng)
        if name.lower() in taken or any(stem in name.lower() for stem in _RESERVED):
            continue
        taken.add(name.lower())
        out.append(name)
    return out


_FORMATS: dict[str, tuple[str, int]] = {
    # kind: (format, how many values it draws from)
    "Anatomy": ("UBERON:{:07d}", 2_200_000),
    "Compound": ("DB{:05d}", 20_000),
    "Disease": ("DOID:{}", 15_000),
    "Gene": ("{}", 110_000_000),
    "Pathway": ("PC7_{}", 20_000),
    "Pharmacologic Class": ("N{:010d}", 10**10),
    "Side Effect": ("C{:07d}", 5_000_000),
    "Symptom": ("D{:06d}", 100_000),
}
_GO = ("Biological Process", "Cellular Component", "Molecular Function")


def identifiers(rng: random.Random, counts: dict[str, int]) -> dict[str, list[str]]:
    """Distinct identifiers for each kind's ``counts[kind]`` nodes, in ascending order (as
    Hetionet's tables list them); the three Gene Ontology kinds share one ``GO:`` range."""
    out: dict[str, list[str]] = {}
    go = rng.sample(range(1, 2_200_000), sum(counts.get(k, 0) for k in _GO))
    for kind in _GO:
        n = counts.get(kind, 0)
        out[kind] = [f"GO:{v:07d}" for v in sorted(go[:n])]
        go = go[n:]
    for kind, (form, size) in _FORMATS.items():
        out[kind] = [form.format(v) for v in sorted(rng.sample(range(1, size),
                                                               counts.get(kind, 0)))]
    return out
