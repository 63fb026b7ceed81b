"""SHACL validation of the curated graph (or any files) against ``data/shapes.ttl``.

pyshacl runs with RDFS inference, so shapes that target ``mg:Entity`` reach every subclass.
A graph in which none of the shapes' targets occur (a foreign graph, with its own vocabulary)
conforms at once: pyshacl would reach the same answer only after inferring over all of it,
which on a large graph takes long and much memory.

>>> report = validate_files([Path("data/triples.ttl")])
>>> report.conforms
True
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.errors import DataError
from graph.loading import parse_bytes
from graph.namespaces import PREFIXES
from graph.results import Triple, short
from graph.stores.base import Store

__all__ = ["SHAPES", "ValidationReport", "Violation", "validate_files", "validate_store",
           "validate_triples"]

SHAPES = Path(__file__).resolve().parents[1] / "data" / "shapes.ttl"
"""The project's SHACL shapes."""


@dataclass(frozen=True)
class Violation:
    """One result of the SHACL report."""

    focus: str
    path: str
    message: str
    severity: str
    value: str = ""

    def line(self) -> str:
        """``focus: message (path)`` for a terminal."""
        where = f" [{self.path}]" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@dataclass
class ValidationReport:
    """Whether the data conforms, and every violation found (sorted by focus node)."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    """How many triples were looked at."""
    note: str = ""
    """Why the answer came as it did, when that is not the shapes' own verdict."""

    def to_json(self) -> dict[str, object]:
        """A plain dict: conforms, violations, triples, note."""
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations],
                "triples": self.triples, "note": self.note}

    def text(self) -> str:
        """A readable report."""
        if self.conforms:
            return "The data conforms to the shapes." + (f" {self.note}" if self.note else "")
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v.line()}" for v in self.violations]
        return "\n".join(lines)


def _shapes(shapes: Path) -> Graph:
    if not shapes.is_file():
        raise DataError(f"no SHACL shapes at {shapes}")
    g = Graph()
    g.parse(shapes, format="turtle")
    return g


Progress = Callable[[str], None]
"""Told what validation is doing, a sentence at a time (the CLI prints them on stderr)."""


def _targets_occur(data: Graph, shapes: Graph) -> bool:
    """Whether any node the shapes target can occur in ``data`` under RDFS inference: an
    instance of a target class or of one of its subclasses (declared in either graph, or
    implied by a property's domain or range), a subject or object of a target predicate, or
    a target node that appears in the data. Shapes with targets of any other kind
    (SPARQL-based) count as occurring. (SHACL checks a target node even where the data never
    mentions it; the project's one, ``mg:causalRelation``, is checked through the relations
    declared under it, which then do not exist either.)
    """
    both = data + shapes
    classes = set(shapes.objects(None, SH.targetClass))
    classes |= {s for s in shapes.subjects(RDF.type, SH.NodeShape)
                if (s, RDF.type, RDFS.Class) in shapes}
    if set(shapes.objects(None, SH.target)):
        return True
    pending = list(classes)
    while pending:  # the subclasses of the target classes, transitively
        for sub in both.subjects(RDFS.subClassOf, pending.pop()):
            if sub not in classes:
                classes.add(sub)
                pending.append(sub)
    if any((None, RDF.type, c) in data for c in classes):
        return True
    predicates = set(shapes.objects(None, SH.targetSubjectsOf))
    predicates |= set(shapes.objects(None, SH.targetObjectsOf))
    predicates |= {p for c in classes for p in both.subjects(RDFS.domain, c)}
    predicates |= {p for c in classes for p in both.subjects(RDFS.range, c)}
    if any((None, p, None) in data for p in predicates):
        return True
    return any((n, None, None) in data or (None, None, n) in data
               for n in shapes.objects(None, SH.targetNode))


def validate_triples(triples: Iterable[Triple], *, shapes: Path = SHAPES,
                     progress: Progress | None = None) -> ValidationReport:
    """Validate triples against the shapes (RDFS inference on)."""
    # imported here: the app and CLI load this module at start, and only uploads validate
    from pyshacl import validate as shacl_validate

    tell = progress or (lambda _text: None)
    shacl = _shapes(shapes)
    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns)
    for triple in triples:
        data.add(triple)
    if not _targets_occur(data, shacl):
        return ValidationReport(
            conforms=True, triples=len(data),
            note=f"Nothing in these {len(data):,} triples is a node the shapes check (none "
                 "of their target classes, properties or nodes occurs), so the shapes were not "
                 "run.")
    tell(f"checking {len(data):,} triples against the shapes (SHACL with RDFS inference; a "
         "graph of a million triples takes minutes)…")
    started = time.monotonic()
    conforms, results, _text = shacl_validate(data, shacl_graph=shacl, inference="rdfs",
                                              abort_on_first=False, allow_warnings=True)
    tell(f"checked in {time.monotonic() - started:.1f} s")
    violations: list[Violation] = []
    for result in results.subjects(SH.focusNode, None):
        def one(pred: URIRef, node: object = result) -> str:
            value = results.value(node, pred)
            return "" if value is None else short(value)
        violations.append(Violation(
            focus=one(SH.focusNode), path=one(SH.resultPath), message=one(SH.resultMessage),
            severity=one(SH.resultSeverity).rpartition("#")[2] or "Violation",
            value=one(SH.value),
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def validate_files(paths: list[Path], *, shapes: Path = SHAPES,
                   progress: Progress | None = None) -> ValidationReport:
    """Validate the union of RDF files (any format :mod:`graph.loading` reads).

    Raises
    ------
    DataError
        A file is missing or does not parse.
    """
    triples: list[Triple] = []
    for path in paths:
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        if progress is not None:
            progress(f"reading {path.name}…")
        triples += parse_bytes(path.read_bytes(), path.name)
    return validate_triples(triples, shapes=shapes, progress=progress)


def validate_store(store: Store, *, shapes: Path = SHAPES,
                   progress: Progress | None = None) -> ValidationReport:
    """Validate everything a store holds."""
    if progress is not None:
        progress("reading the store's triples…")
    return validate_triples(((s, p, o) for s, p, o, _g in store.quads()), shapes=shapes,
                            progress=progress)
