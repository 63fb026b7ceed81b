"""The ``myograph`` command line: thin commands over the library's functions.

Library errors become one line on stderr and exit code 1 in exactly one place
(:class:`_Group`); nothing prints a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from graph import __version__
from graph.errors import AmbiguousEntity, MyographError
from graph.stores import DEFAULT_STORE, ENV_VAR, Store, open_store

__all__ = ["main"]

_STATE_KEY = "myograph.store"


class _Group(click.Group):
    """Runs a command and maps our errors to a readable line on stderr, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmbiguousEntity as error:
            lines = [f"Error: {error}"]
            lines += [f"  {iri}  {label}" for iri, label in error.candidates]
            click.echo("\n".join(lines), err=True)
            ctx.exit(1)
        except MyographError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(1)


def get_store(ctx: click.Context) -> Store:
    """The store named by ``--store`` (opened once per command)."""
    root = ctx.find_root()
    store: Store | None = root.meta.get(_STATE_KEY)
    if store is None:
        store = open_store(root.params.get("store") or DEFAULT_STORE)
        root.meta[_STATE_KEY] = store
        root.call_on_close(store.close)
    return store



FORMAT_TABLE_JSON = click.Choice(["table", "json"])
timeout_option = click.option("--timeout", type=click.FloatRange(0, 300, min_open=True),
                              default=None, help="Seconds before a query is stopped [default: 10].")
limit_option = click.option("--limit", type=click.IntRange(0), default=None,
                            help="Rows returned at most [default: 10000].")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store", envvar=ENV_VAR, default=DEFAULT_STORE, show_default=True,
              help="memory, oxigraph:PATH, or an http(s):// SPARQL endpoint URL "
                   f"(also ${ENV_VAR}).")
@click.version_option(__version__, prog_name="myograph")
def main(store: str) -> None:
    """Explore the causes, triggers and treatments of muscle spasm as a knowledge graph.

    For learning and research, not medical advice.
    """


@main.command()
@click.argument("query")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "xml", "csv", "tsv", "turtle", "ntriples",
                                 "jsonld"]),
              help="Output format (turtle, ntriples, jsonld for CONSTRUCT/DESCRIBE).")
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
    click.echo(result.serialize(fmt).rstrip("\n"))
    if result.truncated and fmt != "table":
        click.echo(f"warning: the answer was cut at {len(result)} rows (raise --limit)", err=True)


def _read_query(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        if not path.is_file():
            raise MyographError(f"no query file at {path}")
        return path.read_text(encoding="utf-8")
    return argument
