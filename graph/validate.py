"""SHACL validation of the curated graph (or any files) against ``data/shapes.ttl``.

pyshacl runs with RDFS inference, so shapes that target ``mg:Entity`` reach every subclass.

>>> report = validate_files([Path("data/triples.ttl")])
>>> report.conforms
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

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

    def to_json(self) -> dict[str, object]:
        """A plain dict: conforms, violations."""
        return {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}

    def text(self) -> str:
        """A readable report."""
        if self.conforms:
            return "The data conforms to the shapes."
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v.line()}" for v in self.violations]
        return "\n".join(lines)


def _shapes(shapes: Path) -> Graph:
    if not shapes.is_file():
        raise DataError(f"no SHACL shapes at {shapes}")
    g = Graph()
    g.parse(shapes, format="turtle")
    return g


def validate_triples(triples: Iterable[Triple], *, shapes: Path = SHAPES) -> ValidationReport:
    """Validate triples against the shapes (RDFS inference on)."""
    # imported here: the app and CLI load this module at start, and only uploads validate
    from pyshacl import validate as shacl_validate

    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns)
    for triple in triples:
        data.add(triple)
    conforms, results, _text = shacl_validate(data, shacl_graph=_shapes(shapes), inference="rdfs",
                                              abort_on_first=False, allow_warnings=True)
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
    return ValidationReport(conforms=bool(conforms), violations=violations)


def validate_files(paths: list[Path], *, shapes: Path = SHAPES) -> ValidationReport:
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
        triples += parse_bytes(path.read_bytes(), path.name)
    return validate_triples(triples, shapes=shapes)


def validate_store(store: Store, *, shapes: Path = SHAPES) -> ValidationReport:
    """Validate everything a store holds."""
    return validate_triples(((s, p, o) for s, p, o, _g in store.quads()), shapes=shapes)
