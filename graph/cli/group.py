"""The ``myograph`` group: the global ``--store``, the options commands share, and the one
place where a library error becomes a message.

Library errors become one line on stderr and exit code 1 in exactly one place
(:class:`_Group`); nothing prints a traceback for a user's mistake.
"""

from __future__ import annotations

from typing import Any

import click
from rdflib import URIRef

from graph import __version__
from graph.cli.output import echo
from graph.errors import AmbiguousEntity, MyographError
from graph.namespaces import PREFIXES
from graph.prefixes import query_prefixes
from graph.results import short
from graph.stores import DEFAULT_STORE, ENV_VAR, Store, open_store

_STATE_KEY = "myograph.store"


class _Group(click.Group):
    """Runs a command and maps our errors to a readable line on stderr, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmbiguousEntity as error:
            store: Store | None = ctx.find_root().meta.get(_STATE_KEY)
            known = (query_prefixes(store) if store is not None else PREFIXES).items()
            lines = [f"Error: {error}"]
            lines += [f"  {label}  ({short(URIRef(iri), known)})"
                      for iri, label in error.candidates]
            echo("\n".join(lines), err=True)
            ctx.exit(1)
        except MyographError as error:
            echo(f"Error: {error}", err=True)
            ctx.exit(1)


def get_store(ctx: click.Context) -> Store:
    """The store named by ``--store`` (opened once per command)."""
    root = ctx.find_root()
    store: Store | None = root.meta.get(_STATE_KEY)
    if store is None:
        store = open_store(root.params.get("store") or DEFAULT_STORE)
        root.meta[_STATE_KEY] = store
        root.call_on_close(store.close)
        held_by = getattr(store, "held_by", "")
        if held_by:
            echo(f"note: {held_by} holds this store, so it is read as it stood when "
                       "this command started (read-only)", err=True)
    return store


FORMAT_TABLE_JSON = click.Choice(["table", "json"])
FORMAT_EXPORT = click.Choice(["table", "json", "csv", "turtle", "ntriples", "jsonld", "rdfxml"])
"""Routes and neighbourhoods: also CSV (a row per link) and RDF (graph.export)."""
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
