"""How the commands print: text for a person, answers byte for byte.

Text goes through :func:`graph.terminal.visible` so a label cannot steer the terminal;
answers in a data format stay exact in a pipe or a file and are made visible only on a
terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import click

from graph.terminal import visible


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text for a person, its control characters made visible (:mod:`graph.terminal`)."""
    click.echo(visible(message), err=err, nl=nl)


def echo_answer(body: str) -> None:
    """An answer in a data format: byte for byte into a pipe or a file (CSV ends lines in
    CRLF), its control characters made visible on a terminal."""
    if sys.stdout.isatty():
        body = visible(body)
    click.echo(body, nl=not body.endswith("\n"))


def echo_json(data: object) -> None:
    """``data`` as indented JSON, an answer like any other."""
    import json

    echo_answer(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def echo_export(what: Any, fmt: str, prefixes: Mapping[str, str] | None = None) -> None:
    """A route answer, a neighbourhood or a subgraph as CSV or RDF (with the graph's own
    ``prefixes``), byte for byte."""
    from graph.export import export

    echo_answer(export(what, fmt, prefixes))
