"""``myograph query``: a SPARQL query from the command line, its answer in any format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.cli.group import get_store, limit_option, timeout_option
from graph.cli.output import echo, echo_answer
from graph.errors import MyographError
from graph.results import GRAPH_FORMATS, TABULAR_FORMATS


@click.command()
@click.argument("query")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", *TABULAR_FORMATS, *GRAPH_FORMATS]),
              help="Output format: json, xml, csv, tsv for SELECT (csv-spreadsheet, "
                   "tsv-spreadsheet: with formula-like cells defused for spreadsheets); "
                   "turtle, ntriples, "
                   "jsonld, rdfxml for CONSTRUCT/DESCRIBE.")
@timeout_option
@limit_option
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str, timeout: float | None,
          limit: int | None) -> None:
    """Run a SPARQL query (text, or @file.rq) and print the answer.

    \b
    Examples:
      myograph query "SELECT ?l WHERE { mge:muscle_spasm skos:altLabel ?l }"
      myograph query @graph/queries/stats_by_relation.rq --format csv
    """
    from graph.sparql import run

    text = _read_query(query)
    result = run(get_store(ctx), text, timeout=timeout, max_rows=limit)
    body = result.serialize(fmt)
    if fmt == "table":
        echo(body, nl=not body.endswith("\n"))
    else:
        echo_answer(body)
    if result.truncated and fmt != "table":
        echo(f"warning: the answer was cut at {len(result)} rows (raise --limit)", err=True)


def _read_query(argument: str) -> str:
    """The query text: the argument itself, ``-`` for stdin, or ``@file``."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        if not path.is_file():
            raise MyographError(f"no query file at {path}")
        return path.read_text(encoding="utf-8")
    return argument
