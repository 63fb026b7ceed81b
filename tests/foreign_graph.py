"""A Hetionet-shaped graph in a foreign vocabulary, built by the tests.

Node kinds Compound, Disease, Gene, SideEffect, Anatomy; 22 relation predicates; a hub
gene linked to every compound; labels in ``schema:name``, identifiers in
``schema:identifier``. Written out as N-Triples so every store loads the same file.
"""

from __future__ import annotations

from pathlib import Path

HET = "https://het.example.org/"
SCHEMA_NAME = "https://schema.org/name"
SCHEMA_ID = "https://schema.org/identifier"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RELATIONS = [
    "binds", "treats", "palliates", "causes", "upregulates", "downregulates", "interacts",
    "resembles", "associates", "expresses", "localizes", "participates", "regulates",
    "covaries", "presents", "includes", "targets", "inhibits", "activates", "transports",
    "metabolizes", "carries",
]


def _t(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> {o} .\n"


def write_foreign_graph(path: Path, *, compounds: int = 30) -> Path:
    """Write the graph; return its path. Hand-countable facts:

    - the hub gene ``HUB1`` ``interacts`` with every compound (``compounds`` links);
    - Simvastatin binds GENE7, GENE7 upregulates GENE8, GENE8 associates Myopathy,
      and Myopathy presents Muscle cramp: a 4-hop route to the side effect;
    - Simvastatin causes Muscle cramp directly as well (a 1-hop route).
    """
    lines: list[str] = []

    def node(local: str, kind: str, name: str) -> str:
        iri = f"{HET}{kind}/{local}"
        lines.append(_t(iri, RDF_TYPE, f"<{HET}{kind}>"))
        lines.append(_t(iri, SCHEMA_NAME, f'"{name}"'))
        lines.append(_t(iri, SCHEMA_ID, f'"{kind}:{local}"'))
        return iri

    def link(s: str, rel: str, o: str) -> None:
        lines.append(_t(s, f"{HET}rel/{rel}", f"<{o}>"))

    hub = node("HUB1", "Gene", "Hub gene one")
    drugs = [node(f"X{i:05d}", "Compound", f"Compound {i}") for i in range(compounds)]
    simva = node("DB00641", "Compound", "Simvastatin")
    gene7, gene8 = node("GENE7", "Gene", "Gene seven"), node("GENE8", "Gene", "Gene eight")
    myopathy = node("D009135", "Disease", "Myopathy")
    cramp = node("C0026821", "SideEffect", "Muscle cramp")
    muscle = node("UBERON0001630", "Anatomy", "Muscle organ")
    for d in [*drugs, simva]:
        link(hub, "interacts", d)
    link(simva, "binds", gene7)
    link(gene7, "upregulates", gene8)
    link(gene8, "associates", myopathy)
    link(myopathy, "presents", cramp)
    link(simva, "causes", cramp)
    link(myopathy, "localizes", muscle)
    # every one of the 22 relations is used at least once
    for i, rel in enumerate(RELATIONS):
        link(drugs[i % len(drugs)], rel, drugs[(i + 1) % len(drugs)])
    path.write_text("".join(lines), encoding="utf-8")
    return path
