"""The benchmark's report: the JSON's schema and writing ``latest.{json,md,png}``.

``python -m benchmarks.run --report-only`` rewrites ``latest.md`` and ``latest.png`` from
``latest.json`` with these functions. The goals, the Markdown tables and the plot are in
``benchmarks/reporting/`` and importable from here as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.reporting.common import GOALS, size_label
from benchmarks.reporting.goals import goals
from benchmarks.reporting.plot import plot
from benchmarks.reporting.tables import markdown

__all__ = ["GOALS", "SCHEMA", "goals", "markdown", "plot", "size_label", "validate",
           "write_report"]

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["machine", "load", "results", "goals"],
    "properties": {
        "machine": {"type": "object"},
        "load": {"type": "array", "items": {
            "type": "object",
            "required": ["backend", "triples", "seconds", "peak_rss_mib"],
            "properties": {
                "backend": {"enum": ["memory", "oxigraph", "oxigraph-cli"]},
                "triples": {"type": "integer"},
                "seconds": {"type": ["number", "null"]},
                "peak_rss_mib": {"type": ["number", "null"]},
                "status": {"enum": ["ok", "over budget", "error"]},
                "budget_s": {"type": "number"},
            }}},
        "results": {"type": "array", "items": {
            "type": "object",
            "required": ["backend", "triples", "operation", "n", "p50_ms", "p95_ms"],
            "properties": {
                "backend": {"enum": ["memory", "oxigraph", "remote",
                                     "oxigraph serve-read-only"]},
                "triples": {"type": "integer"},
                "operation": {"type": "string"},
                "n": {"type": "integer"},
                "p50_ms": {"type": ["number", "null"]},
                "p95_ms": {"type": ["number", "null"]},
                "status": {"enum": ["ok", "over budget", "error"]},
                "budget_s": {"type": "number"},
            }}},
        "goals": {"type": "array", "items": {
            "type": "object", "required": ["goal", "pass"],
            "properties": {"goal": {"type": "string"}, "pass": {"type": ["boolean", "null"]}}}},
    },
}
"""The shape of ``latest.json`` (a JSON Schema; :func:`validate` checks it without a library)."""


def validate(data: Any, schema: dict[str, Any] | None = None, where: str = "$") -> list[str]:
    """Problems with ``data`` against the subset of JSON Schema :data:`SCHEMA` uses.

    >>> validate({"machine": {}, "load": [], "results": [], "goals": []})
    []
    >>> validate({"machine": {}, "load": [{"backend": "x"}], "results": [], "goals": []})[0]
    "$.load[0]: missing 'triples'"
    """
    schema = SCHEMA if schema is None else schema
    problems: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        allowed = kinds if isinstance(kinds, list) else [kinds]
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str),
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
                  "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None}
        if not any(checks[k](data) for k in allowed):
            return [f"{where}: expected {' or '.join(allowed)}, got {type(data).__name__}"]
    if "enum" in schema and data not in schema["enum"]:
        problems.append(f"{where}: {data!r} not one of {schema['enum']}")
    if isinstance(data, dict):
        problems += [f"{where}: missing {key!r}" for key in schema.get("required", [])
                     if key not in data]
        for key, sub in schema.get("properties", {}).items():
            if key in data:
                problems += validate(data[key], sub, f"{where}.{key}")
    if isinstance(data, list) and "items" in schema:
        for i, item in enumerate(data):
            problems += validate(item, schema["items"], f"{where}[{i}]")
    return problems


def write_report(data: dict[str, Any], results_dir: Path) -> None:
    """latest.json, latest.md and latest.png in ``results_dir``."""
    results_dir.mkdir(parents=True, exist_ok=True)
    data["goals"] = goals(data)
    (results_dir / "latest.json").write_text(json.dumps(data, indent=2) + "\n",
                                             encoding="utf-8")
    text = markdown(data)
    (results_dir / "latest.md").write_text(text, encoding="utf-8")
    plot(data, results_dir / "latest.png")
    print(text)


__test__ = {"size_label": size_label}
"""Doctests of the report's parts that ``doctest.testmod`` on this module runs too."""
